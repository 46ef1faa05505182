"""Who may do what with an engagement's documents, beyond reading them (issue 20)."""

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def can_file_signed_pdf(user, engagement) -> bool:
    """Bringing back the PDF signed in the electronic parapheur records the signatures of every party still
    waiting: the people who run the organisation's parapheur circuits — the engagement's HR coordinators (of
    either organisation) and the signatory (DGS or delegate) of the agent's organisation."""
    return policies.is_engagement_hr(user, engagement) or get_actor(user).has_role(
        Role.SIGNATORY, engagement.agent.organisation_id
    )
