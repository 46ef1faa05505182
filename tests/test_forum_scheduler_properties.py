"""Property tests of the forum scheduler (hypothesis, no database): on random small forums — presenters with
two pitches, hosts missing slots, marks, tight breaks — every schedule of the solver passes ``check()`` (no
double booking, seats, tables, presenters, breaks, only wished pairs) and is at least as good as the greedy
start; and ``check()`` catches each broken rule in a hand-made schedule, in French."""

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from passerelles.encounters import forum_solver
from passerelles.encounters.forum_greedy import assign_tables, greedy_meetings
from passerelles.encounters.forum_problem import ForumProblem, ForumSchedule, Seat, Wish
from passerelles.encounters.forum_solver import check, objective, schedule


@st.composite
def problems(draw):
    agents = tuple(range(1, draw(st.integers(1, 8)) + 1))
    hosts = tuple(range(10, 10 + draw(st.integers(1, 4))))
    slots = draw(st.integers(1, 5))
    wishes = []
    for agent in agents:
        wished = draw(st.lists(st.sampled_from(hosts), unique=True, max_size=len(hosts)))
        wishes.extend(Wish(agent, host, rank) for rank, host in enumerate(wished, start=1))
    pairs = [(w.host, w.agent) for w in wishes]
    marks = draw(st.sets(st.sampled_from(pairs), max_size=4)) if pairs else set()
    marks |= draw(st.sets(st.tuples(st.sampled_from(hosts), st.sampled_from(agents)), max_size=2))
    keys = draw(st.lists(st.sampled_from(("a", "b", None)), min_size=len(hosts), max_size=len(hosts)))
    cells = [(h, s) for h in hosts for s in range(slots)]
    return ForumProblem(
        agents=agents,
        hosts=hosts,
        slots=slots,
        tables=draw(st.integers(1, 3)),
        seats=draw(st.integers(1, 3)),
        wishes=tuple(wishes),
        host_marks=frozenset(marks),
        presenters=tuple((h, k) for h, k in zip(hosts, keys, strict=True) if k),
        max_in_a_row=draw(st.integers(1, 3)),
        unavailable=frozenset(draw(st.sets(st.sampled_from(cells), max_size=3))),
    )


@settings(max_examples=40, deadline=None)
@given(problems())
def test_every_schedule_keeps_every_rule_and_beats_the_greedy_start(problem):
    result = schedule(problem, time_limit=1.0)
    assert check(problem, result) == []
    wished = {(w.agent, w.host) for w in problem.wishes}
    assert all((s.agent, s.host) in wished for s in result.seats)  # marks never create a conversation
    greedy = assign_tables(problem, greedy_meetings(problem))
    start = ForumSchedule(greedy, len(greedy), 0.0, False, 0.0)
    assert check(problem, start) == []
    assert objective(problem, result) >= objective(problem, start)


@settings(max_examples=25, deadline=None)
@given(problems())
def test_the_large_forum_path_keeps_every_rule(problem):
    """Above FULL_LIMIT variables the full model is skipped: the relaxation's pairs, placed host first
    (forum_realise) and completed greedily, must keep every rule too."""
    limit = forum_solver.FULL_LIMIT
    forum_solver.FULL_LIMIT = 0
    try:
        result = schedule(problem, time_limit=1.0)
    finally:
        forum_solver.FULL_LIMIT = limit
    assert check(problem, result) == []


# check() on hand-broken schedules: one forum, one rule broken at a time

FORUM = ForumProblem(
    agents=(1, 2, 3),
    hosts=(10, 20, 30),
    slots=5,
    tables=2,
    seats=2,
    wishes=(Wish(1, 10, 1), Wish(1, 20, 2), Wish(2, 10, 1), Wish(3, 10, 1), Wish(2, 30, 2), Wish(1, 30, 3)),
    presenters=((20, "camille"), (30, "camille")),
    max_in_a_row=2,
    unavailable=frozenset({(10, 4)}),
)


def broken(*seats: tuple[int, int, int, int]) -> list[str]:
    made = tuple(Seat(agent=a, host=h, slot=s, table=t) for a, h, s, t in seats)
    return check(FORUM, ForumSchedule(made, len(made), 0.0, False, 0.0))


def test_a_valid_schedule_passes():
    assert broken((1, 10, 0, 0), (2, 10, 0, 0), (1, 20, 1, 1), (3, 10, 1, 0)) == []


def test_a_pair_the_agent_did_not_wish():
    assert broken((3, 20, 0, 0)) == ["L'agent 3 n'a pas demandé à rencontrer l'hôte 20."]


def test_an_agent_twice_in_one_slot():
    assert broken((1, 10, 0, 0), (1, 20, 0, 1)) == ["L'agent 1 a 2 conversations au créneau 0."]


def test_the_same_host_twice():
    assert broken((1, 10, 0, 0), (1, 10, 2, 0)) == ["L'agent 1 rencontre l'hôte 10 2 fois."]


def test_a_host_at_two_tables():
    assert broken((1, 10, 0, 0), (2, 10, 0, 1)) == ["L'hôte 10 est à plusieurs tables au créneau 0."]


def test_two_hosts_at_one_table():
    assert broken((1, 10, 0, 0), (2, 30, 0, 0)) == ["La table 0 reçoit plusieurs hôtes au créneau 0."]


def test_too_many_hosts_for_the_tables():
    room = dataclasses.replace(FORUM, tables=1, presenters=())
    made = (Seat(1, 10, 0, 0), Seat(2, 30, 0, 0))
    errors = check(room, ForumSchedule(made, 2, 0.0, False, 0.0))
    assert "Au créneau 0, 2 hôtes parlent pour 1 tables." in errors


def test_too_many_agents_at_a_table():
    assert broken((1, 10, 0, 0), (2, 10, 0, 0), (3, 10, 0, 0)) == [
        "L'hôte 10 reçoit 3 agents au créneau 0 pour 2 places."
    ]


def test_one_presenter_at_two_tables():
    assert broken((1, 20, 0, 0), (2, 30, 0, 1)) == ["La personne camille présente 2 missions au créneau 0."]


def test_a_host_in_a_slot_it_cannot_hold():
    assert broken((1, 10, 4, 0)) == ["L'hôte 10 n'est pas disponible au créneau 4."]


def test_an_agent_without_a_break():
    assert broken((1, 10, 0, 0), (1, 20, 1, 1), (1, 30, 2, 1)) == [
        "L'agent 1 enchaîne plus de 2 conversations à partir du créneau 0, sans pause."
    ]


def test_a_host_without_a_break():
    assert broken((1, 10, 1, 0), (2, 10, 2, 0), (3, 10, 3, 0)) == [
        "L'hôte 10 enchaîne plus de 2 créneaux à partir du créneau 1, sans pause."
    ]


def test_a_slot_or_table_that_does_not_exist():
    assert broken((1, 10, 5, 0)) == ["Le créneau 5 n'existe pas."]
    assert broken((1, 10, 0, 2)) == ["La table 2 n'existe pas."]


def test_wishes_met_must_match_the_seats():
    made = (Seat(1, 10, 0, 0),)
    errors = check(FORUM, ForumSchedule(made, 2, 0.0, False, 0.0))
    assert errors == ["Le nombre de vœux satisfaits (2) ne correspond pas aux conversations (1)."]
