"""The first text of the statement and the pages (sitepages/defaults.py: our own audit of 2026-11-28)."""

from django.db import migrations


def create_defaults(apps, schema_editor):
    from passerelles.sitepages import defaults

    Statement = apps.get_model("sitepages", "AccessibilityStatement")
    SitePage = apps.get_model("sitepages", "SitePage")
    if not Statement.objects.exists():
        Statement.objects.create(**defaults.STATEMENT)
    for slug, values in defaults.PAGES.items():
        SitePage.objects.get_or_create(slug=slug, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("sitepages", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
