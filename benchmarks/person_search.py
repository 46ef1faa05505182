"""Speed of the project-lead search field on a large organisation (run by benchmarks/run.py).

The mission form lists nobody, so its cost no longer grows with the staff; what does is the search endpoint:
the same query as ``/organisations/<organisation>/personnes/recherche/?q=…`` (scope, « personne » excluded,
prefix match on names, LIMIT 10), timed for common and rare prefixes and full names.
"""

import random
import time

FIRST = ["Marie", "Jean", "Camille", "Léa", "Hugo", "Nora", "Paul", "Inès", "Louis", "Zoé", "Yanis", "Chloé"]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"]


# Bump whenever build()'s output changes: the cached database is keyed by it (benchmarks/datasets.py).
VERSION = 1
SLUG = "bench-personnes"


def build(size: int) -> None:
    """One organisation of ``size`` agents, each with an account, one in ten closed to everyone (« personne »),
    the first one its HR."""
    from django.db import transaction

    from passerelles.access.models import Role, RoleMembership
    from passerelles.accounts.models import User
    from passerelles.organisations.models import Organisation, OrgUnit
    from passerelles.people.models import Agent, Profile, Visibility

    rng = random.Random(2026)
    with transaction.atomic():
        org = Organisation.objects.create(name="Bench", slug=SLUG, kind="departement")
        unit = OrgUnit.objects.create(organisation=org, name="Service")
        users = User.objects.bulk_create(
            [User(email=f"p{i}@bench.test", password="!") for i in range(size)], batch_size=5000
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
                for i in range(size)
            ],
            batch_size=5000,
        )
        Profile.objects.bulk_create(
            [Profile(agent=a, visibility=Visibility.NOBODY) for a in rows[::10]], batch_size=5000
        )
        RoleMembership.objects.create(user=users[0], organisation=org, role=Role.HR)


def speed(emit, *, samples: int, database: str) -> None:
    """Runs inside a Django process on a copy of build()'s database (see run.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from passerelles.organisations.models import Organisation
    from passerelles.people import person_search
    from passerelles.people.models import Agent

    rng = random.Random(2026)
    org = Organisation.objects.get(slug=SLUG)
    hr = Agent.objects.filter(organisation=org, matricule="B0").select_related("user").get().user
    agents = Agent.objects.filter(organisation=org).count()
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
