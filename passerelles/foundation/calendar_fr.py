"""The French working calendar: weekends, public holidays, and the points d'étape laid on working days.

No database: tested on its own (tests/test_dates_rules.py). Public holidays come from the ``holidays``
library (``holidays.country_holidays("FR")``), which follows the law (1er mai, 14 juillet, lundi de Pâques,
Ascension, lundi de Pentecôte…) year after year; nobody keeps a list by hand. Alsace-Moselle's two extra days
(Vendredi saint, 26 décembre) come with a subdivision: ``subdiv="57"`` (Moselle) or ``"6AE"`` (Bas-Rhin and
Haut-Rhin) — see docs/missions.md.

What the rules are for:

- a rencontre on a Saturday, a Sunday or a public holiday is probably a slip of the date picker: it gets a
  warning (``non_working_reason``), never a refusal — a café-mission on a Saturday market is a real thing;
- a point d'étape is a working conversation: it falls on a working day, and two of them are at least a week
  apart (``checkin_dates``) — a short mission gets fewer of them rather than one a day.
"""

import datetime
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

# At least this many days between two points d'étape.
CHECKIN_MIN_GAP_DAYS = 7
# Weekdays are 0 (Monday) … 6 (Sunday).
SATURDAY, SUNDAY = 5, 6


@lru_cache(maxsize=8)
def _calendar(subdiv: str | None) -> holidays.HolidayBase:
    # Years are added as they are asked for (expand=True, the library's default).
    return holidays.country_holidays("FR", subdiv=subdiv, language="fr")


def holiday_name(day: datetime.date, *, subdiv: str | None = None) -> str:
    """The public holiday's French name (« Fête nationale »), or "" on an ordinary day."""
    return _calendar(subdiv).get(day) or ""


def is_working_day(day: datetime.date, *, subdiv: str | None = None) -> bool:
    return day.weekday() < SATURDAY and not holiday_name(day, subdiv=subdiv)


def next_working_day(day: datetime.date, *, subdiv: str | None = None) -> datetime.date:
    """The day itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, subdiv=subdiv):
        day += datetime.timedelta(days=1)
    return day


def previous_working_day(day: datetime.date, *, subdiv: str | None = None) -> datetime.date:
    """The day itself if it is a working day, else the last working day before it."""
    while not is_working_day(day, subdiv=subdiv):
        day -= datetime.timedelta(days=1)
    return day


def non_working_reason(day: datetime.date, *, subdiv: str | None = None) -> str:
    """Why this day is not a working day, as a French sentence ("" on a working day).

    A holiday falling on a weekend is named as the holiday (« 1er mai : Fête du Travail »), which is what
    people remember of the day."""
    name = holiday_name(day, subdiv=subdiv)
    when = day.strftime("%d/%m/%Y")
    if name:
        return _("Le %(day)s est un jour férié (%(name)s).") % {"day": when, "name": name}
    if day.weekday() == SATURDAY:
        return _("Le %(day)s est un samedi.") % {"day": when}
    if day.weekday() == SUNDAY:
        return _("Le %(day)s est un dimanche.") % {"day": when}
    return ""


def checkin_dates(
    start: datetime.date, end: datetime.date, *, subdiv: str | None = None
) -> list[datetime.date]:
    """The pact's points d'étape: after two weeks, at mid-term, in the last week.

    Each candidate moves to the next working day (or, when that would fall after the end, to the last
    working day before it); it must fall after the first day and by the last. Candidates are then taken in
    date order, each at least ``CHECKIN_MIN_GAP_DAYS`` after the one kept before it: a five-day mission gets
    one point d'étape, a three-week one two at most, a six-month one three.
    """
    if end <= start:
        return []
    candidates = [
        start + datetime.timedelta(days=14),
        start + (end - start) / 2,
        end - datetime.timedelta(days=6),
    ]
    placed = set()
    for candidate in candidates:
        day = next_working_day(candidate, subdiv=subdiv)
        if day > end:
            day = previous_working_day(candidate, subdiv=subdiv)
        if start < day <= end:
            placed.add(day)
    kept: list[datetime.date] = []
    for day in sorted(placed):
        if not kept or (day - kept[-1]).days >= CHECKIN_MIN_GAP_DAYS:
            kept.append(day)
    return kept


@lru_cache(maxsize=64)
def _weekday_holidays(year: int, subdiv: str | None) -> tuple[datetime.date, ...]:
    return tuple(
        sorted(d for d in holidays.country_holidays("FR", subdiv=subdiv, years=year) if d.weekday() < 5)
    )


@lru_cache(maxsize=32_768)
def working_days_between(start: datetime.date, end: datetime.date, *, subdiv: str | None = None) -> int:
    """Working days from ``start`` to ``end`` included (Monday to Friday, public holidays excluded): the days a
    mission's time share applies to. Counted in constant time per year, for the dashboards' thousands of
    engagements, and remembered: a dashboard asks for the same periods twice per page and again on the next
    (a few megabytes at most)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    weekdays = weeks * 5 + sum(1 for i in range(rest) if (start.weekday() + i) % 7 < 5)
    for year in range(start.year, end.year + 1):
        weekdays -= sum(1 for d in _weekday_holidays(year, subdiv) if start <= d <= end)
    return weekdays
