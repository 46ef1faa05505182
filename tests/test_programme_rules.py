"""The rules of a programme run as a test, without the database (issue 16): expiry, reminders due, decisions,
indicators against targets, answers aggregated from five up."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from passerelles.missions.models import ProgrammeStatus
from passerelles.missions.programme_rules import is_expired, new_mission_refusal, programme_refusal
from passerelles.programmes.rules import (
    MET,
    NO_VALUE,
    NOT_MET,
    DecisionInput,
    aggregate_answers,
    decision_errors,
    indicator_state,
    reminder_due,
)

TODAY = datetime.date(2027, 3, 10)


def programme(**values):
    defaults = {
        "pk": 1,
        "name": "Saison 1",
        "is_test": True,
        "status": ProgrammeStatus.TEST,
        "expires_on": TODAY + datetime.timedelta(days=30),
        "reminded_60_for": None,
        "reminded_15_for": None,
    }
    return SimpleNamespace(**{**defaults, **values})


# --- expiry ---------------------------------------------------------------------------------------------------


def test_a_test_expires_the_day_after_its_expiry_date():
    on_the_day = programme(expires_on=TODAY)
    assert not is_expired(on_the_day, TODAY) and new_mission_refusal(on_the_day, TODAY) == ""
    day_after = TODAY + datetime.timedelta(days=1)
    assert is_expired(on_the_day, day_after)
    assert "arrivé à échéance le 10 mars 2027" in new_mission_refusal(on_the_day, day_after)


@pytest.mark.parametrize("status", [ProgrammeStatus.TEST, ProgrammeStatus.EXTENDED])
def test_an_undecided_test_past_its_date_takes_no_new_mission(status):
    assert new_mission_refusal(programme(status=status, expires_on=TODAY - datetime.timedelta(days=1)), TODAY)


def test_a_generalised_programme_and_a_programme_that_is_no_test_never_expire():
    past = TODAY - datetime.timedelta(days=100)
    assert (
        new_mission_refusal(
            programme(status=ProgrammeStatus.GENERALISED, is_test=False, expires_on=past), TODAY
        )
        == ""
    )
    assert new_mission_refusal(programme(is_test=False, expires_on=past), TODAY) == ""


def test_a_stopped_programme_takes_no_new_mission_at_all():
    stopped = programme(status=ProgrammeStatus.STOPPED, expires_on=TODAY + datetime.timedelta(days=300))
    assert "arrêté" in new_mission_refusal(stopped, TODAY)


def test_a_mission_already_in_the_programme_keeps_it_when_edited():
    expired = programme(expires_on=TODAY - datetime.timedelta(days=3))
    assert programme_refusal(None, expired, TODAY)  # a new mission
    assert programme_refusal(SimpleNamespace(pk=7, programme_id=2), expired, TODAY)  # moved into it
    assert programme_refusal(SimpleNamespace(pk=7, programme_id=1), expired, TODAY) == ""  # already in it
    assert programme_refusal(None, None, TODAY) == ""


# --- reminders --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "due"),
    [(100, None), (61, None), (60, 60), (40, 60), (16, 60), (15, 15), (3, 15), (0, 15), (-1, None)],
)
def test_reminders_fall_due_60_and_15_days_before(days_left, due):
    assert reminder_due(programme(expires_on=TODAY + datetime.timedelta(days=days_left)), TODAY) == due


def test_each_reminder_goes_once_per_expiry_date():
    end = TODAY + datetime.timedelta(days=40)
    assert reminder_due(programme(expires_on=end, reminded_60_for=end), TODAY) is None
    # an extension gives a new date: reminded again
    later = TODAY + datetime.timedelta(days=50)
    assert reminder_due(programme(expires_on=later, reminded_60_for=end), TODAY) == 60
    soon = TODAY + datetime.timedelta(days=10)
    assert reminder_due(programme(expires_on=soon, reminded_60_for=soon), TODAY) == 15
    assert reminder_due(programme(expires_on=soon, reminded_60_for=soon, reminded_15_for=soon), TODAY) is None


def test_no_reminder_for_a_decided_programme_or_one_that_is_no_test():
    end = TODAY + datetime.timedelta(days=10)
    assert reminder_due(programme(expires_on=end, status=ProgrammeStatus.STOPPED), TODAY) is None
    assert reminder_due(programme(expires_on=end, is_test=False), TODAY) is None
    assert reminder_due(programme(expires_on=None), TODAY) is None


# --- decisions ---------------------------------------------------------------------------------------------------


def test_a_decision_needs_a_status_and_its_reasons():
    errors = decision_errors(DecisionInput(status="test", reasons="  ", new_expires_on=None), TODAY)
    assert set(errors) == {"status", "reasons"}
    assert "raisons" in errors["reasons"]


def test_an_extension_needs_a_new_date_after_today():
    def extend(day):
        return decision_errors(DecisionInput(ProgrammeStatus.EXTENDED, "Pas assez de recul.", day), TODAY)

    assert "nouvelle date" in extend(None)["new_expires_on"]
    assert "postérieure" in extend(TODAY)["new_expires_on"]
    assert extend(TODAY + datetime.timedelta(days=1)) == {}


@pytest.mark.parametrize("status", [ProgrammeStatus.GENERALISED, ProgrammeStatus.STOPPED])
def test_generalising_or_stopping_takes_no_new_date(status):
    assert decision_errors(DecisionInput(status, "Objectifs atteints.", None), TODAY) == {}
    later = TODAY + datetime.timedelta(days=90)
    assert (
        "prolongé"
        in decision_errors(DecisionInput(status, "Objectifs atteints.", later), TODAY)["new_expires_on"]
    )


# --- indicators and answers ---------------------------------------------------------------------------------------


def test_an_indicator_against_its_target():
    assert indicator_state(None, "at_least", Decimal(5)) == NO_VALUE
    assert indicator_state(5, "at_least", Decimal(5)) == MET
    assert indicator_state(Decimal("4.9"), "at_least", Decimal(5)) == NOT_MET
    assert indicator_state(Decimal("12.5"), "at_most", Decimal(20)) == MET
    assert indicator_state(21, "at_most", Decimal(20)) == NOT_MET


def test_answers_are_shown_only_from_five_and_free_texts_never():
    questions = [
        {"kind": "likert", "text": "Utile"},
        {"kind": "yesno", "text": "Encore"},
        {"kind": "text", "text": "Remarques"},
    ]
    five = [
        (questions, {"0": str(v), "1": yes, "2": "Mon prénom est Léa"})
        for v, yes in [(5, "oui"), (4, "oui"), (4, "non"), (3, "oui"), (5, "oui")]
    ]
    results = {r.text: r for r in aggregate_answers(five)}
    assert set(results) == {"Utile", "Encore"}  # free text never aggregated
    assert results["Utile"].count == 5 and results["Utile"].mean == Decimal("4.2")
    assert results["Encore"].yes_share == 80
    four = {r.text: r for r in aggregate_answers(five[:4])}
    assert four["Utile"].hidden and four["Utile"].mean is None and four["Encore"].yes_share is None


def test_answers_left_blank_or_invalid_are_not_counted():
    questions = [{"kind": "likert", "text": "Utile"}]
    rows = [(questions, {"0": value}) for value in ["5", "", "9", "oui", "4", "4", "3", "2"]]
    (result,) = aggregate_answers(rows)
    assert result.count == 5 and result.mean == Decimal("3.6")
