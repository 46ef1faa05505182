"""Synthetic data for the suggestion benchmarks, with planted relevant agents (deterministic).

The shape reproduces what field reports describe: a few popular skills asked again and again, and a small
group of « usual suspects » who declare all of them — a naive overlap ranking keeps suggesting them.
"""

import random
from dataclasses import dataclass

from passerelles.people import vocabulary

POPULAR = 20


@dataclass
class SyntheticAgent:
    id: int
    tags: list[tuple[str, str]]  # (kind, label)
    participations: int = 0


@dataclass
class SyntheticMission:
    id: int
    skills: list[str]
    planted: set[int]


def build(
    *,
    agents: int = 5000,
    missions: int = 1000,
    generalists_share: float = 0.03,
    planted_per_mission: int = 5,
    seed: int = 7,
) -> tuple[list[SyntheticAgent], list[SyntheticMission]]:
    rng = random.Random(seed)
    labels = [entry["label"] for entry in vocabulary.entries()]
    rng.shuffle(labels)
    popular, rest = labels[:POPULAR], labels[POPULAR:]
    kinds = ["skill", "appetence"]
    people = []
    next_id = 1
    for _ in range(agents):
        tags = [(rng.choice(kinds), rng.choice(labels)) for _ in range(3)]
        people.append(SyntheticAgent(next_id, tags, participations=rng.choice([0, 0, 1, 2])))
        next_id += 1
    for _ in range(int(agents * generalists_share)):
        tags = [("skill", label) for label in popular] + [
            (rng.choice(kinds), rng.choice(rest)) for _ in range(5)
        ]
        people.append(SyntheticAgent(next_id, tags, participations=3))
        next_id += 1
    offers = []
    for mission_id in range(1, missions + 1):
        skills = [rng.choice(popular) if rng.random() < 0.5 else rng.choice(rest) for _ in range(2)]
        planted = set()
        for _ in range(planted_per_mission):
            tags = [(rng.choice(kinds), label) for label in skills] + [(rng.choice(kinds), rng.choice(rest))]
            people.append(SyntheticAgent(next_id, tags, participations=rng.choice([0, 1])))
            planted.add(next_id)
            next_id += 1
        offers.append(SyntheticMission(mission_id, skills, planted))
    return people, offers
