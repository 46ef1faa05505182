from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _repair_sqlite_search_index(sender, using="default", **kwargs):
    """Django rebuilds a SQLite table to alter it, and its triggers go with it: put the search index's back."""
    from django.db import connections

    from passerelles.missions.fulltext import ensure_sqlite_index

    connection = connections[using]
    if connection.vendor == "sqlite":
        ensure_sqlite_index(connection)


class MissionsConfig(AppConfig):
    name = "passerelles.missions"
    verbose_name = _("Missions")

    def ready(self):
        from passerelles.missions.fulltext import register_sqlite_function

        # SQLite's search index calls Python's French stemmer from its triggers (missions/fulltext.py).
        connection_created.connect(register_sqlite_function, dispatch_uid="missions_search_terms")
        post_migrate.connect(_repair_sqlite_search_index, sender=self, dispatch_uid="missions_search_index")
