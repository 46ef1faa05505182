"""Who may read the annual-review export (issue 20), a named rule on top of ``access``."""

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def can_export_annual_reviews(user, organisation) -> bool:
    """The HR coordinators of the agents' own organisation: they run the annual-review campaign. The host
    organisation's HR, the managers and the signatory do not (the campaign is the employer's)."""
    return get_actor(user).has_role(Role.HR, organisation)
