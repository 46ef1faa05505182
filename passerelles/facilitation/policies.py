"""Who may do what in the facilitators' pool, as named predicates (views and services ask here)."""

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.facilitation.scopes import coordinated_organisations


def can_volunteer(user) -> bool:
    """Any agent with an active profile may join the pool (and leave it) — for themselves only."""
    return get_actor(user).agent is not None


def can_see_pool(user) -> bool:
    """HR coordinators and network coordinators read the pool (only the volunteers of their scope)."""
    return bool(get_actor(user).org_ids(Role.HR, Role.NETWORK_COORDINATOR))


def can_send_call(user, facilitator) -> bool:
    """HR of the volunteer's organisation; a coordinator of its network when the volunteer chose it."""
    if not facilitator.is_active or not facilitator.agent.is_active or facilitator.agent.user_id is None:
        return False
    actor = get_actor(user)
    if actor.agent is not None and actor.agent.pk == facilitator.agent_id:
        return False
    org = facilitator.agent.organisation_id
    if actor.has_role(Role.HR, org):
        return True
    return facilitator.share_with_network and org in coordinated_organisations(user)


def is_volunteer(user, call) -> bool:
    actor = get_actor(user)
    return actor.agent is not None and actor.agent.pk == call.facilitator.agent_id


def can_confirm(user, call) -> bool:
    """The organiser says whether it took place — or the HR of the volunteer's organisation, if the organiser
    is no longer there to say it."""
    if call.organiser_id == getattr(user, "pk", None):
        return True
    return get_actor(user).has_role(Role.HR, call.facilitator.agent.organisation_id)
