"""Who reads the plan's reports: the roll call and the RETEX are read by the crisis's runners and by the
signatories (DGS/DGA) of its organisations — they answer for the crisis; nobody else sees who is where."""

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.crisis import rules


def can_read_reports(user, crisis) -> bool:
    if rules.can_run(user, crisis):
        return True
    return bool(get_actor(user).org_ids(Role.SIGNATORY) & rules.crisis_organisation_ids(crisis))


def is_volunteer_of(user, assignment) -> bool:
    agent = get_actor(user).agent
    return agent is not None and assignment.volunteer.agent_id == agent.pk
