"""Issue 21: the directory's search box reads an index on SQLite too — an FTS5 table with the trigram tokenizer,
kept by triggers (people/name_search.py). PostgreSQL has its trigram indexes since 0013: nothing to do there."""

from django.db import migrations

from passerelles.people import name_search


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        name_search.ensure_sqlite_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        name_search.teardown_sqlite(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0014_agent_manager_partial_index"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
