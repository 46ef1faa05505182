"""The time a mission asks for, said in plain words (issue 15, pages made for the field)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from passerelles.missions.models import Mission, TimeShareKind
from passerelles.missions.plain_words import (
    dates_in_words,
    place_in_words,
    purpose_in_words,
    time_share_in_words,
)


def share(kind, *, days=None, percent=None):
    return SimpleNamespace(time_share_kind=kind, days_per_month=days, time_share_percent=percent)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (Decimal("0.5"), "une demi-journée par mois"),
        (Decimal("1"), "1 jour par mois"),
        (Decimal("1.5"), "1 jour et demi par mois"),
        (Decimal("2"), "2 jours par mois"),
        (Decimal("2.5"), "2 jours et demi par mois"),
        (Decimal("22"), "22 jours par mois"),
        (Decimal("1.2"), "environ 1 jour par mois"),  # between two half days: rounded and said so
        (Decimal("1.3"), "environ 1 jour et demi par mois"),
        (Decimal("0.1"), "environ une demi-journée par mois"),  # never « 0 jour »
        (2.0, "2 jours par mois"),  # a float (an unsaved form value) reads the same
    ],
)
def test_days_per_month(days, words):
    assert time_share_in_words(share(TimeShareKind.DAYS, days=days)) == words


@pytest.mark.parametrize(
    ("percent", "words"),
    [
        (10, "une demi-journée par semaine"),
        (20, "1 jour par semaine"),
        (30, "1 jour et demi par semaine"),
        (40, "2 jours par semaine"),
        (50, "2 jours et demi par semaine"),
        (90, "4 jours et demi par semaine"),
        (100, "à temps plein"),
        (1, "1 % de votre temps"),
        (25, "25 % de votre temps"),  # not whole half days: a part-time agent would be misled by days
        (15, "15 % de votre temps"),
    ],
)
def test_percent(percent, words):
    assert time_share_in_words(share(TimeShareKind.PERCENT, percent=percent)) == words


def test_the_kind_decides_which_value_is_read():
    both = share(TimeShareKind.DAYS, days=Decimal("3"), percent=20)
    assert time_share_in_words(both) == "3 jours par mois"
    both.time_share_kind = TimeShareKind.PERCENT
    assert time_share_in_words(both) == "1 jour par semaine"


def test_missing_values_say_nothing_rather_than_something_false():
    assert time_share_in_words(share(TimeShareKind.PERCENT)) == ""
    assert time_share_in_words(share(TimeShareKind.DAYS)) == ""
    # days given while the kind stayed at its default: the days are still true
    assert time_share_in_words(share(TimeShareKind.PERCENT, days=Decimal("2"))) == "2 jours par mois"


def test_an_unsaved_mission_works_without_a_database():
    mission = Mission(time_share_kind=TimeShareKind.DAYS, days_per_month=Decimal("0.5"))
    assert time_share_in_words(mission) == "une demi-journée par mois"


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ((2027, 3, 3), (2027, 6, 30), "du 3 mars au 30 juin 2027"),
        ((2026, 12, 15), (2027, 4, 15), "du 15 décembre 2026 au 15 avril 2027"),
        ((2027, 6, 1), (2027, 6, 30), "du 1er au 30 juin 2027"),
        ((2027, 3, 1), (2027, 5, 1), "du 1er mars au 1er mai 2027"),
        ((2027, 6, 12), (2027, 6, 12), "du 12 au 12 juin 2027"),
    ],
)
def test_dates_in_words(start, end, words):
    assert dates_in_words(datetime.date(*start), datetime.date(*end)) == words


def place(place, *, site=None, city=""):
    organisation = SimpleNamespace(city=city)
    return SimpleNamespace(
        place=place, site=site, site_id=1 if site else None, organisation=organisation, organisation_id=1
    )


def test_place_in_words():
    college = SimpleNamespace(name="Collège Simone-Veil", city="Belvau")
    mds = SimpleNamespace(name="Maison des solidarités de Belvau", city="Belvau")
    assert place_in_words(place("site", site=college)) == "Collège Simone-Veil, Belvau"
    assert place_in_words(place("site", site=mds)) == "Maison des solidarités de Belvau"  # the town said once
    assert place_in_words(place("hybrid", site=college)) == "Collège Simone-Veil, Belvau, à distance possible"
    assert place_in_words(place("remote", site=college)) == "À distance"
    assert place_in_words(place("site", city="Belvau")) == "Belvau"  # no site: the employer's town
    assert place_in_words(place("site")) == "Sur place"
    assert place_in_words(place("hybrid")) == "Sur place, à distance possible"


def test_every_purpose_has_words_and_a_pictogram():
    from django.template.loader import render_to_string

    from passerelles.missions.models import Purpose

    drawings = set()
    for purpose in Purpose.values:
        assert purpose_in_words(purpose), purpose
        svg = render_to_string("missions/_pictogram.html", {"purpose": purpose})
        assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg
        drawings.add(svg)
    assert len(drawings) == len(Purpose.values)  # one drawing each, none falls back to the plain circle
    assert purpose_in_words("inconnu") == ""


def test_time_in_full_adds_the_share_of_working_time_once():
    from passerelles.missions.templatetags.mission_words import time_in_full

    assert time_in_full(Mission(time_share_kind="days", days_per_month=Decimal("2"))) == (
        "2 jours par mois, soit environ 9 % de votre temps"
    )
    assert time_in_full(Mission(time_share_kind="percent", time_share_percent=20)) == (
        "1 jour par semaine, soit 20 % de votre temps"
    )
    assert time_in_full(Mission(time_share_kind="percent", time_share_percent=25)) == "25 % de votre temps"
    assert time_in_full(Mission(time_share_kind="percent", time_share_percent=100)) == "à temps plein"
