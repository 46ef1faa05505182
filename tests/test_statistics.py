"""Issue 21: after a bulk load the planner's statistics are fresh (PostgreSQL ``pg_class.reltuples``, SQLite's
``sqlite_stat1``), and the SIRH import refreshes them past a thousand rows."""

import pytest
from django.db import connection

from passerelles.foundation.statistics import refresh_statistics
from passerelles.organisations.models import Organisation, OrganisationKind
from passerelles.people.models import Agent, Category, EmploymentStatus

pytestmark = pytest.mark.django_db


def _known_rows(table: str) -> float | None:
    """What the planner believes the table holds (None: it has never been analysed)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            value = cursor.fetchone()[0]
            return None if value < 0 else value
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else None


def test_refreshing_tells_the_planner_how_many_rows_arrived():
    organisation = Organisation.objects.create(name="Ville", slug="ville", kind=OrganisationKind.COMMUNE)
    Agent.objects.bulk_create(
        Agent(
            organisation=organisation,
            matricule=f"M{n}",
            first_name="A",
            last_name=f"N{n}",
            category=Category.B,
            status=EmploymentStatus.TITULAIRE,
        )
        for n in range(50)
    )
    table = Agent._meta.db_table
    refresh_statistics([table])
    assert _known_rows(table) == pytest.approx(50, abs=1)
    refresh_statistics()  # every table: no error on either database


def test_an_sirh_import_of_a_thousand_agents_leaves_fresh_statistics():
    from passerelles.people.sirh.apply import apply_plan, existing_agents
    from passerelles.people.sirh.planner import plan_import
    from passerelles.people.sirh.reader import LABELS, Row, Table

    organisation = Organisation.objects.create(name="Ville", slug="ville", kind=OrganisationKind.COMMUNE)
    fields = ["matricule", "last_name", "first_name", "category", "status"]
    rows = [
        Row(
            line=n + 2,
            values={
                "matricule": f"M{n}",
                "last_name": f"N{n}",
                "first_name": "A",
                "category": "C",
                "status": "titulaire",
            },
        )
        for n in range(1000)
    ]
    plan = plan_import(
        Table(rows=rows, columns={f: LABELS[f] for f in fields}), existing_agents(organisation)
    )
    assert plan.ok and len(plan.create) == 1000
    apply_plan(plan, organisation)
    assert _known_rows(Agent._meta.db_table) == pytest.approx(1000, abs=5)
