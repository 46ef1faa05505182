"""Who sees which dashboard, and who decides that an organisation shares its figures with its networks."""

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role

DASHBOARD_ROLES = (Role.HR, Role.SIGNATORY, Role.ADMIN)


def can_view_organisation_dashboard(user, organisation) -> bool:
    """The organisation's HR coordinators, its signatories (the DGS/DGA who present it in Codir) and its
    administrators: aggregated figures only, protected against small counts."""
    actor = get_actor(user)
    return any(actor.has_role(role, organisation) for role in DASHBOARD_ROLES)


def can_view_network_dashboard(user, network) -> bool:
    """The network's coordinators (a coordinator role in a member organisation), like the network's page."""
    return policies.can_coordinate_network(user, network)


def can_switch_sharing(user, organisation) -> bool:
    """An organisation's own HR coordinators or administrators decide whether its figures go to a network's
    dashboard: the network never decides for its members."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)
