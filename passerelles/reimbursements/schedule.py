"""The reimbursement schedule as arithmetic: periods, amounts to the cent, and what a recomputation keeps.

No database here (DESIGN §4: rules testable without it). Why these choices:

- **Pro rata of the time share and of the days.** A mise à disposition is reimbursed « pro rata of time »
  (FRAMEWORKS.md §2): each calendar month counts for a twelfth of the yearly cost times the time share, and a
  month the engagement covers only in part counts for its covered days over the month's days. A full quarter
  is therefore exactly a quarter of the yearly share, whatever the number of days in its months.
- **The sum of the lines is the total, exactly.** Each line is the rounded running total minus the rounded
  running total before it (cumulative rounding): no cent is lost or invented, and the finance departments'
  titres add up to the convention's amount.
- **What is issued stays.** A line for which a titre de recettes was issued (or money received) is an act: a
  change of dates or time share recomputes the other lines only (``recompute``).
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MONTH, QUARTER = "month", "quarter"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """One line's period: the calendar window (a month or a quarter) and its days within the engagement."""

    window_start: datetime.date
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Line:
    period: Period
    amount: Decimal


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def window_of(day: datetime.date, frequency: str) -> tuple[datetime.date, datetime.date]:
    """The calendar month or quarter holding ``day``."""
    if frequency == MONTH:
        first = day.replace(day=1)
        return first, _month_end(first)
    if frequency != QUARTER:
        raise ValueError(f"unknown frequency {frequency!r}")
    first = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first, _month_end(datetime.date(first.year, first.month + 2, 1))


def periods(start: datetime.date, end: datetime.date, frequency: str) -> list[Period]:
    """The windows the engagement touches, each cut to the engagement's dates (the first and last may be
    partial)."""
    if end < start:
        raise ValueError("end before start")
    found, day = [], start
    while day <= end:
        window_start, window_end = window_of(day, frequency)
        found.append(
            Period(window_start=window_start, start=max(start, window_start), end=min(end, window_end))
        )
        day = window_end + datetime.timedelta(days=1)
    return found


def exact_amount(period: Period, *, yearly_cost: Decimal, percent: int) -> Fraction:
    """The unrounded amount of one period: per month, a twelfth of the yearly share, pro rata of the days."""
    share = Fraction(yearly_cost) * percent / 100 / 12
    total, month = Fraction(0), period.start.replace(day=1)
    while month <= period.end:
        days_in_month = calendar.monthrange(month.year, month.month)[1]
        covered = (min(period.end, _month_end(month)) - max(period.start, month)).days + 1
        total += share * covered / days_in_month
        month = _next_month(month)
    return total


def to_cents(value: Fraction) -> Decimal:
    """A Fraction rounded to the cent, half up (how a titre de recettes is rounded)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


def _rounded_lines(chosen: list[Period], *, yearly_cost: Decimal, percent: int) -> list[Line]:
    lines, running, before = [], Fraction(0), Decimal("0.00")
    for period in chosen:
        running += exact_amount(period, yearly_cost=yearly_cost, percent=percent)
        now = to_cents(running)
        lines.append(Line(period=period, amount=now - before))
        before = now
    return lines


def compute(
    start: datetime.date, end: datetime.date, *, yearly_cost: Decimal, percent: int, frequency: str
) -> list[Line]:
    """Every line of a fresh schedule; their sum is the total rounded to the cent."""
    return _rounded_lines(periods(start, end, frequency), yearly_cost=yearly_cost, percent=percent)


def total(start: datetime.date, end: datetime.date, *, yearly_cost: Decimal, percent: int) -> Decimal:
    """The whole reimbursement, rounded once (what the convention states)."""
    exact = sum(
        (exact_amount(p, yearly_cost=yearly_cost, percent=percent) for p in periods(start, end, MONTH)),
        Fraction(0),
    )
    return to_cents(exact)


def recompute(
    start: datetime.date,
    end: datetime.date,
    *,
    yearly_cost: Decimal,
    percent: int,
    frequency: str,
    kept_windows: set[datetime.date],
) -> list[Line]:
    """The lines to write again after a change: every window of the new dates except those a kept line
    (issued or received) already holds — a kept line owns its whole window, so nothing is billed twice."""
    chosen = [p for p in periods(start, end, frequency) if p.window_start not in kept_windows]
    return _rounded_lines(chosen, yearly_cost=yearly_cost, percent=percent)


def due_on(period_end: datetime.date) -> datetime.date:
    """When a line is to be issued: the day after its period (the service done, then the titre)."""
    return period_end + datetime.timedelta(days=1)
