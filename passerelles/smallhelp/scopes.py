"""Who sees what of small help. The agent sees their own; HR their organisation's; the manager a coup de main
only once the agent agreed (DESIGN §1.3: the manager never learns of a request the agent has not accepted), and
an immersion only once the host agreed (informed, not asked); a host the requests of the units they host, a
proposal of their own once the agent answered (the proposal form answers the same whether or not the address
matched someone, so the list must not tell either), and no immersion still waiting for the agent's consent to a
return programme."""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.access.scopes import own_or_hr
from passerelles.smallhelp.policies import hosted_unit_ids
from passerelles.smallhelp.rules import ImmersionState, Party


def light_helps(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(pk__in=[])
    agent_answered = (
        Q(initiated_by=Party.AGENT) | Q(agent_agreed_at__isnull=False) | Q(declined_by=Party.AGENT)
    )
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk)
        seen |= (
            Q(manager_id=actor.agent.pk)
            & (Q(initiated_by=Party.AGENT) | Q(agent_agreed_at__isnull=False))
            & ~Q(declined_by=Party.AGENT)
        )
    units = hosted_unit_ids(user)
    if units:
        seen |= Q(host_unit_id__in=units) & agent_answered
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= Q(organisation_id__in=hr)
    return qs.filter(seen)


def immersions(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(pk__in=[])
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk)
        seen |= Q(agent__manager_id=actor.agent.pk, state=ImmersionState.AGREED)
    units = hosted_unit_ids(user)
    if units:
        seen |= Q(host_unit_id__in=units) & ~Q(state=ImmersionState.PLANNED)
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= Q(organisation_id__in=hr)
    return qs.filter(seen)


return_programmes = own_or_hr  # the agent and their HR only
