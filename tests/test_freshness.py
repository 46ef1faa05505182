"""A result kept while the tables it was read from are unchanged (foundation/freshness.py): every kind of write
makes it stale once committed, and nothing else does.

Transactional tests: the stamps follow commits, which a test wrapped in one transaction never makes.
"""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import connection, transaction

from passerelles.foundation import freshness
from passerelles.organisations.models import Organisation, OrganisationKind
from passerelles.people.models import Agent
from tests.cast import make_organisation

pytestmark = pytest.mark.django_db(transaction=True)


class Counted:
    """The organisations' names, and how many times they were read from the database."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return sorted(Organisation.objects.values_list("name", flat=True))


@pytest.fixture(autouse=True)
def _no_margin(monkeypatch):
    """One clock here: a result computed right after a write may be kept (``test_the_margin`` puts it back)."""
    monkeypatch.setattr(freshness, "MARGIN", 0.0)


@pytest.fixture
def names():
    make_organisation("Ville A", "ville-a")
    return Counted()


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if sql.startswith("SELECT") else None


def read(names, key="k"):
    return freshness.remember(key, names)


def test_kept_until_its_table_is_written_by_a_save(names):
    assert read(names) == ["Ville A"]
    assert read(names) == ["Ville A"] and names.calls == 1  # kept: not read again
    make_organisation("Ville B", "ville-b")
    assert read(names) == ["Ville A", "Ville B"] and names.calls == 2
    assert read(names) == ["Ville A", "Ville B"] and names.calls == 2


@pytest.mark.parametrize(
    "write",
    [
        lambda: Organisation.objects.filter(slug="ville-a").update(name="Ville A bis"),
        lambda: Organisation.objects.bulk_create([Organisation(name="Ville C", slug="ville-c")]),
        lambda: Organisation.objects.filter(slug="ville-a").delete(),
        lambda: raw(
            "UPDATE organisations_organisation SET name = %s WHERE slug = %s", ["Ville A ter", "ville-a"]
        ),
    ],
    ids=["update", "bulk_create", "delete", "raw_sql"],
)
def test_every_kind_of_write_is_seen(names, write):
    before = read(names)
    write()
    after = read(names)
    assert names.calls == 2 and after != before


def test_a_write_to_another_table_keeps_it(names, cast):
    first = read(names)
    Agent.objects.filter(pk=cast.agents["agent"].pk).update(first_name="Paule")
    SessionStore().create()  # sessions are not watched, and not read here
    assert read(names) == first and names.calls == 1


def test_a_transaction_stamps_at_its_commit_and_a_rollback_stamps_nothing(names):
    read(names)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_organisation("Jamais", "jamais")
        raise RuntimeError
    assert read(names) == ["Ville A"] and names.calls == 1  # rolled back: still good
    with transaction.atomic():
        make_organisation("Ville B", "ville-b")
        # inside the transaction that wrote: computed, neither read from nor kept in the cache
        assert read(names) == ["Ville A", "Ville B"] and names.calls == 2
        assert freshness.writes_pending()
    assert not freshness.writes_pending()
    assert read(names) == ["Ville A", "Ville B"] and names.calls == 3  # committed: stale, read again
    assert read(names) == ["Ville A", "Ville B"] and names.calls == 3


def test_a_savepoint_rolled_back_leaves_the_transaction_s_own_writes_pending(names):
    read(names)
    with transaction.atomic():
        make_organisation("Ville B", "ville-b")
        with pytest.raises(RuntimeError), transaction.atomic():
            make_organisation("Jamais", "jamais")
            raise RuntimeError
        assert freshness.writes_pending()  # Ville B still waits for the commit
    assert read(names) == ["Ville A", "Ville B"]


def test_a_write_only_in_a_rolled_back_savepoint_stamps_nothing(names):
    read(names)
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            make_organisation("Jamais", "jamais")
            raise RuntimeError
        assert not freshness.writes_pending()
        Agent.objects.update(first_name="Paule")  # another table, in the same transaction
    assert read(names) == ["Ville A"] and names.calls == 1


def test_a_lost_stamp_counts_as_a_write(names):
    read(names)
    caches["default"].clear()  # the shared cache restarted, or evicted the stamps
    assert read(names) == ["Ville A"] and names.calls == 2
    assert read(names) == ["Ville A"] and names.calls == 2  # stamped again, older than that computation


def test_keys_are_apart_and_a_result_read_from_an_unwatched_table_is_not_kept(names):
    read(names, "a")
    read(names, "b")
    assert names.calls == 2

    calls = []

    def sessions():
        calls.append(1)
        return raw('SELECT COUNT(*) FROM "django_session"')

    freshness.remember("s", sessions)
    freshness.remember("s", sessions)
    assert len(calls) == 2


def test_the_head_of_a_statement_names_the_table_it_writes():
    assert freshness.written_table('INSERT INTO "a_b" ("x") VALUES (1)') == "a_b"
    assert freshness.written_table('INSERT OR IGNORE INTO "a_b" ("x") VALUES (1)') == "a_b"
    assert freshness.written_table('  update "A_B" SET "x" = 1') == "a_b"
    assert freshness.written_table('DELETE FROM "a_b" WHERE 1') == "a_b"
    assert freshness.written_table(b'DELETE FROM "a_b"') == "a_b"
    assert freshness.written_table('SELECT "x" FROM "a_b"') is None
    assert freshness.written_table("SELECT 1 -- UPDATE a") is None


def test_an_organisation_kind_change_is_a_write_like_any_other(names):
    """A model saved with ``update_fields`` (one column) is an UPDATE like the others."""
    read(names)
    organisation = Organisation.objects.get(slug="ville-a")
    organisation.kind = OrganisationKind.DEPARTEMENT
    organisation.save(update_fields=["kind"])
    read(names)
    assert names.calls == 2


def test_the_margin_makes_a_result_computed_just_after_a_write_stale(names, monkeypatch):
    """Stamps and starts may come from two machines' clocks: a write stamped less than ``MARGIN`` before a
    computation started makes that computation stale, in case the clocks are apart."""
    monkeypatch.setattr(freshness, "MARGIN", 60.0)
    read(names)  # Ville A was written less than a minute ago
    read(names)
    assert names.calls == 2


def test_with_the_database_cache_of_production_every_write_lands_and_is_seen(names, settings):
    """Without Redis the stamps are in the database cache, on the same connection as the writes: an INSERT …
    RETURNING in autocommit is over only once its row is fetched, and a stamp written in between lost the row
    (SQLite: « FOREIGN KEY constraint failed » at the next commit that referred to it)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": settings.CACHE_TABLE,
        },
    }
    assert read(names) == ["Ville A"]
    created = make_organisation("Ville B", "ville-b")
    assert Organisation.objects.filter(pk=created.pk).exists()
    with transaction.atomic():  # a row referring to it, checked at the commit
        Agent.objects.create(organisation=created, first_name="Lou", last_name="Neuve")
    assert read(names) == ["Ville A", "Ville B"]
    assert read(names) == ["Ville A", "Ville B"] and names.calls == 2
    Organisation.objects.filter(pk=created.pk).update(name="Ville B bis")
    assert read(names) == ["Ville A", "Ville B bis"] and names.calls == 3
    # a computation inside another reads its stamps from that cache's table: the outer one is kept all the same
    outer = Counted()
    freshness.remember("outer", lambda: (outer(), read(names)))
    freshness.remember("outer", lambda: (outer(), read(names)))
    assert outer.calls == 1


def test_a_statement_that_changed_no_row_in_a_transaction_stamps_nothing(names):
    """Suggestions record who was shown with ``INSERT … ON CONFLICT DO NOTHING`` at every view: once all are
    recorded, the view writes nothing and must not make what was read from that table stale."""
    read(names)
    with transaction.atomic():
        Organisation.objects.filter(slug="personne").update(name="Personne")
        Organisation.objects.bulk_create(
            [Organisation(name="Ville A", slug="ville-a")], ignore_conflicts=True
        )  # the slug is unique: ignored
        assert not freshness.writes_pending()
    assert read(names) == ["Ville A"] and names.calls == 1


def test_a_result_kept_inside_another_lends_it_its_tables(names, cast):
    """« À faire » uses lists kept on their own (engagements/scopes.py): when such a list is taken as kept, no
    query shows what it was read from — the outer result still becomes stale when those tables are written."""
    agents = []

    def inner():
        agents.append(1)
        return list(Agent.objects.values_list("pk", flat=True))

    def outer():
        return (freshness.remember("inner", inner), read(names, "names"))

    freshness.remember("outer-1", outer)
    freshness.remember("outer-2", outer)  # computed, with the inner list as kept: no query on agents
    assert len(agents) == 1
    assert freshness.remember("outer-2", outer) and len(agents) == 1  # kept
    Agent.objects.filter(pk=cast.agents["agent"].pk).update(first_name="Paule")
    freshness.remember("outer-2", outer)
    assert len(agents) == 2  # both stale: the agents' table was the inner list's
