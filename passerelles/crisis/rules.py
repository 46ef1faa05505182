"""Who may do what in crisis mode. Views and services ask these; objects are first fetched through the scopes
(crisis/scopes.py), so an outsider gets a 404 and these decide what an insider may do (a 403).

- The continuity plan and the registry are prepared by the organisation's HR (and its administrators).
- A crisis is activated by an authority: the organisation's signatory (DGS/DGA) or administrator; a network's
  crisis by the network's coordinators.
- It is run (availability calls, broadcast, the planner, publication, withdrawals, the roll call) by the HR of
  the crisis's organisation, or of any member for a network crisis, and the network's coordinators.
- Needs are posted by the crisis's runners and by the managers and hosts of the crisis's organisations.
- It is closed by whoever activates or runs it.
"""

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def crisis_organisation_ids(crisis) -> frozenset[int]:
    if crisis.organisation_id is not None:
        return frozenset({crisis.organisation_id})
    return frozenset(crisis.network.memberships.values_list("organisation_id", flat=True))


def can_prepare(user, organisation) -> bool:
    """The continuity plan and the registry of an organisation."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)


def can_activate(user, organisation) -> bool:
    actor = get_actor(user)
    return actor.has_role(Role.SIGNATORY, organisation) or actor.has_role(Role.ADMIN, organisation)


def can_activate_network(user, network) -> bool:
    return policies.can_coordinate_network(user, network)


def can_run(user, crisis) -> bool:
    if crisis.network_id is not None and policies.can_coordinate_network(user, crisis.network):
        return True
    return bool(get_actor(user).org_ids(Role.HR) & crisis_organisation_ids(crisis))


def can_post_needs(user, crisis) -> bool:
    if not crisis.is_active:
        return False
    if can_run(user, crisis):
        return True
    return bool(get_actor(user).org_ids(Role.MANAGER, Role.HOST) & crisis_organisation_ids(crisis))


def can_close(user, crisis) -> bool:
    if not crisis.is_active:
        return False
    if can_run(user, crisis):
        return True
    if crisis.organisation_id is not None:
        return can_activate(user, crisis.organisation)
    return can_activate_network(user, crisis.network)
