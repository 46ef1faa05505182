"""The forum without its slots: which pairs meet, given how many slots each host can talk.

A relaxation of the full model (forum_model): it keeps who meets whom, the seats (a host talking in t slots
receives at most seats × t agents), the tables (at most tables × slots talking host-slots in all), each
presenter's slots, the breaks (as a count: nobody talks in more than ``most_slots`` slots) and each agent's
ceiling, but not in which slot each conversation takes place. It is small (one variable per wish, one per
host), so CP-SAT solves it in a fraction of a second even at 600 agents, which gives:
- an upper bound: no schedule does better; a schedule that reaches it is proven optimal;
- a target: its pairs, placed in slots greedily (``forum_greedy.fill``), are a good start for the full model.
"""

import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .forum_flow import best_pairs
from .forum_model import agent_ceiling, keep_levels, level_counts, level_weights
from .forum_problem import ForumProblem


def most_slots(open_slots: list[int], limit: int) -> int:
    """The most slots one can talk among ``open_slots`` with no run longer than ``limit`` (greedy is exact:
    take every open slot unless it would make the run too long)."""
    taken, run, last = 0, 0, None
    for s in sorted(open_slots):
        run = run + 1 if last == s - 1 else 1
        if run > limit:
            run = 0
        else:
            taken += 1
        last = s
    return taken


@dataclass
class Relaxation:
    pairs: list[tuple[int, int]]  # the pairs chosen, (agent, host)
    fairness: int  # the fairness value of the chosen pairs (forum_model.level_weights)
    second: int  # the phase-2 value: rank weights × scale + marks
    optimal: bool  # both values proven optimal (then they bound every schedule)


def relax(problem: ForumProblem, weights_of_pair, *, start, seconds: float, run) -> Relaxation | None:
    """Solve the relaxation lexicographically; ``weights_of_pair(agent, host, rank)`` gives the phase-2
    weight, ``start`` (agent, host, slot) triples of a valid schedule are the hint, ``run(cp, seconds)``
    solves a CP-SAT model (same parameters as the full model)."""
    p = problem
    cp = cp_model.CpModel()
    pairs = sorted((w.agent, w.host, w.rank) for w in p.wishes)
    open_slots = {h: [s for s in range(p.slots) if (h, s) not in p.unavailable] for h in p.hosts}
    m = [cp.NewBoolVar("") for _ in pairs]
    by_agent: dict[int, list] = defaultdict(list)
    by_host: dict[int, list] = defaultdict(list)
    for var, (agent, host, _rank) in zip(m, pairs, strict=True):
        by_agent[agent].append(var)
        by_host[host].append(var)
    talk = {}
    for host, variables in by_host.items():
        talk[host] = cp.NewIntVar(0, most_slots(open_slots[host], p.max_in_a_row), "")
        cp.Add(sum(variables) <= p.seats * talk[host])
        cp.Add(talk[host] <= sum(variables))
    cp.Add(sum(talk.values()) <= p.tables * p.slots)
    hosts_of: dict[str, list[int]] = defaultdict(list)
    for host, key in p.presenters:
        if host in talk:
            hosts_of[key].append(host)
    for hosts in hosts_of.values():
        if len(hosts) > 1:
            reachable = {s for h in hosts for s in open_slots[h]}
            cp.Add(sum(talk[h] for h in hosts) <= len(reachable))
    levels = {}
    for agent, variables in by_agent.items():
        marks = levels[agent] = [cp.NewBoolVar("") for _ in range(agent_ceiling(p, len(variables)))]
        for upper, lower in zip(marks[1:], marks, strict=False):
            cp.AddImplication(upper, lower)
        cp.Add(sum(marks) <= sum(variables))
    depth = max((len(v) for v in levels.values()), default=0)
    weights = level_weights([sum(1 for v in levels.values() if len(v) > k) for k in range(depth)])
    fairness = cp_model.LinearExpr.WeightedSum(
        [v for marks in levels.values() for v in marks],
        [weights[k] for marks in levels.values() for k in range(len(marks))],
    )
    deadline = time.perf_counter() + seconds
    _hint(cp, pairs, m, talk, levels, start)
    cp.Maximize(fairness)
    solver, status = run(cp, seconds / 2)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    optimal = status == cp_model.OPTIMAL
    first = round(solver.ObjectiveValue())
    keep_levels(cp, levels, level_counts(levels, solver.BooleanValue))
    weights = [weights_of_pair(a, h, r) for a, h, r in pairs]
    second_goal = cp_model.LinearExpr.WeightedSum(m, weights)
    supply = {agent: sum(solver.Value(v) for v in variables) for agent, variables in by_agent.items()}
    hosts_take = {host: p.seats * solver.Value(var) for host, var in talk.items()}
    values = {var.Index(): solver.Value(var) for var in [*m, *talk.values()]}
    for marks in levels.values():
        for var in marks:
            values[var.Index()] = solver.Value(var)
    chosen_flow = best_pairs(pairs, weights, supply, hosts_take)
    if chosen_flow is not None:  # same numbers per agent and host: the levels and the talks stay
        values.update({var.Index(): int(on) for var, on in zip(m, chosen_flow, strict=True)})
        taken: dict[int, int] = defaultdict(int)
        for (_agent, host, _rank), on in zip(pairs, chosen_flow, strict=True):
            taken[host] += on
        for host, var in talk.items():  # as few slots as the seats need (never more than before)
            values[var.Index()] = -(-taken[host] // p.seats)
    cp.ClearHints()
    for var in [*m, *talk.values(), *(v for marks in levels.values() for v in marks)]:
        cp.AddHint(var, values[var.Index()])
    cp.Maximize(second_goal)
    solver, status = run(cp, deadline - time.perf_counter())
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = [(a, h) for var, (a, h, _r) in zip(m, pairs, strict=True) if solver.BooleanValue(var)]
    return Relaxation(chosen, first, round(solver.ObjectiveValue()), optimal and status == cp_model.OPTIMAL)


def _hint(cp, pairs, m, talk, levels, start) -> None:
    met = {(a, h) for a, h, _s in start}
    slots: dict[int, set[int]] = defaultdict(set)
    counts: dict[int, int] = defaultdict(int)
    for agent, host, s in start:
        slots[host].add(s)
        counts[agent] += 1
    for var, (agent, host, _rank) in zip(m, pairs, strict=True):
        cp.AddHint(var, (agent, host) in met)
    for host, var in talk.items():
        cp.AddHint(var, len(slots[host]))
    for agent, marks in levels.items():
        for k, var in enumerate(marks):
            cp.AddHint(var, counts[agent] > k)
