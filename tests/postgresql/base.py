"""PostgreSQL for the test suite: Django's backend, with tables emptied by DELETE rather than TRUNCATE.

After each transactional test (live server, workers, backups) pytest-django empties every table. Django does
it with one TRUNCATE of all ~80 tables, which PostgreSQL pays per table (new files, written to disk at
commit): from 0.5 s on a quiet machine to 4 s on a busy one, for tables that hold a few rows. DELETE of the
same rows in one transaction takes a few milliseconds; the foreign keys Django creates are deferred, so the
order does not matter. Sequences are left alone, as with Django's TRUNCATE; when a test asks for them to be
reset (reset_sequences) or for a cascade, Django's own statements are used.

At the end of the run, the test database is dropped even if another session is still attached to it (a
server thread of a browser test, an autovacuum worker cleaning after those DELETEs): those sessions are
listed on the standard error, then ended by ``DROP DATABASE … WITH (FORCE)``, instead of the drop failing
and leaving the database behind.
"""

import sys

from django.db.backends.postgresql import base, creation, operations


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


class DatabaseCreation(creation.DatabaseCreation):
    def _destroy_test_db(self, test_database_name, verbosity):
        with self._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pid, backend_type, application_name, state, left(query, 120) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [test_database_name],
            )
            for session in cursor.fetchall():
                sys.stderr.write(f"Session encore ouverte sur {test_database_name}, fermée : {session}\n")
            cursor.execute(f"DROP DATABASE {self.connection.ops.quote_name(test_database_name)} WITH (FORCE)")


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    creation_class = DatabaseCreation
