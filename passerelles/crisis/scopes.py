"""Who sees what of crisis mode.

- The continuity plan: the organisation's HR, signatories (DGS) and administrators.
- The registry: each volunteer their own entry; the HR of the volunteer's organisation the whole registry; a
  network's coordinators only the volunteers already asked during one of the network's crises (never the
  registry of a member in calm times).
- Crises: everyone holding a role in the organisation (an agent must see the crisis that asks for them); for a
  network crisis, everyone holding a role in a member organisation.
- Needs: whoever sees the crisis sees its needs (a need names a unit and hours, never a person).
"""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role

PLAN_ROLES = (Role.HR, Role.SIGNATORY, Role.ADMIN)


def plans(user, qs: QuerySet) -> QuerySet:
    orgs = get_actor(user).org_ids(*PLAN_ROLES)
    return qs.filter(organisation_id__in=orgs) if orgs else qs.none()


def volunteers(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    condition = Q(agent__organisation_id__in=actor.org_ids(Role.HR))
    if actor.agent is not None:
        condition |= Q(agent_id=actor.agent.pk)
    coordinated = actor.org_ids(Role.NETWORK_COORDINATOR)
    if coordinated:
        condition |= Q(availabilities__crisis__network__memberships__organisation_id__in=coordinated)
    return qs.filter(condition).distinct()


def crises(user, qs: QuerySet) -> QuerySet:
    orgs = get_actor(user).org_ids()
    if not orgs:
        return qs.none()
    return qs.filter(
        Q(organisation_id__in=orgs) | Q(network__memberships__organisation_id__in=orgs)
    ).distinct()


def needs(user, qs: QuerySet) -> QuerySet:
    from passerelles.crisis.models import Crisis

    return qs.filter(crisis__in=Crisis.objects.for_actor(user).values("pk"))
