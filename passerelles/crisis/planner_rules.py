"""The planner's hard constraints, written once and used everywhere: by the greedy baseline, by the check of a
plan (``check``), by the validation of the pairs set by hand, and by the reasons given for an unfilled shift.

Why one module: the solver encodes the same rules as linear constraints (planner_cpsat.py); keeping the plain
version here, in the simplest form, lets the property tests verify the solver against it.

Conventions (documented in docs/crise-planificateur.md):
- a shift belongs to the date it starts on (a night from 21:00 to 07:00 is a shift of its first day), for the
  person's available days, the ISO week of the hours and the minimum staffing of the person's home unit;
- two shifts of one person conflict when they overlap or when the rest between the end of one and the start of
  the other is shorter than ``min_rest_minutes`` (the rest is counted both ways);
- an essential unit may lend, on a given date, at most ``staff − minimum`` of its agents (an agent lent twice
  the same day counts once).
"""

import datetime
from dataclasses import dataclass

EPOCH = datetime.datetime(2000, 1, 3)  # a Monday: minutes are counted from here


def minutes(moment: datetime.datetime) -> int:
    """Minutes since EPOCH (naive local date-times, as the Instance holds them)."""
    return int((moment - EPOCH).total_seconds() // 60)


@dataclass(frozen=True)
class Slot:
    """What the rules need of a shift, computed once."""

    start: int  # minutes since EPOCH
    end: int
    date: datetime.date  # the date it starts on
    week: tuple[int, int]  # ISO year and week of its start

    @property
    def length(self) -> int:
        return max(0, self.end - self.start)


def slot(shift) -> Slot:
    iso = shift.start.date().isocalendar()
    return Slot(minutes(shift.start), minutes(shift.end), shift.start.date(), (iso[0], iso[1]))


def conflicts(a: Slot, b: Slot, rest: int) -> bool:
    """Overlapping, or too close for the minimum rest (either order)."""
    return a.start < b.end + rest and b.start < a.end + rest


def floor_caps(instance) -> dict[int, int]:
    """Per essential unit, how many of its agents may be lent on one date (the smallest if listed twice)."""
    caps: dict[int, int] = {}
    for floor in instance.floors:
        cap = max(0, floor.staff - floor.minimum)
        caps[floor.unit] = min(cap, caps.get(floor.unit, cap))
    return caps


# Why a person cannot take a shift, as codes (the reasons module words them in French).
NOT_QUALIFIED = "habilitation"
NOT_AVAILABLE = "day"
NOT_REACHABLE = "site"
EXCLUDED = "excluded"
FULL = "full"
CONFLICT = "conflict"
WEEK = "week"
FLOOR = "floor"


def static_refusal(instance, person, shift) -> str | None:
    """Why ``person`` can never take ``shift`` (whatever else is assigned), or None when eligible."""
    if not shift.habilitations <= person.habilitations:
        return NOT_QUALIFIED
    if shift.start.date() not in person.days:
        return NOT_AVAILABLE
    if shift.site is not None and person.sites is not None and shift.site not in person.sites:
        return NOT_REACHABLE
    if (person.id, shift.id) in instance.excluded:
        return EXCLUDED
    return None


class Roster:
    """A plan being built, pair by pair, that can say whether one more pair keeps every hard constraint."""

    def __init__(self, instance, slots: dict[int, Slot] | None = None):
        self.instance = instance
        self.people = {person.id: person for person in instance.people}
        self.shifts = {shift.id: shift for shift in instance.shifts}
        self.slots = slots if slots is not None else {s.id: slot(s) for s in instance.shifts}
        self.caps = floor_caps(instance)
        self.taken: dict[int, list[int]] = {}  # person → shifts
        self.week_minutes: dict[tuple[int, tuple[int, int]], int] = {}
        self.lent: dict[tuple[int, datetime.date], set[int]] = {}  # (unit, date) → persons
        self.filled: dict[int, int] = {}
        self.pairs: set[tuple[int, int]] = set()

    def refusal(self, person_id: int, shift_id: int, *, static: bool = True) -> str | None:
        """The first hard constraint that adding the pair would break, or None."""
        person, shift = self.people[person_id], self.shifts[shift_id]
        if static:
            reason = static_refusal(self.instance, person, shift)
            if reason:
                return reason
        if self.filled.get(shift_id, 0) >= shift.head_count:
            return FULL
        return self.dynamic_refusal(person_id, shift_id)

    def dynamic_refusal(self, person_id: int, shift_id: int) -> str | None:
        """Conflicts with the person's other shifts, hours of the week, the home unit's minimum staffing."""
        person, here = self.people[person_id], self.slots[shift_id]
        rest = self.instance.min_rest_minutes
        for other in self.taken.get(person_id, ()):
            if other == shift_id or conflicts(here, self.slots[other], rest):
                return CONFLICT
        if self.week_minutes.get((person_id, here.week), 0) + here.length > person.max_minutes_per_week:
            return WEEK
        cap = self.caps.get(person.home_unit) if person.home_unit is not None else None
        if cap is not None:
            lent = self.lent.get((person.home_unit, here.date), ())
            if person_id not in lent and len(lent) >= cap:
                return FLOOR
        return None

    def copy(self) -> "Roster":
        """An independent roster with the same pairs (the instance and the slots are shared, not copied)."""
        other = Roster.__new__(Roster)
        other.__dict__.update(self.__dict__)
        other.taken = {key: list(value) for key, value in self.taken.items()}
        other.week_minutes = dict(self.week_minutes)
        other.lent = {key: set(value) for key, value in self.lent.items()}
        other.filled = dict(self.filled)
        other.pairs = set(self.pairs)
        return other

    def take(self, person_id: int, shift_id: int) -> None:
        person, here = self.people[person_id], self.slots[shift_id]
        self.taken.setdefault(person_id, []).append(shift_id)
        key = (person_id, here.week)
        self.week_minutes[key] = self.week_minutes.get(key, 0) + here.length
        if person.home_unit in self.caps:
            self.lent.setdefault((person.home_unit, here.date), set()).add(person_id)
        self.filled[shift_id] = self.filled.get(shift_id, 0) + 1
        self.pairs.add((person_id, shift_id))
