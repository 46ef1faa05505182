"""Who sees which organisations, networks and units (the actor's scopes of this app).

Tenancy first: nothing of an organisation is visible from another one, except the names of partner
organisations in a shared network (needed to offer missions across the network).
"""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.organisations.models import NetworkMembership


def organisations(user, qs: QuerySet) -> QuerySet:
    """Own organisations, and the organisations of the networks they belong to."""
    actor = get_actor(user)
    own = actor.org_ids()
    if not own:
        return qs.none()
    partners = NetworkMembership.objects.filter(network__memberships__organisation_id__in=own).values(
        "organisation_id"
    )
    return qs.filter(Q(pk__in=own) | Q(pk__in=partners))


def networks(user, qs: QuerySet) -> QuerySet:
    """Networks one of the actor's organisations is a member of."""
    own = get_actor(user).org_ids()
    if not own:
        return qs.none()
    return qs.filter(memberships__organisation_id__in=own).distinct()


def units(user, qs: QuerySet) -> QuerySet:
    """The organisation chart of the actor's own organisations (not of partners)."""
    own = get_actor(user).org_ids()
    return qs.filter(organisation_id__in=own) if own else qs.none()


def network_partner_ids(org_ids) -> set[int]:
    return set(
        NetworkMembership.objects.filter(network__memberships__organisation_id__in=org_ids).values_list(
            "organisation_id", flat=True
        )
    )
