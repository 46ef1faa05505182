"""Speed of the mission list page's search on many published missions (issue 21; run by benchmarks/run.py).

The same query as ``/missions/?q=<two words>``: the agent's scope, every word matched on the database's own
full-text engine, ranked, counted and cut to the first page — timed for frequent and rare pairs of words.
Missions read like the real ones: titles, skills and descriptions drawn from a French vocabulary, so that a
frequent word matches thousands of missions (the ranking's worst case) and a rare one a handful.
"""

import datetime
import random
import time

TITLES = [
    "Animation d'ateliers numériques",
    "Accueil du public en mairie",
    "Renfort à la médiathèque",
    "Jardin partagé du quartier",
    "Conduite de projet : budget participatif",
    "Appui à l'organisation des élections",
    "Accompagnement des seniors",
    "Cuisine collective à l'école",
    "Inventaire des archives",
    "Préfiguration d'un tiers-lieu",
    "Entretien des espaces verts",
    "Communication sur les réseaux sociaux",
    "Formation des bénévoles",
    "Cartographie des équipements sportifs",
    "Aide aux devoirs",
    "Ferronnerie d'art au musée",
]
SKILLS = [
    "animation d'ateliers",
    "accueil du public",
    "conduite de projet",
    "jardinage",
    "numérique",
    "comptabilité",
    "rédaction",
    "cartographie",
    "pédagogie",
    "logistique",
    "archivage",
    "cuisine",
]
SENTENCES = [
    "Vous rejoindrez une équipe qui prépare un projet avec les habitants.",
    "La mission demande une demi-journée par semaine, avec un point d'étape chaque mois.",
    "Vous accueillerez le public et orienterez les usagers vers le bon service.",
    "L'équipe manque de bras pendant la période des inscriptions.",
    "Vous animerez des ateliers pour des groupes de dix personnes au plus.",
    "Un tuteur vous accompagne pendant les premières semaines.",
    "Le service prépare l'ouverture d'un nouvel équipement au printemps.",
    "Vous participerez à l'inventaire et au classement des documents.",
    "La mission se déroule sur le site principal, à distance une journée sur deux.",
    "Vous aiderez à organiser un événement ouvert à toute la population.",
    "Des connaissances en bureautique sont utiles, sans plus.",
    "Vous découvrirez le fonctionnement d'un autre service de la collectivité.",
]
QUERIES = [
    "animation ateliers",  # frequent
    "accueil public",  # frequent
    "projet habitants",  # frequent words, in descriptions
    "jardin quartier",
    "archives inventaire",
    "seniors numérique",
    "ferronnerie musée",  # rare
    "cartographie sportifs",
    "budget partic",  # the last word being typed
    "xylophone marine",  # nothing
]
START = datetime.date(2031, 1, 6)


def build(missions: int, rng: random.Random):
    """One organisation, ``missions`` published missions visible to it, and an agent who searches them."""
    from django.db import transaction

    from passerelles.accounts.models import User
    from passerelles.missions.models import Mission
    from passerelles.organisations.models import Organisation, OrgUnit
    from passerelles.people.models import Agent

    with transaction.atomic():
        org = Organisation.objects.create(name="Bench", slug="bench-missions", kind="departement")
        unit = OrgUnit.objects.create(organisation=org, name="Service")
        user = User.objects.create_user(email="agent@bench.test")
        agent = Agent.objects.create(
            organisation=org,
            unit=unit,
            user=user,
            first_name="A",
            last_name="A",
            category="B",
            status="titulaire",
        )
        Mission.objects.bulk_create(
            [
                Mission(
                    organisation=org,
                    host_unit=unit,
                    project_lead=agent,
                    created_by=user,
                    title=f"{rng.choice(TITLES)} ({n})",
                    short_code=f"B{n:07d}",
                    description=" ".join(rng.sample(SENTENCES, 4)),
                    skills=", ".join(rng.sample(SKILLS, 2)),
                    purpose="appui_projet",
                    time_share_percent=rng.choice([10, 20, 30]),
                    start_date=START + datetime.timedelta(days=n % 200),
                    end_date=START + datetime.timedelta(days=n % 200 + 90),
                    status="published",
                    visibility="organisation",
                    published_at=datetime.datetime(2030, 12, 1, tzinfo=datetime.UTC)
                    + datetime.timedelta(minutes=n),
                )
                for n in range(missions)
            ],
            batch_size=2000,
        )
    return user


def speed(emit, *, missions: int, samples: int, database: str) -> None:
    """Runs inside a Django process on a fresh database (see run.py)."""
    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from passerelles.missions import queries
    from passerelles.missions.queries import Filters

    rng = random.Random(2026)
    started = time.perf_counter()
    user = build(missions, rng)
    built = time.perf_counter() - started
    if database == "postgresql":
        with connection.cursor() as cursor:  # the statistics autovacuum would make in a live database
            cursor.execute("VACUUM ANALYZE missions_mission")

    def page(q: str):
        found = queries.search(queries.discoverable(user), Filters(q=q), user=user)
        listed = Paginator(found, settings.PAGE_SIZE // 2).get_page(1)
        return listed.paginator.count, [mission.pk for mission in listed.object_list]

    for q in QUERIES:  # warm the caches
        page(q)
    timings = []
    for _ in range(samples):
        q = rng.choice(QUERIES)
        began = time.perf_counter()
        page(q)
        timings.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as captured:
        count, _first = page("accueil public")
    timings.sort()
    params = {
        "missions": missions,
        "database": database,
        "queries": len(captured.captured_queries),
        "matches_frequent_pair": count,
        "build_s": round(built, 1),
    }
    emit("mission_search_p95_ms", timings[int(len(timings) * 0.95) - 1], "ms", **params)
    emit("mission_search_median_ms", timings[len(timings) // 2], "ms", **params)
