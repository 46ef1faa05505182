"""The crisis redeployment planner (issue 17): which volunteer covers which shift. No database here: the
services build an ``Instance`` from the crisis (crisis/planning.py) and store the ``Result``.

The model (OR-Tools CP-SAT):
- maximise the weighted coverage of the shifts (a vital shift weighs more than a useful one);
- hard constraints: habilitations, availability (the person's days and confirmed dates), sites the person can
  reach, no two overlapping shifts, at most the person's hours per week, a minimum rest between two shifts, and
  the essential units never below their minimum staffing on any day (their own agents taken away count);
- soft: the crisis skills a shift asks for, what the person would rather not do, a fair share of the load, and
  stability (keeping the assignments of the plan in force: re-planning changes as few as possible).

This module is the interface (the dataclasses and three functions); the work is split by subject:
planner_rules.py (the hard constraints in plain Python), planner_eligibility.py (who may take what, the
candidates kept), planner_greedy.py (the baseline), planner_model.py (the constraints as inequalities),
planner_cpsat.py (the solver), planner_bound.py (the LP relaxation bound), planner_reasons.py (unfilled reasons
and ``check``). docs/crise-planificateur.md explains the whole calculation.
"""

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


def solve(instance: Instance, *, time_limit: float = 10.0, workers: int = 2, per_shift: int = 40) -> Result:
    """The plan of the CP-SAT solver (planner_cpsat.py): every hard constraint holds; coverage first."""
    from .planner_cpsat import solve as cpsat_solve

    return cpsat_solve(instance, time_limit=time_limit, workers=workers, per_shift=per_shift)


def greedy(instance: Instance) -> Result:
    """The greedy baseline (planner_greedy.py): by priority then start, first eligible people."""
    from .planner_greedy import greedy as greedy_plan

    return greedy_plan(instance)


def check(instance: Instance, assignments) -> list[str]:
    """Every hard-constraint violation of ``assignments``, in plain French words (empty: the plan holds)."""
    from .planner_reasons import check as check_plan

    return check_plan(instance, assignments)
