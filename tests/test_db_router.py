"""DATABASE_REPLICA_URL: the dashboards' and exports' reads go to the replica, the rest of the site and every
write to the primary. The replica here is Django's test mirror of the test database (its own connection to
the same database), so the queries each connection ran can be told apart."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

from passerelles.access.models import Role
from passerelles.foundation.db_router import REPLICA, ReplicaRouter, read_alias, reads_from_replica
from passerelles.organisations.models import Organisation
from tests.test_settings_from_environment import assert_one_sentence, run_cli

BOTH = ["default", "replica"]
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def replica(settings):
    settings.READ_REPLICA_ALIAS = REPLICA
    if connections[REPLICA].vendor == "sqlite":
        # SQLite's test database is one in-memory database shared by both connections, where a reading
        # connection locks out the other's writes (PostgreSQL has no such locks): let the mirror read
        # without them, as a real replica would.
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")
    yield connections[REPLICA]
    connections[REPLICA].close()


def get_capturing(client, url):
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
    ):
        response = client.get(url)
    return response, [q["sql"] for q in on_replica], [q["sql"] for q in on_primary]


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_dashboard_reads_from_the_replica_and_a_normal_page_does_not(cast, replica, client_for):
    client = client_for(cast.users[Role.HR])
    slug = cast.home.slug

    response, on_replica, on_primary = get_capturing(client, f"/organisations/{slug}/tableau-de-bord/")
    assert response.status_code == 200
    assert any("engagements_engagement" in sql for sql in on_replica)
    assert not any("engagements_engagement" in sql for sql in on_primary)  # only the session and the user
    assert not any(sql.lstrip().upper().startswith(WRITES) for sql in on_replica)
    # who may see the dashboard is read from the primary: a right withdrawn is withdrawn at once
    assert any("access_" in sql for sql in on_primary)
    assert not any("access_" in sql for sql in on_replica)

    response, on_replica, on_primary = get_capturing(client, f"/organisations/{slug}/engagements.csv")
    assert response.status_code == 200
    assert any("engagements_engagement" in sql for sql in on_replica)

    response, on_replica, on_primary = get_capturing(client, "/tableau-de-bord/")  # read-your-writes
    assert response.status_code == 200
    assert on_replica == [] and on_primary


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_network_dashboard_and_its_workbook_read_from_the_replica(cast, replica, client_for):
    client = client_for(cast.users[Role.NETWORK_COORDINATOR])
    for url in (
        f"/reseaux/{cast.network.slug}/tableau-de-bord/",
        f"/reseaux/{cast.network.slug}/tableau-de-bord.xlsx",
    ):
        response, on_replica, _on_primary = get_capturing(client, url)
        assert response.status_code == 200, url
        assert on_replica, url  # the figures
        assert not any("access_" in sql for sql in on_replica), url  # the right: on the primary


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_writes_go_to_the_primary_even_for_an_object_read_from_the_replica(cast, replica):
    @reads_from_replica
    def rename():
        organisation = Organisation.objects.get(pk=cast.home.pk)
        assert organisation._state.db == REPLICA
        organisation.name = "Ville d'Alpha renommée"
        with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary:
            organisation.save(update_fields=["name"])
        return on_primary

    on_primary = rename()
    assert any(q["sql"].startswith("UPDATE") for q in on_primary)
    assert Organisation.objects.get(pk=cast.home.pk).name == "Ville d'Alpha renommée"


def test_without_a_replica_the_marked_views_read_from_the_primary(settings):
    settings.READ_REPLICA_ALIAS = None
    assert reads_from_replica(read_alias)() == DEFAULT_DB_ALIAS


def test_the_mark_lasts_the_view_only(settings):
    settings.READ_REPLICA_ALIAS = REPLICA
    assert read_alias() == DEFAULT_DB_ALIAS
    assert reads_from_replica(read_alias)() == REPLICA
    assert read_alias() == DEFAULT_DB_ALIAS


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "engagements") is True
    assert router.allow_migrate(REPLICA, "engagements") is False
    assert router.db_for_write(Organisation) == DEFAULT_DB_ALIAS


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_sante_checks_the_replica_too(replica, client):
    body = client.get("/sante/").json()
    assert body["services"]["database_replica"]["etat"] == "ok"


def test_a_replica_that_is_not_postgresql_is_refused():
    primary = "postgres://postgres@127.0.0.1:5432/passerelles"
    result = run_cli(
        "check",
        PASSERELLES_ENV="development",
        DATABASE_URL=primary,
        DATABASE_REPLICA_URL="sqlite:///copie.db",
    )
    assert_one_sentence(result, "DATABASE_REPLICA_URL doit désigner une réplique PostgreSQL")
    result = run_cli("check", PASSERELLES_ENV="development", DATABASE_REPLICA_URL=primary)
    assert_one_sentence(result, "DATABASE_REPLICA_URL demande une base principale PostgreSQL")
