"""The suggestion speed benchmarks' database: one organisation of ``size`` synthetic agents (the shape of
benchmarks/matching_data.py, no planted agents), their profiles, tags and index rows, 20,000 published missions,
an HR referent, a project lead, and 200 agents with an account (for the agent side).

Built once per VERSION and cached (benchmarks/datasets.py); streamed in slices so that a million agents fit in
memory, the large tables (tags, index rows) written with multi-row INSERTs rather than model objects.
"""

import datetime

# Bump whenever build()'s output changes (sizes, shape, fields): cached databases are keyed by it.
VERSION = 2
MISSIONS = 20_000
ACCOUNTS = 200  # agents who can sign in: the agent side's samples
START = datetime.date(2027, 3, 1)
SLICE = 20_000
ORGANISATION_SLUG = "bench-suggestions"
HR_EMAIL = "rh@bench.test"


def _insert(
    cursor, table: str, columns: tuple[str, ...], rows: list[tuple], per_statement: int = 500
) -> None:
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        cursor.execute(head + ", ".join([one] * len(chunk)), [value for row in chunk for value in row])


def build(size: int) -> None:
    from django.db import connection, transaction

    from benchmarks.matching_data import build as synthetic
    from passerelles.access.models import Role, RoleMembership
    from passerelles.accounts.models import User
    from passerelles.matching import scoring
    from passerelles.matching.index import QUICK_WEIGHT, cached_tag_terms
    from passerelles.matching.models import MissionTerm
    from passerelles.missions.models import Mission
    from passerelles.organisations.models import Organisation, OrgUnit
    from passerelles.people.models import Agent, Profile

    people, offers = synthetic(agents=size, missions=MISSIONS, planted_per_mission=0)
    every = max(1, len(people) // ACCOUNTS)
    with transaction.atomic():
        org = Organisation.objects.create(name="Bench", slug=ORGANISATION_SLUG, kind="departement")
        unit = OrgUnit.objects.create(organisation=org, name="Service")
        for start in range(0, len(people), SLICE):
            part = people[start : start + SLICE]
            rows = [
                Agent(
                    organisation=org,
                    unit=unit,
                    first_name="P",
                    last_name=str(p.id),
                    category="ABC"[p.id % 3],
                    status="titulaire",
                    matricule=f"B{p.id}",
                )
                for p in part
            ]
            Agent.objects.bulk_create(rows, batch_size=5000)
            profiles = [Profile(agent=a, visibility="hr", available=a.pk % 3 == 0) for a in rows]
            Profile.objects.bulk_create(profiles, batch_size=5000)
            tags, terms = [], []
            for person, agent, profile in zip(part, rows, profiles, strict=True):
                seen = set()
                for kind, label in person.tags:
                    if (kind, label) in seen:
                        continue
                    seen.add((kind, label))
                    tags.append((profile.pk, kind, label, label.lower()[:120], False, False))
                    for term in cached_tag_terms(label):
                        if (kind, term) not in seen:
                            seen.add((kind, term))
                            terms.append((agent.pk, term[:60], kind, QUICK_WEIGHT[kind], org.pk, "hr", True))
            with connection.cursor() as cursor:
                _insert(
                    cursor,
                    "people_profiletag",
                    ("profile_id", "kind", "label", "key", "known", "hidden"),
                    tags,
                )
                _insert(
                    cursor,
                    "matching_agentterm",
                    ("agent_id", "term", "kind", "weight", "organisation_id", "visibility", "active"),
                    terms,
                )
            for i, agent in enumerate(rows):
                if (start + i) % every == 0 and (start + i) // every < ACCOUNTS:
                    agent.user = User.objects.create_user(email=f"a{(start + i) // every}@bench.test")
                    agent.save(update_fields=["user"])
        lead_user = User.objects.create_user(email="lead@bench.test")
        lead = Agent.objects.create(
            organisation=org,
            unit=unit,
            user=lead_user,
            first_name="L",
            last_name="L",
            category="A",
            status="titulaire",
        )
        missions = [
            Mission(
                organisation=org,
                host_unit=unit,
                project_lead=lead,
                created_by=lead_user,
                title=f"Mission {o.id}",
                short_code=f"B{o.id:07d}",  # bulk_create skips save(), which draws one
                description="",
                skills=", ".join(o.skills),
                purpose="appui_projet",
                time_share_percent=20,
                start_date=START,
                end_date=START + datetime.timedelta(days=90),
                status="published",
                visibility="organisation",
            )
            for o in offers
        ]
        Mission.objects.bulk_create(missions, batch_size=5000)
        MissionTerm.objects.bulk_create(
            [
                MissionTerm(
                    mission=m,
                    term=t[:60],
                    organisation_id=org.pk,
                    host_unit_id=unit.pk,
                    visibility="organisation",
                    published=True,
                    end_date=m.end_date,
                )
                for m in missions
                for t in scoring.mission_terms(m.title, m.skills)
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        hr = User.objects.create_user(email=HR_EMAIL)
        RoleMembership.objects.create(user=hr, organisation=org, role=Role.HR)
