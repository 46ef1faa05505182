"""``make bench``: one JSON line per metric on standard output.

Each measurement runs in a fresh process on a fresh embedded SQLite database (set BENCH_DATABASE_URL to
measure on PostgreSQL instead), so that numbers do not depend on what ran before.

Metrics:
- demo_data_generation_s: wall time of ``generate(N)`` (the demo network generator), for N agents.
- demo_data_peak_rss_mb: peak resident memory of the process that generated them.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = [int(n) for n in os.environ.get("BENCH_AGENTS", "3050,100000").split(",")]

MEASURE = """
import json, resource, time, django
django.setup()
from passerelles.demo.generator import generate
started = time.perf_counter()
summary = generate({agents})
elapsed = time.perf_counter() - started
print(json.dumps({{"seconds": elapsed, "agents": summary.agents,
                   "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def emit(metric: str, value: float, unit: str, **params) -> None:
    print(
        json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, "params": params}), flush=True
    )


def run(agents: int) -> None:
    with tempfile.TemporaryDirectory(prefix="passerelles-bench-") as data_dir:
        env = {
            **os.environ,
            "PASSERELLES_ENV": "development",
            "PASSERELLES_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "passerelles.settings",
        }
        database = "sqlite"
        if os.environ.get("BENCH_DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
            database = "postgresql"
            subprocess.run(
                [sys.executable, "manage.py", "flush", "--noinput"],
                cwd=ROOT,
                env=env,
                check=False,
                capture_output=True,
            )
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        out = subprocess.run(
            [sys.executable, "-c", MEASURE.format(agents=agents)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        emit("demo_data_generation_s", result["seconds"], "s", agents=result["agents"], database=database)
        emit("demo_data_peak_rss_mb", result["peak_rss_mb"], "MB", agents=result["agents"], database=database)


if __name__ == "__main__":
    for size in SIZES:
        run(size)
