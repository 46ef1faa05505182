"""Suggestions from the database: candidates through the precomputed index, then the plain scoring module.

Speed comes from the index (an agent's terms and a mission's terms, kept up to date on save): a mission's
few terms select the candidates with one indexed query; only the most relevant few hundred are scored in full.
Tenancy and consent come first: only the agents HR may see, as each agent chose.
"""

import datetime
from collections import defaultdict
from dataclasses import astuple, dataclass
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from passerelles.access.actor import afresh, get_actor
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import OPEN_STATES, State
from passerelles.engagements.models import Engagement
from passerelles.foundation import freshness
from passerelles.matching import candidates, scoring
from passerelles.matching.index import QUICK_WEIGHT, cached_tag_terms
from passerelles.matching.models import Exposure, MissionTerm
from passerelles.missions.models import DEFAULT_CAP_PERCENT, Mission
from passerelles.missions.models import Visibility as MissionVisibility
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent, ProfileTag, Visibility

CANDIDATES = 100  # rank() weighs the best 80 for diversity; more would be loaded for nothing
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


def mission_features(mission: Mission) -> scoring.MissionFeatures:
    terms = candidates.mission_terms(mission.pk)
    return scoring.MissionFeatures(
        terms=terms or scoring.mission_terms(mission.title, mission.skills),
        percent=mission.effective_percent,
        start=mission.start_date,
        end=mission.end_date,
        expertise=mission.expertise,
        site_id=mission.site_id,
    )


@lru_cache(maxsize=20_000)
def _tag(kind: str, label: str, hidden: bool) -> scoring.Tag:
    """One Tag per (kind, label, hidden), shared by everyone who wrote it: most labels come from the shared
    vocabulary, and a hundred candidates carry about five hundred tags."""
    return scoring.Tag(kind=kind, label=label, terms=cached_tag_terms(label), hidden=hidden)


def _features(
    agent_ids: list[int], mission: Mission, features: scoring.MissionFeatures
) -> list[scoring.AgentFeatures]:
    """What the scoring reads about the candidates, in three statements whatever their number
    (matching/candidates.py: each agent with their profile, their employer's cap for the mission's purpose, past
    and current engagements and exposure in one; their tags and sites in two)."""
    facts = candidates.facts(
        agent_ids,
        mission_id=mission.pk,
        purpose=mission.purpose,
        participated=list(PARTICIPATED),
        engaged=[State.READY, State.ACTIVE],  # among PARTICIPATED: the load on the mission's dates
        start=features.start,
        end=features.end,
        exposed_since=timezone.now() - datetime.timedelta(days=EXPOSURE_DAYS),
    )
    tags, reachable = candidates.tags_and_sites(agent_ids, ["skill", "appetence"])
    result = []
    for agent_id in agent_ids:
        agent = facts.get(agent_id)
        if agent is None:
            continue
        result.append(
            scoring.AgentFeatures(
                id=agent_id,
                tags=tuple(_tag(kind, label, hidden) for kind, label, hidden in tags[agent_id]),
                unit_id=agent["unit_id"],
                category=agent["category"],
                site_id=agent["site_id"],
                reachable_site_ids=frozenset(reachable[agent_id]),
                available=agent["available"],
                available_percent=agent["available_percent"],
                available_from=agent["available_from"],
                available_until=agent["available_until"],
                participations=agent["participations"],
                last_participation=agent["last_participation"],
                load_percent=agent["load_percent"],
                cap_percent=agent["purpose_cap"] or DEFAULT_CAP_PERCENT,  # as missions.models.cap_for
                exposure=agent["exposure"],
            )
        )
    return result


def suggest_agents(
    user,
    mission: Mission,
    *,
    filters: Filters | None = None,
    limit: int = 20,
    record: bool = True,
    for_host: bool = False,
) -> list[scoring.Suggestion]:
    """The people HR may think of for this mission, best first, with their reasons.

    ``for_host``: the people of the mission's own organisation who opened their profile to its HR, for the
    host's anonymous list (the host never learns who; that HR brokers the contact, and may propose only to its
    own agents). Not recorded as exposure: nobody was named to anyone.
    """
    filters = filters or Filters()
    # Who may be suggested, from this request's actor: the organisations whose agents the list may name (and
    # the visibility they chose for it) are part of the key, so a list kept is one computed for the same
    # people — HR colleagues of one organisation share it, and a role or a network changed gives another key
    # (rebuilding the actor inside the ranking to watch those tables cost 2 ms of each first view).
    # The pool, as each agent chose (never « personne »): the host's list, the people of the mission's own
    # organisation who opened their profile to its HR; HR's, their own organisations' who opened it to HR, and
    # their network partners' who opened it to the network.
    if for_host:
        own, partners = [mission.organisation_id], []
        scope = f"host-{mission.organisation_id}"
    else:
        actor = get_actor(user)
        hr = actor.org_ids(Role.HR)
        if not hr:
            return []
        own, partners = sorted(hr), sorted(actor.partner_organisations(hr))
        scope = f"hr-{','.join(map(str, own))}-partners-{','.join(map(str, partners))}"
    key = ":".join(
        str(part)
        for part in (
            "suggest",
            scope,
            mission.pk,
            record,  # a list kept by a call that did not record it would never be recorded
            limit,
            *astuple(filters),
            get_language(),
            freshness.this_minute(),
        )
    )
    # Kept while nothing it read is written (foundation/freshness.py); the mission as passed is read too. Not
    # the exposures: each first view of a mission records some, and all the rankings kept for other missions
    # (even this one's, just kept) were computed again at their next view for a fairness counter that a
    # minute's delay does not change (a person rests after twelve suggestions in thirty days).
    computed = []

    def compute():
        computed.append(True)
        return _ranked(own, partners, mission, filters, limit)

    ranked = freshness.remember(key, compute, also=[Mission._meta.db_table], ignore=[Exposure._meta.db_table])
    # a kept list was recorded by the view that computed it (one exposure per person and mission)
    if record and not for_host and ranked and computed:
        _record_exposure(mission, ranked)
    return ranked


def suggested_people(user, agent_ids: list[int]) -> dict:
    """The people of HR's suggestions and shortlist as their cards name them — unsaved Agents with their
    organisation, read in one plain statement (matching/candidates.py) — for those still in the pool HR may see
    at this moment: the ranking may have been kept a minute, the people's own rows have the last word."""
    actor = get_actor(user)
    hr = actor.org_ids(Role.HR)
    found = candidates.people(
        list(dict.fromkeys(agent_ids)),
        own=sorted(hr),
        partners=sorted(actor.partner_organisations(hr)) if hr else [],
        own_sees=[Visibility.HR, Visibility.NETWORK],
        partners_see=Visibility.NETWORK,
    )
    return {
        row["id"]: Agent(
            id=row["id"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            job_title=row["job_title"],
            user_id=row["user_id"],
            is_active=True,  # candidates.people keeps the active only
            organisation=Organisation(**row["organisation"]),
        )
        for row in found
    }


def _ranked(own: list[int], partners: list[int], mission: Mission, filters: Filters, limit: int):
    features = mission_features(mission)
    # The database groups and ranks by weighted number of terms in common; only the best few are scored in full.
    # (Leaving the most common terms out of this grouping, bounded by what they could add, was tried: the
    # hundredth's weight is about ten terms, so at most four common terms may be left out and thousands of
    # agents remain to complete — slower on both databases.)
    quick = candidates.best(
        features.terms,
        own=own,
        partners=partners,
        own_sees=[Visibility.HR, Visibility.NETWORK],
        partners_see=Visibility.NETWORK,
        mission_id=mission.pk,
        open_states=sorted(OPEN_STATES),
        lead_id=mission.project_lead_id,
        draw=_tie_break(mission),
        limit=CANDIDATES,
        organisation=filters.organisation,
        unit=filters.unit,
        category=filters.category,
        site=filters.site,
        available=filters.available,
    )
    return scoring.rank(features, _features(quick, mission, features), limit=limit)


def _tie_break(mission: Mission):
    """The order among people of equal weight, drawn for each mission. Hundreds often tie at the hundredth
    place (everyone whose one matching tag is « accueil »): ordered by number, the same oldest records were
    always the ones weighed in full, and when they rested (suggested too often) nobody took their place. A
    multiplicative hash shifted by the mission (a Weyl sequence: consecutive numbers land far apart on the
    circle, and the mission turns it): each mission weighs another part of the ties, the same part every time
    it is opened (a list that does not change on reload)."""
    # (a, b, m) for (agent × a + b) mod m, with the % operator: integer arithmetic in both databases (MOD() is a
    # Python function on a SQLite built without its mathematical functions, called for each of the tens of
    # thousands of groups)
    return 618033, mission.pk * 314159, 1000003


def _record_exposure(mission: Mission, ranked: list[scoring.Suggestion]) -> None:
    """Who was shown for this mission (fairness: people suggested too often rest). On PostgreSQL the write does
    not wait for the disk (``synchronous_commit`` off for this transaction only): a server crash may forget the
    last fraction of a second of exposures, a fairness counter, while every suggestion page would otherwise
    wait for a flush of the journal (4 to 5 ms on this project's machine). Only when this is the whole
    transaction: inside a caller's, the setting would reach the caller's own writes."""
    alone = not connection.in_atomic_block
    with transaction.atomic():
        if alone and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        candidates.record_exposures(mission.pk, [s.agent_id for s in ranked], timezone.now())


@dataclass
class MissionSuggestion:
    mission: Mission
    score: float
    reasons: list[str]


def suggest_missions(user, *, limit: int = 10) -> list[MissionSuggestion]:
    """« Des missions qui pourraient vous plaire »: appétences first, among the missions the agent may see. Kept
    while nothing it read is written (foundation/freshness.py), as the people suggested for a mission."""
    if getattr(user, "pk", None) is None:
        return []
    key = f"suggest-missions:{user.pk}:{limit}:{get_language()}:{freshness.this_minute()}"
    return freshness.remember(key, lambda: afresh(user, lambda: _suggested_missions(user, limit)))


def still_running(ranked, today: datetime.date, count: int) -> list[int]:
    """The first ``count`` mission ids of ``ranked`` (a sorted queryset of ids) whose end date has not passed.

    The end date is not in the terms' index: asked in the ranking query, it made the database read the table's
    row of every matching term — a profile's few hundred terms match tens of thousands of them (30 ms at the p95
    of 100,000 agents on SQLite, 300 ms for the widest profiles), where the ranking alone reads only the index.
    A published mission past its end date is rare (the daily job closes it): the first page of the ranking
    almost always holds the ``count`` wanted; otherwise the next pages are read until they are found."""
    chosen: list[int] = []
    size = max(count * 2, 10)
    offset = 0
    while len(chosen) < count:
        page = list(ranked[offset : offset + size])
        running = set(Mission.objects.filter(pk__in=page, end_date__gte=today).values_list("pk", flat=True))
        chosen += [pk for pk in page if pk in running]
        if len(page) < size:
            break
        offset += size
    return chosen[:count]


def _suggested_missions(user, limit: int) -> list[MissionSuggestion]:
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
    own = actor.org_ids()
    seen = Q(visibility=MissionVisibility.ORGANISATION, organisation_id__in=own)
    seen |= Q(visibility=MissionVisibility.NETWORK, organisation_id__in=actor.network_neighbours(own) | own)
    if actor.agent.unit_id:
        seen |= Q(visibility=MissionVisibility.UNIT, host_unit_id=actor.agent.unit_id)
    engaged = Engagement.objects.filter(agent=actor.agent).values_list("mission_id", flat=True)
    appetences = [term for term, tags in by_term.items() if any(kind == "appetence" for kind, _ in tags)]
    weight = Case(
        When(term__in=appetences, then=Value(QUICK_WEIGHT["appetence"])),
        default=Value(QUICK_WEIGHT["skill"]),
        output_field=IntegerField(),
    )
    ranked = (
        MissionTerm.objects.filter(seen, term__in=list(by_term), published=True)
        .exclude(mission_id__in=engaged)
        .values_list("mission_id", flat=True)
        .annotate(w=Sum(weight))
        .order_by("-w", "mission_id")
    )
    best = still_running(ranked, timezone.localdate(), limit * 3)
    hits = defaultdict(set)
    for mission_id, term in MissionTerm.objects.filter(
        mission_id__in=best, term__in=list(by_term)
    ).values_list("mission_id", "term"):
        hits[mission_id].add(term)
    scored = []
    for mission_id, terms in hits.items():
        matched = {tag for term in terms for tag in by_term[term]}
        score = sum(WEIGHT[kind] for kind, _ in matched)
        scored.append((score, mission_id, matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    missions_by_id = (
        Mission.objects.for_actor(user)  # the index agrees with the scope; the scope has the last word
        .filter(pk__in=[m for _, m, _ in scored])
        .exclude(project_lead=actor.agent)
        .in_bulk()
    )
    top = [item for item in scored if item[1] in missions_by_id][:limit]
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
        result.append(MissionSuggestion(mission=missions_by_id[mission_id], score=score, reasons=reasons))
    return result
