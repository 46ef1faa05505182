"""Use cases of engagements. Every move goes through ``lifecycle.transition_for``, locked and logged."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.engagements.lifecycle import State, TransitionRefused, transition_for
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.missions.models import Mission


def engagement_express_interest(*, mission: Mission, by, message: str = "") -> Engagement:
    """« Je suis intéressé·e » : the agent's own step; a second click returns the same engagement."""
    agent = get_actor(by).agent
    if not policies.can_express_interest(by, mission):
        raise TransitionRefused(_("Vous ne pouvez pas vous proposer pour cette mission."))
    existing = Engagement.objects.open().filter(agent=agent, mission=mission).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            engagement = Engagement.objects.create(
                agent=agent, mission=mission, state=State.INTEREST, message=message.strip()[:2000]
            )
            EngagementEvent.objects.create(
                engagement=engagement,
                by=by,
                action="express_interest",
                to_state=State.INTEREST,
                comment=message.strip()[:2000],
            )
    except IntegrityError:  # the same click arrived twice at once: the first one won
        return Engagement.objects.open().get(agent=agent, mission=mission)
    return engagement


@transaction.atomic
def engagement_transition(*, engagement: Engagement, action: str, by, comment: str = "") -> Engagement:
    engagement = (
        Engagement.objects.select_for_update().select_related("agent", "mission").get(pk=engagement.pk)
    )
    transition = transition_for(engagement.state, action, policies.engagement_actor_kinds(by, engagement))
    comment = comment.strip()[:2000]
    if action == "decline" and not comment:
        raise TransitionRefused(_("Indiquez la raison : la personne sera prévenue avec bienveillance."))
    EngagementEvent.objects.create(
        engagement=engagement,
        by=by,
        action=action,
        from_state=engagement.state,
        to_state=transition.target,
        comment=comment,
    )
    engagement.state = transition.target
    if action == "withdraw":
        engagement.withdraw_reason = comment
    elif action == "decline":
        engagement.decline_reason = comment
    engagement.save()
    return engagement
