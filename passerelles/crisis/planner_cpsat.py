"""The solver: OR-Tools CP-SAT in two phases over the candidate pairs.

Phase 1 maximises the weighted coverage alone (WEIGHTS in planner_greedy.py: a vital place 100, an important
one 40, a useful one 15), starting from the greedy plan on the same candidates (a hint: never worse than it).
Phase 2 keeps that coverage as a constraint and maximises the soft terms:
  + KEEP for each pair of the plan in force that is retained (stability: re-planning changes little),
  + SKILL per wished skill the person has, − RATHER_NOT per skill the person would rather not use,
  − FAIR per minute of the largest load of one person over the crisis (fairness, one variable: cheap).
Why two phases rather than one weighted sum: a soft term can then never cost a place, whatever the sizes, and
the coefficients stay small (a single sum would need a factor larger than every soft term together).
The time limit covers both phases and the building of the model; phase 2 is skipped when no time is left.
"""

import time

from ortools.sat.python import cp_model

from .planner_bound import lp_bound
from .planner_eligibility import PER_SHIFT, Index, candidates, fixed_pairs
from .planner_greedy import coverage_value, fill
from .planner_model import build
from .planner_reasons import dropped_note, unfilled_reasons
from .planner_rules import Roster, slot

KEEP = 1000
SKILL = 10
RATHER_NOT = 20
FAIR = 1
RESERVE = 0.6  # seconds kept, of the time limit, for the solver's own overhead and the unfilled reasons


def _add_constraints(cp, x, model) -> list[tuple]:
    """The hard constraints; returns the auxiliary « lent that day » variables with their pairs (to hint)."""
    aux = []
    for variables, head_count in model.heads:
        cp.Add(cp_model.LinearExpr.Sum([x[i] for i in variables]) <= head_count)
    for clique in model.cliques:
        cp.AddAtMostOne(x[i] for i in clique)
    for variables, lengths, limit in model.weeks:
        cp.Add(cp_model.LinearExpr.WeightedSum([x[i] for i in variables], lengths) <= limit)
    for groups, cap in model.floors:
        lent = []
        for variables in groups:
            if len(variables) == 1:
                lent.append(x[variables[0]])
            else:
                away = cp.NewBoolVar("")
                for i in variables:
                    cp.AddImplication(x[i], away)
                lent.append(away)
                aux.append((away, variables))
        cp.Add(cp_model.LinearExpr.Sum(lent) <= cap)
    for i in model.fixed:
        cp.Add(x[i] == 1)
    return aux


def _hint(cp, x, aux, chosen: set[int]) -> None:
    cp.ClearHints()
    for i, var in enumerate(x):
        cp.AddHint(var, i in chosen)
    for away, variables in aux:
        cp.AddHint(away, any(i in chosen for i in variables))


def _soft(instance, model, slots):
    people = {person.id: person for person in instance.people}
    shifts = {shift.id: shift for shift in instance.shifts}
    coefficients = []
    for person_id, shift_id in model.pairs:
        person, shift = people[person_id], shifts[shift_id]
        value = SKILL * len(person.skills & shift.skills)
        value -= RATHER_NOT * len(person.rather_not & shift.skills)
        if (person_id, shift_id) in instance.keep:
            value += KEEP
        coefficients.append(value)
    return coefficients


def _first_plan(instance, model, kept, roster, relaxed) -> set[tuple[int, int]]:
    """The solver's starting plan, the best of three (by weighted coverage, then by pairs of the plan in force
    retained), each built pair by pair so that every hard constraint holds:
    - the LP solution rounded (its pairs taken at one half or more, most certain first), completed greedily:
      the relaxation is nearly integral on such models, so this start is already close to the bound;
    - the same, starting from the pairs of the plan in force: after a withdrawal, the plan changes little even
      when there is no time left to optimise stability;
    - the greedy plan on the candidates: the solver is never worse than the baseline."""
    order = sorted((i for i in range(len(relaxed)) if relaxed[i] >= 0.5), key=lambda i: -relaxed[i])
    rounded = [model.pairs[i] for i in order]
    candidate_pairs = set(model.pairs)
    in_force = sorted(pair for pair in instance.keep if pair in candidate_pairs)
    starts = []
    for first in ([], rounded, in_force + rounded) if relaxed else ([], in_force):
        start = roster.copy()
        for person_id, shift_id in first:
            if (person_id, shift_id) not in start.pairs and start.refusal(person_id, shift_id) is None:
                start.take(person_id, shift_id)
        fill(instance, start, kept)
        retained = len(start.pairs & instance.keep)
        starts.append((coverage_value(instance, start.pairs), retained, -len(starts), start.pairs))
    return max(starts)[3]


def _run(cp, seconds: float, workers: int):
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = 1
    status = solver.Solve(cp)
    return solver, status


def solve(instance, *, time_limit: float = 10.0, workers: int = 2, per_shift: int = PER_SHIFT):
    from .planner_data import Result

    started = time.perf_counter()
    deadline = started + time_limit
    index = Index(instance)
    slots = {shift.id: slot(shift) for shift in instance.shifts}
    roster = Roster(instance, slots)
    fixed, dropped = fixed_pairs(instance, roster)
    kept = candidates(instance, index, per_shift)
    model = build(instance, kept, slots, fixed)
    in_force = [i for i, pair in enumerate(model.pairs) if pair in instance.keep]
    bound, relaxed = lp_bound(model, seconds=max(0.5, 0.25 * (deadline - time.perf_counter())), keep=in_force)
    hint = _first_plan(instance, model, kept, roster, relaxed)

    cp = cp_model.CpModel()
    x = [cp.NewBoolVar("") for _ in model.pairs]
    aux = _add_constraints(cp, x, model)
    coverage = cp_model.LinearExpr.WeightedSum(x, model.weights)
    chosen = [i for i, pair in enumerate(model.pairs) if pair in hint]
    _hint(cp, x, aux, set(chosen))
    # Coverage first, then (exactly, lexicographically) the pairs of the plan in force: weighted coverage
    # moves by at least 1, which outweighs all the pairs in force together once multiplied by their number + 1.
    scale = len(in_force) + 1
    first_goal = [scale * w for w in model.weights]
    for i in in_force:
        first_goal[i] += 1
    cp.Maximize(cp_model.LinearExpr.WeightedSum(x, first_goal))
    chosen_set = set(chosen)
    best = sum(model.weights[i] for i in chosen)
    start_value = scale * best + sum(1 for i in in_force if i in chosen_set)
    remaining = deadline - time.perf_counter()
    solver, status = _run(cp, min(0.7 * remaining, remaining - RESERVE), workers)
    optimal = status == cp_model.OPTIMAL
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.ObjectiveValue() >= start_value:
        chosen = [i for i in range(len(x)) if solver.Value(x[i])]
        best = sum(model.weights[i] for i in chosen)
    # otherwise the starting plan stands (checked pair by pair against every hard constraint)

    remaining = deadline - time.perf_counter() - RESERVE
    if remaining > min(1.0, 0.2 * time_limit) and model.pairs:
        cp.Add(coverage >= best)
        _hint(cp, x, aux, set(chosen))
        load = cp.NewIntVar(0, max((sum(slots[s].length for _p, s in model.pairs)), 1), "load")
        for variables in model.by_person.values():
            lengths = [slots[model.pairs[i][1]].length for i in variables]
            cp.Add(cp_model.LinearExpr.WeightedSum([x[i] for i in variables], lengths) <= load)
        loads: dict[int, int] = {}
        for i in chosen:
            person_id, shift_id = model.pairs[i]
            loads[person_id] = loads.get(person_id, 0) + slots[shift_id].length
        cp.AddHint(load, max(loads.values(), default=0))
        soft = _soft(instance, model, slots)
        cp.Maximize(cp_model.LinearExpr.WeightedSum(x + [load], soft + [-FAIR]))
        solver, status = _run(cp, 0.9 * (deadline - time.perf_counter() - RESERVE), workers)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = [i for i in range(len(x)) if solver.Value(x[i])]
            optimal = optimal and status == cp_model.OPTIMAL
        else:
            optimal = False
    else:
        optimal = optimal and not model.pairs

    assignments = sorted(model.pairs[i] for i in chosen)
    asked = sum(shift.head_count for shift in instance.shifts)
    covered = len(assignments)
    return Result(
        assignments=assignments,
        unfilled=unfilled_reasons(instance, assignments, index=index),
        status=("optimal" if optimal else "feasible") + dropped_note(dropped),
        objective=float(coverage_value(instance, assignments)),
        bound=bound,
        coverage=covered / asked if asked else 1.0,
        seconds=time.perf_counter() - started,
        candidates=len(model.pairs),
    )
