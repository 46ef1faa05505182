"""Keep the suggestion index up to date: called when a profile, its tags or a mission change (not signals:
the services that change them call these, so that nothing is forgotten or done twice).

The index carries, next to each term, what consent and tenancy need (organisation, visibility, activity for
agents; organisation, unit, visibility, status, end date for missions), so that a suggestion query filters
the index itself instead of joining large tables.
"""

from functools import lru_cache

from django.db import transaction

from passerelles.matching.models import AgentTerm, MissionTerm
from passerelles.matching.scoring import WEIGHTS, mission_terms, tag_terms

BATCH = 5000
MATCHED_KINDS = ("skill", "appetence")
# The kinds' weights as whole numbers (tenths), stored on each index row for the database's quick ranking
# (matching/queries.py): summing small integers is cheaper than summing decimals or comparing kinds. Changing
# WEIGHTS means rewriting AgentTerm.weight (a data migration), as matching/migrations/0003 does.
QUICK_WEIGHT = {kind: round(WEIGHTS[kind] * 10) for kind in MATCHED_KINDS}


@lru_cache(maxsize=20_000)
def cached_tag_terms(label: str) -> frozenset[str]:
    return tag_terms(label)


def _agent_rows(
    agent_id: int, tags, *, organisation_id: int, visibility: str, active: bool
) -> list[AgentTerm]:
    seen = set()
    rows = []
    for kind, label in tags:
        if kind not in MATCHED_KINDS:
            continue
        for term in cached_tag_terms(label):
            if (term, kind) not in seen:
                seen.add((term, kind))
                rows.append(
                    AgentTerm(
                        agent_id=agent_id,
                        term=term[:60],
                        kind=kind,
                        weight=QUICK_WEIGHT[kind],
                        organisation_id=organisation_id,
                        visibility=visibility,
                        active=active,
                    )
                )
    return rows


def _mission_rows(mission) -> list[MissionTerm]:
    from passerelles.missions.models import MissionStatus

    return [
        MissionTerm(
            mission_id=mission.pk,
            term=t[:60],
            organisation_id=mission.organisation_id,
            host_unit_id=mission.host_unit_id,
            visibility=mission.visibility,
            published=mission.status == MissionStatus.PUBLISHED,
            end_date=mission.end_date,
        )
        for t in mission_terms(mission.title, mission.skills)
    ]


@transaction.atomic
def index_agent(agent_id: int) -> None:
    from passerelles.people.models import Agent, Profile, ProfileTag

    agent = Agent.objects.filter(pk=agent_id).values("organisation_id", "is_active").first()
    visibility = (
        Profile.objects.filter(agent_id=agent_id).values_list("visibility", flat=True).first() or "hr"
    )
    tags = ProfileTag.objects.filter(profile__agent_id=agent_id).values_list("kind", "label")
    AgentTerm.objects.filter(agent_id=agent_id).delete()
    if agent:
        AgentTerm.objects.bulk_create(
            _agent_rows(
                agent_id,
                tags,
                organisation_id=agent["organisation_id"],
                visibility=visibility,
                active=agent["is_active"],
            )
        )


def set_agents_active(agent_ids, active: bool) -> None:
    """After an SIRH import (de)activated people: the index follows at once."""
    ids = list(agent_ids)
    for start in range(0, len(ids), BATCH):
        AgentTerm.objects.filter(agent_id__in=ids[start : start + BATCH]).update(active=active)


@transaction.atomic
def index_mission(mission) -> None:
    MissionTerm.objects.filter(mission_id=mission.pk).delete()
    MissionTerm.objects.bulk_create(_mission_rows(mission))


def rebuild() -> tuple[int, int]:
    """The whole index from scratch (passerelles reindex): after a vocabulary change, or to repair."""
    from passerelles.missions.models import Mission
    from passerelles.people.models import ProfileTag

    with transaction.atomic():
        AgentTerm.objects.all().delete()
        by_agent: dict[int, list] = {}
        facts: dict[int, dict] = {}
        for agent_id, kind, label, org, visibility, active in ProfileTag.objects.values_list(
            "profile__agent_id",
            "kind",
            "label",
            "profile__agent__organisation_id",
            "profile__visibility",
            "profile__agent__is_active",
        ).iterator():
            by_agent.setdefault(agent_id, []).append((kind, label))
            facts[agent_id] = {"organisation_id": org, "visibility": visibility, "active": active}
        rows = [
            row
            for agent_id, tags in by_agent.items()
            for row in _agent_rows(agent_id, tags, **facts[agent_id])
        ]
        AgentTerm.objects.bulk_create(rows, batch_size=BATCH)
        MissionTerm.objects.all().delete()
        mission_rows = [row for mission in Mission.objects.all().iterator() for row in _mission_rows(mission)]
        MissionTerm.objects.bulk_create(mission_rows, batch_size=BATCH)
    return len(rows), len(mission_rows)
