"""Who reads which stories (the actor's scope of this app)."""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.stories.models import Audience, StoryStatus


def stories(user, qs: QuerySet) -> QuerySet:
    """Published stories as their author chose (organisation, network, public — anyone, even signed out);
    drafts and withdrawn ones only for the agent and the HR of the agent's organisation."""
    published = Q(status=StoryStatus.PUBLISHED)
    seen = published & Q(audience=Audience.PUBLIC)
    actor = get_actor(user)
    if actor.is_authenticated:
        own = set(actor.org_ids())
        if actor.agent is not None:
            own.add(actor.agent.organisation_id)
        seen |= published & Q(audience=Audience.ORGANISATION, agent__organisation_id__in=own)
        seen |= published & Q(
            audience=Audience.NETWORK, agent__organisation_id__in=actor.network_neighbours(own) | own
        )
        if actor.agent is not None:
            seen |= Q(agent_id=actor.agent.pk)
        seen |= Q(agent__organisation_id__in=actor.org_ids(Role.HR))
    return qs.filter(seen).exclude(
        ~Q(agent_id=getattr(actor.agent, "pk", None)), status=StoryStatus.WITHDRAWN
    )
