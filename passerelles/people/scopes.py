"""Who sees which agents, SIRH imports and erasure requests (the actor's scopes of this app)."""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.people.models import Visibility


def agents(user, qs: QuerySet) -> QuerySet:
    """Oneself; one's direct reports (managers); everyone of the organisation for its HR and admins.

    Managers see their own team only, never a directory: exploring missions stays private to the agent
    and HR (DESIGN §1.3).
    """
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    condition = Q(organisation_id__in=actor.org_ids(Role.HR, Role.ADMIN))
    # HR of a partner organisation sees the agents who opened their profile to the network (their consent).
    condition |= Q(
        organisation_id__in=actor.partner_organisations(actor.org_ids(Role.HR)),
        profile__visibility=Visibility.NETWORK,
        is_active=True,
    )
    if actor.agent is not None:
        condition |= Q(pk=actor.agent.pk) | Q(
            manager_id=actor.agent.pk, organisation_id=actor.agent.organisation_id
        )
    return qs.filter(condition)


def agent_imports(user, qs: QuerySet) -> QuerySet:
    """SIRH imports: the HR coordinators and administrators of the organisation."""
    orgs = get_actor(user).org_ids(Role.HR, Role.ADMIN)
    return qs.filter(organisation_id__in=orgs) if orgs else qs.none()


def pool(user, qs: QuerySet) -> QuerySet:
    """The « vivier »: the active agents whose profile HR may browse, as each agent chose. Never those who
    chose « personne »; partners' agents only if they opened their profile to the network."""
    actor = get_actor(user)
    hr = actor.org_ids(Role.HR)
    if not hr:
        return qs.none()
    own = Q(organisation_id__in=hr, profile__visibility__in=[Visibility.HR, Visibility.NETWORK])
    partners = Q(organisation_id__in=actor.partner_organisations(hr), profile__visibility=Visibility.NETWORK)
    return qs.filter(own | partners, is_active=True)


def erasure_requests(user, qs: QuerySet) -> QuerySet:
    """Erasure requests: the agent's own, and those of the organisation for its HR."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    condition = Q(agent__organisation_id__in=actor.org_ids(Role.HR))
    if actor.agent is not None:
        condition |= Q(agent_id=actor.agent.pk)
    return qs.filter(condition)
