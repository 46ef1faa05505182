"""Who may do what with an accompaniment plan. HR of the plan's organisation opens it, links the missions of
the way and closes it; the agent and HR write its notes and meetings. Reading is the scope's (``scopes.plans``)."""

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def is_hr(user, organisation_id) -> bool:
    return get_actor(user).has_role(Role.HR, organisation_id)


def is_the_agent(user, plan) -> bool:
    agent = get_actor(user).agent
    return agent is not None and agent.pk == plan.agent_id


def can_manage(user, plan) -> bool:
    return is_hr(user, plan.organisation_id)


def can_write(user, plan) -> bool:
    return plan.is_open and (is_hr(user, plan.organisation_id) or is_the_agent(user, plan))


def is_agents_hr(user, engagement) -> bool:
    """The HR of the agent's organisation: it sets the support (the sponsor is one of its agents) and proposes
    to pass a difficulty on."""
    return is_hr(user, engagement.agent.organisation_id)


def is_engagement_agent(user, engagement) -> bool:
    agent = get_actor(user).agent
    return agent is not None and agent.pk == engagement.agent_id


def can_read_structural(user, organisation_id) -> bool:
    """The units relying on reinforcements: for the organisation's HR and its DGS (signatories)."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation_id) or actor.has_role(Role.SIGNATORY, organisation_id)
