"""Who sees which outgoing messages (the actor's scope of this app)."""

from django.db.models import QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def outbox_messages(user, qs: QuerySet) -> QuerySet:
    """The outgoing messages of the organisations the actor administers (platform operators use the Django
    admin, which sees everything)."""
    own = get_actor(user).org_ids(Role.ADMIN)
    return qs.filter(organisation_id__in=own) if own else qs.none()


def webhook_endpoints(user, qs: QuerySet) -> QuerySet:
    """The webhook endpoints of the organisations the actor administers."""
    own = get_actor(user).org_ids(Role.ADMIN)
    return qs.filter(organisation_id__in=own) if own else qs.none()
