"""Suggestion benchmarks: quality with planted agents (in memory), speed on the database (100k × 20k, and
1M × 20k beside a full scan), on copies of benchmarks/suggestions_data.py's cached database.

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


def _p95(seconds: list[float]) -> float:
    return statistics.quantiles(seconds, n=20)[18] * 1000


def _bench_objects():
    """The cached data set's organisation, HR referent, missions (in order) and agents with an account."""
    from benchmarks.suggestions_data import HR_EMAIL, ORGANISATION_SLUG
    from passerelles.accounts.models import User
    from passerelles.missions.models import Mission
    from passerelles.organisations.models import Organisation
    from passerelles.people.models import Agent

    org = Organisation.objects.get(slug=ORGANISATION_SLUG)
    hr = User.objects.get(email=HR_EMAIL)
    missions = list(Mission.objects.filter(organisation=org).order_by("pk"))
    accounts = list(
        Agent.objects.filter(organisation=org, user__isnull=False, last_name__regex=r"^[0-9]+$")
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    return org, hr, missions, accounts


def _time_agents(hr, missions: list, samples: int) -> list[float]:
    """suggest_agents as the mission's suggestion page calls it (20 people, no filter, recorded)."""
    from passerelles.accounts.models import User
    from passerelles.matching.queries import suggest_agents

    timings, cpu = [], []
    for mission in missions[:: max(1, len(missions) // samples)][:samples]:
        user = User.objects.get(pk=hr.pk)  # a new request: nothing cached on the user
        began, began_cpu = time.perf_counter(), time.process_time()
        suggest_agents(user, mission, limit=20)
        timings.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return timings, cpu


def _cpu(cpu: list[float]) -> dict:
    """This process's CPU time (SQLite's work included, not PostgreSQL's): steadier than wall time when the
    machine is shared, said beside it."""
    return {"cpu_p95_ms": round(_p95(cpu), 1), "cpu_median_ms": round(statistics.median(cpu) * 1000, 1)}


def speed(emit, *, samples: int, database: str) -> None:
    """Runs in a fresh Django process on a copy of benchmarks/suggestions_data.py's database (see run.py)."""
    from passerelles.accounts.models import User
    from passerelles.matching.models import AgentTerm
    from passerelles.matching.queries import suggest_missions
    from passerelles.people.models import Agent

    org, hr, missions, accounts = _bench_objects()
    params = {
        "agents": Agent.objects.filter(organisation=org).count(),
        "missions": len(missions),
        "samples": samples,
        "database": database,
        "agent_terms": AgentTerm.objects.count(),
    }
    timings, cpu = _time_agents(hr, missions, samples)
    emit("suggest_agents_p95_ms", _p95(timings), "ms", top=20, **_cpu(cpu), **params)
    emit("suggest_agents_median_ms", statistics.median(timings) * 1000, "ms", top=20, **params)
    timings, cpu = [], []
    for user_id in accounts[:samples]:
        user = User.objects.get(pk=user_id)
        began, began_cpu = time.perf_counter(), time.process_time()
        suggest_missions(user, limit=5)  # as the missions page asks (passerelles/missions/views.py)
        timings.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    params["samples"] = len(timings)
    emit("suggest_missions_p95_ms", _p95(timings), "ms", top=5, **_cpu(cpu), **params)
    emit("suggest_missions_median_ms", statistics.median(timings) * 1000, "ms", top=5, **params)
    emit("suggest_peak_rss_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "MB", **params)


def full_scan(hr, mission, *, limit: int = 20) -> list[scoring.Suggestion]:
    """The honest naive baseline: every agent HR may see scored in Python, no index (the same features and
    the same ranking as suggest_agents, read by organisation instead of by candidate)."""
    from django.db.models import Count, Max, Sum
    from django.utils import timezone

    from passerelles.access.actor import get_actor
    from passerelles.access.models import Role
    from passerelles.engagements.lifecycle import State
    from passerelles.engagements.models import Engagement
    from passerelles.matching.index import cached_tag_terms
    from passerelles.matching.models import Exposure
    from passerelles.matching.queries import EXPOSURE_DAYS, PARTICIPATED, mission_features
    from passerelles.missions.models import cap_for
    from passerelles.people.models import Agent, Profile, ProfileTag, Visibility

    orgs = get_actor(hr).org_ids(Role.HR)
    features = mission_features(mission)
    visible = Agent.objects.filter(
        organisation_id__in=orgs,
        is_active=True,
        profile__visibility__in=[Visibility.HR, Visibility.NETWORK],
    ).exclude(pk=mission.project_lead_id)
    tags = defaultdict(list)
    for agent_id, kind, label, hidden in ProfileTag.objects.filter(
        profile__agent__in=visible, kind__in=["skill", "appetence"]
    ).values_list("profile__agent_id", "kind", "label", "hidden"):
        tags[agent_id].append(
            scoring.Tag(kind=kind, label=label, terms=cached_tag_terms(label), hidden=hidden)
        )
    profiles = {
        row[0]: row[1:]
        for row in Profile.objects.filter(agent__in=visible).values_list(
            "agent_id", "available", "available_percent", "available_from", "available_until"
        )
    }
    in_scope = Engagement.objects.filter(agent__in=visible)
    history = {
        row["agent_id"]: row
        for row in in_scope.filter(state__in=PARTICIPATED)
        .values("agent_id")
        .annotate(n=Count("id"), last=Max("end_date"))
    }
    load = dict(
        in_scope.filter(
            state__in=[State.READY, State.ACTIVE], start_date__lte=features.end, end_date__gte=features.start
        )
        .values_list("agent_id")
        .annotate(total=Sum("percent"))
    )
    since = timezone.now() - datetime.timedelta(days=EXPOSURE_DAYS)
    exposure = dict(
        Exposure.objects.filter(agent__in=visible, at__gte=since)
        .exclude(mission=mission)
        .values_list("agent_id")
        .annotate(n=Count("id"))
    )
    caps = {}
    agents = []
    for agent_id, unit_id, category, site_id, org in visible.values_list(
        "pk", "unit_id", "category", "site_id", "organisation_id"
    ).iterator(chunk_size=20_000):
        if org not in caps:
            caps[org] = cap_for(org, mission.purpose)
        available, percent, since_date, until = profiles.get(agent_id, (False, None, None, None))
        past = history.get(agent_id, {})
        agents.append(
            scoring.AgentFeatures(
                id=agent_id,
                tags=tuple(tags[agent_id]),
                unit_id=unit_id,
                category=category,
                site_id=site_id,
                available=available,
                available_percent=percent,
                available_from=since_date,
                available_until=until,
                participations=past.get("n", 0),
                last_participation=past.get("last"),
                load_percent=load.get(agent_id) or 0,
                cap_percent=caps[org],
                exposure=exposure.get(agent_id, 0),
            )
        )
    return scoring.rank(features, agents, limit=limit)


def speed_at_scale(emit, *, samples: int, database: str, scans: int = 2) -> None:
    """suggest_agents_1m_p95_ms, and suggest_speedup_vs_full_scan: the full scan's median time over our p95,
    both in this run on the same missions (with how many of the full scan's top 20 we suggest too)."""
    from passerelles.accounts.models import User
    from passerelles.matching.queries import suggest_agents
    from passerelles.people.models import Agent

    org, hr, missions, _ = _bench_objects()
    timings, cpu = _time_agents(hr, missions, samples)
    scanned, agreement = [], []
    for mission in missions[:: max(1, len(missions) // scans)][:scans]:
        user = User.objects.get(pk=hr.pk)
        began = time.perf_counter()
        naive = full_scan(user, mission)
        scanned.append(time.perf_counter() - began)
        ours = suggest_agents(User.objects.get(pk=hr.pk), mission, limit=20, record=False)
        agreement.append(len({s.agent_id for s in naive} & {s.agent_id for s in ours}) / max(1, len(naive)))
    p95 = _p95(timings)
    params = {
        "agents": Agent.objects.filter(organisation=org).count(),
        "missions": len(missions),
        "samples": samples,
        "database": database,
    }
    emit("suggest_agents_1m_p95_ms", p95, "ms", top=20, **_cpu(cpu), **params)
    emit("suggest_agents_1m_median_ms", statistics.median(timings) * 1000, "ms", top=20, **params)
    emit(
        "suggest_speedup_vs_full_scan",
        statistics.median(scanned) * 1000 / p95,
        "ratio",
        full_scan_ms=round(statistics.median(scanned) * 1000),
        scans=scans,
        same_top20_share=round(statistics.mean(agreement), 3),
        **params,
    )
