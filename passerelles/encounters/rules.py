"""The rules of mission forums and café-missions that need no database (tested in tests/test_encounters_rules.py).

- the lifecycle: brouillon → ouvert (pitches and registrations) → planifié (the schedule was sent) → tenu (after
  the date: each side says whether to go on); annulé from any step before « tenu », with a confirmation;
- the timetable: round ``r`` starts ``r × (conversation + pause)`` after the start, so the solver's slots
  become times without a database;
- the wishes: an explicit rank 1..5, each rank and each pitch once (a duplicate is said in plain French);
- which missions may be pitched: a mission shown only to its own unit is never pitched, and a network forum
  (several employers) only takes missions published to the whole network — a forum never shows a mission to
  people its host did not publish it for;
- when a conversation becomes an engagement: both said « je souhaite continuer ».
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.foundation.calendar_fr import non_working_reason

MAX_WISHES = 5
PITCH_MAX_CHARS = 600
PHOTO_MAX_BYTES = 2 * 1024 * 1024
# What a forum can hold: a morning of 12 rounds of 5 to 60 minutes, 60 tables of up to 8 people.
MAX_ROUNDS, MAX_TABLES, MAX_SEATS = 12, 60, 8
MIN_MINUTES, MAX_MINUTES, MAX_PAUSE = 5, 60, 30


class Kind(models.TextChoices):
    FORUM = "forum", gettext_lazy("Forum des missions")
    CAFE = "cafe", gettext_lazy("Café-missions")


class Status(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Brouillon")
    OPEN = "open", gettext_lazy("Ouvert aux inscriptions")
    SCHEDULED = "scheduled", gettext_lazy("Planifié")
    HELD = "held", gettext_lazy("Tenu")
    CANCELLED = "cancelled", gettext_lazy("Annulé")


# action → (from states, to state)
TRANSITIONS = {
    "open": ({Status.DRAFT}, Status.OPEN),
    "send": ({Status.OPEN}, Status.SCHEDULED),
    "hold": ({Status.SCHEDULED}, Status.HELD),
    "cancel": ({Status.DRAFT, Status.OPEN, Status.SCHEDULED}, Status.CANCELLED),
}
PITCHING = frozenset({Status.DRAFT, Status.OPEN})  # hosts present their missions until the schedule leaves
EDITABLE = frozenset({Status.DRAFT, Status.OPEN})


def transition_refusal(status: str, action: str) -> str:
    """Why ``action`` cannot be taken from ``status`` ('' when it can)."""
    sources, _target = TRANSITIONS[action]
    if status in sources:
        return ""
    return _("Cette étape n'est pas possible pour un événement « %(status)s ».") % {
        "status": Status(status).label
    }


def target(action: str) -> str:
    return TRANSITIONS[action][1]


def hold_refusal(day: datetime.date, today: datetime.date) -> str:
    """An event is « tenu » on its day or after, never before."""
    if day > today:
        return _("L'événement n'a pas encore eu lieu : il pourra être déclaré tenu à partir du %(day)s.") % {
            "day": day.strftime("%d/%m/%Y")
        }
    return ""


@dataclass(frozen=True)
class Format:
    """What the organiser chose for the conversations."""

    minutes: int
    pause: int
    rounds: int
    tables: int
    seats: int


def format_refusals(fmt: Format) -> list[str]:
    refusals = []
    if not MIN_MINUTES <= fmt.minutes <= MAX_MINUTES:
        refusals.append(
            _("Une conversation dure de %(min)s à %(max)s minutes.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES}
        )
    if not 0 <= fmt.pause <= MAX_PAUSE:
        refusals.append(
            _("La pause entre deux conversations dure de 0 à %(max)s minutes.") % {"max": MAX_PAUSE}
        )
    if not 1 <= fmt.rounds <= MAX_ROUNDS:
        refusals.append(_("Le nombre de conversations par personne va de 1 à %(max)s.") % {"max": MAX_ROUNDS})
    if not 1 <= fmt.tables <= MAX_TABLES:
        refusals.append(_("Le nombre de tables va de 1 à %(max)s.") % {"max": MAX_TABLES})
    if not 1 <= fmt.seats <= MAX_SEATS:
        refusals.append(_("Le nombre de places par table va de 1 à %(max)s.") % {"max": MAX_SEATS})
    return refusals


def date_refusal(day: datetime.date, today: datetime.date) -> str:
    """Not in the past, and on a working day: the conversations are work time, with the manager's usual leave
    of absence — a forum on a Sunday or a public holiday would ask people to come on their own time."""
    if day < today:
        return _("La date de l'événement ne peut pas être passée.")
    reason = non_working_reason(day)
    if reason:
        return reason + " " + _("Un forum ou un café-missions se tient un jour travaillé.")
    return ""


def round_start(start: datetime.datetime, fmt: Format, round_index: int) -> datetime.datetime:
    """When round ``round_index`` (0-based) begins."""
    return start + datetime.timedelta(minutes=round_index * (fmt.minutes + fmt.pause))


def wish_refusals(ranks: dict[int, int]) -> list[str]:
    """``ranks``: pitch id → rank given by the agent (only the pitches they ranked)."""
    refusals = []
    if not ranks:
        refusals.append(_("Classez au moins une conversation (rang 1 pour celle qui vous tente le plus)."))
    seen: dict[int, int] = {}
    for rank in ranks.values():
        if not 1 <= rank <= MAX_WISHES:
            refusals.append(_("Chaque rang va de 1 à %(max)s.") % {"max": MAX_WISHES})
            return refusals
        seen[rank] = seen.get(rank, 0) + 1
    for rank in sorted(r for r, count in seen.items() if count > 1):
        refusals.append(
            _("Le rang %(rank)s est donné à plusieurs conversations : un rang par conversation.")
            % {"rank": rank}
        )
    return refusals


def mission_may_be_pitched(*, visibility: str, mission_org: int, scope: set[int]) -> bool:
    """A mission shown to its unit only is never pitched; one shown to its organisation only, to a forum of
    that organisation alone; a network forum takes missions published to the whole network."""
    if mission_org not in scope or visibility == "unit":
        return False
    return visibility == "network" or scope == {mission_org}


def both_continue(agent_says: bool | None, host_says: bool | None) -> bool:
    return agent_says is True and host_says is True
