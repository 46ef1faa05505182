"""Every indicator of the dashboards on a small fixed dataset (tests/insights_dataset.py), against values
computed by hand — small-cell protection included (« < 5 » for a hidden count, « — » for a share of one)."""

from decimal import Decimal as D

import pytest

from passerelles.insights import indicators, measures
from passerelles.insights.catalogue import Metric
from passerelles.insights.indicators import MASKED as M
from passerelles.insights.indicators import SMALL as S
from passerelles.insights.scope import Scope
from tests import insights_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return insights_dataset.build()


@pytest.fixture
def context(data):
    scope = Scope(organisation_ids=(data.ville.pk,), start=insights_dataset.START, end=insights_dataset.END)
    return indicators.Context.build(scope, network=False, today=insights_dataset.END)


def table(context, slug):
    indicator = indicators.compute(context, slug)
    return indicator.rows, indicator.total


def test_headline_measures(context):
    values = measures.values(context.scope)
    assert values[Metric.MISSIONS_PUBLISHED] == 2  # M1, M2 (M3 in 2024, M4 is the CCAS's)
    assert values[Metric.INTERESTED] == 18  # a 6 + b 5 + c 2 + d 3 + e 1 + f 1
    assert values[Metric.MET] == 14 and values[Metric.AGREED] == 14  # a, b, c, f
    assert values[Metric.COMPLETED] == 13 and values[Metric.EVALUATED] == 5
    assert values[Metric.PARTICIPANTS] == 13  # a, b, c (f starts in 2026)
    assert values[Metric.FIRST_TIMER_SHARE] == D("92.3")  # 12 / 13: one went in 2024 already
    assert values[Metric.DAYS_GIVEN] == D("45.0")  # 6 × 2 + 5 × 5 + 2 × 4
    assert values[Metric.SATISFACTION] == D("4.3")  # (5+5+4+4+3 + 4+4+5) / 8 = 4.25
    assert values[Metric.EARLY_END_SHARE] == D("15.4")  # 2 / 13
    assert values[Metric.DAYS_TO_READY] == D("20.0")  # 10 ×5, 20 ×6, 29 ×2, 275: median of 14


def test_missions_by_purpose_and_status(context):
    rows, total = table(context, "missions")
    by_purpose = {row[0]: row[1:] for row in rows}
    # one mission « appui à un projet » published, one « renfort » closed: two in all, nothing shown
    assert by_purpose["Appui à un projet"] == [S, 0, S] and by_purpose["Renfort ponctuel"] == [0, S, S]
    assert by_purpose["Crise"] == [0, 0, 0]
    assert total == ["Total", S, S, S]


def test_engagements_by_state(context):
    rows, total = table(context, "engagements")
    counts = {row[0]: row[1] for row in rows}
    assert counts == {
        "Intérêt exprimé": S,
        "Proposition": 0,
        "Rencontre": 0,
        "Accords": 0,
        "Prête à démarrer": S,
        "En cours": 0,
        "Terminée": 8,
        "Évaluée": 5,
        "Non retenue": S,
        "Retirée par l'agent": 0,
    }
    assert total[:2] == ["Total", 18]
    assert {row[0]: row[2] for row in rows}["Terminée"] == D("44.4")  # 8 / 18


def test_funnel_with_conversion_rates(context):
    rows, _total = table(context, "entonnoir")
    assert [row[1] for row in rows] == [S, 18, 14, 14, 13, 5]
    assert [row[2] for row in rows] == ["", "", D("77.8"), D("100.0"), D("92.9"), D("38.5")]


def test_days_given_and_received_by_direction(context):
    rows, total = table(context, "jours")
    assert rows == [
        # the Cabinet's 2 missions are hidden, and Culture's 5 with them (13 − 6 − 5 = 2 otherwise)
        ["Cabinet du maire", S, M, 0, D("0.0")],
        ["Direction Culture", S, M, 6, D("12.0")],
        ["Direction Education", 6, D("12.0"), 5, D("25.0")],
    ]
    assert total == ["Total", 13, D("45.0"), 11, D("37.0")]


def test_time_from_publication_to_ready(context):
    indicator = indicators.compute(context, "delai")
    assert [row[1] for row in indicator.rows] == [13, S, 0, 0, S]  # the 275 days hidden, with a complement
    assert indicator.total[1] == 14
    assert "20,0" in indicator.note or "20.0" in indicator.note


def test_flows_between_directions(context):
    indicator = indicators.compute(context, "flux")
    assert indicator.headers[1:] == [
        "Direction Culture",
        "Direction Education",
        "Autres organisations",
        "Total",
    ]
    rows = {row[0]: row[1:] for row in indicator.rows}
    # Education → Culture 6, Culture → Education 5, Cabinet → another organisation 2 (hidden, with its row
    # total, its column total, and complements so that no line of the table gives it back)
    assert rows["Direction Education"][0] == 6
    assert rows["Cabinet du maire"][2] == S and rows["Cabinet du maire"][3] == S
    assert indicator.total[-1] == 13
    flat = [cell for row in indicator.rows for cell in row[1:]] + indicator.total[1:]
    assert not [cell for cell in flat if isinstance(cell, int) and 1 <= cell <= 4]
    # the flow diagram shows only what the table shows
    links = {(link["source"], link["target"]): link["value"] for link in indicator.sankey["links"]}
    assert links[("Direction Education ›", "› Direction Culture")] == 6
    assert all(value >= 5 for value in links.values())


def test_seven_directions_out_of_thirty(context):
    indicator, summary = indicators.directions_reached(context)
    assert summary == {"lent": 3, "hosted": 2, "all": 5}
    assert [row[0] for row in indicator.rows] == [
        "Cabinet du maire",
        "Direction Culture",
        "Direction Education",
        "Direction générale",
        "Direction Sport",
    ]
    assert [row[1:] for row in indicator.rows] == [
        ["oui", "non"],
        ["oui", "oui"],
        ["oui", "oui"],
        ["non", "non"],
        ["non", "non"],
    ]


def test_reach_by_category(context):
    rows, total = table(context, "portee-categorie")
    assert rows == [
        ["A+", S, M, S, M],  # 2 participants of 3 agents: hidden, and A (0 of 2) with them
        ["A", S, M, S, M],
        ["B", 5, D("38.5"), 8, D("32.0")],
        ["C", 6, D("46.2"), 12, D("48.0")],  # the agent who left is not in the make-up
    ]
    assert total == ["Total", 13, D(100), 25, D(100)]


def test_reach_by_gender_age_site_and_direction(context):
    rows, _ = table(context, "portee-genre")
    assert rows == [
        ["Femme", 11, D("84.6"), 15, D("60.0")],
        ["Homme", S, M, 7, D("28.0")],
        ["Autre", S, M, S, M],
        ["Non renseigné", 0, D("0.0"), S, M],
    ]
    rows, _ = table(context, "portee-age")
    assert [row[1] for row in rows] == [5, 6, S, 0, S, 0]
    assert [row[3] for row in rows] == [5, 6, S, 6, S, 5]
    rows, _ = table(context, "portee-site")
    assert rows == [
        ["Hôtel de ville", 8, D("61.5"), 15, D("60.0")],
        ["Médiathèque", 5, D("38.5"), S, M],
        ["Non renseigné", 0, D("0.0"), S, M],
    ]
    rows, _ = table(context, "portee-direction")
    assert [row[0] for row in rows] == [
        "Cabinet du maire",
        "Direction Culture",
        "Direction Education",
        "Direction générale",
        "Direction Sport",
    ]
    assert [row[1] for row in rows] == [S, 5, 6, S, 0]
    assert [row[3] for row in rows] == [S, 7, 12, S, S]


def test_first_timers_and_repeat_participants(context):
    rows, total = table(context, "recurrence")
    assert rows[0][1] == S and rows[1][1] == S  # 12 and 1: the 1 hidden, and its complement
    assert total[1] == 13
    assert rows[2][:2] == ["Dont plus d'une mission en tout", S]


def test_satisfaction_per_question(context):
    indicator = indicators.compute(context, "satisfaction")
    assert indicator.rows == [
        # 4 « oui », 1 « non »: both hidden, so is the share
        ["Agent", "Je referais une mission de ce type.", 5, "", "", "", "", "", "", M],
        ["Agent", "La mission avait du sens pour moi.", 5, D("4.2"), 0, 0, S, S, S, ""],
    ]
    # the host's question has 3 answers: left out; the free text is never read
    assert "1 question(s) avec moins de 5 réponses" in indicator.note
    assert "personnel" not in str(indicator.lines())


def test_early_ends_by_reason(context):
    rows, total = table(context, "fins-anticipees")
    # workload 2: hidden, and so is the total (2): no shown total gives it back, no complement needed
    assert [row[1] for row in rows] == [0, 0, S, 0, 0]
    assert total[1] == S


def test_uncovered_situations(context):
    rows, total = table(context, "sans-dispositif")
    assert [row[:2] for row in rows] == [["04/2025", 6], ["07/2025", 5]]  # 2024 and the CCAS's left out
    assert total[1] == 11
    rows, _ = table(context, "sans-dispositif-motifs")
    assert rows == [["Un CDD ne peut pas être mis à disposition.", 11], ["Pas d'association d'accueil.", 5]]


def test_a_programme_narrows_everything(data, context):
    from passerelles.missions.models import Programme

    programme = Programme.objects.create(organisation=data.ville, name="Test MATP")
    type(data.missions["m2"]).objects.filter(pk=data.missions["m2"].pk).update(programme=programme)
    scope = Scope((data.ville.pk,), insights_dataset.START, insights_dataset.END, programme_id=programme.pk)
    narrowed = indicators.Context.build(scope, network=False, today=insights_dataset.END)
    assert measures.values(scope)[Metric.INTERESTED] == 7  # b 5 + e 1 + f 1
    rows, total = table(narrowed, "jours")
    assert total == ["Total", 5, D("25.0"), 5, D("25.0")]


@pytest.mark.parametrize("variant", ["organisation", "programme", "network", "no-period"])
def test_the_pages_headline_counted_once_equals_the_measures(data, variant):
    """The dashboards count their engagements from one read (insights/cohort.py): the same figures as
    insights/measures.py, which programmes' indicators use."""
    from passerelles.missions.models import Programme

    ids, start, end, programme, both = (
        (data.ville.pk,),
        insights_dataset.START,
        insights_dataset.END,
        None,
        False,
    )
    if variant == "programme":
        programme = Programme.objects.create(organisation=data.ville, name="Test").pk
        type(data.missions["m1"]).objects.filter(pk=data.missions["m1"].pk).update(programme=programme)
    elif variant == "network":
        ids, both = (data.ville.pk, data.ccas.pk), True
    elif variant == "no-period":
        start = end = None
    scope = Scope(ids, start, end, programme_id=programme, both_sides=both)
    today = None if variant == "no-period" else insights_dataset.END  # measures count up to today then
    context = indicators.Context.build(scope, network=both, today=today)
    headline = context.headline()
    expected = measures.values(scope)
    assert {key: headline[key] for key in expected} == expected
