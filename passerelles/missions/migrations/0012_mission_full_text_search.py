"""Issue 21: mission search on each database's own full-text engine, instead of LIKE on a stemmed column.

PostgreSQL: the ``unaccent`` extension (created here: the migrating role must be allowed to, see
docs/exploitation.md), the ``passerelles_french`` configuration, a trigger that fills ``search_vector``, a GIN
index. SQLite: an FTS5 table kept by triggers. Each step runs only on its own database.
"""

import django.contrib.postgres.search
from django.db import migrations

from passerelles.missions import fulltext


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.setup_pg(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        fulltext.ensure_sqlite_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.teardown_pg(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        fulltext.teardown_sqlite(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0011_mission_declined_has_a_reason"),
    ]

    operations = [
        migrations.RemoveField(model_name="mission", name="search_index"),
        migrations.RemoveField(model_name="mission", name="skills_index"),
        migrations.AddField(
            model_name="mission",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
