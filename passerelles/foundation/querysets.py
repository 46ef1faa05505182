"""The base of every queryset that reaches users: ``Model.objects.for_actor(user)``."""

from functools import cache

from django.db import models
from django.utils.module_loading import import_string


@cache
def _scope(path: str):
    return import_string(path)


class ActorScopedQuerySet(models.QuerySet):
    """``for_actor`` applies the scope function named by ``scope``: ``"<app>.<function>"``, found in
    ``passerelles/<app>/scopes.py`` — each domain app says who sees what of its own objects, with the actors
    and roles of the access app. The function is resolved on first use: the scopes module imports the app's
    models, which use this queryset.
    """

    scope: str

    def for_actor(self, user):
        return self.scoped(self.scope, user)

    def scoped(self, scope: str, user, **narrowing):
        """Another named scope of the same app (e.g. the HR pool beside the agents' directory)."""
        app, function = scope.split(".")
        return _scope(f"passerelles.{app}.scopes.{function}")(user, self, **narrowing)
