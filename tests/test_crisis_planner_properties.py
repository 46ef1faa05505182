"""Property tests of the crisis planner (hypothesis): on random small instances — withdrawals, pairs set by
hand (possible or not), a plan in force, essential units, nights across a week's end — no plan of the solver or
of the greedy baseline ever breaks a hard constraint, the solver covers at least as much as the baseline, and
on the smallest ones it reaches the brute-force optimum."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from passerelles.crisis.planner import Floor, Instance, Person, Shift, check, greedy, solve
from tests.test_crisis_planner import brute_force

SUNDAY = datetime.date(2027, 7, 4)  # the instances straddle an ISO week's end
HABILITATIONS = ("HACCP", "PSC1", "SST")
SITES = (1, 2, 3)


@st.composite
def instances(draw, max_people: int = 6, max_shifts: int = 6):
    day_count = 3
    dates = [SUNDAY + datetime.timedelta(days=d) for d in range(day_count)]
    shifts = []
    for sid in range(draw(st.integers(1, max_shifts))):
        start = datetime.datetime.combine(
            draw(st.sampled_from(dates)),
            datetime.time(draw(st.integers(0, 23)), draw(st.sampled_from((0, 30)))),
        )
        shifts.append(
            Shift(
                id=sid,
                unit=draw(st.sampled_from((1, 2))),
                start=start,
                end=start + datetime.timedelta(minutes=draw(st.integers(1, 24)) * 30),
                site=draw(st.sampled_from((None, *SITES))),
                habilitations=frozenset(draw(st.sets(st.sampled_from(HABILITATIONS), max_size=2))),
                skills=frozenset(draw(st.sets(st.sampled_from(("cuisine", "accueil")), max_size=1))),
                head_count=draw(st.integers(1, 3)),
                priority=draw(st.integers(1, 3)),
            )
        )
    people = []
    for pid in range(draw(st.integers(1, max_people))):
        sites = draw(st.one_of(st.none(), st.sets(st.sampled_from(SITES), min_size=1)))
        people.append(
            Person(
                id=100 + pid,
                home_unit=draw(st.sampled_from((None, 7, 8))),
                habilitations=frozenset(draw(st.sets(st.sampled_from(HABILITATIONS)))),
                skills=frozenset(draw(st.sets(st.sampled_from(("cuisine", "accueil")), max_size=1))),
                rather_not=frozenset(draw(st.sets(st.sampled_from(("cuisine", "accueil")), max_size=1))),
                sites=frozenset(sites) if sites is not None else None,
                days=frozenset(draw(st.sets(st.sampled_from(dates), min_size=1))),
                max_minutes_per_week=draw(st.sampled_from((4, 8, 12, 20))) * 60,
            )
        )
    pairs = st.tuples(st.sampled_from([p.id for p in people]), st.sampled_from([s.id for s in shifts]))
    floors = draw(
        st.lists(
            st.builds(
                Floor, unit=st.sampled_from((7, 8)), staff=st.integers(0, 4), minimum=st.integers(0, 4)
            ),
            max_size=2,
        )
    )
    return Instance(
        shifts=tuple(shifts),
        people=tuple(people),
        floors=tuple(floors),
        min_rest_minutes=draw(st.sampled_from((0, 4 * 60, 11 * 60))),
        keep=frozenset(draw(st.sets(pairs, max_size=4))),
        fixed=frozenset(draw(st.sets(pairs, max_size=3))),
        excluded=frozenset(draw(st.sets(pairs, max_size=3))),
    )


@settings(max_examples=60, deadline=None)
@given(instances())
def test_no_plan_breaks_a_hard_constraint_and_the_solver_beats_the_baseline(instance):
    planned = solve(instance, time_limit=2.0)
    baseline = greedy(instance)
    assert check(instance, planned.assignments) == []
    assert check(instance, baseline.assignments) == []
    assert planned.objective >= baseline.objective
    assert planned.bound >= planned.objective - 1e-6
    asked = {s.id: s.head_count for s in instance.shifts}
    for result in (planned, baseline):
        taken = {}
        for _person, shift_id in result.assignments:
            taken[shift_id] = taken.get(shift_id, 0) + 1
        for shift_id, (missing, reason) in result.unfilled.items():
            assert missing == asked[shift_id] - taken.get(shift_id, 0) > 0
            assert reason
        assert set(result.unfilled) == {sid for sid, n in asked.items() if taken.get(sid, 0) < n}


@settings(max_examples=40, deadline=None)
@given(instances(max_people=4, max_shifts=4))
def test_the_solver_reaches_the_brute_force_optimum(instance):
    instance = Instance(**{**instance.__dict__, "fixed": frozenset()})
    assert solve(instance, time_limit=2.0).objective == brute_force(instance)
