"""Issue 21: the directory's search box reads an index on PostgreSQL instead of every agent of the organisation.

The search matches each word anywhere in the first name, last name or job title (``icontains``, which Django
writes ``UPPER(col::text) LIKE UPPER('%word%')`` on PostgreSQL) or the whole matricule (``iexact``): trigram
indexes (``pg_trgm``) on exactly those expressions, and a plain one on the matricule's, so that the planner can
combine the four (a bitmap OR) — one branch without an index would send it back to reading the whole table.
SQLite has no such index: the embedded database serves small organisations, where reading them is quick.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_COLUMNS = ["first_name", "last_name", "job_title"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS people_agent_{column}_trgm ON people_agent "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS people_agent_matricule_upper ON people_agent (UPPER(matricule::text))"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS people_agent_{column}_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS people_agent_matricule_upper")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0012_keyset_and_visibility_indexes"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
