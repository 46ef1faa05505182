"""The rules of a programme run as a test, without the database (issue 16): reminders due before the expiry,
what a decision must say, how an indicator compares with its target, and who may see what.

The rule that an expired test takes no new mission lives with the missions (missions/programme_rules.py):
the mission form and the mission services ask it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.missions.models import ProgrammeStatus
from passerelles.missions.programme_rules import UNDECIDED, is_expired, new_mission_refusal

__all__ = [
    "REMINDER_DAYS",
    "DecisionInput",
    "decision_errors",
    "indicator_state",
    "is_expired",
    "new_mission_refusal",
    "reminder_due",
]

# HR hears of an expiry twice: two months before (time to gather the indicators and the review), then two
# weeks before (time to put the decision on the Codir's agenda).
REMINDER_DAYS = (60, 15)
DECISIONS = (ProgrammeStatus.EXTENDED, ProgrammeStatus.GENERALISED, ProgrammeStatus.STOPPED)


def reminder_due(programme, today: datetime.date) -> int | None:
    """The reminder to send today (60 or 15, days before the expiry), or None.

    Each is sent once per expiry date (``reminded_60_for`` / ``reminded_15_for`` hold the date it was sent
    for): an extension gives a new date, reminded again. A test created 20 days before its end gets the
    15-day one only, when it is due, and never a late 60-day one after it.
    """
    if not (programme.is_test and programme.status in UNDECIDED and programme.expires_on):
        return None
    left = (programme.expires_on - today).days
    if left < 0:
        return None
    if left <= 15 and programme.reminded_15_for != programme.expires_on:
        return 15
    if 15 < left <= 60 and programme.reminded_60_for != programme.expires_on:
        return 60
    return None


@dataclass(frozen=True)
class DecisionInput:
    status: str
    reasons: str
    new_expires_on: datetime.date | None


def decision_errors(decision: DecisionInput, today: datetime.date) -> dict[str, str]:
    """What is wrong with a decision, field by field (empty when it can be recorded): a status among
    prolongé, généralisé, arrêté; reasons always; a new expiry date after today for an extension, and only
    for one."""
    errors = {}
    if decision.status not in DECISIONS:
        errors["status"] = _("Choisissez la décision : prolonger, généraliser ou arrêter le test.")
    if not decision.reasons.strip():
        errors["reasons"] = _("Donnez les raisons de la décision : elles figurent dans le bilan.")
    if decision.status == ProgrammeStatus.EXTENDED:
        if decision.new_expires_on is None:
            errors["new_expires_on"] = _("Un test prolongé a une nouvelle date de fin.")
        elif decision.new_expires_on <= today:
            errors["new_expires_on"] = _("La nouvelle date de fin doit être postérieure à aujourd'hui.")
    elif decision.new_expires_on is not None and decision.status in DECISIONS:
        errors["new_expires_on"] = _("Une nouvelle date de fin ne vaut que pour un test prolongé.")
    return errors


MET, NOT_MET, NO_VALUE = "met", "not_met", "no_value"


def indicator_state(value: Decimal | int | None, direction: str, target: Decimal) -> str:
    """« atteint », « pas atteint » or « pas encore de valeur » for a value against an « au moins / au plus »
    target."""
    if value is None:
        return NO_VALUE
    value = Decimal(value)
    reached = value >= target if direction == "at_least" else value <= target
    return MET if reached else NOT_MET


# Who sees what. The programme's organisation: HR and administrators run it; the signatory (DGS) reads it and
# its review; agents see only their own participation (their engagement, their questionnaire).


def can_manage_in(user, organisation) -> bool:
    """HR and administrators of ``organisation`` create and run its programmes."""
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation) or actor.has_role(Role.ADMIN, organisation)


def can_manage(user, programme) -> bool:
    return can_manage_in(user, programme.organisation)


def can_read(user, programme) -> bool:
    return can_manage(user, programme) or get_actor(user).has_role(Role.SIGNATORY, programme.organisation)


def can_list(user, organisation) -> bool:
    actor = get_actor(user)
    return any(actor.has_role(role, organisation) for role in (Role.HR, Role.ADMIN, Role.SIGNATORY))


# Answers are only ever shown aggregated, and only from five answers to a question up (the same threshold as the
# dashboards' small-cell protection): « 4,2 / 5 » from two people would tell who said what.
MIN_ANSWERS = 5


@dataclass
class QuestionResult:
    text: str
    kind: str  # likert, yesno
    count: int
    mean: Decimal | None = None  # likert: the mean from 1 to 5
    yes_share: int | None = None  # yes/no: the share of « oui », in %

    @property
    def hidden(self) -> bool:
        return self.count < MIN_ANSWERS


def aggregate_answers(rows) -> list[QuestionResult]:
    """Per question (its kind and its text, as asked), the number of answers and their mean or share of
    « oui », from ``rows`` of (questions, answers) as stored. Free texts are never aggregated nor shown: they
    could single a person out. A result under MIN_ANSWERS answers is ``hidden`` (its figures are dropped)."""
    found: dict[tuple[str, str], list[int]] = {}
    for questions, answers in rows:
        for index, question in enumerate(questions or []):
            kind, text = question.get("kind"), question.get("text", "")
            value = str((answers or {}).get(str(index), "")).strip()
            if kind == "likert" and value in {"1", "2", "3", "4", "5"}:
                found.setdefault((kind, text), []).append(int(value))
            elif kind == "yesno" and value in {"oui", "non"}:
                found.setdefault((kind, text), []).append(1 if value == "oui" else 0)
    results = []
    for (kind, text), values in found.items():
        result = QuestionResult(text=text, kind=kind, count=len(values))
        if not result.hidden:
            if kind == "likert":
                result.mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))
            else:
                result.yes_share = round(100 * sum(values) / len(values))
        results.append(result)
    return results
