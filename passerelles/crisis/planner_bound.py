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


def lp_bound(model, *, seconds: float = 5.0, keep: list[int] = ()) -> tuple[float, list[float]]:
    """The optimum of the LP relaxation and its values per variable (a guide for the solver's first plan), or
    the trivial bound and no values if GLOP cannot finish in ``seconds``.

    ``keep`` (variables of the plan in force) get a tiny bonus, EPSILON each, so that among the relaxed optima
    the one closest to the plan in force guides the first plan. The value returned includes these bonuses: it
    can only be higher than the pure coverage optimum, so it stays a valid bound (looser by at most
    EPSILON × len(keep))."""
    if not model.pairs:
        return 0.0, []
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return trivial_bound(model), []
    solver.SetTimeLimit(int(seconds * 1000))
    infinity = solver.infinity()
    x = [solver.NumVar(0.0, 1.0, "") for _ in model.pairs]

    def row(variables, coefficients, upper, lower=None):
        constraint = solver.Constraint(-infinity if lower is None else lower, upper)
        for i, coefficient in zip(variables, coefficients, strict=True):
            constraint.SetCoefficient(x[i], coefficient)
        return constraint

    for variables, head_count in model.heads:
        row(variables, [1] * len(variables), head_count)
    for clique in model.cliques:
        row(clique, [1] * len(clique), 1)
    for variables, lengths, limit in model.weeks:
        row(variables, lengths, limit)
    for groups, cap in model.floors:
        lent = solver.Constraint(-infinity, cap)
        for variables in groups:
            if len(variables) == 1:
                lent.SetCoefficient(x[variables[0]], 1)
            else:
                away = solver.NumVar(0.0, 1.0, "")
                lent.SetCoefficient(away, 1)
                for i in variables:
                    link = solver.Constraint(-infinity, 0)
                    link.SetCoefficient(x[i], 1)
                    link.SetCoefficient(away, -1)
    for i in model.fixed:
        x[i].SetLb(1.0)
    objective = solver.Objective()
    for i, w in enumerate(model.weights):
        objective.SetCoefficient(x[i], w)
    for i in keep:
        objective.SetCoefficient(x[i], model.weights[i] + EPSILON)
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return trivial_bound(model), []
    return float(objective.Value()), [v.solution_value() for v in x]


EPSILON = 0.001
