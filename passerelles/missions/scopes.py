"""Who sees which missions, and whose personal things (bookmarks, saved searches) are whose."""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.missions.models import MissionStatus, Visibility
from passerelles.organisations.models import NetworkMembership


def missions(user, qs: QuerySet) -> QuerySet:
    """Published missions within their visibility (unit, organisation, network); every status for their
    author, their project lead and the HR of their organisation.

    A closed mission stays readable by the same people (its page says « Mission clôturée », the engagements
    on it still link to it); the lists of open missions ask for ``published()``."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    own = actor.org_ids()
    shown = Q(status__in=[MissionStatus.PUBLISHED, MissionStatus.CLOSED])
    seen = shown & Q(visibility=Visibility.ORGANISATION, organisation_id__in=own)
    seen |= shown & Q(visibility=Visibility.NETWORK, organisation_id__in=actor.network_neighbours(own) | own)
    if actor.agent is not None and actor.agent.unit_id:
        seen |= shown & Q(visibility=Visibility.UNIT, host_unit_id=actor.agent.unit_id)
    seen |= Q(created_by=user) | Q(organisation_id__in=actor.org_ids(Role.HR))
    if actor.agent is not None:
        seen |= Q(project_lead_id=actor.agent.pk)
    return qs.filter(seen)


def owned(user, qs: QuerySet) -> QuerySet:
    """Personal things (bookmarks, saved searches, notifications): their owner only."""
    return qs.filter(user=user) if get_actor(user).is_authenticated else qs.none()


def organisation_missions(user, qs: QuerySet, organisation) -> QuerySet:
    """Every mission of an organisation, in every status, for its HR coordinators and its signatory (the DGS's
    list of missions, issue 16); nobody else."""
    actor = get_actor(user)
    if not (actor.has_role(Role.HR, organisation) or actor.has_role(Role.SIGNATORY, organisation)):
        return qs.none()
    return qs.filter(organisation_id=organisation.pk)


def network_missions(user, qs: QuerySet, network) -> QuerySet:
    """The missions a network shares: published (or closed) for the whole network by one of its members —
    for the network's coordinators (coordinators of a member organisation). No personal data."""
    members = set(NetworkMembership.objects.filter(network=network).values_list("organisation_id", flat=True))
    if not members & get_actor(user).org_ids(Role.NETWORK_COORDINATOR):
        return qs.none()
    return qs.filter(
        status__in=[MissionStatus.PUBLISHED, MissionStatus.CLOSED],
        visibility=Visibility.NETWORK,
        organisation_id__in=members,
    )
