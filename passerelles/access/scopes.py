"""Actor-scoped querysets: the only way data reaches a user.

Each ``Model.objects.for_actor(user)`` delegates here, so that the answer to "what may this person see?"
is written once. Tenancy first: nothing of an organisation is visible from another one, except the names of
partner organisations in a shared network (needed to offer missions across the network).
"""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def organisations(user, qs: QuerySet) -> QuerySet:
    """Own organisations, and the organisations of the networks they belong to."""
    from passerelles.organisations.models import NetworkMembership

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


def agents(user, qs: QuerySet) -> QuerySet:
    """Oneself; one's direct reports (managers); everyone of the organisation for its HR and admins.

    Managers see their own team only, never a directory: exploring missions stays private to the agent
    and HR (DESIGN §1.3).
    """
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    condition = Q(organisation_id__in=actor.org_ids(Role.HR, Role.ADMIN))
    if actor.agent is not None:
        condition |= Q(pk=actor.agent.pk) | Q(
            manager_id=actor.agent.pk, organisation_id=actor.agent.organisation_id
        )
    return qs.filter(condition)
