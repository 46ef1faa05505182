"""Who sees whom in the facilitators' pool (the actor's scope of this app).

Volunteering is consent: only volunteers still in the pool are seen, by the HR of their own organisation, and
by the coordinators of their organisation's networks when they chose it. The volunteer sees themselves. A
call is seen by its volunteer, its organiser and the HR of the volunteer's organisation — nobody else (the
volunteer's manager hears of an accepted call by a notification, and reads no page of the pool).
"""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def coordinated_organisations(user) -> set[int]:
    """The organisations of the networks the user coordinates (their own included)."""
    actor = get_actor(user)
    coordinating = actor.org_ids(Role.NETWORK_COORDINATOR)
    return set(coordinating) | actor.partner_organisations(coordinating) if coordinating else set()


def facilitators(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(agent__organisation_id__in=actor.org_ids(Role.HR))
    network = coordinated_organisations(user)
    if network:
        seen |= Q(share_with_network=True, agent__organisation_id__in=network)
    seen &= Q(left_at__isnull=True, agent__is_active=True)
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk)
    return qs.filter(seen)


def calls(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(organiser=user) | Q(facilitator__agent__organisation_id__in=actor.org_ids(Role.HR))
    if actor.agent is not None:
        seen |= Q(facilitator__agent_id=actor.agent.pk)
    return qs.filter(seen)
