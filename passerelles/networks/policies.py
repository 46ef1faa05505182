"""Who may do what with a network's agreement, missions and shared schemes (named rules; views and services
ask these, never check roles themselves). The network is first fetched through its scope (a person of no
member organisation gets a 404); these predicates then decide (403).

- the **coordinator** is a network coordinator of the network's lead organisation: they edit the agreement,
  curate the network's missions, adopt shared schemes and read the coordination page;
- the coordinators of the other members read the agreement and the schemes, as the network's page shows them;
- each **member's HR or administrators** read the agreement and the schemes, record their own organisation's
  deliberation and take a scheme up for their own organisation — never for another member.
"""

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.networks.queries import member_ids


def is_coordinator(user, network) -> bool:
    """A network coordinator of the lead organisation runs the network's tools."""
    return get_actor(user).has_role(Role.NETWORK_COORDINATOR, network.lead_organisation_id)


def _member_staff_orgs(user, network) -> set[int]:
    """The member organisations where ``user`` is HR or administrator."""
    return set(get_actor(user).org_ids(Role.HR, Role.ADMIN)) & member_ids(network)


def can_view_agreement(user, network) -> bool:
    """The coordinators (of the lead or of another member) and each member's HR and administrators read the
    convention-cadre (and its PDF)."""
    actor = get_actor(user)
    coordinating = set(actor.org_ids(Role.NETWORK_COORDINATOR)) & member_ids(network)
    return bool(coordinating) or bool(_member_staff_orgs(user, network))


def can_edit_agreement(user, network) -> bool:
    return is_coordinator(user, network)


def can_record_deliberation(user, network, organisation) -> bool:
    """A member's own HR or administrators record its deliberation: a network never votes for a member."""
    return organisation.pk in _member_staff_orgs(user, network)


def deliberating_organisations(user, network) -> set[int]:
    return _member_staff_orgs(user, network)


def can_curate(user, network) -> bool:
    return is_coordinator(user, network)


def can_view_schemes(user, network) -> bool:
    return can_view_agreement(user, network)


def can_adopt_scheme(user, network) -> bool:
    return is_coordinator(user, network)


def can_take_up_scheme(user, scheme, organisation) -> bool:
    """A member's own HR or administrators take the network's scheme up for their organisation."""
    return organisation.pk in _member_staff_orgs(user, scheme.network)
