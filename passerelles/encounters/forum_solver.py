"""The forum scheduler: who meets which host, in which slot, at which table.

(First version: the greedy baseline of forum_greedy; the exact CP-SAT solver follows.)
"""

import time

from .forum_check import check
from .forum_greedy import assign_tables, greedy_meetings
from .forum_problem import ForumProblem, ForumSchedule, Seat

__all__ = ["check", "objective", "schedule"]


def rank_weight(rank: int, worst: int) -> int:
    """Convex in the rank, so that a first choice counts more than two middling ones."""
    return (worst + 1 - min(rank, worst)) ** 2


def objective(problem: ForumProblem, result: ForumSchedule) -> tuple[int, ...]:
    """The objective as a tuple compared lexicographically (larger is better).

    (agents with >= 1 conversation, agents with >= 2, …, up to the largest number of wishes of one agent,
    then the sum of rank weights of the wishes met, then the host marks met)."""
    ranks = {(w.agent, w.host): w.rank for w in problem.wishes}
    worst = max(ranks.values(), default=1)
    per_agent: dict[int, int] = {}
    for seat in result.seats:
        per_agent[seat.agent] = per_agent.get(seat.agent, 0) + 1
    levels = max((sum(1 for w in problem.wishes if w.agent == a) for a in problem.agents), default=0)
    fairness = tuple(sum(1 for n in per_agent.values() if n >= k) for k in range(1, levels + 1))
    ranked = sum(
        rank_weight(ranks[s.agent, s.host], worst) for s in result.seats if (s.agent, s.host) in ranks
    )
    marked = sum(1 for s in result.seats if (s.host, s.agent) in problem.host_marks)
    return (*fairness, ranked, marked)


def _result(problem: ForumProblem, seats: tuple[Seat, ...], optimal: bool, started: float) -> ForumSchedule:
    firsts = {w.agent for w in problem.wishes if w.rank == 1}
    wishers = {w.agent for w in problem.wishes}
    got_first = {s.agent for s in seats if s.agent in firsts and _rank_one(problem, s)}
    return ForumSchedule(
        seats=seats,
        wishes_met=len(seats),
        first_choice_share=len(got_first) / len(wishers) if wishers else 0.0,
        optimal=optimal,
        seconds=time.perf_counter() - started,
    )


def _rank_one(problem: ForumProblem, seat: Seat) -> bool:
    return any(w.agent == seat.agent and w.host == seat.host and w.rank == 1 for w in problem.wishes)


def schedule(problem: ForumProblem, *, time_limit: float = 4.0) -> ForumSchedule:
    started = time.perf_counter()
    meetings = greedy_meetings(problem)
    return _result(problem, assign_tables(problem, meetings), False, started)
