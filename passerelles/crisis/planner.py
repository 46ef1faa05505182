"""The crisis redeployment planner (issue 17): which volunteer covers which shift. No database here: the
services build an ``Instance`` from the crisis (crisis/planning.py) and store the ``Result``.

The model (OR-Tools CP-SAT):
- maximise the weighted coverage of the shifts (a vital shift weighs more than a useful one);
- hard constraints: habilitations, availability (the person's days and confirmed dates), sites the person can
  reach, no two overlapping shifts, at most the person's hours per week, a minimum rest between two shifts, and
  the essential units never below their minimum staffing on any day (their own agents taken away count);
- soft: the crisis skills a shift asks for, what the person would rather not do, a fair share of the load, and
  stability (keeping the assignments of the plan in force: re-planning changes as few as possible).

This module is the interface (three functions, and the dataclasses of planner_data.py); the work is split by
subject:
planner_rules.py (the hard constraints in plain Python), planner_eligibility.py (who may take what, the
candidates kept), planner_greedy.py (the baseline), planner_model.py (the constraints as inequalities),
planner_cpsat.py (the solver), planner_bound.py (the LP relaxation bound), planner_reasons.py (unfilled reasons
and ``check``). docs/crise-planificateur.md explains the whole calculation.
"""

from .planner_data import Floor, Instance, Person, Result, Shift

__all__ = ["Floor", "Instance", "Person", "Result", "Shift", "check", "greedy", "solve"]


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
