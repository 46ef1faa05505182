"""Mission forums and café-missions (issue 19): the rules that need no database."""

import datetime

from passerelles.encounters import rules
from passerelles.encounters.rules import Status


def test_lifecycle_moves_only_forward_and_cancels_before_held():
    assert rules.transition_refusal(Status.DRAFT, "open") == ""
    assert rules.transition_refusal(Status.OPEN, "send") == ""
    assert rules.transition_refusal(Status.SCHEDULED, "hold") == ""
    assert "n'est pas possible" in rules.transition_refusal(Status.DRAFT, "send")
    assert "n'est pas possible" in rules.transition_refusal(Status.OPEN, "hold")
    assert "n'est pas possible" in rules.transition_refusal(Status.HELD, "cancel")
    assert "n'est pas possible" in rules.transition_refusal(Status.CANCELLED, "open")
    assert rules.target("cancel") == Status.CANCELLED


def test_an_event_is_held_on_its_day_or_after_only():
    today = datetime.date(2026, 6, 10)
    assert rules.hold_refusal(today, today) == ""
    assert rules.hold_refusal(today - datetime.timedelta(days=1), today) == ""
    assert "10/06/2026" not in rules.hold_refusal(today + datetime.timedelta(days=1), today)
    assert "11/06/2026" in rules.hold_refusal(today + datetime.timedelta(days=1), today)


def test_dates_in_the_past_are_refused():
    today = datetime.date(2026, 6, 10)
    assert rules.date_refusal(today, today) == ""
    assert "passée" in rules.date_refusal(today - datetime.timedelta(days=1), today)


def test_an_event_is_held_on_a_working_day():
    today = datetime.date(2026, 6, 10)  # a Wednesday
    assert "dimanche" in rules.date_refusal(datetime.date(2026, 6, 14), today)
    assert "samedi" in rules.date_refusal(datetime.date(2026, 6, 13), today)
    assert "férié" in rules.date_refusal(datetime.date(2026, 7, 14), today)
    assert rules.date_refusal(datetime.date(2026, 6, 15), today) == ""  # the Monday after


def test_format_limits_are_said_in_french():
    good = rules.Format(minutes=15, pause=5, rounds=4, tables=4, seats=1)
    assert rules.format_refusals(good) == []
    bad = rules.Format(minutes=2, pause=45, rounds=0, tables=100, seats=0)
    refusals = rules.format_refusals(bad)
    assert len(refusals) == 5
    assert any("minutes" in r for r in refusals)


def test_rounds_follow_each_other_with_the_pause():
    start = datetime.datetime(2026, 6, 10, 9, 0)
    fmt = rules.Format(minutes=15, pause=5, rounds=4, tables=2, seats=1)
    assert rules.round_start(start, fmt, 0) == start
    assert rules.round_start(start, fmt, 3) == datetime.datetime(2026, 6, 10, 10, 0)


def test_wishes_need_one_rank_each_and_no_duplicate():
    assert rules.wish_refusals({1: 1, 2: 2, 3: 5}) == []
    assert "au moins une" in rules.wish_refusals({})[0]
    duplicate = rules.wish_refusals({1: 2, 2: 2, 3: 1})
    assert duplicate == ["Le rang 2 est donné à plusieurs conversations : un rang par conversation."]
    assert "de 1 à 5" in rules.wish_refusals({1: 6})[0]


def test_which_missions_may_be_pitched():
    own = {1}
    network = {1, 2, 3}
    assert rules.mission_may_be_pitched(visibility="organisation", mission_org=1, scope=own)
    assert rules.mission_may_be_pitched(visibility="network", mission_org=1, scope=network)
    # a mission shown to its organisation only is never shown to other employers through a forum
    assert not rules.mission_may_be_pitched(visibility="organisation", mission_org=1, scope=network)
    assert not rules.mission_may_be_pitched(visibility="unit", mission_org=1, scope=own)
    assert not rules.mission_may_be_pitched(visibility="network", mission_org=4, scope=network)


def test_only_two_yes_make_an_engagement():
    assert rules.both_continue(True, True)
    assert not rules.both_continue(True, None)
    assert not rules.both_continue(False, True)
    assert not rules.both_continue(None, None)
