"""The CP-SAT model of the forum (see forum_solver for the objective and why it is built this way).

Variables: ``x[i][s]`` — wished pair i (agent, host) talks in slot s (only slots the host can hold);
``y[h, s]`` — host h talks in slot s (it then holds a table); ``level[a][k]`` — agent a has at least k+1
conversations. Only wished pairs have variables, so free consent holds by construction.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .forum_problem import ForumProblem


@dataclass
class Model:
    cp: cp_model.CpModel
    pairs: list[tuple[int, int, int]]  # (agent, host, rank)
    x: list[dict[int, cp_model.IntVar]]  # pair index -> slot -> var
    y: dict[tuple[int, int], cp_model.IntVar]
    levels: dict[int, list[cp_model.IntVar]]
    level_weights: list[int]
    fairness: cp_model.LinearExpr = None
    by_agent: dict[int, list[int]] = field(default_factory=dict)


def agent_ceiling(problem: ForumProblem, wishes: int) -> int:
    """Most conversations one agent can have: wishes, slots, and a break after every max_in_a_row."""
    k = problem.max_in_a_row
    by_breaks = problem.slots - problem.slots // (k + 1)
    return min(wishes, by_breaks)


def level_weights(counts: list[int]) -> list[int]:
    """Weights such that one more agent at level k outweighs every agent at all levels above k together.

    ``counts[k]`` is how many agents can reach level k (k+1 conversations)."""
    weights = [0] * len(counts)
    above = 0
    for k in range(len(counts) - 1, -1, -1):
        weights[k] = above + 1
        above += weights[k] * counts[k]
    return weights


def build(problem: ForumProblem) -> Model:
    p = problem
    cp = cp_model.CpModel()
    pairs = sorted((w.agent, w.host, w.rank) for w in p.wishes)
    presenter = p.presenter_of()
    open_slots = {h: [s for s in range(p.slots) if (h, s) not in p.unavailable] for h in p.hosts}
    x: list[dict[int, cp_model.IntVar]] = []
    by_agent: dict[int, list[int]] = defaultdict(list)
    by_host_slot: dict[tuple[int, int], list] = defaultdict(list)
    by_agent_slot: dict[tuple[int, int], list] = defaultdict(list)
    for i, (agent, host, _rank) in enumerate(pairs):
        row = {s: cp.NewBoolVar(f"x{i}_{s}") for s in open_slots[host]} if p.seats and p.tables else {}
        x.append(row)
        by_agent[agent].append(i)
        for s, var in row.items():
            by_host_slot[host, s].append(var)
            by_agent_slot[agent, s].append(var)
        if len(row) > 1:
            cp.AddAtMostOne(row.values())  # never the same host twice
    for variables in by_agent_slot.values():
        if len(variables) > 1:
            cp.AddAtMostOne(variables)  # one conversation per slot
    y = {}
    for (host, s), variables in by_host_slot.items():
        talks = y[host, s] = cp.NewBoolVar(f"y{host}_{s}")
        for var in variables:
            cp.AddImplication(var, talks)
        cp.Add(sum(variables) <= p.seats * talks)  # seats at the table
        cp.Add(sum(variables) >= talks)  # a host talks only with someone
    talking_by_slot: dict[int, list] = defaultdict(list)
    talking_by_host: dict[int, dict[int, cp_model.IntVar]] = defaultdict(dict)
    speaking: dict[tuple[str, int], list] = defaultdict(list)
    for (host, s), talks in y.items():
        talking_by_slot[s].append(talks)
        talking_by_host[host][s] = talks
        if host in presenter:
            speaking[presenter[host], s].append(talks)
    for variables in talking_by_slot.values():
        if len(variables) > p.tables:
            cp.Add(sum(variables) <= p.tables)
    for variables in speaking.values():
        if len(variables) > 1:
            cp.AddAtMostOne(variables)
    window = p.max_in_a_row + 1
    for row in talking_by_host.values():
        _breaks(cp, [[row[s]] if s in row else [] for s in range(p.slots)], window)
    for agent in by_agent:
        _breaks(cp, [by_agent_slot.get((agent, s), []) for s in range(p.slots)], window)
    levels: dict[int, list] = {}
    for agent, indexes in by_agent.items():
        ceiling = agent_ceiling(p, len(indexes))
        marks = levels[agent] = [cp.NewBoolVar(f"l{agent}_{k}") for k in range(ceiling)]
        for upper, lower in zip(marks[1:], marks, strict=False):
            cp.AddImplication(upper, lower)
        cp.Add(sum(marks) <= sum(var for i in indexes for var in x[i].values()))
    depth = max((len(v) for v in levels.values()), default=0)
    counts = [sum(1 for v in levels.values() if len(v) > k) for k in range(depth)]
    weights = level_weights(counts)
    model = Model(cp, pairs, x, y, levels, weights, by_agent=dict(by_agent))
    model.fairness = cp_model.LinearExpr.WeightedSum(
        [var for marks in levels.values() for var in marks],
        [weights[k] for marks in levels.values() for k in range(len(marks))],
    )
    return model


def _breaks(cp: cp_model.CpModel, per_slot: list[list], window: int) -> None:
    """At most window−1 talking slots in every window of consecutive slots."""
    for start in range(len(per_slot) - window + 1):
        variables = [var for s in range(start, start + window) for var in per_slot[s]]
        if len(variables) >= window:
            cp.Add(sum(variables) <= window - 1)


def fairness_value(model: Model, counts: dict[int, int]) -> int:
    """The phase-1 objective of a schedule where agent a has counts[a] conversations."""
    return sum(
        model.level_weights[k]
        for agent, marks in model.levels.items()
        for k in range(min(len(marks), counts.get(agent, 0)))
    )


def hint(model: Model, meetings) -> None:
    """A complete hint (every variable) from (agent, host, slot) triples that keep every rule."""
    index = {(a, h): i for i, (a, h, _r) in enumerate(model.pairs)}
    chosen = {(index[a, h], s) for a, h, s in meetings}
    talking = {(h, s) for _a, h, s in meetings}
    counts: dict[int, int] = defaultdict(int)
    for a, _h, _s in meetings:
        counts[a] += 1
    model.cp.ClearHints()
    for i, row in enumerate(model.x):
        for s, var in row.items():
            model.cp.AddHint(var, (i, s) in chosen)
    for key, var in model.y.items():
        model.cp.AddHint(var, key in talking)
    for agent, marks in model.levels.items():
        for k, var in enumerate(marks):
            model.cp.AddHint(var, counts[agent] > k)


def level_counts(levels: dict[int, list], value) -> list[int]:
    """How many agents reach each level, ``value(var)`` reading a level variable (solver or hint)."""
    depth = max((len(v) for v in levels.values()), default=0)
    return [sum(1 for marks in levels.values() if len(marks) > k and value(marks[k])) for k in range(depth)]


def keep_levels(cp: cp_model.CpModel, levels: dict[int, list], counts: list[int]) -> None:
    """Phase 2 keeps the fair share of phase 1 level by level (at least as many agents at each level).

    Equivalent to « fairness >= phase-1 value » when phase 1 was optimal (the lexicographic optimum is one
    vector of counts), but with small coefficients: the huge weights of phase 1 in a constraint leave the
    solver's neighbourhood search stuck on the hint."""
    for k, count in enumerate(counts):
        if count:
            cp.Add(sum(marks[k] for marks in levels.values() if len(marks) > k) >= count)
