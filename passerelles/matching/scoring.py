"""Suggestion scoring for the HR match-maker: explainable, fair, never automatic (no database needed).

The score helps a person think of people; it never assigns anyone. Every point it gives comes with a
reason in plain French, and the signals and weights below are the whole story (shown to HR on the
« Comment sont faites les suggestions » page, for the organisation's transparency and impact assessment).

What it reads: skills and appétences (as terms: lower-cased, accent-free French stems, synonyms of the
vocabulary included), declared availability, the room left under the cap, the place, the expertise asked,
past participation and how often the person was suggested lately. What it never reads: age, sex, health,
union membership, or anything of the kind — the features below simply have no such field.
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from passerelles.missions.text import terms as text_terms
from passerelles.people import vocabulary

# ---- the signals and their weights (documented for HR) ----
WEIGHTS = {
    "appetence": 1.2,  # an appétence matching the mission: what the person would love to do weighs most
    "skill": 1.0,  # a skill matching the mission
    "hidden_skill": 0.25,  # bonus: the matching skill is not used in the current job (the hidden treasure)
    "available": 0.4,  # declared « disponible pour une mission »
    "period": 0.2,  # the declared availability period covers the mission's start
    "share": 0.2,  # the declared time share is enough for the mission's
    "same_site": 0.3,  # works on the mission's site
    "reachable_site": 0.15,  # said they could go to that site
    "never": 0.45,  # fairness: has never taken part
    "not_recently": 0.2,  # fairness: has not taken part for more than a year
    "expertise_gap": -0.6,  # an expert mission and no matching skill (only an appétence)
    "exposure": -0.2,  # per suggestion beyond the free allowance in the period
    "same_unit": -0.25,  # diversity: per person of the same unit already higher in the list
    "same_category": -0.1,  # diversity: per person of the same category beyond two already higher
}
EXPOSURE_FREE = 3  # suggestions in the period before the exposure penalty starts
EXPOSURE_LIMIT = 12  # beyond this, the person rests: not suggested again in the period
RECENT_DAYS = 365
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def tag_terms(label: str, extra_entries: Iterable = ()) -> frozenset[str]:
    """The terms a tag can be found under: its words and its vocabulary synonyms, stemmed."""
    found = set()
    for text in vocabulary.expansions(label, extra_entries):
        found.update(text_terms(text))
    return frozenset(found)


def mission_terms(title: str, skills: str) -> frozenset[str]:
    """What a mission is about: its skills (each expanded with its synonyms) and its title."""
    found = set(text_terms(title))
    for skill in skills.split(","):
        if skill.strip():
            found |= tag_terms(skill.strip())
    return frozenset(found)


@dataclass(frozen=True)
class Tag:
    kind: str  # "skill" or "appetence"
    label: str
    terms: frozenset[str]
    hidden: bool = False


@dataclass(frozen=True)
class MissionFeatures:
    terms: frozenset[str]
    percent: int
    start: datetime.date
    end: datetime.date
    expertise: str
    site_id: int | None = None


@dataclass(frozen=True)
class AgentFeatures:
    """Everything the scoring may read about a person (and nothing else)."""

    id: int
    tags: tuple[Tag, ...]
    unit_id: int | None = None
    category: str = ""
    site_id: int | None = None
    reachable_site_ids: frozenset[int] = frozenset()
    available: bool = False
    available_percent: int | None = None
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None
    participations: int = 0
    last_participation: datetime.date | None = None
    load_percent: int = 0  # ready or active engagements overlapping the mission
    cap_percent: int = 40
    exposure: int = 0  # times suggested in the current period


@dataclass
class Suggestion:
    agent_id: int
    score: float
    relevance: float
    reasons: list[str] = field(default_factory=list)
    unit_id: int | None = None
    category: str = ""


def _month(date: datetime.date) -> str:
    return MONTHS[date.month - 1]


def relevance(mission: MissionFeatures, agent: AgentFeatures) -> tuple[float, list[str]]:
    """How well the person's appétences and skills cover what the mission is about, with the reasons."""
    if not mission.terms:
        return 0.0, []
    covered_by = {"appetence": set(), "skill": set()}
    reasons = []
    hidden_bonus = 0.0
    for tag in sorted(agent.tags, key=lambda t: (t.kind != "appetence", t.label)):
        common = tag.terms & mission.terms
        if not common:
            continue
        covered_by.setdefault(tag.kind, set()).update(common)
        if tag.kind == "appetence":
            reasons.append(f"aime : {tag.label.lower()}")
        elif tag.kind == "skill":
            reasons.append(f"sait : {tag.label.lower()}" + (" (compétence hors poste)" if tag.hidden else ""))
            if tag.hidden:
                hidden_bonus = WEIGHTS["hidden_skill"]
    size = len(mission.terms)
    score = (
        WEIGHTS["appetence"] * len(covered_by["appetence"]) + WEIGHTS["skill"] * len(covered_by["skill"])
    ) / math.sqrt(size)
    if score and mission.expertise == "expert" and not covered_by["skill"]:
        score += WEIGHTS["expertise_gap"]
        reasons.append("niveau expert demandé : l'appétence est là, la compétence reste à vérifier")
    return (score + hidden_bonus if score else 0.0), reasons


def score(mission: MissionFeatures, agent: AgentFeatures) -> Suggestion | None:
    """A suggestion, or None when the person is not relevant, has no room left under the cap, or rests
    (suggested too often lately)."""
    rel, reasons = relevance(mission, agent)
    if rel <= 0 or agent.exposure >= EXPOSURE_LIMIT:
        return None
    if agent.load_percent + mission.percent > agent.cap_percent:
        return None
    total = rel
    if agent.available:
        total += WEIGHTS["available"]
        share = f" {agent.available_percent} %" if agent.available_percent else ""
        period = ""
        if agent.available_from and agent.available_until:
            period = f" de {_month(agent.available_from)} à {_month(agent.available_until)}"
        elif agent.available_from:
            period = f" à partir de {_month(agent.available_from)}"
        reasons.append(f"disponible{share}{period}")
        starts_in = (agent.available_from or mission.start) <= mission.start and (
            agent.available_until is None or agent.available_until >= mission.start
        )
        if starts_in:
            total += WEIGHTS["period"]
        if agent.available_percent and agent.available_percent >= mission.percent:
            total += WEIGHTS["share"]
    if mission.site_id and agent.site_id == mission.site_id:
        total += WEIGHTS["same_site"]
        reasons.append("même site")
    elif mission.site_id and mission.site_id in agent.reachable_site_ids:
        total += WEIGHTS["reachable_site"]
        reasons.append("peut se rendre sur ce site")
    if agent.participations == 0:
        total += WEIGHTS["never"]
        reasons.append("n'a encore jamais participé")
    elif agent.last_participation and (mission.start - agent.last_participation).days > RECENT_DAYS:
        total += WEIGHTS["not_recently"]
        reasons.append("n'a pas participé depuis plus d'un an")
    if agent.exposure > EXPOSURE_FREE:
        total += WEIGHTS["exposure"] * (agent.exposure - EXPOSURE_FREE)
    return Suggestion(
        agent_id=agent.id,
        score=total,
        relevance=rel,
        reasons=reasons,
        unit_id=agent.unit_id,
        category=agent.category,
    )


def rank(mission: MissionFeatures, agents: Iterable[AgentFeatures], limit: int = 20) -> list[Suggestion]:
    """Score everyone, then pick greedily so that the top of the list mixes units and categories."""
    pool = sorted(
        (s for a in agents if (s := score(mission, a)) is not None), key=lambda s: (-s.score, s.agent_id)
    )
    chosen: list[Suggestion] = []
    units: dict = {}
    categories: dict = {}
    candidates = pool[: max(limit * 4, 40)]  # best first: (-score, agent_id)
    same_unit, same_category = WEIGHTS["same_unit"], WEIGHTS["same_category"]
    while candidates and len(chosen) < limit:
        # The best adjusted score, ties to the smallest id. The diversity terms only lower a score, and the
        # candidates come best score first: once a score is below the best adjusted one found, no later
        # candidate can reach it (an equal score may still tie with a smaller id) — the scan stops there
        # instead of weighing all eighty at each step (1,600 weighings a list).
        best, best_value = None, -math.inf
        for s in candidates:
            if s.score < best_value:
                break
            value = (
                s.score
                + same_unit * units.get(s.unit_id, 0)
                + same_category * max(0, categories.get(s.category, 0) - 2)
            )
            if value > best_value or (value == best_value and s.agent_id < best.agent_id):
                best, best_value = s, value
        candidates.remove(best)
        chosen.append(best)
        if best.unit_id is not None:
            units[best.unit_id] = units.get(best.unit_id, 0) + 1
        categories[best.category] = categories.get(best.category, 0) + 1
    return chosen


def naive_rank(mission: MissionFeatures, agents: Iterable[AgentFeatures], limit: int = 20) -> list[int]:
    """The overlap-only ranking the benchmark compares against (no fairness, no diversity, no availability)."""
    scored = []
    for agent in agents:
        overlap = sum(len(tag.terms & mission.terms) for tag in agent.tags)
        if overlap:
            scored.append((-overlap, agent.id))
    return [agent_id for _, agent_id in sorted(scored)[:limit]]
