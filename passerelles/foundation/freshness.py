"""A result kept while the tables it was read from are unchanged: « À faire » without its thirty queries.

« À faire » asks a person's scopes twenty to forty questions, one per group, and at 100,000 agents Django spent
most of that page composing them (issue 21): the list changes only when somebody writes, and a person opens
their dashboard again and again in between. So the list is computed once and kept, with the tables its queries
read, until one of those tables is written.

How a write is seen — every one, whatever wrote it:
- every database connection carries an execute wrapper (``install``) that reads the head of each statement:
  ``INSERT INTO``, ``UPDATE``, ``DELETE FROM`` a table. The ORM's saves and deletes, ``QuerySet.update()``,
  ``bulk_create`` and raw SQL all pass there — no signal to forget, no model to register;
- the table gets a stamp, the time of that moment, in the shared cache (``default``: the database cache, or
  Redis — one for every process of the site): in a transaction, once it commits (``on_commit``: a rolled-back
  write stamps nothing); in autocommit, once the statement is over (at the connection's next statement, or
  the end of the request or task: ``_watch``, ``_finished``). Until then, another process may still serve a
  result computed before the write: the few milliseconds left of that request.

How a kept result is checked: it holds the time its computation started and the tables its queries read; it is
still good while every one of those tables has a stamp older than that start (by ``MARGIN``, for the clocks of
several machines). A table without a stamp (never written since the cache started, or evicted) counts as just
written: the result is computed again and the table stamped. Inside a transaction that has written, nothing is
read from nor kept in the cache: the result must show what this transaction wrote, and must not be seen by
others before it commits (or if it rolls back).

What no statement shows — the time — is the caller's part of the key (the day, the minute). Writes made outside
Django (a restore, ``psql``) are not seen: the key's minute bounds such a staleness to ``TIMEOUT``.

The results are kept in files of this machine (``local``, under PASSERELLES_DATA_DIR): reading one costs no
query, and the web processes of the machine share them (in each process's memory, five gunicorn workers
computed the same list five times a minute); the stamps, which every process of every machine must see, are
one ``get_many`` on the shared cache. A result is only ever used after its stamps were checked, so a machine's
files never need to agree with another's.

django-cachalot tracks table writes the same way for the queries it caches; it was not taken because it
patches the ORM's compilers and atomic blocks process-wide, does not support the database cache a deployment
without Redis uses, and here only the stamps were needed, not its query cache.
"""

import logging
import re
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils import timezone
from django_tasks.signals import task_finished

logger = logging.getLogger(__name__)

MARGIN = 1.0  # seconds: a stamp this close to a computation's start makes it stale (clocks of two machines)
TIMEOUT = 120  # seconds a result is kept at most; the callers' keys change every minute anyway
STAMP_PREFIX = "fresh:table:"
SHARED = "default"  # every process of the site reads and writes its stamps there
LOCAL = "local"  # the results, in files of this machine that all its processes read
# Tables whose writes are not stamped: the database cache's own (stamping it would write it again) and the
# sessions (written at every login). A result read from one of them is never kept.
IGNORED = frozenset({settings.CACHE_TABLE, "django_session"})

# INSERT [OR …] INTO "t", UPDATE "t", DELETE FROM "t" (Django quotes its table names on both databases).
_WRITE = re.compile(
    r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w]+)"?', re.IGNORECASE
)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
# SELECT … FROM "t" / JOIN "t": the tables a query reads.
_READ = re.compile(r'(?:FROM|JOIN)\s+"([\w]+)"', re.IGNORECASE)


def written_table(sql) -> str | None:
    if isinstance(sql, bytes):
        sql = sql.decode("utf-8", "replace")
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    return match.group(1).lower() if match else None


def _stamp_key(table: str) -> str:
    return STAMP_PREFIX + table


# While ``migrate`` runs, nothing is stamped: the database cache's table may not exist yet (a first migration),
# and the processes serving the site restart after a deployment anyway (kept results live ``TIMEOUT`` at most).
_migrating = [False]


def _pause(**kwargs) -> None:
    _migrating[0] = True


def _resume(**kwargs) -> None:
    _migrating[0] = False


def stamp(tables) -> None:
    """Mark ``tables`` as written now. A cache that does not answer is logged, never raised: the write it
    follows is already committed, and a kept result lives ``TIMEOUT`` at most."""
    if _migrating[0]:
        return
    now = time.time()
    try:
        caches[SHARED].set_many({_stamp_key(table): now for table in tables}, None)
    except Exception:  # noqa: BLE001 — the shared cache's own errors vary by backend (Redis, database)
        logger.exception("freshness: tables not stamped %s", sorted(tables))


class _Pending:
    """The tables written by the current transaction of one connection, stamped once it commits."""

    def __init__(self, connection):
        self.tables: set[str] = set()
        self.hooks = connection.run_on_commit  # the list object: Django replaces it when its hooks go

    def __call__(self) -> None:
        stamp(self.tables)


def _still_pending(connection, pending) -> bool:
    if pending is None or not connection.in_atomic_block:
        return False
    if connection.run_on_commit is pending.hooks:
        return True
    # Django built a new list (a savepoint rolled back, or the hooks ran): is this one still among them?
    return any(hook is pending for _, hook, _ in connection.run_on_commit)


def _flush_autocommitted(connection) -> None:
    """Stamp the tables that statements in autocommit wrote, now that they are over."""
    done = connection.__dict__.get("freshness_done")
    if done and not connection.in_atomic_block:
        connection.freshness_done = set()
        stamp(done)


def _watch(execute, sql, params, many, context):
    connection = context["connection"]
    text = sql.decode("utf-8", "replace") if isinstance(sql, bytes) else str(sql)
    table = written_table(text)
    if table is None or table in IGNORED:
        if table is None:
            _flush_autocommitted(connection)
        return execute(sql, params, many, context)
    if connection.in_atomic_block:
        result = execute(sql, params, many, context)
        if getattr(context["cursor"], "rowcount", -1) == 0 and not _RETURNING.search(text):
            # nothing written: an UPDATE that matched no row, an INSERT whose rows all existed (with RETURNING,
            # SQLite counts the rows only as they are fetched)
            return result
        pending = connection.__dict__.get("freshness_pending")
        if not _still_pending(connection, pending):
            pending = _Pending(connection)
            connection.freshness_pending = pending
            transaction.on_commit(pending, using=connection.alias)
            pending.hooks = connection.run_on_commit
        pending.tables.add(table)
        return result
    # Autocommit: the statement commits when it is over, which this wrapper does not see (an INSERT … RETURNING
    # is over once its rows are fetched; the database cache must not write on this connection before). So the
    # table is stamped at this connection's next statement, or at the end of the request or of the task,
    # whichever comes first: a result computed before that stamp is stale.
    _flush_autocommitted(connection)
    connection.__dict__.setdefault("freshness_done", set()).add(table)
    return execute(sql, params, many, context)


def _add_wrapper(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _finished(**kwargs) -> None:
    """The end of a request or of a task: what its last statements in autocommit wrote is stamped now."""
    for connection in connections.all(initialized_only=True):
        _flush_autocommitted(connection)


def install() -> None:
    """Watch every connection opened from now on (and those already open)."""
    connection_created.connect(_add_wrapper, dispatch_uid="passerelles-freshness")
    request_finished.connect(_finished, dispatch_uid="passerelles-freshness")
    task_finished.connect(_finished, dispatch_uid="passerelles-freshness")
    pre_migrate.connect(_pause, dispatch_uid="passerelles-freshness")
    post_migrate.connect(_resume, dispatch_uid="passerelles-freshness")
    for connection in connections.all(initialized_only=True):
        _add_wrapper(None, connection)


def writes_pending(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Has the current transaction written something not committed yet?"""
    connection = connections[alias]
    return _still_pending(connection, connection.__dict__.get("freshness_pending"))


class _Reads:
    """The tables the queries of one computation read (and those of the kept results it used: a computation
    inside another, kept, ran no query)."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        if isinstance(sql, str):
            # the database cache's own table is read by a computation inside this one, for its stamps
            self.tables.update(name.lower() for name in _READ.findall(sql) if name != settings.CACHE_TABLE)
            table = written_table(sql)
            if table:
                self.tables.add(table)
        return execute(sql, params, many, context)


_thread = threading.local()


def _computing() -> list[_Reads]:
    """The computations running in this thread, outermost first."""
    if not hasattr(_thread, "reads"):
        _thread.reads = []
    return _thread.reads


def _fresh(tables: frozenset[str], started: float) -> bool:
    if not tables:
        return True
    keys = [_stamp_key(table) for table in tables]
    stamps = caches[SHARED].get_many(keys)
    if len(stamps) < len(keys):
        return False
    return max(stamps.values()) < started - MARGIN


def _stamp_missing(tables, started: float) -> None:
    """A table without a stamp was not written since the stamps were lost (or ever): whatever was written
    before is in what ``compute`` read, so it gets a stamp older than that computation. ``add``: a write
    stamped in the meantime keeps its own, newer stamp."""
    shared = caches[SHARED]
    keys = [_stamp_key(table) for table in tables]
    present = shared.get_many(keys)
    for key in keys:
        if key not in present:
            shared.add(key, started - MARGIN - 1, None)


def this_minute() -> str:
    """The part of a key that follows the time (local date and minute): see « What no statement shows »."""
    return f"{timezone.localtime():%Y-%m-%dT%H:%M}"


def remember(key: str, compute: Callable[[], object], alias: str = DEFAULT_DB_ALIAS, also=(), ignore=()):
    """``compute()``, or what it returned last time under ``key`` if none of the tables it read was written
    since. ``key`` must hold everything else the result depends on (the person, the language, the time);
    ``also``: tables read before the computation (an object passed to it, read by the caller); ``ignore``:
    tables it reads whose writes may wait for the key's minute (a counter the result only weighs, written by
    the very pages that show it)."""
    if writes_pending(alias):
        return compute()
    _flush_autocommitted(connections[alias])
    local = caches[LOCAL]
    try:
        kept = local.get(key)
        if kept is not None and _fresh(kept[0], kept[1]):
            for outer in _computing():
                outer.tables.update(kept[0])
            return kept[2]
    except Exception:  # noqa: BLE001 — a shared cache that does not answer: compute, as without a cache
        logger.exception("freshness: stamps not read")
        return compute()
    started = time.time()
    reads = _Reads()
    _computing().append(reads)
    try:
        with connections[alias].execute_wrapper(reads):
            result = compute()
    finally:
        _computing().remove(reads)
    tables = (frozenset(reads.tables) | frozenset(also)) - frozenset(ignore)
    for outer in _computing():
        outer.tables.update(also)
    if writes_pending(alias) or tables & IGNORED:
        # ``compute`` wrote in this transaction (what it returned is this transaction's own), or read a table
        # whose writes are not stamped
        return result
    try:
        _stamp_missing(tables, started)
        local.set(key, (tables, started, result), TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.exception("freshness: result not kept")
    return result
