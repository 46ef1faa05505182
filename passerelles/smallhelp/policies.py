"""Who may do what with small help (named rules, built on access's actor and roles).

A *host* of a unit is whoever speaks for it day to day: a manager or a holder of the host role working in that
unit, or the author or project lead of a mission hosted there (as ``access.policies.is_mission_host`` defines a
mission's host). The agent's *manager* is the one recorded on the request (their manager when they asked); with
none, the organisation's HR stands in, so that no request waits for nobody.
"""

import contextlib

from django.apps import apps

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.smallhelp.rules import HelpState, ImmersionState, Party


def hosted_unit_ids(user) -> frozenset[int]:
    """The units ``user`` speaks for as a host (cached on the actor's user for the request)."""
    cached = getattr(user, "_smallhelp_hosted_units", None)
    if cached is not None:
        return cached
    actor = get_actor(user)
    units: set[int] = set()
    if actor.is_authenticated:
        agent = actor.agent
        if (
            agent is not None
            and agent.unit_id
            and (
                actor.has_role(Role.MANAGER, agent.organisation_id)
                or actor.has_role(Role.HOST, agent.organisation_id)
            )
        ):
            units.add(agent.unit_id)
        Mission = apps.get_model("missions", "Mission")
        led = Mission.objects.filter(created_by=user)
        if agent is not None:
            led = led | Mission.objects.filter(project_lead=agent)
        units |= set(led.values_list("host_unit_id", flat=True))
    found = frozenset(units)
    with contextlib.suppress(AttributeError):  # AnonymousUser-like objects without a __dict__
        user._smallhelp_hosted_units = found
    return found


def is_unit_host(user, unit) -> bool:
    return unit.pk in hosted_unit_ids(user)


def is_hr(user, organisation_id) -> bool:
    return get_actor(user).has_role(Role.HR, organisation_id)


def is_help_agent(user, help) -> bool:
    agent = get_actor(user).agent
    return agent is not None and agent.pk == help.agent_id


def is_help_manager(user, help) -> bool:
    agent = get_actor(user).agent
    if help.manager_id is not None:
        return agent is not None and agent.pk == help.manager_id
    return is_hr(user, help.organisation_id)


def help_parties(user, help) -> set[str]:
    """What ``user`` is to this coup de main: the agent, the manager (or HR standing in), a host of the unit."""
    parties = set()
    if is_help_agent(user, help):
        parties.add(Party.AGENT)
    if is_help_manager(user, help):
        parties.add(Party.MANAGER)
    if is_unit_host(user, help.host_unit) and not is_help_agent(user, help):
        parties.add(Party.HOST)
    return parties


def can_read_letter(user, help) -> bool:
    """The lettre de mission: the three parties and the organisation's HR, once all three agreed."""
    if help.state != HelpState.AGREED:
        return False
    return bool(help_parties(user, help)) or is_hr(user, help.organisation_id)


def can_cancel_help(user, help) -> bool:
    """Whoever asked withdraws their request while it waits."""
    return help.state == HelpState.ASKED and help.created_by_id == getattr(user, "pk", None)


def can_decide_immersion(user, immersion) -> bool:
    return (
        immersion.state == ImmersionState.ASKED
        and is_unit_host(user, immersion.host_unit)
        and not is_immersion_agent(user, immersion)
    )


def is_immersion_agent(user, immersion) -> bool:
    agent = get_actor(user).agent
    return agent is not None and agent.pk == immersion.agent_id


def can_cancel_immersion(user, immersion) -> bool:
    return immersion.state in (ImmersionState.ASKED, ImmersionState.AGREED) and (
        is_immersion_agent(user, immersion) or is_hr(user, immersion.organisation_id)
    )


def can_read_immersion_note(user, immersion) -> bool:
    """The agent, the host, the agent's manager (informed) and HR, once the host agreed."""
    if immersion.state != ImmersionState.AGREED:
        return False
    agent = get_actor(user).agent
    return (
        is_immersion_agent(user, immersion)
        or is_unit_host(user, immersion.host_unit)
        or (agent is not None and immersion.agent.manager_id == agent.pk)
        or is_hr(user, immersion.organisation_id)
    )


def can_list(user, organisation) -> bool:
    """The organisation's HR follow every coup de main, immersion and return programme."""
    return is_hr(user, organisation.pk)
