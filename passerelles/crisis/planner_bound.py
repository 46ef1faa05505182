"""The LP relaxation bound of the coverage objective (GLOP), computed on the very model CP-SAT solves.

Why: the gap between the plan and this bound says how far from the best possible the plan can be, without
trusting the solver's own claims. The relaxation lets each pair be taken « in part » (0 ≤ x ≤ 1), with the same
head counts, rest cliques, hours per week, minimum staffing (a continuous « lent that day » per person) and
pairs set by hand. It bounds the pruned model (the candidates of planner_eligibility.py), not every
imaginable plan over the whole registry: the benchmark reports it as such.
"""

from ortools.linear_solver import pywraplp


def trivial_bound(model) -> float:
    """Each shift filled up to its head count by its candidates: a bound that costs nothing."""
    total = 0.0
    counted = set()
    for variables, head_count in model.heads:
        counted.update(variables)
        total += sum(sorted((model.weights[i] for i in variables), reverse=True)[:head_count])
    total += sum(w for i, w in enumerate(model.weights) if i not in counted)
    return float(total)


def lp_bound(model, *, seconds: float = 5.0) -> tuple[float, list[float]]:
    """The optimum of the LP relaxation and its values per variable (a guide for the solver's first plan), or
    the trivial bound and no values if GLOP cannot finish in ``seconds``."""
    if not model.pairs:
        return 0.0, []
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return trivial_bound(model), []
    solver.SetTimeLimit(int(seconds * 1000))
    x = [solver.NumVar(0.0, 1.0, "") for _ in model.pairs]
    for variables, head_count in model.heads:
        solver.Add(solver.Sum([x[i] for i in variables]) <= head_count)
    for clique in model.cliques:
        solver.Add(solver.Sum([x[i] for i in clique]) <= 1)
    for variables, lengths, limit in model.weeks:
        solver.Add(solver.Sum([length * x[i] for i, length in zip(variables, lengths, strict=True)]) <= limit)
    for groups, cap in model.floors:
        lent = []
        for variables in groups:
            if len(variables) == 1:
                lent.append(x[variables[0]])
            else:
                away = solver.NumVar(0.0, 1.0, "")
                for i in variables:
                    solver.Add(x[i] <= away)
                lent.append(away)
        solver.Add(solver.Sum(lent) <= cap)
    for i in model.fixed:
        solver.Add(x[i] == 1)
    solver.Maximize(solver.Sum([w * x[i] for i, w in enumerate(model.weights)]))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return trivial_bound(model), []
    return float(solver.Objective().Value()), [v.solution_value() for v in x]
