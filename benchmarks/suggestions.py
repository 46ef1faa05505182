"""Suggestion benchmarks: quality with planted agents (in memory), speed on the database (100k × 20k).

Run by benchmarks/run.py; each function prints JSON lines through ``emit``.
"""

import datetime
import resource
import statistics
import time
from collections import Counter, defaultdict

from benchmarks.matching_data import build
from passerelles.matching import scoring

TOP = 10
START = datetime.date(2027, 3, 1)


def quality(emit, *, agents: int = 5000, missions: int = 1000) -> None:
    people, offers = build(agents=agents, missions=missions)
    tag_cache: dict = {}

    def tag(kind, label):
        if label not in tag_cache:
            tag_cache[label] = scoring.tag_terms(label)
        return scoring.Tag(kind=kind, label=label, terms=tag_cache[label])

    features = {
        p.id: scoring.AgentFeatures(
            id=p.id,
            tags=tuple(tag(k, lbl) for k, lbl in p.tags),
            unit_id=p.id % 50,
            category="ABC"[p.id % 3],
            participations=p.participations,
        )
        for p in people
    }
    by_term = defaultdict(set)
    for agent in features.values():
        for t in agent.tags:
            for term in t.terms:
                by_term[term].add(agent.id)
    exposure: Counter = Counter()
    slots = {"ours": Counter(), "naive": Counter()}
    hits = {"ours": 0, "naive": 0}
    planted_total = 0
    for offer in offers:
        mission = scoring.MissionFeatures(
            terms=scoring.mission_terms("", ", ".join(offer.skills)),
            percent=20,
            start=START,
            end=START + datetime.timedelta(days=90),
            expertise="decouverte",
        )
        candidates = set().union(*(by_term.get(term, set()) for term in mission.terms))
        current = [
            scoring.AgentFeatures(**{**features[a].__dict__, "exposure": exposure[a]}) for a in candidates
        ]
        ours = [s.agent_id for s in scoring.rank(mission, current, limit=TOP)]
        naive = scoring.naive_rank(mission, [features[a] for a in candidates], limit=TOP)
        for agent_id in ours:
            exposure[agent_id] += 1
        for name, ranking in (("ours", ours), ("naive", naive)):
            slots[name].update(ranking)
            hits[name] += len(offer.planted & set(ranking))
        planted_total += len(offer.planted)
    params = {
        "agents": len(people),
        "missions": len(offers),
        "planted_per_mission": len(offers[0].planted),
        "top": TOP,
    }
    for name, metric in (("ours", "suggest_precision_at_10"), ("naive", "suggest_precision_at_10_naive")):
        emit(metric, hits[name] / planted_total, "ratio", **params)
    for name, metric in (
        ("ours", "suggest_exposure_top5pct_share"),
        ("naive", "suggest_exposure_top5pct_share_naive"),
    ):
        counts = sorted(slots[name].values(), reverse=True)
        top = counts[: max(1, int(len(people) * 0.05))]
        emit(metric, sum(top) / sum(counts), "ratio", **params)


def speed(emit, *, agents: int, missions: int, samples: int, database: str) -> None:
    """Runs inside a Django process on a fresh database (see run.py)."""
    from django.db import transaction

    from passerelles.access.models import Role, RoleMembership
    from passerelles.accounts.models import User
    from passerelles.matching.index import cached_tag_terms
    from passerelles.matching.models import AgentTerm, MissionTerm
    from passerelles.matching.queries import suggest_agents, suggest_missions
    from passerelles.missions.models import Mission
    from passerelles.organisations.models import Organisation, OrgUnit
    from passerelles.people.models import Agent, Profile, ProfileTag

    people, offers = build(agents=agents, missions=missions, planted_per_mission=0)
    started = time.perf_counter()
    with transaction.atomic():
        org = Organisation.objects.create(name="Bench", slug="bench-suggestions", kind="departement")
        unit = OrgUnit.objects.create(organisation=org, name="Service")
        rows = [
            Agent(
                organisation=org,
                unit=unit,
                first_name="P",
                last_name=str(p.id),
                category="ABC"[p.id % 3],
                status="titulaire",
                matricule=f"B{p.id}",
            )
            for p in people
        ]
        Agent.objects.bulk_create(rows, batch_size=5000)
        profiles = [Profile(agent=a, visibility="hr", available=a.pk % 3 == 0) for a in rows]
        Profile.objects.bulk_create(profiles, batch_size=5000)
        tags, terms = [], []
        for person, agent, profile in zip(people, rows, profiles, strict=True):
            seen = set()
            for kind, label in person.tags:
                if (kind, label) in seen:
                    continue
                seen.add((kind, label))
                tags.append(ProfileTag(profile=profile, kind=kind, label=label, key=label.lower()[:120]))
                for term in cached_tag_terms(label):
                    if (kind, term) not in seen:
                        seen.add((kind, term))
                        terms.append(
                            AgentTerm(
                                agent=agent,
                                term=term,
                                kind=kind,
                                organisation_id=org.pk,
                                visibility="hr",
                                active=True,
                            )
                        )
        ProfileTag.objects.bulk_create(tags, batch_size=5000)
        AgentTerm.objects.bulk_create(terms, batch_size=5000)
        lead_user = User.objects.create_user(email="lead@bench.test")
        lead = Agent.objects.create(
            organisation=org,
            unit=unit,
            user=lead_user,
            first_name="L",
            last_name="L",
            category="A",
            status="titulaire",
        )
        objects = [
            Mission(
                organisation=org,
                host_unit=unit,
                project_lead=lead,
                created_by=lead_user,
                title=f"Mission {o.id}",
                description="",
                skills=", ".join(o.skills),
                purpose="appui_projet",
                time_share_percent=20,
                start_date=START,
                end_date=START + datetime.timedelta(days=90),
                status="published",
                visibility="organisation",
            )
            for o in offers
        ]
        Mission.objects.bulk_create(objects, batch_size=5000)
        mission_terms = [
            MissionTerm(
                mission=m,
                term=t,
                organisation_id=org.pk,
                host_unit_id=unit.pk,
                visibility="organisation",
                published=True,
                end_date=m.end_date,
            )
            for m, o in zip(objects, offers, strict=True)
            for t in scoring.mission_terms(m.title, ", ".join(o.skills))
        ]
        MissionTerm.objects.bulk_create(mission_terms, batch_size=5000, ignore_conflicts=True)
        hr = User.objects.create_user(email="rh@bench.test")
        RoleMembership.objects.create(user=hr, organisation=org, role=Role.HR)
        sampled = rows[:: max(1, len(rows) // samples)][:samples]
        for i, agent in enumerate(sampled):
            agent.user = User(email=f"a{i}@bench.test")
            agent.user.save()
        Agent.objects.bulk_update(sampled, ["user"], batch_size=1000)
    if database == "postgresql":
        # A bulk load leaves no statistics and no visibility map; autovacuum would make them in a live
        # database. Measure that steady state, not the minutes right after a load.
        from django.db import connection

        with connection.cursor() as cursor:
            for table in (
                "matching_agentterm",
                "matching_missionterm",
                "people_agent",
                "people_profile",
                "people_profiletag",
                "missions_mission",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    setup = time.perf_counter() - started
    params = {
        "agents": len(people),
        "missions": len(offers),
        "samples": samples,
        "database": database,
        "agent_terms": len(terms),
        "setup_s": round(setup, 1),
    }

    def p95(values):
        return statistics.quantiles(values, n=20)[18] * 1000

    timings = []
    for mission in objects[:: max(1, len(objects) // samples)][:samples]:
        hr_fresh = User.objects.get(pk=hr.pk)  # a new request: nothing cached on the user
        began = time.perf_counter()
        suggest_agents(hr_fresh, mission, limit=20)
        timings.append(time.perf_counter() - began)
    emit("suggest_agents_p95_ms", p95(timings), "ms", top=20, **params)
    emit("suggest_agents_median_ms", statistics.median(timings) * 1000, "ms", top=20, **params)
    timings = []
    for agent in sampled:
        user = User.objects.get(pk=agent.user_id)
        began = time.perf_counter()
        suggest_missions(user, limit=10)
        timings.append(time.perf_counter() - began)
    emit("suggest_missions_p95_ms", p95(timings), "ms", top=10, **params)
    emit("suggest_missions_median_ms", statistics.median(timings) * 1000, "ms", top=10, **params)
    emit("suggest_peak_rss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "MB", **params)
