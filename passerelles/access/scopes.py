"""The access app's own scope: the roles given in the organisations the actor administers.

Each domain app declares who sees what of its own objects in its ``scopes.py`` (with the actors and roles of
this app); a model's queryset names its scope function (``ActorScopedQuerySet.scope``).
"""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def role_memberships(user, qs: QuerySet) -> QuerySet:
    """The roles given in the organisations the actor administers."""
    own = get_actor(user).org_ids(Role.ADMIN)
    return qs.filter(organisation_id__in=own) if own else qs.none()


def own_or_hr(user, qs: QuerySet) -> QuerySet:
    """Objects about one agent held in their HR file (a return programme, an accompaniment plan): the agent
    themself and the HR of the object's organisation — not the manager, a host or a partner."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(pk__in=[])
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk)
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= Q(organisation_id__in=hr)
    return qs.filter(seen)
