"""Who reads an accompaniment plan: the agent it is about, and the HR of the plan's organisation — nobody else.
Not the manager, not a host, not a signatory, not a network partner (issue 22: the situation belongs to the
agent's HR file)."""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.access.scopes import own_or_hr

plans = own_or_hr


def supports(user, qs: QuerySet) -> QuerySet:
    """A mission's support page (sponsor, psychologue, difficulties passed on): the agent, the sponsor and the
    HR of the agent's organisation. The host and the manager read the support in the pact, not its page."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(pk__in=[])
    if actor.agent is not None:
        seen |= Q(engagement__agent_id=actor.agent.pk) | Q(sponsor_id=actor.agent.pk)
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= Q(engagement__agent__organisation_id__in=hr)
    return qs.filter(seen)
