"""Who sees which calls for volunteers: the HR coordinators of the organisation whose agents were called."""

from django.db.models import QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def calls(user, qs: QuerySet) -> QuerySet:
    hr = get_actor(user).org_ids(Role.HR)
    return qs.filter(organisation_id__in=hr) if hr else qs.none()
