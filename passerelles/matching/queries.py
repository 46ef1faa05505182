"""Suggestions from the database: candidates through the precomputed index, then the plain scoring module.

Speed comes from the index (an agent's terms and a mission's terms, kept up to date on save): a mission's
few terms select the candidates with one indexed query; only the most relevant few hundred are scored in full.
Tenancy and consent come first: only the agents HR may see, as each agent chose.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.access.policies import partner_organisations
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.matching import scoring
from passerelles.matching.index import cached_tag_terms
from passerelles.matching.models import AgentTerm, Exposure, MissionTerm
from passerelles.missions.models import Mission, cap_for
from passerelles.people.models import Agent, Profile, ProfileTag, Visibility

CANDIDATES = 200
EXPOSURE_DAYS = 30
PARTICIPATED = (State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)
WEIGHT = {"appetence": scoring.WEIGHTS["appetence"], "skill": scoring.WEIGHTS["skill"]}


@dataclass
class Filters:
    organisation: int | None = None
    unit: int | None = None
    category: str = ""
    site: int | None = None
    available: bool = False


def _pool_condition(user) -> Q | None:
    """The agents HR may see for suggestions, as each agent chose (never « personne »)."""
    hr = get_actor(user).org_ids(Role.HR)
    if not hr:
        return None
    return Q(agent__is_active=True) & (
        Q(agent__organisation_id__in=hr, agent__profile__visibility__in=[Visibility.HR, Visibility.NETWORK])
        | Q(
            agent__organisation_id__in=partner_organisations(hr),
            agent__profile__visibility=Visibility.NETWORK,
        )
    )


def mission_features(mission: Mission) -> scoring.MissionFeatures:
    terms = frozenset(MissionTerm.objects.filter(mission=mission).values_list("term", flat=True))
    return scoring.MissionFeatures(
        terms=terms or scoring.mission_terms(mission.title, mission.skills),
        percent=mission.effective_percent,
        start=mission.start_date,
        end=mission.end_date,
        expertise=mission.expertise,
        site_id=mission.site_id,
    )


def _features(
    agent_ids: list[int], mission: Mission, features: scoring.MissionFeatures
) -> list[scoring.AgentFeatures]:
    agents = {
        a["pk"]: a
        for a in Agent.objects.filter(pk__in=agent_ids).values(
            "pk", "unit_id", "category", "site_id", "organisation_id"
        )
    }
    profiles = {
        p.agent_id: p for p in Profile.objects.filter(agent_id__in=agent_ids).prefetch_related("sites")
    }
    tags = defaultdict(list)
    for agent_id, kind, label, hidden in ProfileTag.objects.filter(
        profile__agent_id__in=agent_ids, kind__in=["skill", "appetence"]
    ).values_list("profile__agent_id", "kind", "label", "hidden"):
        tags[agent_id].append(
            scoring.Tag(kind=kind, label=label, terms=cached_tag_terms(label), hidden=hidden)
        )
    history = {
        row["agent_id"]: row
        for row in Engagement.objects.filter(agent_id__in=agent_ids, state__in=PARTICIPATED)
        .values("agent_id")
        .annotate(n=Count("id"), last=Max("end_date"))
    }
    load = dict(
        Engagement.objects.filter(
            agent_id__in=agent_ids,
            state__in=[State.READY, State.ACTIVE],
            start_date__lte=features.end,
            end_date__gte=features.start,
        )
        .values_list("agent_id")
        .annotate(total=Sum("percent"))
    )
    since = timezone.now() - datetime.timedelta(days=EXPOSURE_DAYS)
    exposure = dict(
        Exposure.objects.filter(agent_id__in=agent_ids, at__gte=since)
        .exclude(mission=mission)
        .values_list("agent_id")
        .annotate(n=Count("id"))
    )
    caps = {}
    result = []
    for agent_id in agent_ids:
        agent = agents.get(agent_id)
        if agent is None:
            continue
        org = agent["organisation_id"]
        if org not in caps:
            caps[org] = cap_for(org, mission.purpose)
        profile = profiles.get(agent_id)
        past = history.get(agent_id, {})
        result.append(
            scoring.AgentFeatures(
                id=agent_id,
                tags=tuple(tags[agent_id]),
                unit_id=agent["unit_id"],
                category=agent["category"],
                site_id=agent["site_id"],
                reachable_site_ids=frozenset(s.pk for s in profile.sites.all()) if profile else frozenset(),
                available=bool(profile and profile.available),
                available_percent=profile.available_percent if profile else None,
                available_from=profile.available_from if profile else None,
                available_until=profile.available_until if profile else None,
                participations=past.get("n", 0),
                last_participation=past.get("last"),
                load_percent=load.get(agent_id) or 0,
                cap_percent=caps[org],
                exposure=exposure.get(agent_id, 0),
            )
        )
    return result


def suggest_agents(
    user, mission: Mission, *, filters: Filters | None = None, limit: int = 20, record: bool = True
) -> list[scoring.Suggestion]:
    """The people HR may think of for this mission, best first, with their reasons."""
    condition = _pool_condition(user)
    if condition is None:
        return []
    filters = filters or Filters()
    features = mission_features(mission)
    rows = AgentTerm.objects.filter(condition, term__in=features.terms).exclude(
        agent_id=mission.project_lead_id
    )
    if filters.organisation:
        rows = rows.filter(agent__organisation_id=filters.organisation)
    if filters.unit:
        rows = rows.filter(agent__unit_id=filters.unit)
    if filters.category:
        rows = rows.filter(agent__category=filters.category)
    if filters.site:
        rows = rows.filter(agent__site_id=filters.site)
    if filters.available:
        rows = rows.filter(agent__profile__available=True)
    engaged = Engagement.objects.open().filter(mission=mission).values_list("agent_id", flat=True)
    rows = rows.exclude(agent_id__in=engaged)
    covered = defaultdict(lambda: defaultdict(set))
    for agent_id, term, kind in rows.values_list("agent_id", "term", "kind"):
        covered[agent_id][kind].add(term)
    quick = sorted(
        covered, key=lambda a: (-sum(WEIGHT.get(k, 0) * len(t) for k, t in covered[a].items()), a)
    )[:CANDIDATES]
    ranked = scoring.rank(features, _features(quick, mission, features), limit=limit)
    if record and ranked:
        Exposure.objects.bulk_create(
            [Exposure(agent_id=s.agent_id, mission=mission) for s in ranked], ignore_conflicts=True
        )
    return ranked


@dataclass
class MissionSuggestion:
    mission: Mission
    score: float
    reasons: list[str]


def suggest_missions(user, *, limit: int = 10) -> list[MissionSuggestion]:
    """« Des missions qui pourraient vous plaire »: appétences first, among the missions the agent may see."""
    actor = get_actor(user)
    if actor.agent is None:
        return []
    tags = list(
        ProfileTag.objects.filter(profile__agent=actor.agent, kind__in=["appetence", "skill"]).values_list(
            "kind", "label"
        )
    )
    if not tags:
        return []
    by_term = defaultdict(list)
    for kind, label in tags:
        for term in cached_tag_terms(label):
            by_term[term].append((kind, label))
    visible = Mission.objects.for_actor(user).published().filter(end_date__gte=timezone.localdate())
    engaged = Engagement.objects.filter(agent=actor.agent).values_list("mission_id", flat=True)
    hits = defaultdict(set)
    for mission_id, term in (
        MissionTerm.objects.filter(term__in=list(by_term), mission__in=visible)
        .exclude(mission_id__in=engaged)
        .exclude(mission__project_lead=actor.agent)
        .values_list("mission_id", "term")
    ):
        hits[mission_id].add(term)
    scored = []
    for mission_id, terms in hits.items():
        matched = {tag for term in terms for tag in by_term[term]}
        score = sum(WEIGHT[kind] for kind, _ in matched)
        scored.append((score, mission_id, matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    top = scored[:limit]
    missions = Mission.objects.in_bulk([mission_id for _, mission_id, _ in top])
    result = []
    for score, mission_id, matched in top:
        reasons = [
            f"correspond à votre envie : {label.lower()}"
            for kind, label in sorted(matched)
            if kind == "appetence"
        ]
        reasons += [
            f"utilise votre compétence : {label.lower()}"
            for kind, label in sorted(matched)
            if kind == "skill"
        ]
        result.append(MissionSuggestion(mission=missions[mission_id], score=score, reasons=reasons))
    return result
