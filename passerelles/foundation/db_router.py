"""Reads of the dashboards and exports on a PostgreSQL replica (DATABASE_REPLICA_URL), nothing else.

A replica lags the primary by a fraction of a second to a few seconds. A person who has just saved a form
must see it on the next page (read-your-writes): so the site reads from the primary, and only views marked
``@reads_from_replica`` — the dashboards and the big exports, heavy, read-only, and content with figures a
few seconds old — send their reads to the replica, for the time of the view. Writes always go to the primary,
even for an object read from the replica; migrations run on the primary only (the replica copies them).

The mark is a context variable, set for that block alone: the middleware (session, user, messages) and the
permission checks keep the primary, and a thread or task started elsewhere never inherits it.
"""

import contextlib
import contextvars
import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_replica_reads = contextvars.ContextVar("replica_reads", default=False)


def replica_alias() -> str | None:
    """The alias of the replica when this deployment has one (READ_REPLICA_ALIAS), else None."""
    alias = getattr(settings, "READ_REPLICA_ALIAS", None)
    return alias if alias and alias in settings.DATABASES else None


def read_alias() -> str:
    """Where a read made now goes: the replica inside a marked view of a deployment that has one."""
    alias = replica_alias()
    return alias if alias and _replica_reads.get() else DEFAULT_DB_ALIAS


@contextlib.contextmanager
def replica_reads():
    """The reads made inside go to the replica (when there is one). Only around the heavy reads of a view,
    after its permission checks: who may see what is always read from the primary, so that a right withdrawn
    a second ago is not still granted by a replica that lags."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica(function):
    """``replica_reads()`` around a whole function (see the module's docstring)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return function(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """DATABASE_ROUTERS: reads as read_alias() says; writes and migrations on the primary."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        # Explicit: without an answer Django would write an object back where it was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data: an object read from the replica may point to one from the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
