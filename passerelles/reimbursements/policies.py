"""Who may see and do what with the money between two employers (named rules, as in access/policies.py).

- The origin's HR (the agent's employer, the creditor) decides: the yearly cost or the waiver, the frequency,
  the titres issued and the money received. Its signatory reads everything, the yearly cost included.
- The host's HR and signatory (the debtor) read the schedule — the amounts they owe — never the yearly cost
  (the agent's pay is their employer's business).
- Nobody else: not the agent's manager or colleagues, not the mission's host, not the agent's own page (it is
  an act between two employers; the convention states the rule).
"""

from passerelles.access.actor import get_actor
from passerelles.access.models import Role

READERS = (Role.HR, Role.SIGNATORY)


def is_cross_organisation(engagement) -> bool:
    return engagement.agent.organisation_id != engagement.mission.organisation_id


def is_origin_reader(user, engagement) -> bool:
    actor = get_actor(user)
    return any(actor.has_role(role, engagement.agent.organisation_id) for role in READERS)


def is_host_reader(user, engagement) -> bool:
    actor = get_actor(user)
    return any(actor.has_role(role, engagement.mission.organisation_id) for role in READERS)


def can_view_reimbursement(user, engagement) -> bool:
    """Both employers' HR and signatories, on an engagement between two organisations."""
    return is_cross_organisation(engagement) and (
        is_origin_reader(user, engagement) or is_host_reader(user, engagement)
    )


def can_see_yearly_cost(user, engagement) -> bool:
    """The agent's cost is the origin's data: its HR and signatory only."""
    return is_cross_organisation(engagement) and is_origin_reader(user, engagement)


def can_manage_reimbursement(user, engagement) -> bool:
    """The origin's HR: it pays the agent, issues the titres de recettes and records what it received."""
    return is_cross_organisation(engagement) and get_actor(user).has_role(
        Role.HR, engagement.agent.organisation_id
    )


def can_export_reimbursements(user, organisation) -> bool:
    """An organisation's HR and signatory hand the schedules to their finance department."""
    actor = get_actor(user)
    return any(actor.has_role(role, organisation) for role in READERS)
