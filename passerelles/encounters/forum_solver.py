"""The forum scheduler: who meets which host, in which slot, at which table.

Objective, lexicographic (each level counts only between schedules equal on the levels before it):

1. **Fair share first** (max-min fairness on the number of conversations, bounded by each agent's wishes):
   maximise the number of agents with at least one conversation, then the number with at least two, and so
   on. An agent's first conversation weighs more than anyone's second: a forum exists so that everyone who
   came meets someone; a third conversation for a keen agent is worth less than a first one for a shy one.
   An agent never counts beyond their number of wishes (they asked for no more), nor beyond what the slots
   and the breaks allow (``forum_model.agent_ceiling``).
2. **Then the wishes by rank**: each wish met weighs ``(worst rank + 1 − rank)²`` — convex, so that a first
   choice and a third (25 + 9 with five ranks) beat two second choices (16 + 16): people remember whether
   they met the pitch they came for.
3. **Then the host marks**: one point per conversation the host had marked. A mark only breaks ties between
   pairs the agent wished (free consent: it never creates a conversation the agent did not ask for).

``objective()`` returns this as a tuple (compared lexicographically) for any schedule, so that the tests can
compare the solver with a brute force.

How, in order, within ``time_limit``:
1. the greedy schedule (forum_greedy): valid, the hint and the fallback;
2. a relaxation without slots (forum_relax, CP-SAT, one variable per wish): phase 1 the fair share (weights
   from ``level_weights``: one more agent at level k outweighs every agent at all higher levels), phase 2 the
   ranks and marks with the fair share kept level by level, started from a min-cost flow (forum_flow). It
   bounds every schedule; its pairs are placed in slots host first (forum_realise). If that placement reaches
   a proven bound, the schedule is optimal;
3. otherwise, on forums of at most FULL_LIMIT (wish, slot) variables, the full model (forum_model) from the
   best so far, in the same two phases. Two phases keep the coefficients small (a single sum would need the
   product of all weights, near 2⁶³ at 600 agents).
The best schedule by ``objective`` wins. Tables are placed last (``assign_tables``): tables are
interchangeable, so any schedule with at most ``tables`` hosts per slot has a valid table plan, and each host
keeps one table whenever possible.
Deterministic: fixed seed and a fixed number of workers; the result only varies if a time limit is hit.
"""

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from .forum_check import check
from .forum_greedy import assign_tables, fill, greedy_meetings, wishes_by_agent
from .forum_model import Model, build, fairness_value, hint, keep_levels, level_counts
from .forum_problem import ForumProblem, ForumSchedule, Seat
from .forum_realise import realise
from .forum_relax import relax

__all__ = ["check", "objective", "schedule"]

WORKERS = 2  # the crisis planner's choice: the machine is shared; fixed, for repeatable results
SEED = 19
RESERVE = 0.15  # seconds kept from the time limit for placing tables and building the result
PHASE_1_SHARE = 0.6  # of the time left for the solver, when phase 1 does not finish sooner
RELAX_SHARE = 0.7  # of the time limit, at most, for the relaxation (small forums need far less)
MIN_FULL = 0.5  # seconds: below this, the full model would not get past its presolve
FULL_LIMIT = 20_000  # (wish, slot) variables: above, the full model's presolve alone outlasts the time left


def rank_weight(rank: int, worst: int) -> int:
    """Convex in the rank, so that a first choice counts more than two middling ones."""
    return (worst + 1 - min(rank, worst)) ** 2


def _worst_rank(problem: ForumProblem) -> int:
    return max((w.rank for w in problem.wishes), default=1)


def objective(problem: ForumProblem, result: ForumSchedule) -> tuple[int, ...]:
    """The objective as a tuple compared lexicographically (larger is better): (agents with at least 1
    conversation, with at least 2, …, up to the most wishes of one agent; the sum of rank weights of the
    wishes met; the host marks met). Pairs that were not wished count nothing (check() reports them)."""
    return _value(problem, [(s.agent, s.host) for s in result.seats])


def _value(problem: ForumProblem, pairs) -> tuple[int, ...]:
    ranks = {(w.agent, w.host): w.rank for w in problem.wishes}
    worst = _worst_rank(problem)
    wishes: dict[int, int] = defaultdict(int)
    for w in problem.wishes:
        wishes[w.agent] += 1
    met: dict[int, int] = defaultdict(int)
    for pair in pairs:
        if pair in ranks:
            met[pair[0]] += 1
    depth = max(wishes.values(), default=0)
    fairness = tuple(sum(1 for n in met.values() if n >= k) for k in range(1, depth + 1))
    wished = [pair for pair in pairs if pair in ranks]
    ranked = sum(rank_weight(ranks[pair], worst) for pair in wished)
    marked = sum(1 for agent, host in wished if (host, agent) in problem.host_marks)
    return (*fairness, ranked, marked)


def schedule(problem: ForumProblem, *, time_limit: float = 4.0) -> ForumSchedule:
    """The best schedule found within ``time_limit`` seconds (see the module docstring for « best »)."""
    started = time.perf_counter()
    deadline = started + time_limit - RESERVE
    meetings = greedy_meetings(problem)
    optimal = True  # nothing can be scheduled: the empty schedule is optimal
    if problem.wishes and problem.slots and problem.tables and problem.seats:
        meetings, optimal = _solve(problem, meetings, deadline)
    return _result(problem, assign_tables(problem, meetings), optimal, started)


def _solve(problem: ForumProblem, greedy: list, deadline: float) -> tuple[list, bool]:
    """The relaxation first (a bound and a target), then, if that did not prove the best start optimal and
    time is left, the full model from the best start."""
    worst = _worst_rank(problem)
    scale = sum(1 for w in problem.wishes if (w.host, w.agent) in problem.host_marks) + 1

    def pair_weight(agent: int, host: int, rank: int) -> int:
        return rank_weight(rank, worst) * scale + ((host, agent) in problem.host_marks)

    def value(meetings) -> tuple[int, ...]:
        return _value(problem, [(a, h) for a, h, _s in meetings])

    best = greedy
    relaxed = relax(
        problem, pair_weight, start=greedy, seconds=RELAX_SHARE * (deadline - time.perf_counter()), run=_run
    )
    if relaxed is not None:
        board = realise(problem, relaxed.pairs)
        fill(board, wishes_by_agent(problem))  # what the target missed, completed greedily
        best = max(best, board.meetings, key=value)
        if relaxed.optimal and value(best) == _value(problem, relaxed.pairs):
            return best, True  # reaches the bound of a relaxation: optimal
    variables = sum(
        1 for w in problem.wishes for s in range(problem.slots) if (w.host, s) not in problem.unavailable
    )
    if deadline - time.perf_counter() < MIN_FULL or variables > FULL_LIMIT:
        return best, False
    model = build(problem)
    hint(model, best)
    counts: dict[int, int] = defaultdict(int)
    for agent, _h, _s in best:
        counts[agent] += 1
    floor = fairness_value(model, counts)
    optimal = False
    if relaxed is not None and relaxed.optimal and relaxed.fairness == floor:
        optimal = True  # the start's fairness already reaches the bound: straight to phase 2
        depth = max((len(marks) for marks in model.levels.values()), default=0)
        reached = [
            sum(1 for a, marks in model.levels.items() if len(marks) > k and counts[a] > k)
            for k in range(depth)
        ]
    else:
        model.cp.Maximize(model.fairness)
        solver, status = _run(model.cp, PHASE_1_SHARE * (deadline - time.perf_counter()))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or solver.ObjectiveValue() < floor:
            return best, False
        optimal = status == cp_model.OPTIMAL
        reached = level_counts(model.levels, solver.BooleanValue)
        if round(solver.ObjectiveValue()) > floor:
            best = _meetings(model, solver)
        hint(model, best)

    # phase 2: the fair share reached stays, level by level; ranks then marks
    keep_levels(model.cp, model.levels, reached)
    variables, weights = [], []
    for i, (agent, host, rank) in enumerate(model.pairs):
        for var in model.x[i].values():
            variables.append(var)
            weights.append(pair_weight(agent, host, rank))
    model.cp.Maximize(cp_model.LinearExpr.WeightedSum(variables, weights))
    left = deadline - time.perf_counter()
    if left < 0.05:
        return best, False
    solver, status = _run(model.cp, left)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = _meetings(model, solver)
        best = max(best, found, key=value)
    return best, optimal and status == cp_model.OPTIMAL


def _run(cp: cp_model.CpModel, seconds: float):
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = WORKERS
    solver.parameters.random_seed = SEED
    return solver, solver.Solve(cp)


def _meetings(model: Model, solver: cp_model.CpSolver) -> list[tuple[int, int, int]]:
    return [
        (agent, host, s)
        for (agent, host, _rank), row in zip(model.pairs, model.x, strict=True)
        for s, var in row.items()
        if solver.BooleanValue(var)
    ]


def _result(problem: ForumProblem, seats: tuple[Seat, ...], optimal: bool, started: float) -> ForumSchedule:
    first = {(w.agent, w.host) for w in problem.wishes if w.rank == 1}
    wishers = {w.agent for w in problem.wishes}
    got_first = {s.agent for s in seats if (s.agent, s.host) in first}
    return ForumSchedule(
        seats=seats,
        wishes_met=len(seats),
        first_choice_share=len(got_first) / len(wishers) if wishers else 0.0,
        optimal=optimal,
        seconds=time.perf_counter() - started,
    )
