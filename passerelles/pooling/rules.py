"""Who may do what with a pooled agent's arrangement, as named predicates (the views and services ask here).

- the employer's HR creates the arrangement, adds sites and slots; the network's coordinators may arrange the
  rota too (they run the network's pooled agents);
- the agent alone gives or withdraws their consent;
- a site's manager (and the members' HR) ask for a replacement;
- the network's coordinators decide on replacements (the employer's HR when the pool has no network).
"""

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def can_create_in(user, organisation) -> bool:
    return get_actor(user).has_role(Role.HR, organisation)


def coordinates(user, pool) -> bool:
    return pool.network_id is not None and policies.can_coordinate_network(user, pool.network)


def can_manage(user, pool) -> bool:
    return get_actor(user).has_role(Role.HR, pool.organisation_id) or coordinates(user, pool)


def is_the_agent(user, pool) -> bool:
    actor = get_actor(user)
    return actor.agent is not None and actor.agent.pk == pool.agent_id


def managed_sites(user, pool):
    """The pool's sites this user manages (all of them for those who manage the pool or share its cost)."""
    actor = get_actor(user)
    sites = pool.sites.select_related("site")
    if can_manage(user, pool) or any(
        actor.has_role(Role.HR, org_id) for org_id in pool.members.values_list("organisation_id", flat=True)
    ):
        return sites
    if actor.agent is None:
        return sites.none()
    return sites.filter(manager_id=actor.agent.pk)


def can_request_replacement(user, pool) -> bool:
    return managed_sites(user, pool).exists()


def can_decide_replacement(user, pool) -> bool:
    if pool.network_id is not None:
        return coordinates(user, pool)
    return get_actor(user).has_role(Role.HR, pool.organisation_id)
