from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_sqlite_name_index(sender, using="default", **kwargs):
    """Django rebuilds a SQLite table to alter it, and its triggers go with it: put the name index's back
    (people/name_search.py)."""
    from django.db import connections

    from passerelles.people.name_search import ensure_sqlite_index

    connection = connections[using]
    if connection.vendor == "sqlite":
        ensure_sqlite_index(connection)


class PeopleConfig(AppConfig):
    name = "passerelles.people"
    verbose_name = _("Personnes")

    def ready(self):
        post_migrate.connect(_repair_sqlite_name_index, sender=self, dispatch_uid="people_name_index")
