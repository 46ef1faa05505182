"""Demo profiles: a third of the agents say what they know and would love to do, with every visibility."""

import random

from passerelles.people import vocabulary
from passerelles.people.models import Agent, Profile, ProfileTag, Visibility

SHARE_WITH_PROFILE = 0.35
BATCH = 2000
DEMO_AGENT_TAGS = [
    ("skill", "Restauration collective", False),
    ("skill", "Hygiène alimentaire", False),
    ("skill", "Couture", True),
    ("appetence", "Animation d'ateliers", False),
    ("appetence", "Jardinage", False),
    ("language", "Portugais", False),
    ("licence", "Permis B", False),
]


def create_demo_profiles(*, seed: int = 2026) -> int:
    rng = random.Random(seed)
    terms = vocabulary.entries()
    agent_ids = list(Agent.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(agent_ids, int(len(agent_ids) * SHARE_WITH_PROFILE))
    demo_agent = (
        Agent.objects.filter(user__email="agent@demo.passerelles.test").values_list("pk", flat=True).first()
    )
    if demo_agent and demo_agent not in chosen:
        chosen.append(demo_agent)
    visibilities = [Visibility.HR] * 7 + [Visibility.NETWORK] * 2 + [Visibility.NOBODY]
    profiles = [
        Profile(
            agent_id=pk,
            visibility=rng.choice(visibilities),
            available=rng.random() < 0.4,
            available_percent=rng.choice([10, 20, 20, 30, 40]),
        )
        for pk in chosen
    ]
    Profile.objects.bulk_create(profiles, batch_size=BATCH)
    tags = []
    for profile in profiles:
        if profile.agent_id == demo_agent:
            profile.visibility, profile.available = Visibility.NETWORK, True
            picks = [(kind, vocabulary.resolve(label), hidden) for kind, label, hidden in DEMO_AGENT_TAGS]
        else:
            picks = [("skill", None, rng.random() < 0.2) for _ in range(rng.randint(1, 4))]
            picks += [("appetence", None, False) for _ in range(rng.randint(0, 3))]
        seen = set()
        for kind, term, hidden in picks:
            label = term.label if term else rng.choice(terms)["label"]
            key = vocabulary.normalise(label)
            if (kind, key) in seen:
                continue
            seen.add((kind, key))
            tags.append(
                ProfileTag(profile=profile, kind=kind, label=label, key=key, known=True, hidden=hidden)
            )
    Profile.objects.bulk_update(
        [p for p in profiles if p.agent_id == demo_agent], ["visibility", "available"]
    )
    ProfileTag.objects.bulk_create(tags, batch_size=BATCH)
    return len(profiles)
