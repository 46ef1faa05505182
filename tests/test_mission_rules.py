"""Plain rules of missions and engagements, tested without the database."""

import pytest

from passerelles.engagements.lifecycle import (
    CLOSED_STATES,
    OPEN_STATES,
    TRANSITIONS,
    State,
    TransitionRefused,
    available_actions,
    transition_for,
)
from passerelles.missions.review import review_flags
from passerelles.missions.text import index_text, terms

# ---- French search normalisation ----


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("animer", "Animation d'ateliers numériques"),
        ("atelier", "ANIMER DES ATELIERS"),
        ("education", "Éducation à l'environnement"),
        ("jardin", "jardins partagés"),
        ("cuisiner", "Cuisine collective"),
    ],
)
def test_search_terms_match_across_forms(query, text):
    index = index_text(text)
    assert all(f" {term}" in index for term in terms(query))


def test_stop_words_and_punctuation_are_ignored():
    assert terms("de la Gestion, et des PROJETS !") == ["gestion", "projet"]
    assert terms("") == [] and index_text("") == ""


def test_unrelated_words_do_not_match():
    index = index_text("Animation d'ateliers")
    assert " comptab" not in index


# ---- HR review flags ----

CLEAN = {
    "purpose": "appui_projet",
    "duration_months": 3,
    "percent": 20,
    "expertise": "confirme",
    "project_name": "Fête de la science",
    "cap_percent": 40,
    "similar_in_unit": 0,
}


def codes(**changes):
    return [flag.code for flag in review_flags(**{**CLEAN, **changes})]


def test_a_well_framed_mission_has_no_flag():
    assert codes() == []


@pytest.mark.parametrize(
    "changes",
    [
        {"duration_months": 9, "percent": 60, "cap_percent": 100},
        {"similar_in_unit": 2},
        {"purpose": "renfort_ponctuel", "project_name": ""},
        {"purpose": "renfort_ponctuel", "duration_months": 5},
    ],
)
def test_structural_reinforcement_is_flagged_with_its_reason(changes):
    flags = review_flags(**{**CLEAN, **changes})
    assert [f.code for f in flags] == ["structural"]
    assert flags[0].reason


def test_long_but_light_or_short_but_heavy_is_not_structural():
    assert codes(duration_months=9, percent=20) == []
    assert codes(duration_months=2, percent=80, cap_percent=100) == []


def test_expertise_on_a_discovery_mission_is_flagged():
    assert codes(purpose="decouverte", expertise="expert") == ["expertise"]
    assert codes(purpose="appui_projet", expertise="expert") == []


def test_time_share_above_the_cap_is_flagged():
    assert codes(percent=41) == ["cap"]
    assert codes(percent=40) == []
    assert codes(percent=80, cap_percent=100) == []


# ---- engagement lifecycle ----


def test_every_state_is_open_or_closed():
    assert set(State.values) == OPEN_STATES | CLOSED_STATES
    assert not OPEN_STATES & CLOSED_STATES


def test_every_move_not_in_the_table_is_refused():
    table = {(t.source, t.action) for t in TRANSITIONS}
    actions = {t.action for t in TRANSITIONS}
    everyone = {"agent", "broker", "manager", "system"}
    for state in State.values:
        for action in actions:
            if (state, action) in table:
                assert transition_for(state, action, everyone).source == state
            else:
                with pytest.raises(TransitionRefused):
                    transition_for(state, action, everyone)


def test_nothing_leaves_a_closed_state_but_evaluation():
    for state in CLOSED_STATES:
        targets = {t.target for t in TRANSITIONS if t.source == state}
        assert targets <= {State.EVALUATED}


@pytest.mark.parametrize(
    ("state", "action", "refused", "allowed"),
    [
        (State.PROPOSAL, "accept_proposal", "broker", "agent"),  # consent is the agent's own
        (State.INTEREST, "withdraw", "broker", "agent"),
        (State.INTEREST, "decline", "agent", "broker"),
        (State.INTEREST, "decline", "manager", "broker"),  # the manager is not a gatekeeper of curiosity
        (State.AGREEMENTS, "decline", "agent", "manager"),
        (State.READY, "activate", "broker", "system"),
        (State.ACTIVE, "end", "agent", "system"),
    ],
)
def test_who_may_move(state, action, refused, allowed):
    with pytest.raises(TransitionRefused, match="ne vous revient pas"):
        transition_for(state, action, {refused})
    assert transition_for(state, action, {allowed})


def test_the_agent_can_withdraw_from_every_open_state():
    for state in OPEN_STATES:
        assert "withdraw" in {t.action for t in available_actions(state, {"agent"})}, state


@pytest.mark.parametrize(
    ("kind", "percent", "days", "label", "effective"),
    [
        ("percent", 20, None, "20 %", 20),
        ("days", None, "2.0", "2 j/mois (≈ 9 %)", 9),
        ("days", None, "2.5", "2,5 j/mois (≈ 12 %)", 12),
        ("days", None, "0.5", "0,5 j/mois (≈ 2 %)", 2),
    ],
)
def test_time_share_in_percent_or_days(kind, percent, days, label, effective):
    from decimal import Decimal

    from passerelles.missions.models import Mission

    mission = Mission(
        time_share_kind=kind, time_share_percent=percent, days_per_month=Decimal(days) if days else None
    )
    assert mission.time_share_label == label
    assert mission.effective_percent == effective
