"""The crisis planner (issue 17 §3), without the database: the solver finds the brute-force optimum on small
instances; each hard constraint holds even where breaking it would cover more; coverage before the soft terms;
stability when re-planning; pairs set by hand; the reasons of the unfilled shifts; ``check`` in plain words."""

import datetime
import random

from passerelles.crisis.planner import Floor, Instance, Person, Shift, check, greedy, solve
from passerelles.crisis.planner_greedy import coverage_value

MONDAY = datetime.date(2027, 7, 5)
LIMIT = 2.0  # seconds: small instances are solved to optimality well before


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(MONDAY + datetime.timedelta(days=day), datetime.time(hour, minute))


def shift(sid, day=0, start=8, hours=4, **kwargs) -> Shift:
    return Shift(
        id=sid,
        unit=kwargs.pop("unit", 900),
        start=at(day, start),
        end=at(day, start) + datetime.timedelta(hours=hours),
        **kwargs,
    )


def person(pid, days=(0,), **kwargs) -> Person:
    return Person(
        id=pid,
        home_unit=kwargs.pop("home_unit", None),
        days=frozenset(MONDAY + datetime.timedelta(days=d) for d in days),
        **kwargs,
    )


def brute_force(instance: Instance) -> int:
    """The best weighted coverage over every set of pairs that ``check`` accepts (a depth-first search that
    drops a branch as soon as ``check`` objects: adding pairs never repairs a violation)."""
    pairs = [(p.id, s.id) for p in instance.people for s in instance.shifts]
    best = 0

    def explore(start: int, chosen: list) -> None:
        nonlocal best
        best = max(best, coverage_value(instance, chosen))
        for k in range(start, len(pairs)):
            attempt = [*chosen, pairs[k]]
            if not check(instance, attempt):
                explore(k + 1, attempt)

    explore(0, [])
    return best


def random_instance(seed: int, people: int = 4, shifts: int = 4) -> Instance:
    rng = random.Random(seed)
    needs = tuple(
        Shift(
            id=sid,
            unit=1,
            start=(begin := at(rng.randrange(3), rng.choice((6, 8, 14, 20, 22)))),
            end=begin + datetime.timedelta(hours=rng.choice((4, 6, 8, 10))),
            site=rng.choice((None, 1, 2)),
            habilitations=frozenset(rng.sample(("HACCP", "PSC1"), rng.randint(0, 1))),
            skills=frozenset(rng.sample(("cuisine", "accueil"), rng.randint(0, 1))),
            head_count=rng.randint(1, 3),
            priority=rng.randint(1, 3),
        )
        for sid in range(shifts)
    )
    registry = tuple(
        person(
            100 + pid,
            days=rng.sample(range(3), rng.randint(1, 3)),
            home_unit=rng.choice((7, 8, None)),
            habilitations=frozenset(rng.sample(("HACCP", "PSC1"), rng.randint(0, 2))),
            skills=frozenset(rng.sample(("cuisine", "accueil"), rng.randint(0, 1))),
            sites=rng.choice((None, frozenset({1}), frozenset({2}), frozenset({1, 2}))),
            max_minutes_per_week=rng.choice((6, 10, 16, 20)) * 60,
        )
        for pid in range(people)
    )
    floors = (Floor(unit=7, staff=5, minimum=4),) if rng.random() < 0.5 else ()
    return Instance(
        shifts=needs, people=registry, floors=floors, min_rest_minutes=rng.choice((0, 8 * 60, 11 * 60))
    )


# --- the optimum --------------------------------------------------------------------------------------------


def test_solve_reaches_the_brute_force_optimum_on_small_instances():
    for seed in range(12):
        instance = random_instance(seed)
        result = solve(instance, time_limit=LIMIT)
        assert check(instance, result.assignments) == []
        assert result.objective == brute_force(instance), seed
        assert result.bound >= result.objective - 1e-6
        assert result.status.startswith("optimal")


def test_the_bound_and_the_gap_are_given():
    instance = random_instance(3)
    result = solve(instance, time_limit=LIMIT)
    assert result.bound >= result.objective
    assert 0 <= result.gap <= 1
    assert 0 <= result.coverage <= 1


def test_an_empty_instance_gives_an_empty_plan():
    assert solve(Instance(shifts=(), people=())).assignments == []
    assert greedy(Instance(shifts=(), people=())).assignments == []
    lonely = Instance(shifts=(shift(1),), people=())
    result = solve(lonely, time_limit=LIMIT)
    assert result.assignments == [] and result.unfilled[1][0] == 1


def test_vital_places_come_first():
    instance = Instance(
        shifts=(shift(1, priority=3, head_count=1), shift(2, priority=1, start=9)),
        people=(person(10),),
    )
    assert solve(instance, time_limit=LIMIT).assignments == [(10, 2)]


# --- each hard constraint holds where breaking it would cover more ------------------------------------------


def assigned(instance) -> list:
    result = solve(instance, time_limit=LIMIT)
    assert check(instance, result.assignments) == []
    return result.assignments


def test_habilitations_are_required():
    instance = Instance(shifts=(shift(1, habilitations=frozenset({"HACCP"})),), people=(person(10),))
    result = solve(instance, time_limit=LIMIT)
    assert result.assignments == []
    assert result.unfilled[1] == (1, "aucune personne habilitée HACCP dans le vivier")
    qualified_elsewhere = Instance(
        shifts=instance.shifts, people=(person(10, days=(2,), habilitations=frozenset({"HACCP"})),)
    )
    assert solve(qualified_elsewhere, time_limit=LIMIT).unfilled[1] == (
        1,
        "aucune personne habilitée HACCP disponible le 05/07",
    )


def test_habilitations_are_named_and_reasons_fit_their_column():
    instance = Instance(
        shifts=(shift(1, habilitations=frozenset({"haccp", "permis_b"})),), people=(person(10),)
    )
    reason = solve(instance, time_limit=LIMIT).unfilled[1][1]
    assert reason == "aucune personne habilitée Hygiène alimentaire (HACCP), Permis B dans le vivier"
    many_units = Instance(
        shifts=(shift(1),),
        people=tuple(person(10 + u, home_unit=u) for u in range(40)),
        floors=tuple(Floor(unit=u, staff=1, minimum=1) for u in range(40)),
        unit_names={u: f"Unité au nom assez long numéro {u}" for u in range(40)},
    )
    missing, reason = solve(many_units, time_limit=LIMIT).unfilled[1]
    assert missing == 1 and reason.startswith("effectif minimum de l'unité") and len(reason) <= 300


def test_only_the_days_given():
    instance = Instance(shifts=(shift(1, day=1),), people=(person(10, days=(0, 2)),))
    result = solve(instance, time_limit=LIMIT)
    assert result.assignments == []
    assert result.unfilled[1][1] == "aucune personne disponible le 06/07"


def test_a_night_belongs_to_the_day_it_starts():
    night = shift(1, day=0, start=22, hours=9)
    assert assigned(Instance(shifts=(night,), people=(person(10, days=(0,)),))) == [(10, 1)]
    assert assigned(Instance(shifts=(night,), people=(person(10, days=(1,)),))) == []


def test_only_reachable_sites():
    instance = Instance(shifts=(shift(1, site=5),), people=(person(10, sites=frozenset({6})), person(11)))
    assert assigned(instance) == [(11, 1)]
    alone = Instance(shifts=(shift(1, site=5),), people=(person(10, sites=frozenset({6})),))
    result = solve(alone, time_limit=LIMIT)
    assert result.unfilled[1][1].startswith("le site n'est accessible à aucune personne disponible")


def test_excluded_pairs_are_never_assigned():
    instance = Instance(shifts=(shift(1),), people=(person(10),), excluded=frozenset({(10, 1)}))
    result = solve(instance, time_limit=LIMIT)
    assert result.assignments == []
    assert result.unfilled[1][1] == "les personnes possibles ont toutes été retirées de ce créneau"


def test_no_more_people_than_the_head_count():
    instance = Instance(shifts=(shift(1, head_count=2),), people=tuple(person(10 + i) for i in range(4)))
    assert len(assigned(instance)) == 2


def test_no_two_overlapping_shifts():
    instance = Instance(
        shifts=(shift(1, start=8, hours=4), shift(2, start=11, hours=4)),
        people=(person(10),),
        min_rest_minutes=0,
    )
    assert len(assigned(instance)) == 1


def test_the_minimum_rest_between_two_shifts():
    late = shift(1, day=0, start=14, hours=8)  # ends at 22:00
    early = shift(2, day=1, start=8, hours=4)  # 10 hours later
    people = (person(10, days=(0, 1)),)
    assert len(assigned(Instance(shifts=(late, early), people=people, min_rest_minutes=11 * 60))) == 1
    assert len(assigned(Instance(shifts=(late, early), people=people, min_rest_minutes=10 * 60))) == 2
    result = solve(Instance(shifts=(late, early), people=people), time_limit=LIMIT)
    ((missing, reason),) = result.unfilled.values()
    assert missing == 1
    assert reason == (
        "1 personne disponible, déjà affectée à un créneau qui se chevauche ou trop proche (repos minimal)"
    )


def test_the_hours_of_the_week():
    people = (person(10, days=(0, 1, 7), max_minutes_per_week=10 * 60),)
    same_week = (shift(1, day=0, hours=6), shift(2, day=1, hours=6))
    assert len(assigned(Instance(shifts=same_week, people=people))) == 1
    next_week = (shift(1, day=0, hours=6), shift(2, day=7, hours=6))
    assert len(assigned(Instance(shifts=next_week, people=people))) == 2
    result = solve(Instance(shifts=same_week, people=people), time_limit=LIMIT)
    assert "au maximum de ses heures de la semaine" in next(iter(result.unfilled.values()))[1]


def test_essential_units_keep_their_minimum_staffing():
    floor = Floor(unit=7, staff=10, minimum=9)  # one agent may leave per day
    people = (person(10, home_unit=7, sites=frozenset({1})), person(11, home_unit=7, sites=frozenset({2})))
    shifts = (shift(1, site=1, priority=1), shift(2, start=9, site=2))
    instance = Instance(shifts=shifts, people=people, floors=(floor,), unit_names={7: "EHPAD des Tilleuls"})
    assert len(assigned(instance)) == 1
    result = solve(instance, time_limit=LIMIT)
    assert result.assignments == [(10, 1)]
    assert result.unfilled[2] == (1, "effectif minimum de l'unité EHPAD des Tilleuls atteint")
    # the same agent twice the same day is one agent away
    twice = Instance(
        shifts=(shift(1, start=6, hours=2), shift(2, start=20, hours=2)),
        people=(person(10, home_unit=7),),
        floors=(floor,),
        min_rest_minutes=8 * 60,
    )
    assert len(assigned(twice)) == 2


# --- coverage first, then the soft terms --------------------------------------------------------------------


def test_wished_skills_and_rather_not_decide_between_equals():
    cooking = shift(1, skills=frozenset({"cuisine"}))
    people = (
        person(10),
        person(11, skills=frozenset({"cuisine"})),
        person(12, rather_not=frozenset({"cuisine"})),
    )
    assert assigned(Instance(shifts=(cooking,), people=people)) == [(11, 1)]
    people = (person(12, rather_not=frozenset({"cuisine"})), person(13))
    assert assigned(Instance(shifts=(cooking,), people=people)) == [(13, 1)]


def test_a_soft_term_never_costs_a_place():
    cooking = shift(1, skills=frozenset({"cuisine"}))
    other = shift(2, start=9)  # overlaps the first
    cook = person(10, skills=frozenset({"cuisine"}), sites=frozenset({1, 2}))
    only_cooking_site = person(11, sites=frozenset({1}), rather_not=frozenset({"cuisine"}))
    instance = Instance(
        shifts=(Shift(**{**cooking.__dict__, "site": 1}), Shift(**{**other.__dict__, "site": 2})),
        people=(cook, only_cooking_site),
    )
    assert sorted(assigned(instance)) == [(10, 2), (11, 1)]


def test_fairness_spreads_the_load():
    shifts = (shift(1, day=0), shift(2, day=1))
    people = (person(10, days=(0, 1)), person(11, days=(0, 1)))
    result = assigned(Instance(shifts=shifts, people=people))
    assert {p for p, _s in result} == {10, 11}


# --- stability, pairs set by hand ---------------------------------------------------------------------------


def crowd() -> Instance:
    """Many interchangeable people: without stability, a re-plan could reshuffle everything."""
    shifts = tuple(shift(s, day=s % 3, start=8 + (s % 2) * 6, head_count=2) for s in range(6))
    people = tuple(person(10 + i, days=(0, 1, 2)) for i in range(12))
    return Instance(shifts=shifts, people=people)


def test_replanning_with_nothing_changed_changes_nothing():
    instance = crowd()
    first = solve(instance, time_limit=LIMIT)
    again = solve(Instance(**{**instance.__dict__, "keep": frozenset(first.assignments)}), time_limit=LIMIT)
    assert again.assignments == first.assignments


def test_after_a_withdrawal_only_the_withdrawn_place_changes():
    instance = crowd()
    first = solve(instance, time_limit=LIMIT)
    withdrawn = first.assignments[0]
    replan = Instance(
        **{**instance.__dict__, "keep": frozenset(first.assignments), "excluded": frozenset({withdrawn})}
    )
    again = solve(replan, time_limit=LIMIT)
    assert set(first.assignments) - set(again.assignments) == {withdrawn}
    assert len(set(again.assignments) - set(first.assignments)) == 1
    assert again.coverage == first.coverage


def test_fixed_pairs_are_kept_even_when_not_the_best():
    cooking = shift(1, skills=frozenset({"cuisine"}))
    people = (person(10, skills=frozenset({"cuisine"})), person(12, rather_not=frozenset({"cuisine"})))
    instance = Instance(shifts=(cooking,), people=people, fixed=frozenset({(12, 1)}))
    assert assigned(instance) == [(12, 1)]
    assert greedy(instance).assignments == [(12, 1)]


def test_impossible_fixed_pairs_are_dropped_and_said():
    instance = Instance(
        shifts=(shift(1, habilitations=frozenset({"HACCP"})), shift(2), shift(3, start=10)),
        people=(person(10), person(11)),
        fixed=frozenset({(10, 1), (11, 2), (11, 3), (99, 2)}),
    )
    result = solve(instance, time_limit=LIMIT)
    assert check(instance, result.assignments) == []
    assert (11, 2) in result.assignments and (10, 1) not in result.assignments
    assert "10→1" in result.status and "11→3" in result.status and "99→2" in result.status
    assert "10→1" in greedy(instance).status


# --- check in plain words -----------------------------------------------------------------------------------


def test_check_names_every_violation():
    instance = Instance(
        shifts=(
            shift(1, habilitations=frozenset({"HACCP"})),
            shift(2, start=10, site=4),
            shift(3, day=1, hours=10),
        ),
        people=(
            person(10, days=(0,), sites=frozenset({5}), max_minutes_per_week=8 * 60, home_unit=7),
            person(11, days=(0,), home_unit=7),
        ),
        floors=(Floor(unit=7, staff=3, minimum=2),),
        excluded=frozenset({(11, 2)}),
    )
    problems = check(instance, [(10, 1), (10, 2), (10, 3), (11, 1), (11, 2), (11, 2), (12, 9)])
    text = "\n".join(problems)
    assert "affectation inconnue : personne n° 12, créneau n° 9" in text
    assert "figure deux fois" in text
    assert "n'a pas l'habilitation HACCP requise" in text
    assert "ne peut pas se rendre sur le site" in text
    assert "n'est pas disponible le jour du créneau n° 3" in text
    assert "a été retirée du créneau n° 2" in text
    assert "2 personnes sur le créneau n° 2 du 05/07 10:00–14:00, pour 1 place(s)" in text
    assert "deux créneaux qui se chevauchent" in text
    assert "dépasse ses heures de la semaine" in text
    assert "passe sous son effectif minimum le 05/07" in text
    assert check(instance, []) == []


def test_greedy_fills_by_priority_then_start():
    instance = Instance(
        shifts=(shift(1, start=8, priority=2), shift(2, start=9, priority=1), shift(3, start=7, priority=2)),
        people=(person(10), person(11)),
        min_rest_minutes=0,
    )
    result = greedy(instance)
    assert result.status == "greedy"
    assert sorted(result.assignments) == [(10, 2), (11, 3)]
    assert check(instance, result.assignments) == []


def test_brute_force_agrees_with_itself_on_a_tiny_case():
    instance = Instance(
        shifts=(shift(1), shift(2, start=9)), people=(person(10), person(11)), min_rest_minutes=0
    )
    assert brute_force(instance) == 80  # two important places (40 each), one person each
