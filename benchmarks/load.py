"""The load test of ``make bench`` (issue 21): logged-in people of every role browsing their main pages
through real gunicorn on loopback, then the same load on a trivial page, in the same run.

How, and why so:
- **The data**: the demo network at 100,000 agents (BENCH_LOAD_AGENTS), prepared in one process
  (``prepare``: generation, ``VACUUM ANALYZE`` on PostgreSQL as autovacuum would do soon after a bulk load,
  a second factor for the roles that require one) and served by others, as dashboard.py does.
- **The server**: gunicorn with the production configuration (passerelles/gunicorn_conf.py), 5 sync workers (gunicorn's own rule, 2 × cores + 1, on this 2-core machine):
  a Django page is Python work under the GIL, so processes rather than threads use both cores, and while one
  worker waits on the database another computes. Settings as in production (``PASSERELLES_ENV=production``:
  DEBUG off, whitenoise with its compressed manifest, ``CONN_MAX_AGE`` 60, the database task backend, HTTPS
  settings) with only what production requires and a bench can give: ``SECRET_KEY`` (random),
  ``ALLOWED_HOSTS=127.0.0.1``, ``STATIC_ROOT`` (``collectstatic`` into the run's folder), a file e-mail
  backend (no mail server here), ``LOG_LEVEL=WARNING``, and the database (``DATABASE_URL`` or
  ``PASSERELLES_DATA_DIR``). The client sends ``X-Forwarded-Proto: https`` as the TLS-terminating proxy does
  in production (settings.SECURE_PROXY_SSL_HEADER), so secure cookies and the HTTPS redirect stay on.
- **The people**: BENCH_LOAD_USERS (20) simulated users, one thread each, spread over the seven roles (agent,
  manager, host, HR, signatory, administrator, network coordinator: the demo accounts). Each has its own
  session, created directly in the session store for the demo account (``sessions``): signing in through the
  form would time Argon2 and TOTP, not the pages, and allauth refuses a TOTP code used twice, which twenty
  sign-ins of seven accounts would need. The accounts whose role requires two-factor sign-in do have an
  authenticator, so the enrolment middleware lets them through as it would after a real sign-in.
- **The mix**: each user requests, at random (seeded), the main pages of their role (``ROLE_PAGES``) with ids
  that exist and that this account may see (queried once before the run, through the same actor-scoped
  queries as the pages). Closed loop, no think time: a user sends the next request as soon as the previous
  answer is read, for BENCH_LOAD_SECONDS (60). One connection per request, as a proxy talks to gunicorn.
- **The trivial page**: « Comment sont faites les suggestions » (/suggestions/comment/), a logged-in page of
  fixed text in the site's layout: the same per-request costs as every page (session, user, middleware,
  layout) and no business query.
- **The page budgets** (``page_p95_ratio_vs_trivial_max``, issue 21 « Page budgets as ratios »): before the
  load, one client alone asks each page of each role then the trivial page, BENCH_PAIRED_ROUNDS (40) times
  over (``paired``); a page's budget is its p95 over the trivial page's p95 of that phase. With nothing
  waiting in front of it, a page's time is its own work: this is what the budget bounds. Under load (20
  users on 5 workers, both phases saturated) a p95 is mostly time spent waiting for a worker, the same for
  every page: the page lines give, beside the budget, the p95 under load over the trivial page loaded alone
  for the same time (``ratio_vs_trivial``: close to the mix's average cost over the trivial one's, for every
  page) and over the trivial page in the same queue (``ratio_vs_trivial_in_mix``: the trivial page is one of
  each role's pages in the mix, its answers not counted in throughput_rps).
- **Errors**: an exception, a status outside 200–399, or a redirection to the sign-in page (a lost session).
- **Memory**: the resident memory of each gunicorn worker, read from /proc every half second.
"""

import contextlib
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
USERS = int(os.environ.get("BENCH_LOAD_USERS", "20"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
ROUNDS = int(os.environ.get("BENCH_PAIRED_ROUNDS", "40"))
WORKERS = 5
TRIVIAL_URL = "/suggestions/comment/"
LOGIN_PATH = "/comptes/login/"
TARGET_RATIO = {"postgresql": 5.0, "sqlite": 3.0}
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# The demo account of each role (passerelles/demo/accounts.py).
ROLE_ACCOUNTS = {
    "agent": "agent",
    "manager": "encadrant",
    "host": "accueil",
    "hr": "rh",
    "signatory": "signataire",
    "admin": "admin",
    "network_coordinator": "reseau",
}
# The main pages of each role (issue 21, « Page budgets »). The URL of each page, from the ids of ``plan``.
COMMON = ["dashboard", "todo", "mission_search", "mission"]
ROLE_PAGES = {
    "agent": [*COMMON, "missions_for_agent", "engagement"],
    "manager": [*COMMON, "engagement", "agent"],
    "host": [*COMMON, "engagement", "agents_for_mission"],
    "hr": [
        *COMMON,
        "engagement",
        "review_queue",
        "pool",
        "directory",
        "directory_search",
        "agent",
        "agents_for_mission",
        "organisation",
        "organisation_insights",
    ],
    "signatory": [*COMMON, "engagement", "organisation", "organisation_insights"],
    "admin": [*COMMON, "directory", "organisation", "organisation_insights"],
    "network_coordinator": [*COMMON, "network", "network_insights", "organisation"],
}
URLS = {
    "dashboard": lambda ids: "/tableau-de-bord/",
    "todo": lambda ids: "/a-faire/",
    "mission_search": lambda ids: f"/missions/?q={quote(ids.pick('words'))}",
    "mission": lambda ids: f"/missions/{ids.pick('missions')}/",
    "missions_for_agent": lambda ids: "/missions/",  # without a query: the missions suggested to the agent
    "engagement": lambda ids: f"/engagements/{ids.pick('engagements')}/",
    "agent": lambda ids: f"/agents/{ids.pick('agents')}/",
    "agents_for_mission": lambda ids: f"/missions/{ids.pick('suggestion_missions')}/suggestions/",
    "review_queue": lambda ids: f"/organisations/{ids.organisation}/relecture/",
    "pool": lambda ids: f"/organisations/{ids.organisation}/vivier/",
    "directory": lambda ids: f"/organisations/{ids.organisation}/agents/",
    "directory_search": lambda ids: f"/organisations/{ids.organisation}/agents/?q={quote(ids.pick('names'))}",
    "organisation": lambda ids: f"/organisations/{ids.organisation}/",
    "organisation_insights": lambda ids: f"/organisations/{ids.organisation}/tableau-de-bord/",
    "network": lambda ids: f"/reseaux/{ids.network}/",
    "network_insights": lambda ids: f"/reseaux/{ids.network}/tableau-de-bord/",
}


# --- In a Django process on the prepared database -----------------------------------------------------------


def prepare(*, agents: int) -> float:
    """Generates the demo network, gives the planner fresh statistics, and gives each account whose role
    requires it a second factor; returns the seconds of the generation."""
    from django.db import connection

    from passerelles.demo.generator import generate

    started = time.perf_counter()
    generate(agents)
    generated = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: done before the run, not in the middle of it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    give_second_factors()
    return generated


def give_second_factors() -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from passerelles.accounts.two_factor import requires_two_factor

    for user in _accounts().values():
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if requires_two_factor(user) and not has_totp:
            TOTP.activate(user, TOTP_SECRET)


def _accounts() -> dict:
    from passerelles.accounts.models import User
    from passerelles.demo.accounts import DEMO_EMAIL_DOMAIN

    return {
        role: User.objects.get(email=f"{slug}@{DEMO_EMAIL_DOMAIN}") for role, slug in ROLE_ACCOUNTS.items()
    }


def plan(*, users: int, seed: int = 21) -> dict:
    """The simulated users: for each, a role, a new session of that role's demo account, and the ids their
    pages use (each list sampled from what that account may see)."""
    give_second_factors()  # a database prepared before this module gave them (the bench's cache) gets them
    rng = random.Random(seed)
    ids = {role: _ids_for(user, rng) for role, user in _accounts().items()}
    roles = list(ROLE_ACCOUNTS)
    accounts = _accounts()
    people = []
    for number in range(users):
        role = roles[number % len(roles)]
        people.append({"role": role, "session": new_session(accounts[role]), "ids": ids[role]})
    return {"users": people}


def count_queries(people: list[dict]) -> dict[str, int]:
    """SQL queries of one request of each page of each role ("page|role" → count), through Django's test
    client in this process: what explains a page's time beside the trivial page's."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    done = set()
    for who in people:
        if who["role"] in done:
            continue
        done.add(who["role"])
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        client.cookies["sessionid"] = who["session"]
        ids = Ids(who["ids"], random.Random(0))
        for page in [*ROLE_PAGES[who["role"]], "trivial"]:
            path = TRIVIAL_URL if page == "trivial" else URLS[page](ids)
            client.get(path)  # the first request fills Django's caches
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            counts[f"{page}|{who['role']}"] = len(queries)
    return counts


def new_session(user) -> str:
    """A session of ``user`` in the session store, as ``django.contrib.auth.login`` leaves it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _ids_for(user, rng: random.Random, sample: int = 25) -> dict:
    from passerelles.access.policies import can_see_host_suggestions, can_see_suggestions
    from passerelles.engagements.models import Engagement
    from passerelles.missions.queries import discoverable
    from passerelles.networks.models import Network
    from passerelles.people.models import Agent

    def some(queryset) -> list:
        pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:2000])
        return sorted(rng.sample(pks, min(sample, len(pks))))

    agent = Agent.objects.filter(user=user).select_related("organisation").first()
    organisation = agent.organisation if agent else None
    missions = list(discoverable(user).order_by("pk")[:2000])
    words = Counter(
        word.lower()
        for mission in missions
        for word in mission.title.replace("'", " ").replace("’", " ").split()
        if len(word) >= 6 and word.isalpha()
    )
    own = [m.pk for m in missions if can_see_host_suggestions(user, m)][:sample]
    for_hr = [m.pk for m in rng.sample(missions, min(200, len(missions))) if can_see_suggestions(user, m)]
    agents = Agent.objects.for_actor(user)
    names = sorted({name for name in agents.order_by("pk").values_list("last_name", flat=True)[:500] if name})
    network = Network.objects.order_by("pk").values_list("slug", flat=True).first()
    return {
        "organisation": organisation.slug if organisation else "",
        "network": network or "",
        "missions": sorted(rng.sample([m.pk for m in missions], min(sample, len(missions)))),
        "words": [word for word, _ in words.most_common(10)],
        "engagements": some(Engagement.objects.for_actor(user)),
        "agents": some(agents),
        "names": rng.sample(names, min(10, len(names))),
        "suggestion_missions": own or sorted(for_hr[:sample]),
    }


# --- The client ---------------------------------------------------------------------------------------------


@dataclass
class Ids:
    values: dict
    rng: random.Random

    @property
    def organisation(self) -> str:
        return self.values["organisation"]

    @property
    def network(self) -> str:
        return self.values["network"]

    def pick(self, name: str):
        return self.rng.choice(self.values[name])


@dataclass
class Results:
    timings: dict = field(default_factory=lambda: defaultdict(list))  # (page, role) -> [ms]
    errors: Counter = field(default_factory=Counter)  # reason -> count
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, role: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.requests += 1
            if error:
                self.errors[error] += 1
            else:
                self.timings[(page, role)].append(ms)

    @property
    def ok(self) -> int:
        return sum(len(values) for values in self.timings.values())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def get(address: tuple[str, int], path: str, session: str, *, timeout: float = 60) -> tuple[int, str]:
    """One GET on a new connection, the body read to the end; (status, location)."""
    connection = http.client.HTTPConnection(*address, timeout=timeout)
    try:
        connection.request(
            "GET",
            path,
            headers={
                "Host": "127.0.0.1",
                "Cookie": f"sessionid={session}",
                "X-Forwarded-Proto": "https",
                "Connection": "close",
                "User-Agent": "passerelles-bench-load",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def check(status: int, location: str) -> str | None:
    """Why this answer is an error, or None."""
    if not 200 <= status < 400:
        return f"HTTP {status}"
    if status in (301, 302, 303, 307, 308) and LOGIN_PATH in location:
        return "redirigé vers la connexion (session perdue)"
    return None


def timed(address: tuple[str, int], path: str, session: str) -> tuple[float, str | None]:
    """One GET: its milliseconds, and why it is an error (None when it is not)."""
    begin = time.perf_counter()
    try:
        error = check(*get(address, path, session))
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"[:120]
    return (time.perf_counter() - begin) * 1000, error


def drive(
    address: tuple[str, int],
    people: list[dict],
    *,
    seconds: float,
    pages: dict[str, list[str]] | None = None,
    trivial: bool = False,
    seed: int = 2026,
    stop: threading.Event | None = None,
) -> Results:
    """Closed loop: one thread per person, each sending its next request as soon as the last is answered,
    until ``seconds`` have passed (or ``stop`` is set)."""
    results = Results()
    deadline = time.monotonic() + seconds
    pages = pages or ROLE_PAGES

    def person(number: int, who: dict) -> None:
        rng = random.Random(seed + number)
        ids = Ids(who["ids"], rng)
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            page = "trivial" if trivial else rng.choice([*pages[who["role"]], "trivial"])
            path = TRIVIAL_URL if page == "trivial" else URLS[page](ids)
            ms, error = timed(address, path, who["session"])
            results.add(page, who["role"], ms, f"{error} — {page} ({who['role']})" if error else None)

    threads = [threading.Thread(target=person, args=(n, who), daemon=True) for n, who in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def one_per_role(people: list[dict]):
    """The first simulated user of each role."""
    seen = set()
    for who in people:
        if who["role"] not in seen:
            seen.add(who["role"])
            yield who


def warm_up(address: tuple[str, int], people: list[dict]) -> Results:
    """Every page of every role once (Django's caches, each worker's connection), not timed."""
    results = Results()
    for who in one_per_role(people):
        ids = Ids(who["ids"], random.Random(0))
        for page in [*ROLE_PAGES[who["role"]], "trivial"]:
            path = TRIVIAL_URL if page == "trivial" else URLS[page](ids)
            for _ in range(WORKERS):
                status, location = get(address, path, who["session"])
                error = check(status, location)
                results.add(
                    page, who["role"], 0, f"{error} — {page} ({who['role']}) {path}" if error else None
                )
    return results


def paired(address: tuple[str, int], people: list[dict], *, rounds: int = ROUNDS) -> Results:
    """The page budgets: one client, nothing else running, each page of each role then the trivial page,
    ``rounds`` times over (ids drawn as in the mix). Without a queue, a page's time is its own work plus what
    every request costs; the trivial page just after it is measured in the same conditions (the same
    moment, the same warm caches), so the ratio of their p95s is the page's budget."""
    results = Results()
    for who in one_per_role(people):
        ids = Ids(who["ids"], random.Random(7))
        for _ in range(rounds):
            for page in ROLE_PAGES[who["role"]]:
                for name, path in ((page, URLS[page](ids)), ("trivial", TRIVIAL_URL)):
                    ms, error = timed(address, path, who["session"])
                    role = who["role"] if name != "trivial" else "all"
                    results.add(name, role, ms, f"{error} — {name} ({who['role']}) {path}" if error else None)
    return results


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


# --- The server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_env: dict, folder: Path) -> dict:
    """The environment of a production-like instance on the prepared database (see the module's docstring)."""
    env = {key: value for key, value in database_env.items()}
    env.update(
        {
            "PASSERELLES_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "passerelles.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(folder / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(folder / "courriels"),
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("DEBUG", None)
    env.pop("PASSERELLES_DEMO", None)
    return env


def collect_static(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, *, port: int | None = None, workers: int = WORKERS):
    """A gunicorn master with its workers on 127.0.0.1:port; yields (process, address); stopped after."""
    port = port or free_port()
    with open(log, "ab") as out:
        # The production configuration (passerelles/gunicorn_conf.py, docs/deploiement.md): sync workers,
        # timeouts, no control socket; its address and number of workers from the environment.
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "python:passerelles.gunicorn_conf"],
            cwd=ROOT,
            env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped (or killed) with its workers
        )
    try:
        wait_until_serving(("127.0.0.1", port), process, log)
        yield process, ("127.0.0.1", port)
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM to the process and its group (gunicorn's workers, rq's work-horses), SIGKILL if they linger."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def wait_until_serving(address: tuple[str, int], process: subprocess.Popen, log: Path, timeout=90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn s'est arrêté au démarrage :\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            get(address, TRIVIAL_URL, "", timeout=5)
            return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn ne répond pas après {timeout} s :\n{log.read_text()[-3000:]}")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                # the command may hold spaces and parentheses: the fields follow the last ")"
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry.name))
    return found


def rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class MemoryWatch:
    """The largest resident memory of any worker of the given masters, sampled every half second."""

    def __init__(self, masters: list[int]):
        self.masters = masters
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            for master in self.masters:
                for worker in children(master):
                    self.peak = max(self.peak, rss_mb(worker))
            self._stop.wait(0.5)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# --- The measurement ----------------------------------------------------------------------------------------

PLAN = """
import json, django
django.setup()
from benchmarks.load import count_queries, plan
planned = plan(users={users})
planned["queries"] = count_queries(planned["users"]) if {count} else {{}}
print("PLAN " + json.dumps(planned), flush=True)
"""


def make_plan(env: dict, users: int, *, count: bool = True) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PLAN.format(users=users, count=count)], cwd=ROOT, env=env, capture_output=True
    )
    if done.returncode:
        sys.stderr.write(done.stderr.decode()[-3000:])
        raise RuntimeError("the plan of the simulated users failed (its error above)")
    output = done.stdout.decode()
    return json.loads(next(line[5:] for line in output.splitlines() if line.startswith("PLAN ")))


def run(emit, *, database_env: dict, database: str, users: int = USERS, seconds: float = SECONDS) -> None:
    """Serves the prepared database (``database_env``: its DATABASE_URL or PASSERELLES_DATA_DIR, the rest of
    the environment is replaced) with gunicorn, loads it with the mix then the trivial page; one JSON line per
    metric through ``emit``."""
    with tempfile.TemporaryDirectory(prefix="passerelles-load-") as folder:
        env = production_env(database_env, Path(folder))
        collect_static(env)
        progress("static files collected")
        planned = make_plan(env, users)
        people, queries = planned["users"], planned["queries"]
        progress(f"{len(people)} users planned, queries counted")
        with gunicorn(env, Path(folder) / "gunicorn.log") as (process, address):
            progress(f"gunicorn serving on {address[1]}")
            with MemoryWatch([process.pid]) as memory:
                warm = warm_up(address, people)
                progress(f"warmed up ({warm.requests} requests, {warm.error_count} errors)")
                budget = paired(address, people)
                progress(f"page budgets: {budget.requests} requests, one at a time")
                mix = drive(address, people, seconds=seconds)
                progress(f"mix: {mix.requests} requests")
                trivial = drive(address, people, seconds=seconds, trivial=True)
                progress(f"trivial: {trivial.requests} requests")
            log = (Path(folder) / "gunicorn.log").read_text()
        report(
            emit,
            mix=mix,
            trivial=trivial,
            warm=warm,
            budget=budget,
            peak_rss=memory.peak,
            database=database,
            users=users,
            seconds=seconds,
            log=log,
            queries=queries,
        )


def report(
    emit, *, mix, trivial, warm, peak_rss, database, users, seconds, budget=None, log="", queries=None
) -> dict:
    """The metrics of one run; returns the figures (scale_check reads them). The budget of a page (its
    ``page_p95_ratio_vs_trivial_max`` contribution) is its p95 over the trivial page's, both measured one
    request at a time in the same run (``paired``); under load, the p95s are mostly time spent waiting for a
    worker (the same for every page), given beside it: over the trivial page loaded alone, and over the trivial
    page in the same queue (``ratio_vs_trivial_in_mix``)."""
    common = {"database": database, "users": users, "seconds": seconds}
    trivial_values = trivial.timings.get(("trivial", "all")) or [
        ms for values in trivial.timings.values() for ms in values
    ]

    def trivial_line(page: str, values: list[float], **extra) -> float:
        value = p95(values) if values else float("nan")
        emit(
            "page_p95_ms",
            value,
            "ms",
            page=page,
            role="all",
            requests=len(values),
            median_ms=round(statistics.median(values), 1) if values else None,
            url=TRIVIAL_URL,
            **extra,
            **common,
        )
        return value

    reference = trivial_line("trivial", trivial_values, queries=(queries or {}).get("trivial|agent"))
    in_mix = [ms for (page, _), values in mix.timings.items() if page == "trivial" for ms in values]
    reference_in_mix = trivial_line("trivial_in_mix", in_mix)
    budget_timings = budget.timings if budget else {}
    reference_paired = (
        trivial_line("trivial_paired", budget_timings[("trivial", "all")])
        if ("trivial", "all") in budget_timings
        else None
    )
    ratios = {}
    pages = {key: values for key, values in mix.timings.items() if key[0] != "trivial"}
    for (page, role), values in sorted(pages.items()):
        value = p95(values)
        alone = budget_timings.get((page, role))
        if alone and reference_paired:
            ratios[(page, role)] = p95(alone) / reference_paired
        emit(
            "page_p95_ms",
            value,
            "ms",
            page=page,
            role=role,
            requests=len(values),
            median_ms=round(statistics.median(values), 1),
            paired_p95_ms=round(p95(alone), 1) if alone else None,
            budget_ratio=round(ratios[(page, role)], 2) if (page, role) in ratios else None,
            ratio_vs_trivial=round(value / reference, 2),
            ratio_vs_trivial_in_mix=round(value / reference_in_mix, 2),
            queries=(queries or {}).get(f"{page}|{role}"),
            **common,
        )
    target = TARGET_RATIO.get(database)
    worst = max(((ratio, page, role) for (page, role), ratio in ratios.items()), default=(0.0, "", ""))
    emit(
        "page_p95_ratio_vs_trivial_max",
        worst[0],
        "ratio",
        page=worst[1],
        role=worst[2],
        measured="one request at a time, each page then the trivial page",
        trivial_paired_p95_ms=round(reference_paired, 1) if reference_paired else None,
        target=target,
        above_target=sorted(
            f"{page} ({role}) {ratio:.1f}"
            for (page, role), ratio in ratios.items()
            if target and ratio > target
        ),
        within_target=sum(1 for ratio in ratios.values() if target and ratio <= target),
        under_load_worst_vs_trivial=round(max(p95(v) for v in pages.values()) / reference, 2)
        if pages
        else None,
        under_load_worst_vs_trivial_in_mix=round(max(p95(v) for v in pages.values()) / reference_in_mix, 2)
        if pages
        else None,
        **common,
    )
    mix_rps = sum(len(values) for values in pages.values()) / seconds
    trivial_rps = len(trivial_values) / seconds
    emit(
        "throughput_rps",
        mix_rps,
        "requests/s",
        requests=mix.ok - len(in_mix),
        trivial_in_mix=len(in_mix),
        workers=f"{WORKERS} sync",
        **common,
    )
    emit(
        "throughput_ratio_vs_trivial",
        mix_rps / trivial_rps if trivial_rps else 0.0,
        "ratio",
        trivial_rps=round(trivial_rps, 1),
        **common,
    )
    errors = mix.errors + trivial.errors + warm.errors + (budget.errors if budget else Counter())
    emit(
        "load_errors",
        sum(errors.values()),
        "requests",
        requests=mix.requests + trivial.requests + warm.requests + (budget.requests if budget else 0),
        reasons=[f"{reason} ×{count}" for reason, count in errors.most_common(5)],
        server_errors=[line for line in log.splitlines() if "Error" in line or "Traceback" in line][:5],
        **common,
    )
    emit("worker_rss_mb", peak_rss, "MB", workers=f"{WORKERS} sync", **common)
    return {"trivial_p95": reference, "worst": worst, "rps": mix_rps, "errors": sum(errors.values())}


def progress(text: str) -> None:
    """On standard error: run.py keeps standard output for the metrics."""
    print(f"[load {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def _emit(metric: str, value: float, unit: str, **params) -> None:
    print(
        json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, "params": params}), flush=True
    )


if __name__ == "__main__":
    # On a database prepared beforehand (DATABASE_URL, or PASSERELLES_DATA_DIR for the embedded SQLite):
    #   python -m benchmarks.load            the load test
    #   python -m benchmarks.load prepare N  generate the demo network at N agents and prepare it
    database_env = {k: v for k, v in os.environ.items() if k not in ("PASSERELLES_ENV",)}
    if sys.argv[1:2] == ["prepare"]:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelles.settings")
        os.environ.setdefault("PASSERELLES_ENV", "development")
        django.setup()
        print("generated", prepare(agents=int(sys.argv[2])), flush=True)
    else:
        url = os.environ.get("DATABASE_URL", "")
        run(
            _emit,
            database_env=database_env,
            database="postgresql" if url.startswith("postgres") else "sqlite",
        )
