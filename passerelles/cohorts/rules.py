"""Named rules of the cohort programmes: who may do what (views and services ask these), and the two
calculations that need no database (the goal's progress, the side-by-side comparison).

Objects are first fetched through a scope (cohorts/scopes.py: outsiders get a 404); these predicates then
decide what an insider may do (a 403 when they may not).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role

# --- who may do what ---------------------------------------------------------------------------------------


def member_ids(network) -> set[int]:
    return {m.organisation_id for m in network.memberships.all()}


def can_run(user, programme) -> bool:
    """The network's coordinators run the programme: goal, criteria, sponsors, journey, communication."""
    return policies.can_coordinate_network(user, programme.network)


def can_create_in(user, network) -> bool:
    return policies.can_coordinate_network(user, network)


def can_tick(user, programme) -> bool:
    """The communication checklist: the coordinators, and the sponsors (the DGS steer the démarche)."""
    if can_run(user, programme):
        return True
    return programme.sponsors.filter(user_id=getattr(user, "pk", None)).exists()


def nominating_organisations(user, programme) -> set[int]:
    """The member organisations whose HR the actor is: they propose their own agents, no one else's."""
    return set(get_actor(user).org_ids(Role.HR)) & member_ids(programme.network)


def can_nominate(user, programme, agent=None) -> bool:
    orgs = nominating_organisations(user, programme)
    if agent is None:
        return bool(orgs)
    return agent.is_active and agent.organisation_id in orgs


def can_withdraw_nomination(user, nomination) -> bool:
    """The agent's own HR takes back a proposal (or ends a participation the agent asked to end)."""
    return nomination.state in ("awaiting", "participant") and get_actor(user).has_role(
        Role.HR, nomination.organisation_id
    )


def is_nominee(user, nomination) -> bool:
    agent = get_actor(user).agent
    return agent is not None and agent.pk == nomination.agent_id


def can_answer_nomination(user, nomination) -> bool:
    """Only the agent says yes or no to taking part; nobody answers for them."""
    return nomination.state == "awaiting" and is_nominee(user, nomination)


def can_leave(user, nomination) -> bool:
    return nomination.state == "participant" and is_nominee(user, nomination)


def can_record_attendance(user, programme, nomination=None) -> bool:
    """The coordinators for every participant; a member's HR for its own participants."""
    if can_run(user, programme):
        return True
    hr = get_actor(user).org_ids(Role.HR)
    if nomination is None:
        return bool(set(hr) & member_ids(programme.network))
    return nomination.organisation_id in hr


def offering_organisations(user, programme) -> set[int]:
    """Where the actor may offer a post from: any member for a coordinator, their own member for an HR."""
    members = member_ids(programme.network)
    if can_run(user, programme):
        return members
    return set(get_actor(user).org_ids(Role.HR)) & members


def can_offer(user, programme, nomination=None, offering_organisation_id=None) -> bool:
    """A post of *another* member, offered to a participant by that member's HR or by a coordinator."""
    orgs = offering_organisations(user, programme)
    if nomination is None:
        return bool(orgs)
    if not nomination.is_participant or nomination.programme_id != programme.pk:
        return False
    if offering_organisation_id is None:
        return bool(orgs - {nomination.organisation_id})
    return offering_organisation_id in orgs and offering_organisation_id != nomination.organisation_id


def can_answer_opportunity(user, opportunity) -> bool:
    """The participant alone accepts or declines, and never has to say why."""
    return opportunity.state == "offered" and is_nominee(user, opportunity.nomination)


def sheet_sides_for(user, opportunity) -> set[str]:
    """The columns of the sheet the actor fills: the participant's employer's HR the « origine », the
    offering member's HR the « accueil »."""
    actor = get_actor(user)
    sides = set()
    if actor.has_role(Role.HR, opportunity.nomination.organisation_id):
        sides.add("origine")
    if actor.has_role(Role.HR, opportunity.offering_organisation_id):
        sides.add("accueil")
    return sides


def can_read_sheet(user, opportunity) -> bool:
    """The participant and both HR read the sheet; nobody else (not the coordinators, not the DGS)."""
    return is_nominee(user, opportunity.nomination) or bool(sheet_sides_for(user, opportunity))


# --- calculations ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    moves: int
    goal: int
    end_on: datetime.date
    days_left: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.moves / self.goal)) if self.goal else 0

    @property
    def reached(self) -> bool:
        return self.moves >= self.goal

    @property
    def over(self) -> bool:
        """The deadline has passed: what is counted is final."""
        return self.days_left < 0


def progress(*, moves: int, goal: int, end_on: datetime.date, today: datetime.date) -> Progress:
    return Progress(moves=moves, goal=goal, end_on=end_on, days_left=(end_on - today).days)


def counts_as_move(*, state: str, accepted_on: datetime.date | None, end_on: datetime.date) -> bool:
    """An opportunity accepted by the goal's date is a « mouvement significatif »; one accepted afterwards is
    a move all the same, but no longer toward this goal."""
    return state == "accepted" and accepted_on is not None and accepted_on <= end_on


@dataclass(frozen=True)
class SheetRow:
    label: str
    origin: object
    host: object
    difference: Decimal | None = None


def monthly_total(side) -> Decimal:
    """Gross pay plus régime indemnitaire for one month (the CIA spread over twelve)."""
    return side.gross_monthly_pay + side.ri_monthly + (side.ri_yearly_bonus / 12).quantize(Decimal("0.01"))


def compare(origin, host, labels: dict[str, str]) -> list[SheetRow]:
    """The rows of the side-by-side sheet. A column not entered yet shows as ``None``; a difference is given
    only when both employers entered their amounts (host minus origin, per month)."""

    def value(side, name):
        return getattr(side, name) if side is not None else None

    rows = [
        SheetRow(labels["employer"], value(origin, "organisation"), value(host, "organisation")),
        SheetRow(labels["position"], value(origin, "position"), value(host, "position")),
        SheetRow(labels["grade"], value(origin, "grade"), value(host, "grade")),
        SheetRow(
            labels["grade_equivalence"], value(origin, "grade_equivalence"), value(host, "grade_equivalence")
        ),
    ]
    for name in ("gross_monthly_pay", "ri_monthly", "ri_yearly_bonus"):
        a, b = value(origin, name), value(host, name)
        rows.append(SheetRow(labels[name], a, b, b - a if a is not None and b is not None else None))
    a = monthly_total(origin) if origin is not None else None
    b = monthly_total(host) if host is not None else None
    rows.append(SheetRow(labels["total"], a, b, b - a if a is not None and b is not None else None))
    rows.append(SheetRow(labels["notes"], value(origin, "notes"), value(host, "notes")))
    return rows
