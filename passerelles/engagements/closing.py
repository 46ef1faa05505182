"""What a mission's closing means for its engagements (issue 13), registered with the missions from
``EngagementsConfig.ready()``: missions never import engagements.

- The places a mission counts as taken are its ready and active engagements (``CAPACITY_STATES``).
- Everyone still waiting at the interest, proposal or rencontre step is told at once, kindly, and their
  engagement ends as « Non retenue » with the reason « la mission est pourvue » (or « close »), through the
  lifecycle table with Passerelles as the actor. Engagements at the agreements step, ready or active go on.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.engagements.capacity import CAPACITY_STATES
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, Meeting
from passerelles.engagements.services import lock, move
from passerelles.missions.models import ClosedReason
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

WAITING_STATES = (State.INTEREST, State.PROPOSAL, State.MEETING)
FILLED = gettext_lazy("la mission est pourvue")
CLOSED = gettext_lazy("la mission est close")


def count_taken_places(mission) -> int:
    return Engagement.objects.filter(mission_id=mission.pk, state__in=CAPACITY_STATES).count()


def decline_waiting_candidates(closing) -> None:
    """Decline, one locked engagement at a time, everyone the closed mission kept waiting, and tell them."""
    mission = closing.mission
    reason = str(FILLED if closing.reason == ClosedReason.FILLED else CLOSED)
    waiting = Engagement.objects.filter(mission_id=mission.pk, state__in=WAITING_STATES).order_by("pk")
    for pk in waiting.values_list("pk", flat=True):
        engagement = lock(Engagement(pk=pk))
        if engagement.state not in WAITING_STATES:
            continue
        move(engagement, action="decline", by=None, kinds={"system"}, comment=reason)
        engagement.save()
        with in_language_of(engagement.agent.user):
            if closing.reason == ClosedReason.FILLED:
                message = _(
                    "La mission « %(title)s » est pourvue : votre candidature n'a pas pu être retenue cette "
                    "fois-ci. Merci pour votre élan ! D'autres missions vous attendent peut-être."
                )
            else:
                message = _(
                    "La mission « %(title)s » est close : votre candidature n'a pas pu être retenue cette "
                    "fois-ci. Merci pour votre élan ! D'autres missions vous attendent peut-être."
                )
            message %= {"title": mission.title}
            meeting = Meeting.objects.filter(engagement=engagement, starts_at__gt=timezone.now()).first()
            if meeting is not None:
                message += " " + _("La rencontre prévue le %(when)s n'aura pas lieu.") % {
                    "when": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y à %H:%M")
                }
            notify(
                user=engagement.agent.user,
                subject=_("« %(title)s » : %(reason)s") % {"title": mission.title, "reason": reason},
                message=message,
                url=reverse("mission_list"),
                kind=NotificationKind.ENGAGEMENT,
            )
        # The brokers read the names they may see: never a proposal the host did not know of.
        closing.tell_brokers(
            engagement.agent.full_name,
            visible_to=lambda user, pk=pk: Engagement.objects.for_actor(user).filter(pk=pk).exists(),
        )
