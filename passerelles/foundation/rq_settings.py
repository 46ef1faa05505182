"""The Redis queues of the "rq" task backend (TASKS_BACKEND=rq), built from REDIS_URL.

Kept out of settings.py so that the rule (Redis required, one queue per task queue, the time a job may run)
is read and tested in one place. The queues share the cache's Redis: one service to run, and its database
number (``/0``, ``/1``…) in REDIS_URL separates deployments.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from passerelles.env import ConfigurationError

# A connection to Redis gives up after this many seconds (a stalled Redis must not freeze a page that enqueues
# a task). No timeout on answers: a worker waits for its next job with a blocking read of several minutes.
CONNECT_TIMEOUT = 5
# A job still running after this many seconds is stopped by its worker. The SIRH imports have their own, much
# shorter budget (IMPORT_TIME_BUDGET); the daily job of a large network may take minutes; e-mails seconds.
JOB_TIMEOUT = 1800


def rq_queues(redis_url: str, queue_names: list[str]) -> dict[str, dict]:
    """django-rq's RQ_QUEUES for these task queues, all on REDIS_URL; a clear French error without it."""
    if not redis_url:
        raise ConfigurationError(
            "TASKS_BACKEND=rq demande REDIS_URL (par exemple redis://127.0.0.1:6379/0) : la file des tâches "
            "est tenue par Redis."
        )
    if not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigurationError(
            f"REDIS_URL est invalide : attendu redis://hôte:port/numéro (ou rediss://, unix://), pas « {redis_url} »."
        )
    parts = urlsplit(redis_url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("socket_connect_timeout", str(CONNECT_TIMEOUT))
    url = urlunsplit(parts._replace(query=urlencode(query)))
    return {name: {"URL": url, "DEFAULT_TIMEOUT": JOB_TIMEOUT} for name in queue_names}
