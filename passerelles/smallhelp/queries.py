"""The read side of small help, always through the actor's scopes (``for_actor``)."""

import datetime

from django.db.models import Prefetch, Q

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.smallhelp.models import HalfDay, Immersion, LightHelp, ReturnProgramme
from passerelles.smallhelp.policies import hosted_unit_ids
from passerelles.smallhelp.rules import HelpState, ImmersionState, ProgrammeState


def helps(user):
    return (
        LightHelp.objects.for_actor(user)
        .select_related("agent", "host_unit", "manager")
        .prefetch_related(Prefetch("half_days", queryset=HalfDay.objects.order_by("date", "period")))
    )


def immersions(user):
    return Immersion.objects.for_actor(user).select_related("agent", "host_unit")


def programmes(user):
    return ReturnProgramme.objects.for_actor(user).select_related("agent")


def helps_awaiting(user):
    """The coups de main waiting for ``user``'s answer (as the rules' ``parties_waiting`` say, in SQL)."""
    actor = get_actor(user)
    asked = Q(pk__in=[])
    me = actor.agent.pk if actor.agent is not None else None
    if me is not None:
        asked |= Q(agent_id=me, agent_agreed_at__isnull=True)
        asked |= Q(manager_id=me, manager_agreed_at__isnull=True, agent_agreed_at__isnull=False)
    hr = actor.org_ids(Role.HR)
    if hr:
        asked |= Q(
            manager__isnull=True,
            organisation_id__in=hr,
            manager_agreed_at__isnull=True,
            agent_agreed_at__isnull=False,
        )
    units = hosted_unit_ids(user)
    if units:
        hosting = Q(host_unit_id__in=units, host_agreed_at__isnull=True)
        asked |= hosting & ~Q(agent_id=me) if me is not None else hosting
    return helps(user).filter(asked, state=HelpState.ASKED).order_by("created_at")


def immersions_awaiting(user):
    units = hosted_unit_ids(user)
    if not units:
        return Immersion.objects.none()
    agent = get_actor(user).agent
    found = immersions(user).filter(host_unit_id__in=units, state=ImmersionState.ASKED)
    if agent is not None:
        found = found.exclude(agent_id=agent.pk)
    return found.order_by("date")


def programmes_awaiting(user):
    agent = get_actor(user).agent
    if agent is None:
        return ReturnProgramme.objects.none()
    return programmes(user).filter(agent=agent, state=ProgrammeState.PROPOSED)


def organisation_helps(user, organisation, state: str = ""):
    found = helps(user).filter(organisation=organisation)
    return found.filter(state=state) if state else found


def organisation_immersions(user, organisation, state: str = ""):
    found = immersions(user).filter(organisation=organisation)
    return found.filter(state=state) if state else found


def month_usage(agent, today: datetime.date) -> dict[tuple[int, int], int]:
    """Half-days held this month and next (what the ask page shows beside the cap)."""
    from passerelles.smallhelp.common import taken_half_days

    usage: dict[tuple[int, int], int] = {}
    for day, _period in taken_half_days(agent):
        usage[(day.year, day.month)] = usage.get((day.year, day.month), 0) + 1
    return usage
