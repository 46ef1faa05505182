"""Use cases of the insights app: an organisation's choice to share its figures with a network."""

from django.db import transaction
from django.utils import timezone

from passerelles.insights import policies


class NotAllowed(Exception):
    pass


def membership_set_sharing(*, membership, shares: bool, by) -> bool:
    """Switch the member's sharing on or off and date the decision; False when nothing changed. The
    membership's history (simple_history) keeps who decided and when."""
    if not policies.can_switch_sharing(by, membership.organisation):
        raise NotAllowed
    with transaction.atomic():
        membership.refresh_from_db()
        if membership.shares_indicators == shares:
            return False
        membership.shares_indicators = shares
        membership.shares_indicators_since = timezone.now()
        membership.save(update_fields=["shares_indicators", "shares_indicators_since"])
    return True
