"""The forum scheduler against a brute force on small forums, and its objective on hand-made cases (no database).

The brute force below is written from the rules of the brief, not from the solver's code: it tries every
schedule (each agent: every way of placing some of their wishes in distinct slots), drops those breaking a
hard rule as soon as they do (every rule only gets worse when a conversation is added), and scores the
survivors with its own lexicographic objective: agents with at least 1 conversation, at least 2, …; then the
rank weights (worst rank + 1 − rank)²; then the host marks. The solver must reach the same optimum and say so.
"""

import random
from collections import defaultdict

import pytest

from passerelles.encounters.forum_greedy import greedy_meetings
from passerelles.encounters.forum_problem import ForumProblem, ForumSchedule, Seat, Wish
from passerelles.encounters.forum_solver import check, objective, schedule


def score(problem: ForumProblem, meetings) -> tuple[int, ...]:
    ranks = {(w.agent, w.host): w.rank for w in problem.wishes}
    worst = max(ranks.values(), default=1)
    depth = max((sum(1 for w in problem.wishes if w.agent == a) for a in problem.agents), default=0)
    per_agent = defaultdict(int)
    for agent, _host, _slot in meetings:
        per_agent[agent] += 1
    levels = tuple(sum(1 for n in per_agent.values() if n >= k) for k in range(1, depth + 1))
    ranked = sum((worst + 1 - ranks[a, h]) ** 2 for a, h, _s in meetings)
    marked = sum(1 for a, h, _s in meetings if (h, a) in problem.host_marks)
    return (*levels, ranked, marked)


def _too_long(slots: set[int], limit: int) -> bool:
    return any(all(s + i in slots for i in range(limit + 1)) for s in slots)


def _valid(problem: ForumProblem, meetings) -> bool:
    by_host_slot = defaultdict(int)
    host_slots = defaultdict(set)
    agent_slots = defaultdict(set)
    presenters = dict(problem.presenters)
    for agent, host, slot in meetings:
        by_host_slot[host, slot] += 1
        host_slots[host].add(slot)
        agent_slots[agent].add(slot)
    for slot in range(problem.slots):
        talking = [h for h in problem.hosts if slot in host_slots[h]]
        if len(talking) > problem.tables:
            return False
        keys = [presenters[h] for h in talking if h in presenters]
        if len(keys) != len(set(keys)):
            return False
    if any(n > problem.seats for n in by_host_slot.values()):
        return False
    if any((h, s) in problem.unavailable for h, s in by_host_slot):
        return False
    slots_of = list(host_slots.values()) + list(agent_slots.values())
    return not any(_too_long(slots, problem.max_in_a_row) for slots in slots_of)


def _agent_options(problem: ForumProblem, agent: int) -> list[list[tuple[int, int, int]]]:
    """Every way to place some of the agent's wishes in distinct slots."""
    hosts = [w.host for w in problem.wishes if w.agent == agent]
    options = [[]]
    for host in hosts:
        options = [
            choice + extra
            for choice in options
            for extra in [[]] + [[(agent, host, s)] for s in range(problem.slots)]
            if not extra or all(s != extra[0][2] for _a, _h, s in choice)
        ]
    return options


def brute_force(problem: ForumProblem) -> tuple[tuple[int, ...], list]:
    best = (score(problem, []), [])
    agents = list(problem.agents)

    def walk(index: int, meetings: list) -> None:
        nonlocal best
        if index == len(agents):
            value = score(problem, meetings)
            if value > best[0]:
                best = (value, list(meetings))
            return
        for option in _agent_options(problem, agents[index]):
            candidate = meetings + option
            if _valid(problem, candidate):
                walk(index + 1, candidate)

    walk(0, [])
    return best


def random_problem(seed: int) -> ForumProblem:
    rng = random.Random(seed)
    agents = tuple(range(1, rng.randint(3, 4) + 1))
    hosts = tuple(range(10, 10 + rng.randint(2, 3)))
    slots = rng.randint(2, 3)
    wishes = []
    for agent in agents:
        wished = rng.sample(hosts, rng.randint(1, min(len(hosts), 2 if len(agents) == 4 else 3)))
        wishes.extend(Wish(agent, host, rank) for rank, host in enumerate(wished, start=1))
    pairs = [(w.host, w.agent) for w in wishes]
    return ForumProblem(
        agents=agents,
        hosts=hosts,
        slots=slots,
        tables=rng.randint(1, 2),
        seats=rng.randint(1, 2),
        wishes=tuple(wishes),
        host_marks=frozenset(rng.sample(pairs, rng.randint(0, len(pairs)))),
        presenters=tuple((h, "p") for h in hosts[:2]) if rng.random() < 0.4 else (),
        max_in_a_row=rng.randint(1, 3),
        unavailable=frozenset((h, s) for h in hosts for s in range(slots) if rng.random() < 0.15),
    )


@pytest.mark.parametrize("seed", range(40))
def test_solver_reaches_the_brute_force_optimum(seed):
    problem = random_problem(seed)
    best, _meetings = brute_force(problem)
    result = schedule(problem, time_limit=2.0)
    assert check(problem, result) == []
    assert objective(problem, result) == best
    assert result.optimal


def test_brute_force_and_objective_agree_on_the_best_schedule():
    problem = random_problem(3)
    best, meetings = brute_force(problem)
    seats = tuple(Seat(agent=a, host=h, slot=s, table=0) for a, h, s in meetings)
    assert objective(problem, ForumSchedule(seats, len(seats), 0.0, True, 0.0)) == best


def W(agent, host, rank):
    return Wish(agent=agent, host=host, rank=rank)


def test_a_first_conversation_for_one_beats_a_second_for_another():
    # slot 0: one seat at one table; host 10 cannot hold slot 1, host 30 no slot at all. By ranks alone agent 1
    # would take both conversations (4 + 1 against 1 + 1); fair share gives agent 2 theirs first.
    problem = ForumProblem(
        agents=(1, 2),
        hosts=(10, 20, 30),
        slots=2,
        tables=1,
        seats=1,
        wishes=(W(1, 10, 1), W(1, 20, 2), W(2, 30, 1), W(2, 10, 2)),
        unavailable=frozenset({(10, 1), (30, 0), (30, 1)}),
    )
    result = schedule(problem)
    assert sorted((s.agent, s.host, s.slot) for s in result.seats) == [(1, 20, 1), (2, 10, 0)]
    assert result.optimal


def test_once_everyone_has_their_share_the_better_rank_wins():
    # one seat: agent 2 ranked host 10 first, agent 1 second (their first, host 11, cannot come)
    problem = ForumProblem(
        agents=(1, 2),
        hosts=(10, 11),
        slots=1,
        tables=1,
        seats=1,
        wishes=(W(1, 11, 1), W(1, 10, 2), W(2, 10, 1)),
        unavailable=frozenset({(11, 0)}),
    )
    result = schedule(problem)
    assert [(s.agent, s.host) for s in result.seats] == [(2, 10)]
    assert result.first_choice_share == 0.5


def test_a_host_mark_breaks_a_tie_but_never_creates_a_conversation():
    problem = ForumProblem(
        agents=(1, 2, 3),
        hosts=(10,),
        slots=1,
        tables=1,
        seats=1,
        wishes=(W(1, 10, 1), W(2, 10, 1)),
        host_marks=frozenset({(10, 2), (10, 3)}),  # agent 3 never asked: no conversation with them
    )
    result = schedule(problem)
    assert [(s.agent, s.host) for s in result.seats] == [(2, 10)]
    assert result.first_choice_share == 0.5


def test_same_problem_same_schedule():
    problem = random_problem(11)
    assert schedule(problem).seats == schedule(problem).seats


def test_a_host_keeps_one_table_when_possible():
    # three hosts, two tables, host 10 talks in both slots, 20 and 30 one slot each
    problem = ForumProblem(
        agents=(1, 2, 3, 4),
        hosts=(10, 20, 30),
        slots=2,
        tables=2,
        seats=2,
        wishes=(W(1, 10, 1), W(2, 10, 1), W(3, 20, 1), W(4, 30, 1), W(3, 10, 2), W(4, 10, 2)),
        max_in_a_row=2,
    )
    result = schedule(problem)
    assert check(problem, result) == []
    tables = defaultdict(set)
    for seat in result.seats:
        tables[seat.host].add(seat.table)
    assert all(len(t) == 1 for t in tables.values())


def test_nothing_to_schedule_is_an_empty_optimal_schedule():
    problem = ForumProblem(agents=(1,), hosts=(10,), slots=3, tables=0, seats=4, wishes=(W(1, 10, 1),))
    result = schedule(problem)
    assert result.seats == () and result.optimal and result.wishes_met == 0


def test_the_greedy_start_keeps_every_rule_on_a_larger_forum():
    rng = random.Random(5)
    agents = tuple(range(40))
    hosts = tuple(range(100, 108))
    wishes = tuple(Wish(a, h, r) for a in agents for r, h in enumerate(rng.sample(hosts, 4), start=1))
    problem = ForumProblem(agents, hosts, slots=6, tables=3, seats=3, wishes=wishes, max_in_a_row=2)
    meetings = greedy_meetings(problem)
    assert _valid(problem, meetings)
    result = schedule(problem, time_limit=2.0)
    assert check(problem, result) == []
    assert objective(problem, result) >= score(problem, meetings)


def test_a_wrong_problem_is_refused():
    with pytest.raises(ValueError):
        ForumProblem(agents=(1,), hosts=(10,), slots=1, tables=1, seats=1, wishes=(W(2, 10, 1),))
    with pytest.raises(ValueError):
        ForumProblem(agents=(1,), hosts=(10,), slots=1, tables=1, seats=1, wishes=(W(1, 10, 1), W(1, 10, 2)))
    with pytest.raises(ValueError):
        ForumProblem(agents=(1,), hosts=(10,), slots=1, tables=1, seats=1, wishes=(W(1, 10, 0),))
