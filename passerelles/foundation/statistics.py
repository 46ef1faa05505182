"""Fresh planner statistics after a bulk load (issue 21).

PostgreSQL plans a query from what it knows of each table's size and values; right after thousands of rows
arrive (the demo network, an SIRH import), autovacuum has not looked yet and plans were measured 3–6× slower
until an ``ANALYZE``. SQLite's planner reads ``sqlite_stat1`` the same way. Both accept ``ANALYZE <table>``
inside a transaction, so a bulk write can end with it.
"""

from django.db import connection

# Below this many rows changed, the database's own upkeep (autovacuum) is soon enough.
BULK = 1000


def refresh_statistics(tables: list[str] | None = None) -> None:
    """``ANALYZE`` the given tables (all of them when None), on whichever database is in use."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if tables is None:
            cursor.execute("ANALYZE")
            return
        for table in tables:
            cursor.execute(f"ANALYZE {quote(table)}")
