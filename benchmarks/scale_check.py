"""``make scale-check``: the scale-out path tried on this machine (issue 21), with a French summary; exits
non-zero when something was lost or a request failed that should not have.

On loopback: a private Redis (its own port, nothing written to disk), PostgreSQL (the local server, its own
database, SCALE_CHECK_DATABASE_URL), the demo network (SCALE_CHECK_AGENTS agents), two web processes (gunicorn,
production settings, TASKS_BACKEND=rq) behind benchmarks/proxy.py (a test harness standing in for nginx or
HAProxy), and two queue workers (``passerelles rqworker default imports --with-scheduler``). Then:

1. the load test of ``make bench`` (benchmarks/load.py: every role's main pages, SCALE_CHECK_USERS users in a
   closed loop for SCALE_CHECK_SECONDS) through the proxy;
2. meanwhile, SCALE_CHECK_TASKS real e-mails written to the outbox one after the other, each delivered by a
   task on the Redis queue (the file e-mail backend of the run's folder stands for the mail server);
3. halfway, ``kill -9`` of the first web process (its whole process group: the gunicorn master and its
   workers, as when a machine or a container dies) and of the first queue worker (with its work-horse).

What must hold at the end:
- **no request failed but the killed process's in-flight ones**: every error the users saw is a request the
  proxy had handed to the killed process before its death; after it, the surviving one served the rest;
- **no task lost**: every e-mail was sent exactly once (each Message-ID once in the files); what the killed
  worker held is delivered by the outbox's own catch-up (``passerelles outbox deliver``, the cron line of
  docs/exploitation.md) — a message it had reserved, when its reservation expires (checked here by running
  that catch-up with the clock set past the reservation);
- the surviving worker went on delivering after the kill, and both survivors are still running.
"""

import contextlib
import datetime
import hashlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the benchmarks package lives beside passerelles

from benchmarks import load  # noqa: E402
from benchmarks.proxy import Proxy  # noqa: E402

PG_URL = os.environ.get("SCALE_CHECK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/passerelles_load")
AGENTS = int(os.environ.get("SCALE_CHECK_AGENTS", "1000"))
USERS = int(os.environ.get("SCALE_CHECK_USERS", "20"))
SECONDS = float(os.environ.get("SCALE_CHECK_SECONDS", "40"))
TASKS = int(os.environ.get("SCALE_CHECK_TASKS", "200"))
WEB_WORKERS = 2  # per web process: two processes × two sync workers on this 2-core machine
REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")
TEARDOWN = 1.0  # seconds
SUBJECT = "Vérification de la montée en charge n°"

ENQUEUE = """
import json, sys, time, django
django.setup()
from passerelles.outbox.services import queue_email
every = {every}
for number in range({tasks}):
    message = queue_email(to=["montee-en-charge@exemple.fr"], subject="{subject}" + str(number),
                          body="Un courriel de vérification, sans destinataire réel.")
    print("QUEUED " + json.dumps([message.pk, message.message_id]), flush=True)
    time.sleep(every)
"""

STATES = """
import json, django
django.setup()
from django.db.models import Count
from passerelles.outbox.models import OutboxMessage
rows = OutboxMessage.objects.filter(subject__startswith="{subject}")
print("STATES " + json.dumps({{
    "states": dict(rows.values_list("state").annotate(n=Count("id")).order_by()),
    "left": rows.exclude(state="sent").count(),
    "claimed": rows.filter(claimed_until__isnull=False).exclude(state="sent").count(),
    "sent_after_kill": rows.filter(sent_at__gt="{killed_at}").count(),
}}), flush=True)
"""

AFTER_LEASE = """
import datetime, json, django
django.setup()
from django.utils import timezone
from passerelles.outbox.delivery import lease_duration
from passerelles.outbox.delivery import deliver_one
from passerelles.outbox.models import OutboxMessage
later = timezone.now() + lease_duration() + datetime.timedelta(seconds=1)
left = OutboxMessage.objects.filter(subject__startswith="{subject}").exclude(state="sent")
print("LATER " + json.dumps([deliver_one(pk, now=later) for pk in left.values_list("pk", flat=True)]), flush=True)
"""


def say(text: str) -> None:
    print(text, flush=True)


def django_run(code: str, env: dict, tag: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(
        next(line[len(tag) + 1 :] for line in output.splitlines() if line.startswith(tag + " "))
    )


def passerelles(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(load.BIN / "passerelles"), *args], cwd=ROOT, env=env, check=True, capture_output=True, **kwargs
    )


def fail(text: str) -> None:
    say(f"ÉCHEC : {text}")
    sys.exit(1)


def preconditions() -> None:
    if not Path(REDIS_SERVER).exists():
        fail(f"redis-server est introuvable ({REDIS_SERVER}) : installez le paquet Debian « redis-server ».")
    if importlib.util.find_spec("django_tasks_rq") is None:
        fail("django-tasks-rq n'est pas installé : lancez « make install-dev ».")
    check = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "passerelles.settings",
            "PASSERELLES_ENV": "development",
            "TASKS_BACKEND": "rq",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
    )
    if check.returncode:
        fail(
            "les réglages refusent TASKS_BACKEND=rq (la file des tâches sur Redis n'est pas encore dans cette "
            f"version) :\n{check.stderr.strip().splitlines()[-1]}"
        )


@contextlib.contextmanager
def redis(folder: Path):
    """A private Redis: its own port, no file written (``--save "" --appendonly no``)."""
    port = load.free_port()
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        import redis as redis_client

        client = redis_client.Redis(host="127.0.0.1", port=port)
        for _ in range(100):
            with contextlib.suppress(redis_client.ConnectionError):
                client.ping()
                break
            time.sleep(0.1)
        else:
            fail("Redis ne démarre pas.")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        load.stop_group(process)


def source_state() -> str:
    """Changes with the migrations and the demo generator's code: the cached template is then built again."""
    digest = hashlib.sha256(str(AGENTS).encode())
    for path in sorted(ROOT.glob("passerelles/*/migrations/[0-9]*.py")):
        digest.update(f"{path.parent.parent.name}/{path.name}\n".encode())
    for path in sorted(ROOT.glob("passerelles/demo/*.py")):
        digest.update(path.read_bytes())
    return f"{digest.hexdigest()[:12]} {datetime.date.today().isoformat()}"  # the demo is dated: daily


def fresh_database(env: dict) -> float:
    """The check's own PostgreSQL database with the demo network: a copy of a template database built once
    (migrations, then the network) and kept while the migrations, the generator and the day are the same —
    building takes minutes, copying seconds. Returns the seconds it took."""
    import psycopg

    server, name = PG_URL.rsplit("/", 1)
    template = f"{name}_template"
    started = time.perf_counter()
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        fail(f"PostgreSQL ne répond pas ({PG_URL}) : {exc}")
    with admin:
        state = source_state()
        found = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [template]
        ).fetchone()
        if not found or found[0] != state:
            say(f"  (construction de la base modèle « {template} », gardée pour les vérifications suivantes)")
            admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{template}"')
            build = {**env, "PASSERELLES_ENV": "development", "TASKS_BACKEND": "immediate"}
            build.update(
                DATABASE_URL=f"{server}/{template}",
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            )
            build.pop("SECRET_KEY", None)
            passerelles(["migrate", "-v0"], build)
            subprocess.run(
                [sys.executable, "-m", "benchmarks.load", "prepare", str(AGENTS)],
                cwd=ROOT,
                env=build,
                check=True,
                capture_output=True,
            )
            admin.execute(f"COMMENT ON DATABASE \"{template}\" IS '{state}'")
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return time.perf_counter() - started


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(
            [str(load.BIN / "passerelles"), "rqworker", "default", "imports", "--with-scheduler"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def gone(group: int, timeout: float = 10) -> None:
    """Waits until no live process is left in this process group (a killed process closes its sockets as it
    exits, a moment after the signal)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = False
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    alive = alive or (int(fields[2]) == group and fields[0] != "Z")
        if not alive:
            return
        time.sleep(0.01)


def message_ids_in(folder: Path) -> list[str]:
    """The Message-ID of every e-mail the file backend wrote (several per file, separated by a line of
    dashes)."""
    found = []
    if not folder.exists():
        return found
    separator = re.compile(rb"^-{79}$", re.M)
    for path in folder.iterdir():
        for part in separator.split(path.read_bytes()):
            if part.strip():
                message_id = message_from_bytes(part.strip()).get("Message-ID")
                if message_id:
                    found.append(message_id.strip())
    return found


def main() -> None:
    preconditions()
    with tempfile.TemporaryDirectory(prefix="passerelles-scale-") as name, contextlib.ExitStack() as stack:
        folder = Path(name)
        redis_url = stack.enter_context(redis(folder))
        env = load.production_env({"DATABASE_URL": PG_URL}, folder)
        env.update({"TASKS_BACKEND": "rq", "REDIS_URL": redis_url})
        say(
            f"Préparation : base PostgreSQL « {PG_URL.rsplit('/', 1)[1]} », réseau de démonstration de "
            f"{AGENTS} agents…"
        )
        built = fresh_database(env)
        load.collect_static(env)
        people = load.make_plan(env, USERS, count=False)["users"]
        webs = [
            stack.enter_context(load.gunicorn(env, folder / f"web{n}.log", workers=WEB_WORKERS))
            for n in (1, 2)
        ]
        workers = [start_worker(env, folder / f"worker{n}.log") for n in (1, 2)]
        for worker in workers:
            stack.callback(load.stop_group, worker)
        proxy = stack.enter_context(Proxy([address for _, address in webs]))
        say(
            f"En place en {built:.0f} s : Redis, 2 serveurs web (gunicorn, {WEB_WORKERS} workers chacun) derrière "
            f"le proxy de test, 2 workers de tâches (rq). Charge : {USERS} utilisateurs pendant {SECONDS:.0f} s, "
            f"{TASKS} courriels en file."
        )
        load.warm_up(proxy.address, people)

        enqueuer = subprocess.Popen(
            [sys.executable, "-c", ENQUEUE.format(tasks=TASKS, every=SECONDS * 0.8 / TASKS, subject=SUBJECT)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        killed = {}

        def kill_halfway() -> None:
            time.sleep(SECONDS / 2)
            killed["wall"] = datetime.datetime.now(datetime.UTC)
            os.killpg(webs[0][0].pid, signal.SIGKILL)
            os.killpg(workers[0].pid, signal.SIGKILL)
            gone(webs[0][0].pid)
            killed["at"] = (
                time.monotonic()
            )  # its processes are gone, their sockets closed: from now on refused

        killer = threading.Thread(target=kill_halfway)
        killer.start()
        results = load.drive(proxy.address, people, seconds=SECONDS)
        killer.join()
        out, err = enqueuer.communicate(timeout=120)
        if enqueuer.returncode:
            fail(f"l'écriture des courriels a échoué :\n{err[-2000:]}")
        queued = [json.loads(line[7:]) for line in out.splitlines() if line.startswith("QUEUED ")]

        # The surviving worker drains the queue; then the outbox's catch-up takes what the killed one held.
        states_code = STATES.format(subject=SUBJECT, killed_at=killed["wall"].isoformat())
        deadline = time.monotonic() + 60
        while True:
            states = django_run(states_code, env, "STATES")
            if states["states"].get("sent", 0) >= len(queued) or time.monotonic() > deadline:
                break
            time.sleep(1)
        drained = dict(states)
        passerelles(["outbox", "deliver"], env)
        after_lease = django_run(AFTER_LEASE.format(subject=SUBJECT), env, "LATER")
        final = django_run(states_code, env, "STATES")
        files = message_ids_in(folder / "courriels")
        survivors_alive = webs[1][0].poll() is None and workers[1].poll() is None

    verdict(results, proxy, killed, queued, drained, after_lease, final, files, survivors_alive)


def verdict(results, proxy, killed, queued, drained, after_lease, final, files, survivors_alive) -> None:
    kill_at = killed["at"]
    failed = [p for p in proxy.log if p.status == 502]
    # A request the killed process had accepted: its connection reached that process's socket (it was not
    # refused) while the process was dying, and the request died with it. The kernel closes the sockets of a
    # killed process a moment after the signal: the check allows that moment (TEARDOWN) after it saw the
    # processes gone; a connection to the killed server later than that would be refused, never dropped.
    in_flight = [p for p in failed if p.backend == 0 and p.started <= kill_at + TEARDOWN]
    unexplained = len(failed) - len(in_flight) + (results.error_count - len(failed))
    after = [p for p in proxy.log if p.started > kill_at and p.status != 502]
    served_by_survivor = sum(1 for p in after if p.backend == 1)
    rerouted = sum(1 for p in proxy.log if p.refused)

    ours = {message_id for _, message_id in queued}
    counts = dict.fromkeys(ours, 0)
    for message_id in files:
        if message_id in counts:
            counts[message_id] += 1
    missing = sum(1 for n in counts.values() if n == 0)
    twice = sum(1 for n in counts.values() if n > 1)
    sent = final["states"].get("sent", 0)
    caught_up = drained["left"] - len(after_lease) + sum(1 for state in after_lease if state == "sent")

    say("")
    say("Montée en charge — résultat")
    say(
        f"- Requêtes : {results.requests} en {SECONDS:.0f} s ({results.ok / SECONDS:.1f} réussies par seconde)."
    )
    say(
        f"- Serveur web 1 arrêté par kill -9 à mi-parcours : {len(in_flight)} requête(s) en cours chez lui "
        f"perdue(s) (réponse 502) ; {rerouted} connexion(s) refusée(s) reprise(s) sur le serveur web 2 ; après "
        f"l'arrêt, {served_by_survivor} requête(s) sur {len(after)} servie(s) par le serveur web 2."
    )
    say(f"- Autres requêtes en échec : {unexplained}.")
    say(
        f"- Tâches : {len(queued)} courriels écrits ; {drained['states'].get('sent', 0)} envoyés par les workers "
        f"pendant et juste après la charge, dont {drained['sent_after_kill']} après l'arrêt du worker 1 (par le "
        f"worker 2) ; {drained['left']} restant(s) pris par le rattrapage de la boîte d'envoi "
        f"({drained['claimed']} réservé(s) par le worker tué, repris à l'expiration de la réservation), dont "
        f"{caught_up} envoyé(s)."
    )
    say(
        f"- Au final : {sent} envoyés sur {len(queued)} ; dans les courriels écrits, {len(ours) - missing} "
        f"présents, {missing} manquant(s), {twice} en double."
    )
    if unexplained:
        say("  Erreurs vues : " + ", ".join(f"{reason} ×{n}" for reason, n in results.errors.most_common(8)))
        for p in failed:
            if p not in in_flight:
                say(
                    f"  502 hors du serveur tué : serveur {p.backend}, {p.started - kill_at:+.3f} s après l'arrêt, "
                    f"{p.failure}"
                )
    problems = []
    if unexplained:
        problems.append("des requêtes ont échoué hors de celles en cours dans le serveur tué")
    if not after:
        problems.append("aucune requête après l'arrêt du serveur web 1")
    elif served_by_survivor != len(after):
        problems.append("des requêtes après l'arrêt n'ont pas été servies par le serveur survivant")
    if missing or twice or sent != len(queued):
        problems.append("des courriels sont perdus ou partis deux fois")
    if len(queued) != TASKS:
        problems.append(f"{len(queued)} courriels écrits au lieu de {TASKS}")
    if drained["sent_after_kill"] == 0:
        problems.append("le worker survivant n'a rien envoyé après l'arrêt de l'autre")
    if not survivors_alive:
        problems.append("un processus survivant s'est arrêté")
    if problems:
        fail(" ; ".join(problems) + ".")
    say("RÉUSSI : rien de perdu, aucune requête en échec hors de celles du serveur tué.")


if __name__ == "__main__":
    main()
