"""Mission search on each database's own full-text engine (issue 21): an index the database keeps, ranking.

The database itself keeps the index on every write of a mission — a form, the demo generator, ``bulk_create``,
``update()`` — so that no write path can forget it:

- PostgreSQL: a ``tsvector`` column filled by a trigger, a GIN index, ``ts_rank`` to order. Each text is read
  under ``french`` (Snowball needs the accents: « comptabilité » and « comptable » meet at « comptabl ») and
  under ``passerelles_french`` (the same after ``unaccent``: « education » finds « éducation »); a query word
  matches either.
- SQLite: an FTS5 table filled by triggers with the terms of ``missions/text.py`` (Snowball in Python, accents
  stripped), which SQLite calls as the function ``passerelles_search_terms`` registered on every connection;
  ``bm25()`` to order. A table rebuilt by a later migration loses its triggers on SQLite: ``ensure_sqlite_index``
  puts them back after every ``migrate``.

Both weigh the title above the skills above the rest (project, description), so a title hit ranks first. The
user's words are never passed as query syntax: each is a ``\\w+`` word we quote ourselves, joined by AND, the
last one a prefix (the person may still be typing it).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, QuerySet

from passerelles.foundation import sqlite_fts
from passerelles.missions.text import terms, words

PG_CONFIG = "passerelles_french"
SQLITE_TABLE = "missions_mission_fts"
SQLITE_FUNCTION = "passerelles_search_terms"
MAX_WORDS = 32  # more words than anyone types; beyond, the query only grows
# bm25 weights of the FTS5 columns (title, skills, body); PostgreSQL uses its labels A, B, C.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)


def _pg_document(column: str) -> str:
    """A text's lexemes under both configurations: Snowball reads the accents (« comptabilité » and
    « comptable » share « comptabl » only with them), ``unaccent`` first makes « education » find
    « éducation ». A query word matches either (``_pg_query``)."""
    text = f"coalesce({column}, '')"
    return f"(to_tsvector('french', {text}) || to_tsvector('{PG_CONFIG}', {text}))"


PG_SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{PG_CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION missions_mission_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight({_pg_document("NEW.title")}, 'A')
            || setweight({_pg_document("NEW.skills")}, 'B')
            || setweight({_pg_document("coalesce(NEW.project_name, '') || ' ' || NEW.description")}, 'C');
        RETURN NEW;
    END $$""",
    "DROP TRIGGER IF EXISTS missions_mission_search_vector ON missions_mission",
    """CREATE TRIGGER missions_mission_search_vector BEFORE INSERT OR UPDATE ON missions_mission
       FOR EACH ROW EXECUTE FUNCTION missions_mission_search_vector()""",
    "UPDATE missions_mission SET search_vector = NULL",  # the trigger fills every existing row
    "CREATE INDEX IF NOT EXISTS missions_mission_search_vector_gin ON missions_mission USING gin (search_vector)",
]
PG_TEARDOWN = [
    "DROP INDEX IF EXISTS missions_mission_search_vector_gin",
    "DROP TRIGGER IF EXISTS missions_mission_search_vector ON missions_mission",
    "DROP FUNCTION IF EXISTS missions_mission_search_vector()",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
]


def _sqlite_row(prefix: str) -> str:
    return (
        f"{SQLITE_FUNCTION}({prefix}.title), {SQLITE_FUNCTION}({prefix}.skills), "
        f"{SQLITE_FUNCTION}({prefix}.project_name || ' ' || {prefix}.description)"
    )


SQLITE_TRIGGERS = {
    "missions_mission_fts_insert": f"""
        CREATE TRIGGER IF NOT EXISTS missions_mission_fts_insert AFTER INSERT ON missions_mission BEGIN
            INSERT INTO {SQLITE_TABLE}(rowid, title, skills, body) VALUES (new.id, {_sqlite_row("new")});
        END""",
    "missions_mission_fts_update": f"""
        CREATE TRIGGER IF NOT EXISTS missions_mission_fts_update
        AFTER UPDATE OF title, skills, project_name, description ON missions_mission BEGIN
            DELETE FROM {SQLITE_TABLE} WHERE rowid = old.id;
            INSERT INTO {SQLITE_TABLE}(rowid, title, skills, body) VALUES (new.id, {_sqlite_row("new")});
        END""",
    "missions_mission_fts_delete": f"""
        CREATE TRIGGER IF NOT EXISTS missions_mission_fts_delete AFTER DELETE ON missions_mission BEGIN
            DELETE FROM {SQLITE_TABLE} WHERE rowid = old.id;
        END""",
}


def search_terms_text(text) -> str:
    """What SQLite indexes for a text: its stemmed, accent-free terms (repeated words kept, for bm25)."""
    return " ".join(terms(text)) if isinstance(text, str) else ""


def register_sqlite_function(sender=None, connection=None, **kwargs) -> None:
    """Handler of ``connection_created``: the triggers of the FTS5 table call Python's stemmer."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, search_terms_text, deterministic=True)


def setup_pg(schema_editor) -> None:
    for statement in PG_SETUP:
        schema_editor.execute(statement)


def teardown_pg(schema_editor) -> None:
    for statement in PG_TEARDOWN:
        schema_editor.execute(statement)


def ensure_sqlite_index(connection) -> bool:
    """Create the FTS5 table and its triggers when missing, and refill the table when a trigger was missing
    (the missions may have changed meanwhile). Returns whether anything was repaired."""
    connection.ensure_connection()
    register_sqlite_function(connection=connection)  # the refill calls the stemmer
    create = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
        "title, skills, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    refill = [
        f"DELETE FROM {SQLITE_TABLE}",
        f"INSERT INTO {SQLITE_TABLE}(rowid, title, skills, body) "
        f"SELECT m.id, {_sqlite_row('m')} FROM missions_mission m",
    ]
    return sqlite_fts.ensure(connection, SQLITE_TABLE, SQLITE_TRIGGERS, create, refill)


def teardown_sqlite(connection) -> None:
    sqlite_fts.drop(connection, SQLITE_TABLE, SQLITE_TRIGGERS)


def _pg_query(words: list[str], weight: str = "") -> SearchQuery:
    """Every word (quoted by us: a ``\\w+`` word, never query syntax), under either configuration."""
    query = None
    for position, word in enumerate(words, start=1):
        lexeme = "'" + word.replace("\\", "").replace("'", "") + "'"
        lexeme += (":*" if position == len(words) else ":" if weight else "") + weight
        either = SearchQuery(lexeme, search_type="raw", config="french") | SearchQuery(
            lexeme, search_type="raw", config=PG_CONFIG
        )
        query = either if query is None else query & either
    return query


def _sqlite_match(stems: list[str], column: str = "") -> str:
    quoted = ['"' + stem.replace('"', '""') + '"' for stem in stems]
    quoted[-1] += "*"
    return " AND ".join((f"{column} : " if column else "") + q for q in quoted)


def matching(missions: QuerySet, text: str, *, skills: str = "") -> QuerySet:
    """The missions of ``missions`` where every word of ``text`` is found, and every word of ``skills`` in the
    skills alone; annotated with ``relevance`` (higher is better) when ``text`` has a word that counts.
    Without any such word: ``missions`` unchanged."""
    if connections[missions.db].vendor == "postgresql":
        typed, skill_words = words(text)[:MAX_WORDS], words(skills)[:MAX_WORDS]  # PostgreSQL stems them
        if skill_words:
            missions = missions.filter(search_vector=_pg_query(skill_words, "B"))
        if not typed:
            return missions
        query = _pg_query(typed)
        return missions.filter(search_vector=query).annotate(relevance=SearchRank(F("search_vector"), query))
    stems, skill_stems = terms(text)[:MAX_WORDS], terms(skills)[:MAX_WORDS]
    expressions = ([_sqlite_match(stems)] if stems else []) + (
        [_sqlite_match(skill_stems, "skills")] if skill_stems else []
    )
    if not expressions:
        return missions
    # One pass over the FTS5 table, joined on its rowid (a subquery per mission would run the MATCH again for
    # each). The unary « + » keeps the rowid out of FTS5's index choice, so that SQLite walks the FTS5 matches
    # and looks each mission up by its key, never the reverse (16 s instead of 30 ms for a count of 9,600).
    # bm25 is lower for a better match: negated, so that both databases sort by « -relevance ».
    weights = ", ".join(map(str, SQLITE_WEIGHTS))
    return missions.extra(  # noqa: S610 - our own SQL; the user's words are a parameter
        tables=[SQLITE_TABLE],
        where=[f"+{SQLITE_TABLE}.rowid = missions_mission.id", f"{SQLITE_TABLE} MATCH %s"],
        params=[" AND ".join(f"({expression})" for expression in expressions)],
        select={"relevance": f"-bm25({SQLITE_TABLE}, {weights})"} if stems else {},
    )
