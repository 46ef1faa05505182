"""The forum scheduler's benchmark (issue 19): 600 agents × 60 hosts × 12 slots × 20 tables, no database.

Four seats per table, five ranked wishes per agent drawn from a seeded, skewed popularity (host i is wished
in proportion to 1 / (i + 1)^0.8: a few pitches draw most of the room, as at a real forum), at most three
conversations in a row. A few presenters hold two pitches, a few hosts miss two slots.

Metrics: forum_schedule_s (wall time of schedule(), goal: 5 s at most), forum_first_choice_share (agents
who met their first choice / agents with a wish), forum_greedy_first_choice_share (the greedy baseline on the
same instance), forum_agents_met_share (agents with at least one conversation), forum_wishes_met; then
forum_small_s and forum_small_optimal: 20 agents × 4 hosts × 4 slots × 2 tables must be proven optimal in
less than a second. Run alone: ``BENCH_ONLY=forum make bench`` or ``.venv/bin/python -m benchmarks.forum``.
"""

import json
import random
import time

from passerelles.encounters.forum_greedy import assign_tables, greedy_meetings
from passerelles.encounters.forum_problem import ForumProblem, Wish
from passerelles.encounters.forum_solver import schedule


def instance(
    agents: int = 600,
    hosts: int = 60,
    slots: int = 12,
    tables: int = 20,
    seats: int = 4,
    wishes: int = 5,
    seed: int = 19,
    extras: bool = True,
) -> ForumProblem:
    rng = random.Random(seed)
    host_ids = tuple(1000 + h for h in range(hosts))
    popularity = [1 / (h + 1) ** 0.8 for h in range(hosts)]
    chosen = []
    for agent in range(agents):
        picked: list[int] = []
        while len(picked) < min(wishes, hosts):
            host = rng.choices(host_ids, weights=popularity)[0]
            if host not in picked:
                picked.append(host)
        chosen.extend(Wish(agent=agent, host=host, rank=r) for r, host in enumerate(picked, start=1))
    presenters: tuple = ()
    unavailable: frozenset = frozenset()
    marks: frozenset = frozenset()
    if extras:
        shared = rng.sample(host_ids, min(hosts, 8))
        presenters = tuple((host, f"p{n // 2}") for n, host in enumerate(shared))
        unavailable = frozenset(
            (host, s) for host in rng.sample(host_ids, hosts // 10) for s in rng.sample(range(slots), 2)
        )
        marks = frozenset((w.host, w.agent) for w in chosen if rng.random() < 0.05)
    return ForumProblem(
        agents=tuple(range(agents)),
        hosts=host_ids,
        slots=slots,
        tables=tables,
        seats=seats,
        wishes=tuple(chosen),
        host_marks=marks,
        presenters=presenters,
        max_in_a_row=3,
        unavailable=unavailable,
    )


def measure(emit) -> None:
    problem = instance()
    started = time.perf_counter()
    result = schedule(problem)
    elapsed = time.perf_counter() - started
    size = {"agents": 600, "hosts": 60, "slots": 12, "tables": 20, "seats": 4}
    emit("forum_schedule_s", elapsed, "s", optimal=result.optimal, **size)
    emit("forum_first_choice_share", result.first_choice_share, "ratio", **size)
    greedy = assign_tables(problem, greedy_meetings(problem))
    firsts = {(w.agent, w.host) for w in problem.wishes if w.rank == 1}
    emit(
        "forum_greedy_first_choice_share",
        len({s.agent for s in greedy if (s.agent, s.host) in firsts}) / 600,
        "ratio",
        **size,
    )
    emit("forum_agents_met_share", len({s.agent for s in result.seats}) / 600, "ratio", **size)
    emit("forum_wishes_met", result.wishes_met, "count", greedy=len(greedy), **size)
    small = instance(agents=20, hosts=4, slots=4, tables=2, seats=4, wishes=3, seed=7)
    started = time.perf_counter()
    result = schedule(small)
    emit("forum_small_s", time.perf_counter() - started, "s", optimal=result.optimal, agents=20, hosts=4)
    emit("forum_small_optimal", float(result.optimal), "bool", agents=20, hosts=4, slots=4, tables=2)


def _emit(metric, value, unit, **params):
    print(
        json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, "params": params}), flush=True
    )


if __name__ == "__main__":
    measure(_emit)
