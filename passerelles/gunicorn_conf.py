"""gunicorn's settings for Passerelles, from the environment (docs/deploiement.md, « Le serveur web »).

    passerelles serve                                  # the same as:
    gunicorn -c python:passerelles.gunicorn_conf

gunicorn runs several processes (workers), each serving one request at a time: a slow request holds one
worker, never the site. The choices below and why:

- ``BIND`` (``127.0.0.1:8000``, ``0.0.0.0:8000``, ``unix:/run/passerelles/web.sock``), or ``PORT`` alone for
  ``127.0.0.1:PORT``: behind the front server (nginx, a load balancer) that ends TLS, never facing the
  Internet directly.
- ``WEB_CONCURRENCY`` workers, by default 2 × cores + 1 (gunicorn's advice for synchronous workers: one
  computing, one waiting for the database), at most ``MAX_WORKERS``: each worker holds its own memory
  (≈ 100 Mo) and its database connection (CONN_MAX_AGE), so a 32-core machine must not open 65 of them.
- ``max_requests`` with jitter: a worker is replaced after about 1 000 requests, against slow leaks; the jitter
  keeps the workers from all restarting at once.
- ``preload_app``: the application is loaded, and warmed (templates compiled, URLs and translations read:
  passerelles/core/warmup.py), once in the master process before the workers are forked: a new worker serves
  its first requests as fast as the others (a cold one took 60 to 110 ms more on the engagement page). A new
  version of the code therefore needs a restart of gunicorn (``systemctl restart``): a ``HUP`` forks new
  workers from the master, with the code it loaded. ``GUNICORN_PRELOAD=0``: each worker loads its own.
  Once loaded, the master's objects are frozen out of the garbage collector (``when_ready``): a worker's full
  collection no longer walks them (200 ms at 360,000 objects, in the middle of some request).
- ``GUNICORN_TIMEOUT`` (60 s): a worker silent for longer is killed and replaced (a stuck request must not
  hold it forever; heavy work — SIRH imports, the daily job — runs in the task workers, not here);
  ``graceful_timeout`` (30 s): on restart, requests under way get that long to finish.
- The access log has no query strings and no Referer: a query string may hold a token (invitation links,
  calendar feeds, unsubscribe links), and the log is read by more people than the database.
- ``worker_tmp_dir=/dev/shm``: gunicorn's heartbeat file in memory, not on a disk that may stall (containers).
- No control socket: gunicorn ≥ 25 opens one per user by default (``~/.gunicorn/gunicorn.ctl``), which two
  servers of the same account would fight over; Passerelles does not use ``gunicornc``.
"""

import gc
import os

from passerelles.env import ConfigurationError, env_bool, env_int, env_list, env_str

MAX_WORKERS = 12


def default_workers(cores: int | None = None) -> int:
    return min(2 * (cores or os.cpu_count() or 1) + 1, MAX_WORKERS)


wsgi_app = "passerelles.wsgi:application"

bind = [env_str("BIND") or f"127.0.0.1:{env_int('PORT', 8000)}"]
workers = env_int("WEB_CONCURRENCY", default_workers())
if workers < 1:
    raise ConfigurationError("WEB_CONCURRENCY doit être un nombre de processus supérieur à zéro.")
worker_class = "sync"
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
preload_app = env_bool("GUNICORN_PRELOAD", True)  # loaded and warmed once, before the fork (see above)
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5  # seconds a connection from the front server is kept open for its next request

# Only the front server's address may tell the real client's address and scheme (X-Forwarded-For/-Proto).
forwarded_allow_ips = ",".join(env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"]))

accesslog = "-"
errorlog = "-"
loglevel = env_str("LOG_LEVEL", "info").lower()
# remote address, method and path (no query string), status, bytes, duration in seconds, user agent
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss "%(a)s"'

if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

control_socket_disable = True
proc_name = "passerelles"


def when_ready(server):
    """The application is loaded (preload_app) and the workers not forked yet: what the master holds leaves the
    garbage collector's generations (Python's advice for fork without exec), so that the workers' collections
    walk only their own objects."""
    gc.freeze()
