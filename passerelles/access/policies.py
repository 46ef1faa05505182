"""Named rules: who may do what. Views and services ask these, never check roles themselves.

Objects are first fetched through a scope (outsiders get a 404, as if the object did not exist); these
predicates then decide what an insider may do (a 403 when they may not).
"""

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def can_view_organisation(user, organisation) -> bool:
    """Anyone holding a role in the organisation sees its page and organisation chart."""
    return organisation.pk in get_actor(user).org_ids()


def can_view_directory(user, organisation) -> bool:
    """The HR coordinators and administrators of an organisation browse its agents."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)


def can_edit_organisation_settings(user, organisation) -> bool:
    """Only the organisation's administrators change its name, logo and colour."""
    return get_actor(user).has_role(Role.ADMIN, organisation)


def can_view_team(user) -> bool:
    """Managers see their own team (to organise it), nothing of anyone else's exploration."""
    return get_actor(user).has_role(Role.MANAGER)


def can_coordinate_network(user, network) -> bool:
    """Network coordinators of a member organisation run the network's pages."""
    actor = get_actor(user)
    coordinator_orgs = actor.org_ids(Role.NETWORK_COORDINATOR)
    return any(m.organisation_id in coordinator_orgs for m in network.memberships.all())
