"""What the use cases of small help share: the refusal, the organisation's parameter, the units one may ask or
hosts, whom to ask for a unit's agreement, the exact-address lookup, and telling people (``notify`` inside each
person's language)."""

from django.db.models import Q

from passerelles.access.models import Role, RoleMembership
from passerelles.missions.models import Mission
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.organisations.models import OrgUnit
from passerelles.people.models import Agent
from passerelles.smallhelp import policies, rules
from passerelles.smallhelp.models import HalfDay, SmallHelpSettings


class Refused(Exception):
    """A use case refused, with the French sentence(s) to show."""


def settings_for(organisation) -> SmallHelpSettings:
    """The organisation's parameters (the defaults until its administrator changes them)."""
    found = SmallHelpSettings.objects.filter(organisation=organisation).first()
    return found or SmallHelpSettings(organisation=organisation)


def cap_for(organisation) -> int:
    return settings_for(organisation).light_path_half_days


def taken_half_days(agent, *, exclude=None) -> list[tuple]:
    """The agent's half-days held by other coups de main: agreed, or waiting with the agent's agreement."""
    rows = HalfDay.objects.filter(
        help__agent=agent, help__state__in=rules.HOLDING_STATES, help__agent_agreed_at__isnull=False
    )
    if exclude is not None:
        rows = rows.exclude(help=exclude)
    return list(rows.values_list("date", "period"))


def units_for_agent(agent):
    """The services an agent may ask: those of their own organisation, their own unit excepted."""
    return OrgUnit.objects.filter(organisation_id=agent.organisation_id).exclude(pk=agent.unit_id)


def units_hosted(user):
    return OrgUnit.objects.filter(pk__in=policies.hosted_unit_ids(user)).select_related("organisation")


def unit_host_users(unit) -> list:
    """Who speaks for a unit (policies.hosted_unit_ids read backwards): whom to ask for its agreement."""
    in_unit = Agent.objects.filter(unit=unit, is_active=True, user__isnull=False, user__is_active=True)
    role_holders = in_unit.filter(
        user__role_memberships__role=Role.HOST, user__role_memberships__organisation_id=unit.organisation_id
    )
    chiefs = Agent.objects.filter(is_active=True, manager__in=in_unit).values("manager_id")
    users = {a.user for a in (role_holders | in_unit.filter(pk__in=chiefs)).select_related("user")}
    for mission in Mission.objects.filter(host_unit=unit).select_related("created_by", "project_lead__user"):
        if mission.created_by is not None and mission.created_by.is_active:
            users.add(mission.created_by)
        lead = mission.project_lead
        if lead is not None and lead.user_id and lead.user.is_active:
            users.add(lead.user)
    return sorted(users, key=lambda u: u.pk)


def manager_users(help) -> list:
    """The manager recorded on the request; the organisation's HR when there is none."""
    manager = help.manager
    if manager is not None and manager.user_id and manager.user.is_active:
        return [manager.user]
    return list(RoleMembership.objects.users_with(Role.HR, [help.organisation_id]))


def tell(users, *, subject, message, url, action_needed=False, exclude=None, kind=NotificationKind.GENERAL):
    seen = set()
    for user in users:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        with in_language_of(user):
            notify(
                user=user,
                subject=str(subject()),
                message=str(message()),
                url=url,
                action_needed=action_needed,
                kind=kind,
            )


def find_agent(organisation, identifier: str):
    """The active agent of ``organisation`` whose professional e-mail or login is exactly ``identifier``."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    matches = Agent.objects.filter(
        organisation=organisation, is_active=True, user__isnull=False, user__is_active=True
    ).filter(Q(email__iexact=identifier) | Q(user__email__iexact=identifier))
    return matches.order_by("pk").first()
