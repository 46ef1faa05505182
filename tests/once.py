"""Data built once for a whole test module instead of once per test.

The demo network takes seconds to build; a module whose tests only read it (or change it a little) builds
it once, inside a transaction that stays open for the module and is rolled back at its end. Each test keeps
its own transaction (pytest-django's ``db``), which becomes a savepoint inside that outer one: whatever a
test changes is undone after it, so the tests stay independent of each other and of their order, and the
next module finds the database as empty as before.

``restored_once`` does the same from a snapshot (tests/snapshot.py) that the whole session shares: the demo
network is then built once per test process, not once per module, and each module starts from a copy of it.

Only for ``db`` tests: a transactional test (``transactional_db``, ``live_server``) flushes the tables and
would not run inside the outer transaction (see ``tests/browser/snapshot.py`` for those).
"""

import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

T = TypeVar("T")


def built_once(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """Body of a module-scoped fixture: ``yield from built_once(django_db_blocker, generate)``.

    The database stays blocked between the tests, as usual: a test that forgets to ask for ``db`` still
    fails instead of silently reading the module's data."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
            ContentType.objects.clear_cache()
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
        # The content types read or written inside the module (a restored snapshot's ids) are rolled back
        # with it: Django's memory of them must go too, or the next module's admin log entries and generic
        # relations would point at ids its database does not hold.
        ContentType.objects.clear_cache()


def restored_once(django_db_blocker, snapshots, name: str, build: Callable[[], T]) -> Iterator[T]:
    """Body of a module-scoped fixture: the snapshot ``name`` put back inside the module's transaction.

    The first module of a test process that asks for ``name`` builds it (committed, copied aside, then the
    tables emptied again); the next ones only copy its rows back, in a second or two instead of a build."""
    with django_db_blocker.unblock():
        snapshot = snapshots.taken(name, build)

    def restore():
        snapshot.restore()
        return snapshot.value

    yield from built_once(django_db_blocker, restore)
