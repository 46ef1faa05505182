"""Who a call for volunteers reaches, and through which channel (no sending here: read-only).

The group is always within one organisation that the sender coordinates as HR, among its active agents who
may see the mission (its visibility: the host unit, the organisation, the network) and could take it (not its
project lead, not already engaged on it). « Les profils qui correspondent » reuses the suggestions
(``matching.queries.suggest_agents``): only people who opened their profile to HR, as they chose.
"""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from passerelles.callouts.models import CallRecipient, Channel, Criterion
from passerelles.engagements.models import Engagement
from passerelles.matching.queries import Filters, suggest_agents
from passerelles.missions.models import Visibility
from passerelles.organisations.models import OrgUnit
from passerelles.organisations.scopes import network_partner_ids
from passerelles.people.models import Agent

MATCHING_LIMIT = 200


def sees_mission(mission) -> Q:
    """The agents for whom the mission is open, by its visibility (missions/scopes.py, seen from the agent)."""
    if mission.visibility == Visibility.UNIT:
        return Q(unit_id=mission.host_unit_id)
    if mission.visibility == Visibility.ORGANISATION:
        return Q(organisation_id=mission.organisation_id)
    if mission.visibility == Visibility.NETWORK:
        return Q(
            organisation_id__in=network_partner_ids({mission.organisation_id}) | {mission.organisation_id}
        )
    return Q(pk__in=[])


def with_sub_units(unit_ids) -> set[int]:
    """A direction includes its services: the units chosen and everything below them."""
    chosen = set(unit_ids)
    found = set(chosen)
    frontier = chosen
    while frontier:
        frontier = set(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


@dataclass(frozen=True)
class Group:
    organisation: object
    criterion: str
    units: tuple = ()
    sites: tuple = ()
    categories: tuple = ()


def audience(*, mission, group: Group, user) -> QuerySet:
    """Every agent of the group the mission is open to (with or without an account)."""
    agents = (
        Agent.objects.filter(organisation=group.organisation, is_active=True)
        .filter(sees_mission(mission))
        .exclude(pk=mission.project_lead_id)
        .exclude(pk__in=Engagement.objects.open().filter(mission=mission).values("agent_id"))
    )
    if group.criterion == Criterion.UNITS:
        return agents.filter(unit_id__in=with_sub_units(u.pk for u in group.units))
    if group.criterion == Criterion.SITES:
        return agents.filter(site_id__in=[s.pk for s in group.sites])
    if group.criterion == Criterion.CATEGORIES:
        return agents.filter(category__in=list(group.categories))
    if group.criterion == Criterion.MATCHING:
        found = suggest_agents(
            user,
            mission,
            filters=Filters(organisation=group.organisation.pk),
            limit=MATCHING_LIMIT,
            record=False,
        )
        return agents.filter(pk__in=[s.agent_id for s in found])
    return agents.none()


_ACCOUNT = Q(user__isnull=False, user__is_active=True)
_EMAIL = _ACCOUNT & Q(user__email__isnull=False) & ~Q(user__email="")
# User.can_receive_sms, as a condition: a verified mobile number, SMS chosen, and no « STOP » since
_SMS = (
    _ACCOUNT
    & Q(user__phone__gt="", user__phone_verified_at__isnull=False, user__sms_opted_in_at__isnull=False)
    & (Q(user__sms_opted_out_at__isnull=True) | Q(user__sms_opted_out_at__lt=F("user__sms_opted_in_at")))
)


def channel_of(agent) -> str:
    """The channel the call mainly goes through (the notification layer routes it by the person's
    preferences): e-mail if they have an address, else SMS if they chose it, else the application."""
    user = agent.user
    if user.email:
        return Channel.EMAIL
    if user.can_receive_sms:
        return Channel.SMS
    return Channel.APP


@dataclass(frozen=True)
class Preview:
    """Counts only, never names: what HR reads before sending."""

    total: int  # everyone in the group the mission is open to
    already: int  # reached by an earlier call for this mission: not reached twice
    to_reach: int  # with an account, not yet reached
    email: int
    sms: int
    app_only: int
    unreachable: int  # no account (or a closed one): the poster or a letter


def preview(*, mission, group: Group, user) -> Preview:
    agents = audience(mission=mission, group=group, user=user)
    reached = CallRecipient.objects.filter(mission=mission).values("agent_id")
    fresh = agents.exclude(pk__in=reached)
    with_account = fresh.filter(_ACCOUNT)
    return Preview(
        total=agents.count(),
        already=agents.filter(pk__in=reached).count(),
        to_reach=with_account.count(),
        email=with_account.filter(_EMAIL).count(),
        sms=with_account.filter(_SMS).count(),
        app_only=with_account.exclude(_EMAIL).exclude(_SMS).count(),
        unreachable=fresh.exclude(_ACCOUNT).count(),
    )


def to_reach(*, mission, group: Group, user) -> QuerySet:
    """The agents this call reaches now: in the group, with an account, never reached for this mission."""
    reached = CallRecipient.objects.filter(mission=mission).values("agent_id")
    return (
        audience(mission=mission, group=group, user=user)
        .exclude(pk__in=reached)
        .filter(_ACCOUNT)
        .select_related("user")
    )
