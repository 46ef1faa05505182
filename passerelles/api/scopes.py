"""Who sees which API keys: the administrators of the organisation (who also make and revoke them)."""

from django.db.models import QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def api_keys(user, qs: QuerySet) -> QuerySet:
    orgs = get_actor(user).org_ids(Role.ADMIN)
    return qs.filter(organisation_id__in=orgs) if orgs else qs.none()
