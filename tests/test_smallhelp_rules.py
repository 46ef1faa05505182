"""The light path's rules without the database: half-days on working days, not past, no duplicate, at most N
per request, the monthly cap counting the agent's other half-days; the order of agreements (the agent's consent
first); one employer only."""

import datetime

from passerelles.smallhelp import rules
from passerelles.smallhelp.rules import Party, Period

MONDAY = datetime.date(2027, 3, 1)  # a Monday with no public holiday
TODAY = MONDAY - datetime.timedelta(days=7)
AM, PM = Period.MORNING, Period.AFTERNOON


def refusals(half_days, *, cap=4, taken=(), today=TODAY):
    return rules.half_day_refusals(half_days, today=today, cap=cap, taken=taken)


def test_working_days_to_come_within_the_cap_pass():
    assert refusals([(MONDAY, AM), (MONDAY, PM), (MONDAY + datetime.timedelta(days=1), AM)]) == []


def test_weekend_and_public_holiday_are_refused():
    saturday = MONDAY + datetime.timedelta(days=5)
    assert any("samedi" in r for r in refusals([(saturday, AM)]))
    assert any("férié" in r for r in refusals([(datetime.date(2027, 7, 14), AM)]))


def test_past_day_is_refused_and_today_is_allowed():
    assert any("passé" in r for r in refusals([(MONDAY, AM)], today=MONDAY + datetime.timedelta(days=1)))
    assert refusals([(MONDAY, AM)], today=MONDAY) == []


def test_duplicate_half_day_is_refused():
    assert any("deux fois" in r for r in refusals([(MONDAY, AM), (MONDAY, AM)]))


def test_more_than_n_per_request_is_refused():
    days = [(MONDAY + datetime.timedelta(days=d), p) for d in range(3) for p in (AM, PM)]
    assert any("au plus" in r for r in refusals(days, cap=4))


def test_monthly_cap_counts_the_other_half_days_of_the_same_month_only():
    taken = [(MONDAY + datetime.timedelta(days=7), AM), (MONDAY + datetime.timedelta(days=7), PM)]
    assert refusals([(MONDAY, AM), (MONDAY, PM)], cap=4, taken=taken) == []
    assert any(
        "au-delà des 4" in r
        for r in refusals(
            [(MONDAY, AM), (MONDAY, PM), (MONDAY + datetime.timedelta(days=1), AM)], cap=4, taken=taken
        )
    )
    other_month = [(datetime.date(2027, 4, 5), AM)] * 1
    assert refusals([(MONDAY, AM)], cap=1, taken=other_month) == []


def test_overlap_with_another_coup_de_main_is_refused():
    assert any("déjà un coup de main" in r for r in refusals([(MONDAY, AM)], taken=[(MONDAY, AM)]))


def test_cap_zero_means_the_light_path_is_off():
    assert any("pas ouvert" in r for r in refusals([(MONDAY, AM)], cap=0))


def test_nothing_asked_is_refused():
    assert refusals([]) == ["Choisissez au moins une demi-journée."]


def test_agent_consent_comes_first_when_the_host_initiates():
    assert rules.parties_waiting(initiated_by=Party.HOST, agreed={Party.HOST}) == [Party.AGENT]
    assert rules.parties_waiting(initiated_by=Party.HOST, agreed={Party.HOST, Party.AGENT}) == [Party.MANAGER]
    assert rules.parties_waiting(initiated_by=Party.AGENT, agreed={Party.AGENT}) == [
        Party.MANAGER,
        Party.HOST,
    ]
    assert rules.is_complete({Party.AGENT, Party.MANAGER, Party.HOST})
    assert not rules.is_complete({Party.AGENT, Party.HOST})


def test_another_employer_is_refused():
    assert rules.same_employer_refusal(agent_organisation_id=1, unit_organisation_id=2)
    assert rules.same_employer_refusal(agent_organisation_id=1, unit_organisation_id=1) == ""


def test_immersion_on_a_working_day_to_come():
    assert rules.immersion_refusals(MONDAY, today=TODAY) == []
    assert rules.immersion_refusals(MONDAY + datetime.timedelta(days=6), today=TODAY)
    assert rules.immersion_refusals(TODAY - datetime.timedelta(days=3), today=TODAY)


def test_half_days_text_in_date_order():
    text = rules.half_days_text([(MONDAY + datetime.timedelta(days=1), AM), (MONDAY, PM), (MONDAY, AM)])
    assert text == "01/03/2027 matin, 01/03/2027 après-midi, 02/03/2027 matin"
