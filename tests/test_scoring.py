"""The suggestion scoring, without the database: normalisation, synonyms, fairness, exposure, protection."""

import dataclasses
import datetime

import pytest

from passerelles.matching.scoring import (
    EXPOSURE_LIMIT,
    AgentFeatures,
    MissionFeatures,
    Tag,
    mission_terms,
    naive_rank,
    rank,
    score,
    tag_terms,
)

START = datetime.date(2027, 3, 1)


def mission(title="Animer des ateliers", skills="", **extra) -> MissionFeatures:
    values = {
        "percent": 20,
        "start": START,
        "end": START + datetime.timedelta(days=90),
        "expertise": "decouverte",
    }
    values.update(extra)
    return MissionFeatures(terms=mission_terms(title, skills), **values)


def person(pk, *tags, **extra) -> AgentFeatures:
    built = tuple(
        Tag(kind=kind, label=label, terms=tag_terms(label), hidden=hidden) for kind, label, hidden in tags
    )
    return AgentFeatures(id=pk, tags=built, **extra)


def test_french_normalisation_brings_forms_together():
    assert {"anim", "ateli"} <= tag_terms("Animation d'ateliers") & mission_terms("animer des ateliers", "")
    suggestion = score(mission(), person(1, ("appetence", "Animation d'ateliers", False)))
    assert suggestion is not None and "aime : animation d'ateliers" in suggestion.reasons


def test_synonyms_of_the_vocabulary_match():
    buyer = person(1, ("skill", "Commande publique", False))
    assert score(mission("Rédiger un cahier des charges", skills="marchés publics"), buyer) is not None
    assert score(mission("Rédiger un cahier des charges", skills="jardinage"), buyer) is None


def test_appetences_weigh_at_least_as_much_as_skills():
    wants = person(1, ("appetence", "Jardinage", False))
    knows = person(2, ("skill", "Jardinage", False))
    m = mission("Potager partagé", skills="jardinage")
    assert score(m, wants).relevance >= score(m, knows).relevance


def test_hidden_skills_are_a_bonus_and_say_so():
    m = mission("Atelier couture", skills="couture")
    hidden = score(m, person(1, ("skill", "Couture", True), participations=1))
    plain = score(m, person(2, ("skill", "Couture", False), participations=1))
    assert hidden.score > plain.score and "sait : couture (compétence hors poste)" in hidden.reasons


def test_fairness_boost_for_those_who_never_or_not_lately_took_part():
    m = mission(skills="animation d'ateliers")
    tags = [("skill", "Animation d'ateliers", False)]
    never = score(m, person(1, *tags, participations=0))
    long_ago = score(
        m, person(2, *tags, participations=2, last_participation=START - datetime.timedelta(days=500))
    )
    lately = score(
        m, person(3, *tags, participations=5, last_participation=START - datetime.timedelta(days=30))
    )
    assert never.score > long_ago.score > lately.score
    assert "n'a encore jamais participé" in never.reasons
    assert "n'a pas participé depuis plus d'un an" in long_ago.reasons


def test_exposure_penalises_then_rests_the_usual_suspects():
    m = mission(skills="animation d'ateliers")
    tags = [("skill", "Animation d'ateliers", False)]
    fresh = score(m, person(1, *tags, exposure=0))
    tired = score(m, person(2, *tags, exposure=8))
    assert fresh.score > tired.score
    assert score(m, person(3, *tags, exposure=EXPOSURE_LIMIT)) is None


def test_no_room_under_the_cap_means_no_suggestion():
    m = mission(skills="animation d'ateliers")  # 20 %
    assert (
        score(m, person(1, ("skill", "Animation d'ateliers", False), load_percent=30, cap_percent=40)) is None
    )
    assert (
        score(m, person(1, ("skill", "Animation d'ateliers", False), load_percent=20, cap_percent=40))
        is not None
    )


def test_availability_and_place_add_reasons():
    m = mission(skills="animation d'ateliers", site_id=7)
    agent = person(
        1,
        ("skill", "Animation d'ateliers", False),
        available=True,
        available_percent=20,
        available_from=datetime.date(2027, 3, 1),
        available_until=datetime.date(2027, 6, 30),
        site_id=7,
    )
    reasons = score(m, agent).reasons
    assert "disponible 20 % de mars à juin" in reasons and "même site" in reasons


def test_diversity_mixes_units_in_the_top():
    m = mission(skills="animation d'ateliers")
    same_unit = [
        person(i, ("skill", "Animation d'ateliers", False), unit_id=1, participations=1) for i in range(1, 6)
    ]
    other = person(99, ("skill", "Animation d'ateliers", False), unit_id=2, participations=1)
    top = rank(m, [*same_unit, other], limit=3)
    assert 99 in [s.agent_id for s in top]
    assert [s.agent_id for s in rank(m, [*same_unit, other], limit=6)][0] in {1, 99}


def test_protected_attributes_cannot_influence_the_order():
    protected = {
        "age",
        "birth_date",
        "sex",
        "gender",
        "health",
        "disability",
        "union",
        "religion",
        "origin",
        "first_name",
        "last_name",
    }
    assert not protected & {f.name for f in dataclasses.fields(AgentFeatures)}
    m = mission(skills="animation d'ateliers")
    people = [person(i, ("skill", "Animation d'ateliers", False), unit_id=i) for i in range(1, 8)]
    order = [s.agent_id for s in rank(m, people)]
    # whatever we know of people beyond these features has nowhere to enter: shuffling input changes nothing
    assert [s.agent_id for s in rank(m, list(reversed(people)))] == order


def test_naive_ranking_is_overlap_only():
    m = mission(skills="animation d'ateliers, jardinage")
    both = person(1, ("skill", "Animation d'ateliers", False), ("skill", "Jardinage", False), exposure=50)
    one = person(2, ("skill", "Jardinage", False))
    assert naive_rank(m, [one, both]) == [1, 2]


@pytest.mark.parametrize("expertise", ["expert"])
def test_expert_missions_want_a_skill_not_only_an_appetence(expertise):
    m = mission(skills="analyse de données", expertise=expertise)
    wants = score(m, person(1, ("appetence", "Analyse de données", False)))
    knows = score(m, person(2, ("skill", "Analyse de données", False)))
    assert knows.score > wants.score and any("niveau expert" in r for r in wants.reasons)


def _greedy_weighing_everyone(pool, limit):
    """The diversity pick as first written: at each step, weigh all the candidates left."""
    from passerelles.matching.scoring import WEIGHTS

    candidates, chosen, units, categories = list(pool), [], {}, {}
    while candidates and len(chosen) < limit:

        def adjusted(s):
            return (
                s.score
                + WEIGHTS["same_unit"] * units.get(s.unit_id, 0)
                + WEIGHTS["same_category"] * max(0, categories.get(s.category, 0) - 2)
            )

        best = max(candidates, key=lambda s: (adjusted(s), -s.agent_id))
        candidates.remove(best)
        chosen.append(best)
        if best.unit_id is not None:
            units[best.unit_id] = units.get(best.unit_id, 0) + 1
        categories[best.category] = categories.get(best.category, 0) + 1
    return [s.agent_id for s in chosen]


@pytest.mark.parametrize("seed", range(40))
def test_the_diversity_pick_stops_early_and_chooses_as_weighing_everyone(seed, monkeypatch):
    """rank() stops scanning once no candidate left can reach the best adjusted score: the same people, in the
    same order, as weighing every candidate at every step — ties (equal scores, few units) included."""
    import random

    from passerelles.matching import scoring

    rng = random.Random(seed)
    pool = [
        scoring.Suggestion(
            agent_id=agent_id,
            score=rng.choice([1.0, 1.2, 1.45, 1.65, 2.0, 2.2]) + rng.choice([0, 0.25, 0.5]),
            relevance=1.0,
            unit_id=rng.choice([None, 1, 2, 3]),
            category=rng.choice("ABC"),
        )
        for agent_id in rng.sample(range(1, 500), rng.randint(1, 90))
    ]
    by_id = {s.agent_id: s for s in pool}
    monkeypatch.setattr(scoring, "score", lambda mission, agent: by_id[agent])
    limit = rng.choice([1, 5, 20])
    expected = _greedy_weighing_everyone(
        sorted(pool, key=lambda s: (-s.score, s.agent_id))[: max(limit * 4, 40)], limit
    )
    assert [s.agent_id for s in rank(mission(), list(by_id), limit=limit)] == expected
