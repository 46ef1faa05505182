"""Keep the suggestion index up to date: called when a profile's tags or a mission change (not signals:
the services that change them call these, so that nothing is forgotten or done twice)."""

from functools import lru_cache

from django.db import transaction

from passerelles.matching.models import AgentTerm, MissionTerm
from passerelles.matching.scoring import mission_terms, tag_terms

BATCH = 5000
MATCHED_KINDS = ("skill", "appetence")


@lru_cache(maxsize=20_000)
def cached_tag_terms(label: str) -> frozenset[str]:
    return tag_terms(label)


def _agent_rows(agent_id: int, tags) -> list[AgentTerm]:
    seen = set()
    rows = []
    for kind, label in tags:
        if kind not in MATCHED_KINDS:
            continue
        for term in cached_tag_terms(label):
            if (term, kind) not in seen:
                seen.add((term, kind))
                rows.append(AgentTerm(agent_id=agent_id, term=term[:60], kind=kind))
    return rows


@transaction.atomic
def index_agent(agent_id: int) -> None:
    from passerelles.people.models import ProfileTag

    tags = ProfileTag.objects.filter(profile__agent_id=agent_id).values_list("kind", "label")
    AgentTerm.objects.filter(agent_id=agent_id).delete()
    AgentTerm.objects.bulk_create(_agent_rows(agent_id, tags))


@transaction.atomic
def index_mission(mission) -> None:
    MissionTerm.objects.filter(mission_id=mission.pk).delete()
    MissionTerm.objects.bulk_create(
        [
            MissionTerm(mission_id=mission.pk, term=t[:60])
            for t in mission_terms(mission.title, mission.skills)
        ]
    )


def rebuild() -> tuple[int, int]:
    """The whole index from scratch (passerelles reindex): after a vocabulary change, or to repair."""
    from passerelles.missions.models import Mission
    from passerelles.people.models import ProfileTag

    with transaction.atomic():
        AgentTerm.objects.all().delete()
        by_agent: dict[int, list] = {}
        for agent_id, kind, label in ProfileTag.objects.values_list(
            "profile__agent_id", "kind", "label"
        ).iterator():
            by_agent.setdefault(agent_id, []).append((kind, label))
        rows = [row for agent_id, tags in by_agent.items() for row in _agent_rows(agent_id, tags)]
        AgentTerm.objects.bulk_create(rows, batch_size=BATCH)
        MissionTerm.objects.all().delete()
        mission_rows = [
            MissionTerm(mission_id=pk, term=t[:60])
            for pk, title, skills in Mission.objects.values_list("pk", "title", "skills").iterator()
            for t in mission_terms(title, skills)
        ]
        MissionTerm.objects.bulk_create(mission_rows, batch_size=BATCH)
    return len(rows), len(mission_rows)
