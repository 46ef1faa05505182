"""What /sante/ checks: each service the site needs to answer — the database(s), the cache, the task queue,
the file storage — with a short reason and the time it took.

A load balancer calls this every few seconds on every web process: each check is one cheap round trip (a
``SELECT 1``, one cache write and read, one Redis ``PING`` or one indexed query, one existence test), and a
reason never carries an address, a password or a version — only which service and the kind of failure.
"""

import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.utils.crypto import get_random_string

PROBE_KEY = "sante:sonde"
PROBE_FILE = ".sante"  # an existence test on a name nobody writes: one HEAD request on S3


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    reason: str
    milliseconds: float

    def as_json(self) -> dict:
        return {
            "etat": "ok" if self.ok else "erreur",
            "raison": self.reason,
            "duree_ms": round(self.milliseconds, 1),
        }


def _failure(exc: BaseException) -> str:
    """The kind of failure without its message: driver messages name hosts, ports, users and paths."""
    return f"{type(exc).__module__.split('.')[0]}.{type(exc).__name__}"


def timed(name: str, probe) -> Check:
    start = time.perf_counter()
    try:
        reason = probe()
        ok = True
    except Exception as exc:  # any failure of a service is an answer of this page, not an error of it
        reason = _failure(exc)
        ok = False
    return Check(name, ok, reason, (time.perf_counter() - start) * 1000)


def database(alias: str):
    def probe() -> str:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "répond"

    return probe


def cache_probe() -> str:
    value = get_random_string(12)
    cache.set(PROBE_KEY, value, timeout=30)
    if cache.get(PROBE_KEY) != value:
        raise RuntimeError("cache.lost")
    return "écrit et relu"


def queue_probe() -> str:
    backend = getattr(settings, "TASKS_BACKEND", "immediate")
    if backend == "rq":
        import django_rq

        django_rq.get_connection("default").ping()
        return "Redis répond"
    if backend == "database":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY").exists()
        return "table des tâches lisible"
    return "sans file (tâches exécutées aussitôt)"


def storage_probe() -> str:
    if isinstance(default_storage, FileSystemStorage):
        # A fresh site has no media folder yet: the first upload creates it where its parent allows.
        folder = os.path.abspath(default_storage.location)
        while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
            folder = os.path.dirname(folder)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError("media")
        return "dossier accessible en écriture"
    default_storage.exists(PROBE_FILE)
    return "stockage joignable"


def run_checks() -> list[Check]:
    from passerelles.foundation.db_router import replica_alias

    checks = [timed("database", database("default"))]
    if replica_alias():
        checks.append(timed("database_replica", database(replica_alias())))
    checks.append(timed("cache", cache_probe))
    checks.append(timed("queue", queue_probe))
    checks.append(timed("storage", storage_probe))
    return checks
