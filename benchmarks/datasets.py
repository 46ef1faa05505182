"""Benchmark data sets, built once and copied for each run.

Building 100,000 agents takes minutes and a million far longer; measuring on them takes seconds. So each data
set is built once per key — (builder, size, builder's version, schema state) — and kept under the cache
directory (BENCH_CACHE_DIR, default ``var/bench-cache/``, gitignored):

- SQLite: a folder holding the database file and the media the builder wrote; every run works on a copy in a
  temporary folder (PASSERELLES_DATA_DIR), so that nothing a run writes reaches the next one.
- PostgreSQL: a template database on the server (``bench_<cache>_<builder>_<size>_<key>``) and its media
  folder; every run gets ``CREATE DATABASE … TEMPLATE …`` (a file copy, seconds) and a copy of the media.

A builder's version is a constant beside its code (``GENERATOR_VERSION`` in passerelles/demo/generator.py for
the demo network): bump it when the output changes. Another dependency version (the lock file) builds again. A
new migration does not: the cached set is migrated once, in place, and kept (building 100,000 agents takes half
an hour and a million longer, a migration on them seconds) — only a migration renamed or removed since the build,
which no ``migrate`` can follow, builds again. Each entry's meta.json lists the migrations it holds.
Data built from today's date (the demo network) is built again after BENCH_CACHE_MAX_DAYS (default 7).

Clearing: ``make bench-clean`` (the folder and this cache's template databases), or BENCH_REBUILD=1 to build
every data set a run uses again.

Use: ``env = demo_network(100_000, "postgresql")`` gives the environment of a fresh copy (DATABASE_URL,
PASSERELLES_DATA_DIR, DJANGO_SETTINGS_MODULE…) for a subprocess; ``release(env)`` drops it (done at exit for
whatever was not released).
"""

import ast
import atexit
import contextlib
import datetime
import fcntl
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = Path(os.environ.get("BENCH_CACHE_DIR") or ROOT / "var" / "bench-cache").resolve()
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")
MAX_AGE_DAYS = int(os.environ.get("BENCH_CACHE_MAX_DAYS", "7"))
ENGINES = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Builder:
    """How to build one kind of data set: ``function(size)`` runs in a fresh Django process on an empty,
    migrated database; ``dated`` when its output depends on the day it is built."""

    name: str
    function: str  # "module:function"
    version: int
    dated: bool = False


def _constant(path: Path, name: str) -> int:
    """A module's integer constant, read without importing it (the demo generator needs Django set up)."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(f"{name} not found in {path}")


def builders() -> dict[str, Builder]:
    return {
        "empty": Builder("empty", "benchmarks.datasets:build_nothing", 1),  # migrated, nothing in it
        "demo": Builder(
            "demo",
            "benchmarks.datasets:build_demo",
            _constant(ROOT / "passerelles/demo/generator.py", "GENERATOR_VERSION"),
            dated=True,
        ),
        "suggestions": Builder(
            "suggestions",
            "benchmarks.suggestions_data:build",
            _constant(ROOT / "benchmarks/suggestions_data.py", "VERSION"),
        ),
        "person_search": Builder(
            "person_search",
            "benchmarks.person_search:build",
            _constant(ROOT / "benchmarks/person_search.py", "VERSION"),
        ),
    }


def build_nothing(size: int) -> None:
    """An empty, migrated database: migrating takes a minute or two on a busy machine, copying a second."""


def build_demo(size: int) -> None:
    """The demo network (``generate``), what ``make demo`` shows, at ``size`` agents."""
    from passerelles.demo.generator import generate

    generate(size)


def migrations() -> list[str]:
    """The migrations on disk, ``app/file``: what a data set built now would hold."""
    return [
        f"{path.parent.parent.name}/{path.stem}"
        for path in sorted(ROOT.glob("passerelles/*/migrations/[0-9]*.py"))
    ]


def dependencies_state() -> str:
    """Changes when a locked dependency changes: another Django may write another schema, so build again."""
    lock = ROOT / "requirements" / "lock.txt"
    return hashlib.sha256(lock.read_bytes() if lock.exists() else b"").hexdigest()[:10]


def _key(builder: Builder, size: int) -> str:
    return f"{builder.name}-{size}-v{builder.version}-{dependencies_state()}"


def _cache_tag() -> str:
    """Template databases are server-wide: their names say which cache folder owns them."""
    return hashlib.sha256(str(CACHE_DIR).encode()).hexdigest()[:6]


def _template_name(key: str) -> str:
    builder, size, _ = key.split("-", 2)
    return f"bench_{_cache_tag()}_{builder}_{size}_{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def _server() -> tuple[str, str]:
    """(server URL without a database, base name of the copies): BENCH_DATABASE_URL's when it is set."""
    url = os.environ.get("BENCH_DATABASE_URL") or ""
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}", parts.path.lstrip("/") or "passerelles_bench"
    return PG_URL.rstrip("/"), "passerelles_bench"


def admin_connection():
    """A connection to the server's maintenance database (creating and dropping copies and templates)."""
    import psycopg

    server, _ = _server()
    return psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5)


def django_env(data_dir: Path, database_url: str | None = None) -> dict:
    env = {
        **os.environ,
        "PASSERELLES_ENV": "development",
        "PASSERELLES_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "passerelles.settings",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


BUILD = """
import json, resource, sys, time, django
django.setup()
from importlib import import_module
module, name = {function!r}.split(":")
started = time.perf_counter()
getattr(import_module(module), name)({size})
built = time.perf_counter() - started
from benchmarks.datasets import settle
settle()
print(json.dumps({{"build_s": round(built, 1),
                   "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}}))
"""


def _build(builder: Builder, size: int, env: dict) -> dict:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    code = BUILD.format(function=builder.function, size=size)
    # The demo network announces its encounters to every agent with an account: at 100,000 agents, some
    # hundred thousand e-mails, which the development settings would print. The outbox still records each
    # one as sent; the e-mails themselves go nowhere.
    building = {**env, "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=building, capture_output=True, text=True
    )
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise RuntimeError(f"building with {builder.function}({size}) failed (its error above)")
    result = json.loads(next(line for line in reversed(done.stdout.splitlines()) if line.startswith("{")))
    return {**result, "built_on": datetime.date.today().isoformat()}


def _fresh(entry: Path, builder: Builder) -> bool:
    meta = entry / "meta.json"
    if not meta.exists():
        return False
    if builder.dated:
        built_on = datetime.date.fromisoformat(json.loads(meta.read_text())["built_on"])
        return (datetime.date.today() - built_on).days < MAX_AGE_DAYS
    return True


_rebuilt: set[tuple[str, str]] = set()  # BENCH_REBUILD=1 builds each data set once per process, not per copy


def _say(message: str) -> None:
    print(f"[datasets] {message}", file=sys.stderr, flush=True)


def _ensure(builder: Builder, size: int, database: str) -> tuple[Path, dict]:
    """The cache entry (built now if missing, stale or BENCH_REBUILD=1) and its description."""
    key = _key(builder, size)
    entry = CACHE_DIR / database / key
    entry.parent.mkdir(parents=True, exist_ok=True)
    with open(entry.parent / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two benchmarks asking for the same set: one builds, one waits
        rebuild = os.environ.get("BENCH_REBUILD") == "1" and (database, key) not in _rebuilt
        exists = _fresh(entry, builder)
        if database == "postgresql" and exists:
            with admin_connection() as admin:
                exists = bool(
                    admin.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %s", [_template_name(key)]
                    ).fetchone()
                )
        held = set(json.loads((entry / "meta.json").read_text()).get("migrations", ())) if exists else set()
        if exists and not held <= set(migrations()):
            _say(f"{key} holds migrations no longer on disk: {sorted(held - set(migrations()))}")
            exists = False
        if rebuild or not exists:
            _say(f"building {key} on {database} (cached afterwards in {entry})")
            started = time.perf_counter()
            meta = _build_entry(builder, size, database, key, entry)
            _say(f"built {key} on {database} in {time.perf_counter() - started:.0f} s")
            _rebuilt.add((database, key))
        elif held != set(migrations()):
            _migrate_entry(entry, database, sorted(set(migrations()) - held))
        meta = json.loads((entry / "meta.json").read_text())
    return entry, meta


def _migrate_entry(entry: Path, database: str, missing: list[str]) -> None:
    """Bring a cached set to the migrations on disk, in place: the data stay what the builder drew."""
    _say(f"migrating {entry.name} on {database}: {', '.join(missing)}")
    meta = json.loads((entry / "meta.json").read_text())
    url = f"{_server()[0]}/{meta['template']}" if database == "postgresql" else None
    env = django_env(entry / "data", url)
    held = migrations()  # read before migrating, as when building
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-c", SETTLE], cwd=ROOT, env=env, check=True)
    meta["migrations"] = held
    (entry / "meta.json").write_text(json.dumps(meta, indent=1))


def _build_entry(builder: Builder, size: int, database: str, key: str, entry: Path) -> dict:
    held = migrations()  # read before building: a migration written meanwhile is not in this set
    building = entry.with_name(entry.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    (building / "data").mkdir(parents=True)
    if database == "sqlite":
        meta = _build(builder, size, django_env(building / "data"))
    else:
        template = _template_name(key)
        server, _ = _server()
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{template}_b" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{template}_b"')
            try:
                meta = _build(builder, size, django_env(building / "data", f"{server}/{template}_b"))
            except BaseException:
                admin.execute(f'DROP DATABASE IF EXISTS "{template}_b" WITH (FORCE)')
                raise
            admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            admin.execute(f'ALTER DATABASE "{template}_b" RENAME TO "{template}"')
        meta["template"] = template
    meta.update(builder=builder.name, size=size, version=builder.version, migrations=held, key=key)
    (building / "meta.json").write_text(json.dumps(meta, indent=1))
    shutil.rmtree(entry, ignore_errors=True)
    building.rename(entry)
    return meta


_copies: dict[str, str | None] = {}  # data folder → PostgreSQL copy to drop (None on SQLite)
_counter = itertools.count(1)


def prepared(builder_name: str, size: int, database: str, *, name: str | None = None) -> dict:
    """The environment of a fresh copy of a cached data set (built first when needed).

    ``database``: "sqlite" or "postgresql" (the server of BENCH_DATABASE_URL, else BENCH_PG_URL). ``name``: the
    PostgreSQL copy's name (default: BENCH_DATABASE_URL's database name, or passerelles_bench, with the process
    and a counter). The environment carries BENCH_DATASET (the cache entry's description, JSON).
    """
    if database not in ENGINES:
        raise ValueError(f"database: one of {ENGINES}, not {database!r}")
    builder = builders()[builder_name]
    entry, meta = _ensure(builder, size, database)
    data_dir = Path(tempfile.mkdtemp(prefix="passerelles-bench-"))
    shutil.copytree(entry / "data", data_dir, dirs_exist_ok=True)
    copy = None
    database_url = None
    if database == "postgresql":
        server, base = _server()
        copy = name or f"{base}_{os.getpid()}_{next(_counter)}"
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{meta["template"]}" STRATEGY FILE_COPY')
        database_url = f"{server}/{copy}"
    _copies[str(data_dir)] = copy
    env = django_env(data_dir, database_url)
    env["BENCH_DATASET"] = json.dumps({**meta, "database": database})
    return env


def built(builder_name: str, size: int, database: str) -> dict:
    """The description of a cached data set (built first when needed), without copying it."""
    return _ensure(builders()[builder_name], size, database)[1]


SETTLE = "import django; django.setup(); from benchmarks.datasets import settle; settle()"


def settle() -> None:
    """After a load or a migration, before any timing: statistics for the planner, and on SQLite one
    self-contained file to copy."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # what autovacuum would do soon after a load
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def demo_network(agents: int, database: str, *, name: str | None = None) -> dict:
    """A fresh copy of the demo network at ``agents`` agents (``generate(agents)``, then VACUUM ANALYZE on
    PostgreSQL or ANALYZE on SQLite): the environment for a subprocess (DATABASE_URL on PostgreSQL,
    PASSERELLES_DATA_DIR holding the SQLite file and the media). ``release(env)`` drops it."""
    return prepared("demo", agents, database, name=name)


def release(env: dict) -> None:
    """Drop a copy made by ``prepared``: its PostgreSQL database and its data folder."""
    data_dir = env["PASSERELLES_DATA_DIR"]
    if data_dir not in _copies:
        return
    copy = _copies.pop(data_dir)
    if copy:
        with contextlib.suppress(Exception), admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
    shutil.rmtree(data_dir, ignore_errors=True)


@contextlib.contextmanager
def copy_of(builder_name: str, size: int, database: str, *, name: str | None = None):
    env = prepared(builder_name, size, database, name=name)
    try:
        yield env
    finally:
        release(env)


@atexit.register
def _release_all() -> None:
    for data_dir in list(_copies):
        release({"PASSERELLES_DATA_DIR": data_dir})


def clean() -> None:
    """``make bench-clean``: this cache's folder and its template databases (other worktrees' stay)."""
    with contextlib.suppress(Exception), admin_connection() as admin:
        names = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"bench_{_cache_tag()}_%"]
        ).fetchall()
        for (name,) in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _say(f"dropped {name}")
    shutil.rmtree(CACHE_DIR, ignore_errors=True)
    _say(f"removed {CACHE_DIR}")


if __name__ == "__main__":
    # python -m benchmarks.datasets clean | build <builder> <size> <database>
    if sys.argv[1:2] == ["clean"]:
        clean()
    elif sys.argv[1:2] == ["build"]:
        _ensure(builders()[sys.argv[2]], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("python -m benchmarks.datasets clean | build <builder> <size> <sqlite|postgresql>")
