"""The access app's own scope: the roles given in the organisations the actor administers.

Each domain app declares who sees what of its own objects in its ``scopes.py`` (with the actors and roles of
this app); a model's queryset names its scope function (``ActorScopedQuerySet.scope``).
"""

from django.db.models import QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def role_memberships(user, qs: QuerySet) -> QuerySet:
    """The roles given in the organisations the actor administers."""
    own = get_actor(user).org_ids(Role.ADMIN)
    return qs.filter(organisation_id__in=own) if own else qs.none()
