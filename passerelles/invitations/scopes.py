"""Who sees which invitations (the actor's scope of this app)."""

from django.db.models import QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def invitations(user, qs: QuerySet) -> QuerySet:
    """The invitations of the organisations where the actor is an HR coordinator or an administrator."""
    own = get_actor(user).org_ids(Role.HR, Role.ADMIN)
    return qs.filter(organisation_id__in=own) if own else qs.none()
