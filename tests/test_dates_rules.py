"""The date rules without the database: the French working calendar (weekends, public holidays), the points
d'étape laid on working days a week apart, and the dates rule of a mission (no past date, except a
regularisation by HR)."""

import datetime

import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from passerelles.foundation.calendar_fr import (
    CHECKIN_MIN_GAP_DAYS,
    checkin_dates,
    holiday_name,
    is_working_day,
    next_working_day,
    non_working_reason,
)
from passerelles.missions.dates import mission_date_errors

NEXT_YEAR = datetime.date.today().year + 1
TODAY = datetime.date(2027, 3, 10)  # a Wednesday


# --- the calendar -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (datetime.date(NEXT_YEAR, 7, 14), "Fête nationale"),
        (datetime.date(NEXT_YEAR, 5, 1), "Fête du Travail"),
        (easter(NEXT_YEAR) + datetime.timedelta(days=1), "Lundi de Pâques"),
        (easter(NEXT_YEAR) + datetime.timedelta(days=39), "Ascension"),
        (datetime.date(NEXT_YEAR, 11, 11), "Armistice"),
        (datetime.date(NEXT_YEAR, 12, 25), "Noël"),
    ],
)
def test_french_public_holidays_are_named_and_not_working_days(day, name):
    assert name in holiday_name(day)
    assert not is_working_day(day)
    assert non_working_reason(day) == f"Le {day:%d/%m/%Y} est un jour férié ({holiday_name(day)})."


def test_weekends_are_not_working_days_and_an_ordinary_weekday_is():
    saturday, sunday, monday = datetime.date(2027, 3, 6), datetime.date(2027, 3, 7), datetime.date(2027, 3, 8)
    assert non_working_reason(saturday) == "Le 06/03/2027 est un samedi."
    assert non_working_reason(sunday) == "Le 07/03/2027 est un dimanche."
    assert non_working_reason(monday) == "" and is_working_day(monday) and holiday_name(monday) == ""


def test_a_holiday_on_a_weekend_is_named_as_the_holiday():
    assert (
        non_working_reason(datetime.date(2027, 5, 1)) == "Le 01/05/2027 est un jour férié (Fête du Travail)."
    )


def test_alsace_moselle_has_its_own_days_only_when_asked():
    good_friday = easter(NEXT_YEAR) - datetime.timedelta(days=2)
    assert is_working_day(good_friday)
    assert holiday_name(good_friday, subdiv="57") == "Vendredi saint"
    boxing_day = datetime.date(NEXT_YEAR, 12, 26)
    assert holiday_name(boxing_day) == "" and holiday_name(boxing_day, subdiv="6AE") != ""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2027, 3, 10), datetime.date(2027, 3, 10)),  # a Wednesday stays
        (datetime.date(2027, 3, 27), datetime.date(2027, 3, 30)),  # Saturday → past Easter Monday → Tuesday
        (datetime.date(2027, 7, 14), datetime.date(2027, 7, 15)),  # 14 July (a Wednesday) → Thursday
        (datetime.date(2026, 12, 25), datetime.date(2026, 12, 28)),  # Christmas on a Friday → Monday
        (datetime.date(2027, 5, 1), datetime.date(2027, 5, 3)),  # 1 May on a Saturday → Monday
    ],
)
def test_next_working_day_skips_weekends_and_holidays(day, expected):
    assert next_working_day(day) == expected


# --- the points d'étape ------------------------------------------------------------------------------------


def _well_placed(dates, start, end):
    assert dates == sorted(dates)
    for day in dates:
        assert start < day <= end and is_working_day(day), day
    for before, after in zip(dates, dates[1:], strict=False):
        assert (after - before).days >= CHECKIN_MIN_GAP_DAYS, (before, after)


def test_a_five_day_mission_gets_one_point_d_etape_in_the_middle():
    start = datetime.date(2027, 3, 1)  # Monday → Friday
    dates = checkin_dates(start, start + datetime.timedelta(days=4))
    assert dates == [datetime.date(2027, 3, 3)]


def test_a_three_week_mission_gets_no_points_d_etape_on_consecutive_days():
    start = datetime.date(2027, 3, 1)
    end = start + datetime.timedelta(days=20)
    dates = checkin_dates(start, end)
    # mid-term (11 March) and « after two weeks » / « the last week » (15 March) are 4 days apart: one is kept
    assert dates == [datetime.date(2027, 3, 11)]
    _well_placed(dates, start, end)


def test_a_six_month_mission_gets_three_points_d_etape_on_working_days():
    start = datetime.date(2027, 3, 1)
    end = datetime.date(2027, 8, 31)
    dates = checkin_dates(start, end)
    assert dates == [datetime.date(2027, 3, 15), datetime.date(2027, 5, 31), datetime.date(2027, 8, 25)]
    _well_placed(dates, start, end)


def test_a_point_d_etape_on_a_holiday_moves_to_the_next_working_day():
    start = datetime.date(2027, 6, 30)  # two weeks later is 14 July
    dates = checkin_dates(start, datetime.date(2027, 12, 31))
    assert dates[0] == datetime.date(2027, 7, 15)
    # Easter Monday: two weeks after 15 March 2027 is Monday 29 March
    assert checkin_dates(datetime.date(2027, 3, 15), datetime.date(2027, 9, 30))[0] == datetime.date(
        2027, 3, 30
    )


def test_a_point_d_etape_that_would_fall_after_the_end_comes_back_to_the_last_working_day():
    # Wednesday 23 → Sunday 27 December 2026: mid-term is Christmas (a Friday), and the next working day
    # (Monday 28) is after the end, so the point d'étape comes back to Thursday 24
    assert checkin_dates(datetime.date(2026, 12, 23), datetime.date(2026, 12, 27)) == [
        datetime.date(2026, 12, 24)
    ]


def test_no_points_d_etape_for_a_one_day_mission_or_reversed_dates():
    day = datetime.date(2027, 3, 1)
    assert checkin_dates(day, day) == []
    assert checkin_dates(day, day - datetime.timedelta(days=3)) == []


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2035, 12, 31)),
    days=st.integers(min_value=0, max_value=800),
)
def test_points_d_etape_are_always_working_days_a_week_apart_within_the_mission(start, days):
    end = start + datetime.timedelta(days=days)
    dates = checkin_dates(start, end)
    _well_placed(dates, start, end)
    assert len(dates) <= 3
    if days >= 60:  # a mission of two months or more keeps its three points d'étape
        assert len(dates) == 3


# --- the dates rule of a mission ---------------------------------------------------------------------------

PAST = TODAY - datetime.timedelta(days=3)
SOON = TODAY + datetime.timedelta(days=10)
LATER = TODAY + datetime.timedelta(days=90)


def test_a_new_mission_cannot_start_or_end_in_the_past():
    errors = mission_date_errors(start=PAST, end=LATER, today=TODAY)
    assert set(errors) == {"start_date"} and "La date de début est passée" in errors["start_date"]
    assert "10/03/2027" in errors["start_date"] and "régularisation" in errors["start_date"]
    errors = mission_date_errors(start=PAST, end=PAST, today=TODAY)
    assert set(errors) == {"start_date", "end_date"}
    assert mission_date_errors(start=TODAY, end=TODAY, today=TODAY) == {}  # today is not the past
    assert mission_date_errors(start=SOON, end=LATER, today=TODAY) == {}


def test_a_running_mission_keeps_its_past_start_while_other_fields_change():
    assert (
        mission_date_errors(start=PAST, end=LATER, today=TODAY, previous_start=PAST, previous_end=LATER) == {}
    )
    # its end may move, to a date to come
    assert (
        mission_date_errors(
            start=PAST,
            end=LATER + datetime.timedelta(days=5),
            today=TODAY,
            previous_start=PAST,
            previous_end=LATER,
        )
        == {}
    )


def test_a_changed_date_may_not_be_put_in_the_past():
    older = PAST - datetime.timedelta(days=7)
    errors = mission_date_errors(start=older, end=LATER, today=TODAY, previous_start=PAST, previous_end=LATER)
    assert set(errors) == {"start_date"}
    errors = mission_date_errors(start=PAST, end=PAST, today=TODAY, previous_start=PAST, previous_end=LATER)
    assert set(errors) == {"end_date"}


def test_a_regularisation_allows_a_past_start_never_a_past_end_nor_a_future_start():
    assert mission_date_errors(start=PAST, end=LATER, today=TODAY, regularisation=True) == {}
    assert set(mission_date_errors(start=PAST, end=PAST, today=TODAY, regularisation=True)) == {"end_date"}
    errors = mission_date_errors(start=SOON, end=LATER, today=TODAY, regularisation=True)
    assert set(errors) == {"regularisation"} and "déjà commencée" in errors["regularisation"]
