"""What every benchmark shares: the JSON line per metric (on standard output and in the results file), the
machine's description, and running a measurement in a fresh Django process.

A measurement is a function ``f(emit, **params)`` in a benchmarks module; ``call("benchmarks.x:f", env,
**params)`` runs it in a new Python process on the database ``env`` points at (see benchmarks/datasets.py),
so that numbers do not depend on what ran before, and relays its metric lines.
"""

import datetime
import importlib.metadata
import json
import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = ROOT / "benchmarks" / "results"
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")

_results = None  # the open results file of this run, if any


def bench_database() -> str:
    """The database of the database-backed measurements: PostgreSQL when BENCH_DATABASE_URL is set."""
    return "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"


def line(metric: str, value: float, unit: str, **params) -> str:
    return json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, "params": params})


def _record(text: str) -> None:
    print(text, flush=True)
    if _results is not None:
        _results.write(text + "\n")
        _results.flush()


def emit(metric: str, value: float, unit: str, **params) -> None:
    _record(line(metric, value, unit, **params))


def relay(output: str) -> None:
    """The metric lines of a child's output (the demo's e-mails go to the console backend's standard output
    too)."""
    for text in output.splitlines():
        if text.startswith('{"metric"'):
            _record(text)


def call(function: str, env: dict | None = None, **params) -> None:
    """``function(emit, **params)`` in a fresh process (Django set up on ``env``'s database)."""
    env = env or {
        **os.environ,
        "PASSERELLES_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "passerelles.settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.harness", function, json.dumps(params)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    relay(done.stdout)
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise subprocess.CalledProcessError(done.returncode, function)


def _postgresql_version() -> str:
    try:
        import psycopg

        # the server's maintenance database: BENCH_DATABASE_URL names the copies' base, which need not exist
        given = urlsplit(os.environ.get("BENCH_DATABASE_URL") or "")
        server = f"{given.scheme}://{given.netloc}" if given.netloc else PG_URL.rstrip("/")
        url = f"{server}/postgres"
        with psycopg.connect(url, connect_timeout=5) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # no server: say so in the description rather than fail the run
        return f"unavailable ({type(error).__name__})"


def _cpu_model() -> str:
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                return text.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _ram_gb() -> float:
    try:
        for text in Path("/proc/meminfo").read_text().splitlines():
            if text.startswith("MemTotal:"):
                return round(int(text.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def machine() -> dict:
    """What the figures depend on: the first line of every results file."""
    return {
        "machine": {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "cores": os.cpu_count(),
            "ram_gb": _ram_gb(),
            "cpu": _cpu_model(),
            "load_average": [round(x, 2) for x in os.getloadavg()],  # others' work on the machine, at start
            "python": platform.python_version(),
            "django": importlib.metadata.version("django"),
            "postgresql": _postgresql_version(),
            "sqlite": sqlite3.sqlite_version,
            "git_commit": _git("rev-parse", "HEAD"),
            "git_dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
            "database": bench_database(),
        }
    }


def open_results(only: list[str]) -> Path:
    """``benchmarks/results/<date>-<database>.jsonl`` (``-only-<names>`` for a partial run, not committed), machine line first."""
    global _results
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    suffix = f"-only-{'-'.join(only)}" if only else ""
    path = RESULTS_DIR / f"{datetime.date.today().isoformat()}-{bench_database()}{suffix}.jsonl"
    _results = path.open("w")
    _results.write(json.dumps(machine()) + "\n")
    return path


if __name__ == "__main__":
    # python -m benchmarks.harness module:function '{"param": …}' — run by call() in a fresh process
    import django

    django.setup()
    module, name = sys.argv[1].split(":")
    measure = getattr(importlib.import_module(module), name)

    def child_emit(metric: str, value: float, unit: str, **params) -> None:
        print(line(metric, value, unit, **params), flush=True)

    measure(child_emit, **json.loads(sys.argv[2]))
