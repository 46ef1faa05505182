"""The network's rules without a database (issue 18): a member's limits within the network's, the stricter of
two members' limits, what a deliberation must say, and how rare skills are counted and named."""

import datetime

from passerelles.networks import rules
from passerelles.networks.rules import Limits


def test_a_member_may_be_stricter_than_the_network():
    assert rules.take_up_errors(network=Limits(40, 12), member=Limits(30, 6)) == []
    assert rules.take_up_errors(network=Limits(40, 12), member=Limits(40, 12)) == []


def test_a_member_wider_than_the_network_is_refused_in_french():
    errors = rules.take_up_errors(network=Limits(40, 12), member=Limits(50, 18))
    assert len(errors) == 2
    assert "50 %" in errors[0] and "40 %" in errors[0] and "réseau" in errors[0]
    assert "18 mois" in errors[1] and "12 mois" in errors[1]


def test_only_the_wider_limit_is_named():
    errors = rules.take_up_errors(network=Limits(40, 12), member=Limits(40, 13))
    assert errors == ["La durée maximale (13 mois) dépasse celle du réseau (12 mois)."]


def test_the_stricter_of_two_members_takes_each_smaller_limit():
    assert rules.stricter(Limits(40, 6), Limits(30, 12)) == Limits(30, 6)
    assert rules.stricter(Limits(40, 12), Limits(40, 12), Limits(35, 24)) == Limits(35, 12)


def test_a_decided_deliberation_has_its_date():
    assert rules.deliberation_errors(status="votee", decided_on=None)
    assert rules.deliberation_errors(status="refusee", decided_on=None)
    assert rules.deliberation_errors(status="a_venir", decided_on=None) == []
    assert rules.deliberation_errors(status="votee", decided_on=datetime.date(2026, 1, 8)) == []


def test_rare_skills_count_people_not_tags_and_keep_the_hidden_names_hidden():
    rows = [
        ("soudure", "Soudure", 1, "Ville", "Ana Soudeuse"),
        ("soudure", "Soudure", 2, "Département", None),  # counted, not named: the reader may not see them
        ("couture", "Couture", 3, "CCAS", None),
        ("excel", "Excel", 4, "Ville", None),
        ("excel", "Excel", 5, "Ville", None),
        ("excel", "Excel", 6, "Ville", None),
        ("excel", "Excel", 7, "Département", None),  # 4 holders: not rare
    ]
    found = rules.rare_skills(rows, at_most=3)
    assert [(s.label, s.count) for s in found] == [("Couture", 1), ("Soudure", 2)]
    soudure = found[1]
    assert soudure.names == ("Ana Soudeuse",)
    assert soudure.organisations == ("Département", "Ville")


def test_the_same_person_with_a_skill_twice_counts_once():
    rows = [("soudure", "Soudure", 1, "Ville", None), ("soudure", "soudure", 1, "Ville", None)]
    assert rules.rare_skills(rows)[0].count == 1
