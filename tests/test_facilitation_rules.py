"""The facilitators' pool's plain rules (passerelles/facilitation/rules.py), without the database."""

import datetime

import pytest

from passerelles.facilitation import rules
from passerelles.facilitation.rules import Slot

NOW = datetime.datetime(2027, 3, 10, 9, 0)


def at(day, hour, minute=0):
    return datetime.datetime(2027, 3, day, hour, minute)


def refusal(slot, committed=(), hours=4):
    return rules.call_refusal(slot=slot, now=NOW, hours_per_month=hours, committed=list(committed))


def test_a_call_within_the_rules_is_accepted():
    assert refusal(Slot(at(12, 14), 90)) == ""


@pytest.mark.parametrize("minutes", [0, 14, 241, 600])
def test_a_call_lasts_15_minutes_to_4_hours(minutes):
    assert "de 15 minutes à 4 heures" in refusal(Slot(at(12, 14), minutes), hours=40)


@pytest.mark.parametrize("minutes", [15, 240])
def test_the_bounds_are_allowed(minutes):
    assert refusal(Slot(at(12, 8), minutes), hours=40) == ""


def test_a_call_in_the_past_or_now_is_refused():
    assert "passée" in refusal(Slot(NOW, 30))
    assert "passée" in refusal(Slot(at(9, 14), 30))


def test_beyond_the_monthly_hours_is_refused_and_says_what_is_left():
    committed = [Slot(at(11, 9), 120), Slot(at(15, 9), 90)]  # 3 h 30 in March
    message = refusal(Slot(at(20, 9), 60), committed, hours=4)
    assert "au-delà des 4 h par mois" in message and "30 min" in message
    assert refusal(Slot(at(20, 9), 30), committed, hours=4) == ""  # exactly the 4 h


def test_other_months_do_not_count():
    committed = [Slot(datetime.datetime(2027, 4, 2, 9), 240)]
    assert refusal(Slot(at(20, 9), 240), committed, hours=4) == ""


def test_overlapping_an_accepted_call_is_refused_touching_is_not():
    committed = [Slot(at(12, 14), 60)]
    assert "déjà accepté" in refusal(Slot(at(12, 14, 30), 60), committed, hours=40)
    assert "déjà accepté" in refusal(Slot(at(12, 13), 240), committed, hours=40)
    assert refusal(Slot(at(12, 15), 60), committed, hours=40) == ""  # starts when the other ends
    assert refusal(Slot(at(12, 13), 60), committed, hours=40) == ""  # ends when the other starts


def test_topics_are_short_free_tags():
    topics = rules.parse_topics(" Réunion d'équipe ; codéveloppement,, CODÉVELOPPEMENT , " + "x" * 60)
    assert topics == ["Réunion d'équipe", "codéveloppement", "x" * 40]
    assert len(rules.parse_topics(",".join(f"t{i}" for i in range(20)))) == rules.MAX_TOPICS
    assert rules.parse_topics(" , ; ") == []


def test_the_call_life():
    assert rules.next_state(rules.PROPOSED, "accept") == rules.ACCEPTED
    assert rules.next_state(rules.PROPOSED, "decline") == rules.DECLINED
    assert rules.next_state(rules.ACCEPTED, "held") == rules.HELD
    assert rules.next_state(rules.ACCEPTED, "not_held") == rules.NOT_HELD
    assert rules.next_state(rules.PROPOSED, "held") is None  # a call never answered never took place
    assert rules.next_state(rules.DECLINED, "accept") is None
    assert rules.next_state(rules.HELD, "not_held") is None
    assert rules.next_state(rules.ACCEPTED, "whatever") is None


def test_a_bilan_waits_for_the_start():
    slot = Slot(at(12, 14), 60)
    assert not rules.can_confirm(slot, at(12, 13, 59))
    assert rules.can_confirm(slot, at(12, 14))


def test_minutes_read_plainly():
    assert [rules.format_minutes(m) for m in (45, 60, 90, 240)] == ["45 min", "1 h", "1 h 30", "4 h"]
