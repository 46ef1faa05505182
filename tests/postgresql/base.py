"""PostgreSQL for the test suite: Django's backend, with tables emptied by DELETE rather than TRUNCATE.

After each transactional test (live server, workers, backups) pytest-django empties every table. Django does
it with one TRUNCATE of all ~80 tables, which PostgreSQL pays per table (new files, written to disk at
commit): from 0.5 s on a quiet machine to 4 s on a busy one, for tables that hold a few rows. DELETE of the
same rows in one transaction takes a few milliseconds; the foreign keys Django creates are deferred, so the
order does not matter. Sequences are left alone, as with Django's TRUNCATE; when a test asks for them to be
reset (reset_sequences) or for a cascade, Django's own statements are used.
"""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
