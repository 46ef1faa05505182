"""A copy of the database's rows (and of the uploaded files) taken once, put back before each test that needs it.

Browser tests run against a live server, so their data must be committed, and pytest-django empties every
table after each of them (``transactional_db``): the demo network would be built again for every test,
several seconds each time. Instead it is built once per test session, copied table by table into a side
schema of the same database (an attached in-memory database on SQLite, a schema on PostgreSQL — neither is
seen by Django, its flush or its migrations), and each test starts from an exact copy of it: every Django
table is emptied, then refilled from the copy in one transaction, sequences moved past the copied ids, the
content-type cache cleared, the files the build wrote put back. What a test changes is gone for the next one,
as before. ``tests/test_snapshot.py`` checks that a restored database is row for row the one built.
"""

import time
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

SCHEMA = "test_snapshots"


def _files() -> dict[str, tuple[float, int]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): (path.stat().st_mtime, path.stat().st_size)
        for path in root.rglob("*")
        if path.is_file()
    }


def _schema_ready() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA database_list")
            if SCHEMA not in [row[1] for row in cursor.fetchall()]:
                cursor.execute(f"ATTACH DATABASE ':memory:' AS {SCHEMA}")
        else:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")


def _tables() -> list[str]:
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


class Snapshot:
    """The rows of every Django table after ``build()``, kept under a name (one set of side tables each)."""

    def __init__(self, name: str, build: Callable[[], object]):
        self.name, self.build = name, build
        self.copies: dict[str, str] = {}  # table → its copy in SCHEMA
        self.columns: dict[str, str] = {}  # table → its quoted column list
        self.files: dict[str, bytes] = {}  # media path → bytes written by the build
        self.taken = False
        self.seconds = 0.0
        self.value: object = None  # what build() returned (the demo's summary)

    def _copy_name(self, index: int) -> str:
        return f"{SCHEMA}.{connection.ops.quote_name(f'{self.name}_{index}')}"

    def take(self) -> None:
        """Build once and copy every non-empty table (committed data only: a transactional test's)."""
        started = time.monotonic()
        before = _files()
        self.value = self.build()
        _schema_ready()
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for index, table in enumerate(sorted(_tables())):
                cursor.execute(f"SELECT * FROM {quote(table)} LIMIT 1")
                names = [column[0] for column in cursor.description]
                if cursor.fetchone() is None:
                    continue
                copy = self._copy_name(index)
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")
                self.copies[table] = copy
                self.columns[table] = ", ".join(quote(name) for name in names)
        root = Path(settings.MEDIA_ROOT)
        self.files = {
            path: (root / path).read_bytes() for path, stamp in _files().items() if before.get(path) != stamp
        }
        self.taken = True
        self.seconds = time.monotonic() - started

    def _copies_exist(self) -> bool:
        """The side tables are still there (an in-memory SQLite copy would go with its connection)."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA database_list")
                if SCHEMA not in [row[1] for row in cursor.fetchall()]:
                    return False
                cursor.execute(f"SELECT name FROM {SCHEMA}.sqlite_master WHERE type = 'table'")
            else:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [SCHEMA])
            existing = {row[0] for row in cursor.fetchall()}
        return all(copy.split(".", 1)[1].strip('"') in existing for copy in self.copies.values())

    def is_ready(self) -> bool:
        return self.taken and self._copies_exist()

    def empty(self) -> None:
        """Every Django table emptied (in the current transaction, or committed when there is none).

        The content types go with them: the ids Django keeps in memory are forgotten too, or the next test
        would write rows pointing at a content type that no longer exists."""
        statements = connection.ops.sql_flush(no_style(), _tables(), allow_cascade=False)
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        ContentType.objects.clear_cache()

    def restore(self) -> None:
        """Every Django table emptied then refilled from the copy, in one transaction."""
        if not self.is_ready():
            # First use in this session (each test starts on an empty database): build and copy.
            self.copies.clear()
            self.take()
            return
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            self.empty()
            for table, copy in self.copies.items():
                columns = self.columns[table]
                cursor.execute(f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {copy}")
            models = apps.get_models(include_auto_created=True)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        ContentType.objects.clear_cache()
        root = Path(settings.MEDIA_ROOT)
        for path, content in self.files.items():
            target = root / path
            if not target.is_file() or target.read_bytes() != content:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)

    def drop(self) -> None:
        if not self.taken:
            return
        with connection.cursor() as cursor:
            for copy in self.copies.values():
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
        self.copies.clear()
        self.taken = False


class Snapshots:
    """The session's snapshots by name; each is built by the first test that asks for it."""

    def __init__(self):
        self.by_name: dict[str, Snapshot] = {}

    def restore(self, name: str, build: Callable[[], object]) -> Snapshot:
        snapshot = self.by_name.setdefault(name, Snapshot(name, build))
        snapshot.restore()
        return snapshot

    def taken(self, name: str, build: Callable[[], object]) -> Snapshot:
        """The snapshot, built and copied now if it is not yet, then the tables emptied again (committed):
        for a caller that restores it inside a transaction of its own (tests/once.py), whose rollback must
        find the database empty."""
        snapshot = self.by_name.setdefault(name, Snapshot(name, build))
        if not snapshot.is_ready():
            snapshot.copies.clear()
            snapshot.take()
            snapshot.empty()
        return snapshot

    def drop_all(self) -> None:
        for snapshot in self.by_name.values():
            snapshot.drop()
        if connection.vendor == "postgresql" and self.by_name:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
