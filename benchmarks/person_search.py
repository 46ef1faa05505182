"""Speed of the project-lead search field on a large organisation (run by benchmarks/run.py).

The mission form lists nobody, so its cost no longer grows with the staff; what does is the search endpoint:
the same query as ``/organisations/<organisation>/personnes/recherche/?q=…`` (scope, « personne » excluded,
prefix match on names, LIMIT 10), timed for common and rare prefixes and full names.
"""

import random
import time

FIRST = ["Marie", "Jean", "Camille", "Léa", "Hugo", "Nora", "Paul", "Inès", "Louis", "Zoé", "Yanis", "Chloé"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]


def speed(emit, *, agents: int, samples: int, database: str) -> None:
    """Runs inside a Django process on a fresh database (see run.py)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from passerelles.access.models import Role, RoleMembership
    from passerelles.accounts.models import User
    from passerelles.organisations.models import Organisation, OrgUnit
    from passerelles.people import person_search
    from passerelles.people.models import Agent, Profile, Visibility

    rng = random.Random(2026)
    with transaction.atomic():
        org = Organisation.objects.create(name="Bench", slug="bench-personnes", kind="departement")
        unit = OrgUnit.objects.create(organisation=org, name="Service")
        users = User.objects.bulk_create(
            [User(email=f"p{i}@bench.test", password="!") for i in range(agents)], batch_size=5000
        )
        rows = Agent.objects.bulk_create(
            [
                Agent(
                    user=users[i],
                    organisation=org,
                    unit=unit,
                    first_name=f"{rng.choice(FIRST)}{'' if i % 7 else i}",
                    last_name=f"{rng.choice(LAST)}{i % 997}",
                    category="ABC"[i % 3],
                    status="titulaire",
                    matricule=f"B{i}",
                )
                for i in range(agents)
            ],
            batch_size=5000,
        )
        Profile.objects.bulk_create(
            [Profile(agent=a, visibility=Visibility.NOBODY) for a in rows[::10]], batch_size=5000
        )
        hr = rows[0].user
        RoleMembership.objects.create(user=hr, organisation=org, role=Role.HR)
    queries = ["Mar", "Martin", "Zoé", "Lero", "Chloé Petit", "Inès Moreau12", "Xyz", "Camille Dubois5"]
    candidates = person_search.project_lead_candidates(hr, org)
    timings = []
    for _ in range(samples):
        q = rng.choice(queries)
        started = time.perf_counter()
        person_search.describe(hr, person_search.search(candidates, q))
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        person_search.describe(hr, person_search.search(candidates, "Martin"))
    timings.sort()
    params = {"agents": agents, "database": database, "queries": len(captured.captured_queries)}
    emit("person_search_p95_ms", timings[int(len(timings) * 0.95) - 1], "ms", **params)
    emit("person_search_median_ms", timings[len(timings) // 2], "ms", **params)
