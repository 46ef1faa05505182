"""An FTS5 table of SQLite kept by triggers, and put back when a migration lost them.

Django alters a SQLite table by building a new one and copying the rows: the triggers of the old table go with
it. The search indexes kept this way (missions/fulltext.py, people/name_search.py) are checked after every
``migrate`` and repaired: the table and its triggers created again, the index refilled (the rows may have
changed while no trigger was there).
"""


def ensure(connection, table: str, triggers: dict[str, str], create: str, refill: list[str]) -> bool:
    """Create ``table`` (the statement ``create``) and its ``triggers`` (name → statement) when one is missing,
    then run ``refill``. Returns whether anything was repaired."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [table + "%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if table in present and set(triggers) <= present:
            return False
        for statement in [create, *triggers.values(), *refill]:
            cursor.execute(statement)
    return True


def drop(connection, table: str, triggers: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        for name in triggers:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
