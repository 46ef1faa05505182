"""The crisis planner's benchmark (issue 17 §6): 20,000 volunteers × 2,000 shifts over 14 days, no database.

The instance is random but seeded and shaped like a real crisis: ~30 units (a few essential, with a minimum
staffing), ~60 sites, each volunteer available 3 to 8 days and able to reach 1 to 3 sites (one in twenty:
anywhere), each habilitation held by 10 to 30 % of the registry, shifts of 4 to 12 hours (a tenth of them at
night), head counts 1 to 6, priorities mostly « important ».

Metrics: crisis_plan_s (the whole solve, model building included), crisis_plan_gap (vs. the LP relaxation
bound of the solved model), crisis_plan_coverage and crisis_greedy_coverage (places covered / asked, same
instance), crisis_plan_peak_mb (peak resident memory of the process); then crisis_replan_s,
crisis_replan_lost and crisis_replan_coverage: one volunteer in fifty withdraws and the plan is computed again
with the first plan in force (stability: how many assignments of the people still there are lost).
"""

import datetime
import random
import resource
import time

from passerelles.crisis.planner import Floor, Instance, Person, Shift, greedy, solve

HABILITATIONS = ("HACCP", "PSC1", "permis B", "SST", "CACES", "habilitation électrique", "BAFA", "AFGSU")
SKILLS = ("cuisine", "accueil", "logistique", "aide à la personne", "conduite", "informatique", "entretien")


def instance(
    people: int = 20_000,
    shifts: int = 2_000,
    days: int = 14,
    units: int = 30,
    sites: int = 60,
    seed: int = 17,
) -> Instance:
    rng = random.Random(seed)
    first = datetime.date(2027, 7, 5)
    dates = [first + datetime.timedelta(days=d) for d in range(days)]
    shares = {hab: rng.uniform(0.10, 0.30) for hab in HABILITATIONS}
    floors = tuple(
        Floor(unit=unit, staff=rng.randint(60, 200), minimum=0) for unit in rng.sample(range(units), 5)
    )
    floors = tuple(Floor(f.unit, f.staff, f.staff - rng.randint(8, 30)) for f in floors)
    registry = []
    for pid in range(people):
        registry.append(
            Person(
                id=pid,
                home_unit=rng.randrange(units),
                habilitations=frozenset(h for h, share in shares.items() if rng.random() < share),
                skills=frozenset(rng.sample(SKILLS, rng.randint(0, 3))),
                rather_not=frozenset(rng.sample(SKILLS, rng.randint(0, 1))),
                sites=None if rng.random() < 0.01 else frozenset(rng.sample(range(sites), rng.randint(1, 3))),
                days=frozenset(rng.sample(dates, rng.randint(3, 8))),
                max_minutes_per_week=rng.choice((14, 20, 20, 24, 35)) * 60,
            )
        )
    hot = rng.sample(range(sites), 8)  # the care homes of a heatwave: most needs come from a few sites
    needs = []
    for sid in range(shifts):
        day = rng.choice(dates)
        if rng.random() < 0.1:
            start = datetime.datetime.combine(day, datetime.time(rng.choice((20, 21, 22))))
            hours = rng.choice((8, 10, 12))
        else:
            start = datetime.datetime.combine(day, datetime.time(rng.randint(6, 14)))
            hours = rng.randint(4, 10)
        needs.append(
            Shift(
                id=sid,
                unit=rng.randrange(units),
                start=start,
                end=start + datetime.timedelta(hours=hours),
                site=None
                if rng.random() < 0.03
                else rng.choice(hot)
                if rng.random() < 0.6
                else rng.randrange(sites),
                habilitations=frozenset(rng.sample(HABILITATIONS, rng.choice((0, 1, 1, 2, 2, 3)))),
                skills=frozenset(rng.sample(SKILLS, rng.randint(0, 2))),
                head_count=rng.randint(1, 6),
                priority=rng.choice((1, 2, 2, 2, 3)),
            )
        )
    return Instance(shifts=tuple(needs), people=tuple(registry), floors=floors)


def measure(
    emit, *, people: int = 20_000, shifts: int = 2_000, time_limit: float = 8.0, workers: int = 2
) -> None:
    built = instance(people=people, shifts=shifts)
    params = {"people": people, "shifts": shifts, "days": 14, "workers": workers, "time_limit_s": time_limit}
    baseline = greedy(built)
    started = time.perf_counter()
    plan = solve(built, time_limit=time_limit, workers=workers)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    details = {**params, "status": plan.status, "candidates": plan.candidates}
    emit("crisis_plan_s", elapsed, "s", **details)
    emit(
        "crisis_plan_gap",
        100 * plan.gap,
        "%",
        objective=plan.objective,
        bound=round(plan.bound, 1),
        bound_of="LP relaxation of the pruned model (the model solved)",
        **params,
    )
    emit("crisis_plan_coverage", 100 * plan.coverage, "%", objective=plan.objective, **params)
    emit("crisis_greedy_coverage", 100 * baseline.coverage, "%", objective=baseline.objective, **params)
    emit("crisis_plan_peak_mb", peak, "MB", **params)
    replan(emit, built, plan, params, time_limit=time_limit, workers=workers)


def replan(emit, built, plan, params, *, time_limit: float, workers: int) -> None:
    """Stability: one volunteer in fifty of the plan withdraws; the re-plan keeps the others' assignments
    (crisis_replan_lost: assignments of people still there that the re-plan drops, ideally 0)."""
    withdrawn = set(sorted({person for person, _shift in plan.assignments})[::50])
    keep = frozenset(pair for pair in plan.assignments if pair[0] not in withdrawn)
    again = Instance(
        shifts=built.shifts,
        people=tuple(p for p in built.people if p.id not in withdrawn),
        floors=built.floors,
        keep=keep,
    )
    started = time.perf_counter()
    result = solve(again, time_limit=time_limit, workers=workers)
    elapsed = time.perf_counter() - started
    lost = len(keep - set(result.assignments))
    details = {**params, "withdrawn": len(withdrawn), "kept_before": len(keep), "status": result.status}
    emit("crisis_replan_s", elapsed, "s", **details)
    emit("crisis_replan_lost", lost, "assignments", new=len(set(result.assignments) - keep), **details)
    emit("crisis_replan_coverage", 100 * result.coverage, "%", **details)


if __name__ == "__main__":
    import json
    import sys

    def _emit(metric, value, unit, **params):
        print(
            json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, "params": params}),
            flush=True,
        )

    size = [int(n) for n in sys.argv[1:3]] or [20_000, 2_000]
    measure(_emit, people=size[0], shifts=size[1])
