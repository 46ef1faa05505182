"""The greedy baseline: what a careful person would do by hand, and the yardstick of the solver.

Shifts are taken by priority (vital first), then by start, and each is filled by the first eligible people (in
the given order) whose addition keeps every hard constraint (planner_rules.Roster). The solver starts from this
plan too (as a hint), so it is never worse.
"""

import time

from .planner_eligibility import Index, fixed_pairs
from .planner_rules import Roster


def shift_order(instance) -> list:
    return sorted(instance.shifts, key=lambda s: (s.priority, s.start, s.id))


def fill(instance, roster: Roster, lists: dict[int, list[int]]) -> None:
    """Complete ``roster`` greedily, each shift trying its people in the order of ``lists``."""
    for shift in shift_order(instance):
        for person_id in lists.get(shift.id, ()):
            if roster.filled.get(shift.id, 0) >= shift.head_count:
                break
            if (person_id, shift.id) in roster.pairs:
                continue
            if roster.refusal(person_id, shift.id, static=False) is None:
                roster.take(person_id, shift.id)


def greedy(instance):
    """The baseline plan (Result with status "greedy"); every hard constraint holds."""
    from .planner_data import Result
    from .planner_reasons import dropped_note, unfilled_reasons

    started = time.perf_counter()
    index = Index(instance)
    roster = Roster(instance)
    _, dropped = fixed_pairs(instance, roster)
    fill(instance, roster, {shift.id: index.eligible(shift) for shift in instance.shifts})
    assignments = sorted(roster.pairs)
    covered = len(assignments)
    asked = sum(shift.head_count for shift in instance.shifts)
    weighted = coverage_value(instance, assignments)
    status = "greedy" + dropped_note(dropped)
    return Result(
        assignments=assignments,
        unfilled=unfilled_reasons(instance, assignments, index=index),
        status=status,
        objective=float(weighted),
        coverage=covered / asked if asked else 1.0,
        seconds=time.perf_counter() - started,
    )


WEIGHTS = {1: 100, 2: 40, 3: 15}  # per covered place, by priority (1 vital, 2 important, 3 useful)


def weight(shift) -> int:
    return WEIGHTS.get(shift.priority, WEIGHTS[3])


def coverage_value(instance, assignments) -> int:
    """The weighted coverage of a plan (each place counted at most head_count times)."""
    shifts = {shift.id: shift for shift in instance.shifts}
    filled: dict[int, int] = {}
    for _, shift_id in assignments:
        filled[shift_id] = filled.get(shift_id, 0) + 1
    return sum(
        weight(shifts[sid]) * min(n, shifts[sid].head_count) for sid, n in filled.items() if sid in shifts
    )
