"""The rota's hard rules without the database: a pooled agent is never over their weekly cap, never in two
places at once (issue 18)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from passerelles.pooling import rota

MONDAY = datetime.date(2026, 1, 5)
T = datetime.time


def slot(weekday, start, end, weeks=8, every_other_week=False, first=MONDAY, place="Collège A"):
    return rota.Slot(
        weekday,
        T(*start),
        T(*end),
        first,
        first + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=1),
        every_other_week,
        place,
    )


def test_a_slot_over_the_cap_is_refused_with_the_week_and_the_hours():
    existing = [slot(0, (8, 0), (16, 0)), slot(1, (8, 0), (16, 0))]  # 16 h
    message = rota.refusal(slot(2, (8, 0), (13, 0)), existing, cap_minutes=20 * 60)
    assert "semaine du 05/01/2026" in message and "21 h" in message and "20 h" in message
    assert rota.refusal(slot(2, (8, 0), (12, 0)), existing, cap_minutes=20 * 60) == ""  # exactly 20 h


def test_an_overlap_is_refused_naming_the_other_slot():
    existing = [slot(0, (8, 0), (12, 0), place="Collège Jean-Moulin")]
    message = rota.refusal(slot(0, (11, 30), (14, 0)), existing, cap_minutes=40 * 60)
    assert "chevauche" in message and "Collège Jean-Moulin" in message and "08:00" in message
    assert (
        rota.refusal(slot(0, (12, 0), (14, 0)), existing, cap_minutes=40 * 60) == ""
    )  # back to back is fine


def test_every_other_week_slots_of_opposite_weeks_do_not_overlap_nor_add_up():
    first = slot(4, (8, 0), (16, 0), every_other_week=True)
    second = slot(4, (8, 0), (16, 0), every_other_week=True, first=MONDAY + datetime.timedelta(days=7))
    assert rota.refusal(second, [first], cap_minutes=8 * 60) == ""
    same_weeks = slot(4, (9, 0), (10, 0), every_other_week=True, first=MONDAY + datetime.timedelta(days=14))
    assert "chevauche" in rota.refusal(same_weeks, [first], cap_minutes=40 * 60)


def test_a_slot_that_never_occurs_or_runs_backwards_is_refused():
    never = rota.Slot(2, T(8), T(9), MONDAY, MONDAY + datetime.timedelta(days=1))  # Mon–Tue, asks Wednesday
    assert "aucun mercredi" in rota.refusal(never, [], 600)
    assert "heure de fin" in rota.refusal(slot(0, (9, 0), (9, 0)), [], 600)
    backwards = rota.Slot(0, T(8), T(9), MONDAY, MONDAY - datetime.timedelta(days=7))
    assert "date de fin" in rota.refusal(backwards, [], 600)
    too_long = rota.Slot(0, T(8), T(9), MONDAY, MONDAY + datetime.timedelta(days=4 * 365))
    assert "trois ans" in rota.refusal(too_long, [], 600)


def test_the_week_grid_shows_each_day_with_its_slots():
    slots = [
        slot(0, (8, 0), (12, 0)),
        slot(0, (13, 0), (15, 0), place="Collège B"),
        slot(4, (8, 0), (9, 0), every_other_week=True),
    ]
    grid = rota.week_grid(slots, MONDAY + datetime.timedelta(days=7))
    assert [len(day_slots) for _, day_slots in grid] == [2, 0, 0, 0, 0, 0, 0]  # the Friday is an « off » week
    assert rota.week_minutes(slots, MONDAY) == 7 * 60
    assert rota.hours_label(450) == "7 h 30"


slots = st.builds(
    lambda weekday, start, length, first_week, weeks, other: rota.Slot(
        weekday,
        T(start // 4, (start % 4) * 15),
        T((start + length) // 4, ((start + length) % 4) * 15),
        MONDAY + datetime.timedelta(days=7 * first_week + (weekday + first_week) % 3),
        MONDAY + datetime.timedelta(days=7 * (first_week + weeks)),
        other,
        "",
    ),
    weekday=st.integers(0, 6),
    start=st.integers(24, 72),  # from 6:00, by quarters of an hour
    length=st.integers(1, 20),  # up to 5 hours
    first_week=st.integers(0, 6),
    weeks=st.integers(0, 10),
    other=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(candidates=st.lists(slots, max_size=25), cap_hours=st.integers(1, 35))
def test_whatever_is_asked_the_accepted_rota_never_exceeds_the_cap_nor_overlaps(candidates, cap_hours):
    cap = cap_hours * 60
    accepted: list[rota.Slot] = []
    for candidate in candidates:
        if rota.refusal(candidate, accepted, cap) == "":
            accepted.append(candidate)
    for week in range(20):
        assert rota.week_minutes(accepted, MONDAY + datetime.timedelta(weeks=week)) <= cap
    for day in (MONDAY + datetime.timedelta(days=n) for n in range(140)):
        today = sorted((s for s in accepted if s.occurs_on(day)), key=lambda s: s.start)
        assert all(a.end <= b.start for a, b in zip(today, today[1:], strict=False))
