"""The base of every queryset that reaches users: ``Model.objects.for_actor(user)``."""

from django.db import models


class ActorScopedQuerySet(models.QuerySet):
    """``for_actor`` applies the function of ``passerelles.access.scopes`` named by ``scope``.

    The scopes live in one module so that "who sees what" is decided in one place; the import is lazy
    because the access app itself depends on the models that use this queryset.
    """

    scope: str

    def for_actor(self, user):
        from passerelles.access import scopes

        return getattr(scopes, self.scope)(user, self)
