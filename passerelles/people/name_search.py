"""The directory's search box on SQLite: an FTS5 table with the trigram tokenizer (issue 21).

The box matches each word anywhere in the first name, last name or job title, or the whole matricule
(``people/directory.py``). On PostgreSQL, trigram indexes serve exactly those conditions (migration 0013). On
SQLite, ``LIKE '%…%'`` read every agent of the organisation on every search (90 ms at 100,000 agents, 12 times
the site's simplest page): here an FTS5 table indexes the same texts by trigrams, so that a word of three
letters or more finds its candidates from the index, and the usual conditions are then checked on those few
rows only — the answer is exactly the one ``LIKE`` gave. Shorter words keep ``LIKE`` alone (a trigram index
cannot find them).

The table holds no copy of the texts (``content='people_agent'``): triggers tell it every insert, change and
deletion of an agent — a form, the SIRH import's ``bulk_create``, an ``update()`` — so that no write path can
forget it. Django rebuilds a SQLite table to alter it, and its triggers go with it: ``ensure_sqlite_index``
puts them back after every ``migrate`` (as ``missions/fulltext.py`` does for the missions).
"""

from django.db.models import Q
from django.db.models.expressions import RawSQL

from passerelles.foundation import sqlite_fts

SQLITE_TABLE = "people_agent_trgm"
COLUMNS = ("first_name", "last_name", "job_title", "matricule")
MIN_LENGTH = 3  # a trigram index finds nothing shorter


def _values(prefix: str) -> str:
    return ", ".join(f"{prefix}.{column}" for column in COLUMNS)


_LIST = ", ".join(COLUMNS)
SQLITE_TRIGGERS = {
    "people_agent_trgm_insert": f"""
        CREATE TRIGGER IF NOT EXISTS people_agent_trgm_insert AFTER INSERT ON people_agent BEGIN
            INSERT INTO {SQLITE_TABLE}(rowid, {_LIST}) VALUES (new.id, {_values("new")});
        END""",
    "people_agent_trgm_update": f"""
        CREATE TRIGGER IF NOT EXISTS people_agent_trgm_update
        AFTER UPDATE OF {_LIST} ON people_agent BEGIN
            INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, {_LIST}) VALUES ('delete', old.id, {_values("old")});
            INSERT INTO {SQLITE_TABLE}(rowid, {_LIST}) VALUES (new.id, {_values("new")});
        END""",
    "people_agent_trgm_delete": f"""
        CREATE TRIGGER IF NOT EXISTS people_agent_trgm_delete AFTER DELETE ON people_agent BEGIN
            INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rowid, {_LIST}) VALUES ('delete', old.id, {_values("old")});
        END""",
}


def ensure_sqlite_index(connection) -> bool:
    """Create the FTS5 table and its triggers when missing, and rebuild the index when a trigger was missing
    (the agents may have changed meanwhile). Returns whether anything was repaired."""
    create = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
        f"{_LIST}, content='people_agent', content_rowid='id', tokenize='trigram')"
    )
    rebuild = f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('rebuild')"
    return sqlite_fts.ensure(connection, SQLITE_TABLE, SQLITE_TRIGGERS, create, [rebuild])


def teardown_sqlite(connection) -> None:
    sqlite_fts.drop(connection, SQLITE_TABLE, SQLITE_TRIGGERS)


def word_condition(word: str, vendor: str) -> Q:
    """The agents one word of the search box finds: the word anywhere in the names or the job title, or the
    whole matricule. On SQLite, a word long enough first narrows the rows to the index's candidates."""
    condition = (
        Q(first_name__icontains=word)
        | Q(last_name__icontains=word)
        | Q(job_title__icontains=word)
        | Q(matricule__iexact=word)
    )
    if vendor != "sqlite" or len(word) < MIN_LENGTH:
        return condition
    # The word as one FTS5 string (quoted by us, never query syntax): the rows holding it in any column.
    phrase = '"' + word.replace('"', '""') + '"'
    candidates = RawSQL(f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s", [phrase])  # noqa: S611
    return Q(pk__in=candidates) & condition
