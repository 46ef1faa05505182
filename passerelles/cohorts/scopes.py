"""Who sees what of the cohort programmes (issue 18). Tenancy first: a member's HR sees its own nominees only
(in every state); the network's coordinators see the participants (the agents who said yes), never a pending
or refused nomination; an agent sees their own.

The only crossing between members is the one the participant agreed to when they joined: the HR of the other
members see the participants' names on the offer form (``offerable``), to offer them a post — never a
nomination still waiting for the agent's answer, nor one refused, nor attendance.
"""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.cohorts.models import NominationState
from passerelles.organisations.models import NetworkMembership

# The roles that read a programme's page: its members' HR, signatories (the DGS sponsors) and coordinators.
PROGRAMME_ROLES = (Role.HR, Role.SIGNATORY, Role.NETWORK_COORDINATOR)


def _in_networks_of(org_ids, prefix: str = "") -> Q:
    """Programmes (or their parts, through ``prefix``) of a network one of these organisations belongs to
    (a subquery: no join that would repeat rows)."""
    networks = NetworkMembership.objects.filter(organisation_id__in=org_ids).values("network_id")
    return Q(**{f"{prefix}network_id__in": networks})


def programmes(user, qs: QuerySet) -> QuerySet:
    """The programmes of the networks one of the actor's organisations belongs to, for its HR, signatories
    and network coordinators."""
    own = get_actor(user).org_ids(*PROGRAMME_ROLES)
    if not own:
        return qs.none()
    return qs.filter(_in_networks_of(own))


def nominations(user, qs: QuerySet) -> QuerySet:
    """Own nomination; the nominees of one's own organisation for its HR (every state) and its signatories
    (participants only); the participants of the network's programmes for its coordinators."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(pk__in=[])
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk)
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= Q(organisation_id__in=hr)
    signatory = actor.org_ids(Role.SIGNATORY)
    if signatory:
        seen |= Q(organisation_id__in=signatory, state=NominationState.PARTICIPANT)
    coordinator = actor.org_ids(Role.NETWORK_COORDINATOR)
    if coordinator:
        seen |= Q(state=NominationState.PARTICIPANT) & _in_networks_of(coordinator, "programme__")
    return qs.filter(seen)


def offerable(user, qs: QuerySet) -> QuerySet:
    """The participants an actor may offer a post or a mission to: for a member's HR, the participants of the
    other members of its networks' programmes (what the participant agreed to on joining); for a coordinator,
    every participant of the network's programmes."""
    actor = get_actor(user)
    participants = qs.filter(state=NominationState.PARTICIPANT, agent__is_active=True)
    seen = Q(pk__in=[])
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= _in_networks_of(hr, "programme__") & ~Q(organisation_id__in=hr)
    coordinator = actor.org_ids(Role.NETWORK_COORDINATOR)
    if coordinator:
        seen |= _in_networks_of(coordinator, "programme__")
    return participants.filter(seen)


def opportunities(user, qs: QuerySet) -> QuerySet:
    """The participant's own; the participant's HR (origin); the offering member's HR; the coordinators of
    the programme's network."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(pk__in=[])
    if actor.agent is not None:
        seen |= Q(nomination__agent_id=actor.agent.pk, nomination__state=NominationState.PARTICIPANT)
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= Q(nomination__organisation_id__in=hr) | Q(offering_organisation_id__in=hr)
    coordinator = actor.org_ids(Role.NETWORK_COORDINATOR)
    if coordinator:
        seen |= _in_networks_of(coordinator, "programme__")
    return qs.filter(seen)
