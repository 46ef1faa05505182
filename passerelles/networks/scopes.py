"""Who sees which of the networks app's objects (the actor's scopes): a network's schemes, for the people of
its member organisations; what each may do with them is networks/policies.py."""

from django.db.models import QuerySet

from passerelles.access.actor import get_actor
from passerelles.organisations.models import NetworkMembership


def schemes(user, qs: QuerySet) -> QuerySet:
    own = get_actor(user).org_ids()
    if not own:
        return qs.none()
    networks = NetworkMembership.objects.filter(organisation_id__in=own).values("network_id")
    return qs.filter(network_id__in=networks)
