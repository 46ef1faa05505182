"""Who reads the commons: a gift — its giver, their manager and the organisation's HR; a twinning — the
members of its organisation (it is an agreement between two units, published like the organisation chart)."""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def gifts(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(pk__in=[])
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk) | Q(agent__manager_id=actor.agent.pk)
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= Q(organisation_id__in=hr)
    return qs.filter(seen)


def twinnings(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    orgs = set(actor.org_ids(Role.HR)) | set(actor.org_ids(Role.ADMIN))
    if actor.agent is not None:
        orgs.add(actor.agent.organisation_id)
    return qs.filter(organisation_id__in=orgs)
