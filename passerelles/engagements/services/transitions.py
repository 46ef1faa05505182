"""The simple moves of the engagement page (accept a proposal, withdraw, decline, end early) and whom each
tells. Above ``meetings``: accepting a proposal that came with a rencontre slot sends its invitation.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.engagements import stages
from passerelles.engagements.lifecycle import EndReason, State
from passerelles.engagements.models import Engagement
from passerelles.engagements.services.meetings import _confirm_offered_meeting
from passerelles.engagements.services.parties import _hosts
from passerelles.engagements.services.programme_consent import consent_fields
from passerelles.engagements.services.steps import NEUTRAL_DECLINE, _url, lock, move
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify


@transaction.atomic
def engagement_transition(
    *,
    engagement: Engagement,
    action: str,
    by,
    comment: str = "",
    share_reason: bool = True,
    programme_consent: bool = False,
) -> Engagement:
    """The simple moves of the engagement page: accept a proposal (in a programme run as a test, the agent
    ticks that they agree to take part: ``programme_consent``), withdraw, decline, end early."""
    engagement = lock(engagement)
    comment = comment.strip()[:2000]
    source = engagement.state
    move(
        engagement,
        action=action,
        by=by,
        kinds=policies.engagement_actor_kinds(by, engagement),
        comment=comment,
    )
    if action == "withdraw":
        engagement.withdraw_reason = comment
        # Declining a proposal stays private: the hosts never saw it (see scopes.engagements).
        hosts = set() if source == State.PROPOSAL else _hosts(engagement.mission)
        for user in hosts:
            with in_language_of(user):
                notify(
                    user=user,
                    subject=_("%(name)s ne poursuit pas « %(title)s »")
                    % {"name": engagement.agent.full_name, "title": engagement.mission.title},
                    message=_("La personne s'est retirée. Merci pour l'intérêt porté à sa démarche."),
                    url=_url(engagement),
                    kind=NotificationKind.ENGAGEMENT,
                )
    elif action == "decline":
        # HR may keep the reason for itself: the page, the timeline, the export never show it to the person,
        # who is still told, kindly, with a neutral sentence.
        engagement.decline_reason_private = not share_reason
        why = _("La mission ne pourra pas se faire cette fois-ci : %(reason)s") % {"reason": comment}
        if not share_reason:
            why = str(NEUTRAL_DECLINE)
        with in_language_of(engagement.agent.user):
            notify(
                user=engagement.agent.user,
                subject=_("« %(title)s » : votre candidature n'est pas retenue")
                % {"title": engagement.mission.title},
                message=_(
                    "Merci d'avoir répondu présent·e. %(why)s\nD'autres missions vous attendent peut-être."
                )
                % {"why": why},
                url=reverse("mission_list"),
                kind=NotificationKind.ENGAGEMENT,
            )
    elif action == "accept_proposal":
        if engagement.programme_consent_at is None:  # refused: the transaction undoes the move
            for name, value in consent_fields(engagement.mission, programme_consent).items():
                setattr(engagement, name, value)
        # The mission's hosts now see who it is: a host shown this person's anonymous suggestion has seen the
        # profile's reasons with a name, which the agent finds in « Qui a consulté mon profil ».
        for hook in stages.PROPOSAL_ACCEPTED:
            hook(engagement)
        _confirm_offered_meeting(engagement, by=by)
    elif action == "end_early":
        engagement.end_reason = comment if comment in EndReason.values else EndReason.OTHER
        engagement.end_date = min(engagement.end_date, timezone.localdate())
    engagement.save()
    return engagement
