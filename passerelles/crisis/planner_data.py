"""The planner's data: what goes in (``Instance``: shifts, people, floors) and what comes out (``Result``). Plain
dataclasses, imported by every planner module and re-exported by planner.py, the interface the services use."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shift:
    id: int
    unit: int  # the unit that needs help
    start: datetime.datetime  # naive local date-times; end may be on the next day (a night)
    end: datetime.datetime
    site: int | None = None  # None: no site condition
    habilitations: frozenset[str] = frozenset()  # all required
    skills: frozenset[str] = frozenset()  # wished for
    head_count: int = 1
    priority: int = 2  # 1 vital, 2 important, 3 useful (crisis.vocabulary.Priority)


@dataclass(frozen=True)
class Person:
    id: int
    home_unit: int | None
    habilitations: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    rather_not: frozenset[str] = frozenset()  # crisis skills the person would rather not use
    sites: frozenset[int] | None = None  # the sites the person can reach; None: any
    days: frozenset[datetime.date] = frozenset()  # the dates the person can give
    max_minutes_per_week: int = 20 * 60


@dataclass(frozen=True)
class Floor:
    """An essential unit: ``staff`` of its agents on duty, never fewer than ``minimum`` on any day."""

    unit: int
    staff: int
    minimum: int


@dataclass(frozen=True)
class Instance:
    shifts: tuple[Shift, ...]
    people: tuple[Person, ...]
    floors: tuple[Floor, ...] = ()
    min_rest_minutes: int = 11 * 60
    keep: frozenset[tuple[int, int]] = frozenset()  # (person, shift) of the plan in force: stability
    fixed: frozenset[tuple[int, int]] = frozenset()  # (person, shift) set by hand: always kept
    excluded: frozenset[tuple[int, int]] = frozenset()  # (person, shift) removed by hand or withdrawn
    unit_names: dict[int, str] = field(default_factory=dict, hash=False, compare=False)  # for the reasons


@dataclass
class Result:
    assignments: list[tuple[int, int]]  # (person, shift)
    unfilled: dict[int, tuple[int, str]] = field(default_factory=dict)  # shift → (missing, reason in French)
    status: str = ""  # "optimal", "feasible", "greedy"…
    objective: float = 0.0
    bound: float = 0.0  # the best bound known (LP relaxation or the solver's)
    coverage: float = 0.0  # covered places / asked places
    seconds: float = 0.0
    candidates: int = 0  # pairs (person, shift) in the solver's model, after pruning

    @property
    def gap(self) -> float:
        """(bound − weighted coverage) / bound: how far from the best possible the plan can be."""
        return (self.bound - self.objective) / self.bound if self.bound > 0 else 0.0
