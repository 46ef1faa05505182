"""``make bench``: one JSON line per metric on standard output.

Each measurement runs in a fresh process on a fresh embedded SQLite database (set BENCH_DATABASE_URL to
measure on PostgreSQL instead), so that numbers do not depend on what ran before.

Metrics:
- demo_data_generation_s: wall time of ``generate(N)`` (the demo network generator), for N agents.
- demo_data_peak_rss_mb: peak resident memory of the process that generated them.
- import_agents_100k_s: reading, checking and applying a 100,000-row SIRH export (CSV, a full import into an
  empty organisation), then import_agents_100k_again_s: the same file a second time (nothing to change).
- import_refuse_zip_bomb_ms, import_refuse_long_field_ms, import_refuse_declared_grid_ms, import_read_xlsx_s
  (and import_read_xlsx_openpyxl_s, the former reader on the same file): hostile and large SIRH files
  (benchmarks/imports.py), no database.
- suggest_precision_at_10 (and _naive), suggest_exposure_top5pct_share (and _naive): suggestion quality on
  synthetic data with planted relevant agents (benchmarks/matching_data.py), in memory.
- suggest_agents_p95_ms, suggest_missions_p95_ms, suggest_peak_rss_mb: suggestion speed on 100,000 agents and
  20,000 open missions in the database (BENCH_SUGGEST_AGENTS / BENCH_SUGGEST_MISSIONS to change the sizes).
- person_search_p95_ms, person_search_median_ms: the project-lead search field's answer (scope, « personne »
  excluded, LIMIT 10) in an organisation of 100,000 agents (BENCH_PERSON_AGENTS).
- dashboard_p95_ms (and dashboard_median_ms): the organisation dashboard (issue 16), the HTML page with its
  default filters as the Département's HR, Django test Client, p95 of 40 requests after 3 of warm-up, on the
  demo network at 100,000 agents (BENCH_DASHBOARD_AGENTS) — always on PostgreSQL: a fresh database created on
  BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432, the server of the machine) and dropped after;
  on SQLite only when no PostgreSQL answers (said in the params). Goal: 500 ms at most.

- crisis_plan_s, crisis_plan_gap, crisis_plan_coverage, crisis_greedy_coverage, crisis_plan_peak_mb: the crisis
  planner (issue 17, benchmarks/crisis.py) on a seeded instance of 20,000 volunteers × 2,000 shifts over 14
  days, no database, in a fresh process: the whole solve (model building, LP bound, CP-SAT, unfilled reasons)
  on 2 workers, its gap to the LP relaxation bound of the solved model, the places covered beside those of
  the greedy baseline on the same instance, peak memory. Goals: 10 s at most, a gap of 1 % at most. Then
  crisis_replan_s, crisis_replan_lost, crisis_replan_coverage: one volunteer in fifty withdraws and the plan
  is computed again with the first in force (stability: assignments lost by the people still there).

- forum_schedule_s, forum_first_choice_share (and forum_greedy_first_choice_share, forum_agents_met_share,
  forum_wishes_met, forum_small_s, forum_small_optimal): the forum scheduler (issue 19, benchmarks/forum.py) on
  a seeded forum of 600 agents × 60 hosts × 12 slots × 20 tables, 4 seats, 5 ranked wishes each, no
  database, in a fresh process. Goal: 5 s at most; and 20 agents × 4 hosts × 4 slots × 2 tables proven optimal
  in less than a second.

BENCH_ONLY=<name>[,<name>…] runs only these measurements: demo, import, import_files, suggestions,
person_search, dashboard, crisis, forum (e.g. ``BENCH_ONLY=forum make bench``).
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the benchmarks package lives beside passerelles
SIZES = [int(n) for n in os.environ.get("BENCH_AGENTS", "3050,100000").split(",")]
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
SUGGEST_AGENTS = int(os.environ.get("BENCH_SUGGEST_AGENTS", "100000"))
SUGGEST_MISSIONS = int(os.environ.get("BENCH_SUGGEST_MISSIONS", "20000"))
PERSON_AGENTS = int(os.environ.get("BENCH_PERSON_AGENTS", "100000"))
DASHBOARD_AGENTS = int(os.environ.get("BENCH_DASHBOARD_AGENTS", "100000"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")

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

MEASURE_IMPORT = """
import json, resource, time, django
django.setup()
from passerelles.organisations.models import Organisation
from passerelles.people.sirh.apply import apply_plan, existing_agents
from passerelles.people.sirh.planner import plan_import
from passerelles.people.sirh.reader import read
org = Organisation.objects.create(name="Bench", slug="bench", kind="departement")
data = open({path!r}, "rb").read()
timings = []
for _ in range(2):
    started = time.perf_counter()
    plan = plan_import(read("export.csv", data), existing_agents(org), full=True)
    assert plan.ok, plan.errors[:3]
    apply_plan(plan, org)
    timings.append(time.perf_counter() - started)
print(json.dumps({{"first": timings[0], "again": timings[1], "changes_again": plan.changes,
                   "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

SUGGEST_SPEED = """
import json, django
django.setup()
from benchmarks.suggestions import speed
def emit(metric, value, unit, **params):
    print(json.dumps({{"metric": metric, "value": round(value, 3), "unit": unit, "params": params}}), flush=True)
speed(emit, agents={agents}, missions={missions}, samples=200, database={database!r})
"""

PERSON_SEARCH_SPEED = """
import json, django
django.setup()
from benchmarks.person_search import speed
def emit(metric, value, unit, **params):
    print(json.dumps({{"metric": metric, "value": round(value, 3), "unit": unit, "params": params}}), flush=True)
speed(emit, agents={agents}, samples=200, database={database!r})
"""

DASHBOARD_DATA = """
import django
django.setup()
from benchmarks.dashboard import prepare
print("generated", prepare(agents={agents}), flush=True)
"""
DASHBOARD_SPEED = """
import json, django
django.setup()
from benchmarks.dashboard import speed
def emit(metric, value, unit, **params):
    print(json.dumps({{"metric": metric, "value": round(value, 3), "unit": unit, "params": params}}), flush=True)
speed(emit, samples=40, warmup=3, database={database!r}, generated={generated})
"""


def emit(metric: str, value: float, unit: str, **params) -> None:
    print(
        json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, "params": params}), flush=True
    )


@contextlib.contextmanager
def fresh_database():
    """A new embedded database in a temporary folder (or the emptied BENCH_DATABASE_URL), migrated."""
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
                capture_output=True,
                check=False,
            )
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        yield env, database, Path(data_dir)


def in_django(code: str, env: dict) -> str:
    """Run ``code`` in a fresh Python process with Django set up on that database; return what it printed."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def run_demo(agents: int) -> None:
    with fresh_database() as (env, database, _):
        result = json.loads(in_django(MEASURE.format(agents=agents), env).strip().splitlines()[-1])
        emit("demo_data_generation_s", result["seconds"], "s", agents=result["agents"], database=database)
        emit("demo_data_peak_rss_mb", result["peak_rss_mb"], "MB", agents=result["agents"], database=database)


def sirh_export(rows: int) -> bytes:
    """A synthetic SIRH export: a hierarchy of managers, directions, services, sites, Windows-1252."""
    lines = [
        "Matricule;Nom;Prénom;Email;Direction;Service;Matricule du responsable;Catégorie;Grade;Statut;Site"
    ]
    for i in range(rows):
        manager = "" if i == 0 else f"M{(i - 1) // 12:07d}"  # teams of a dozen
        category = "A" if i % 10 == 0 else "B" if i % 7 == 0 else "C"
        lines.append(
            f"M{i:07d};Nom{i};Prénom{i % 500};agent{i}@exemple.fr;Direction {i % 12};Service {i % 97};{manager};"
            f"{category};Adjoint technique;{'titulaire' if i % 5 else 'contractuel'};Site {i % 40}"
        )
    return ("\n".join(lines) + "\n").encode("cp1252")


def run_import(rows: int) -> None:
    with fresh_database() as (env, database, folder):
        path = folder / "export.csv"
        path.write_bytes(sirh_export(rows))
        result = json.loads(in_django(MEASURE_IMPORT.format(path=str(path)), env).strip().splitlines()[-1])
        emit("import_agents_100k_s", result["first"], "s", rows=rows, database=database)
        emit(
            "import_agents_100k_again_s",
            result["again"],
            "s",
            rows=rows,
            database=database,
            changes=result["changes_again"],
        )
        emit("import_agents_peak_rss_mb", result["peak_rss_mb"], "MB", rows=rows, database=database)


IMPORT_FILES = """
import json, django
django.setup()
from benchmarks.imports import measure
def emit(metric, value, unit, **params):
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, "params": params}), flush=True)
measure(emit)
"""


def run_import_files() -> None:
    env = {**os.environ, "PASSERELLES_ENV": "development", "DJANGO_SETTINGS_MODULE": "passerelles.settings"}
    print(in_django(IMPORT_FILES, env), end="", flush=True)


def run_suggestions() -> None:
    from benchmarks.suggestions import quality

    quality(emit)
    with fresh_database() as (env, database, _):
        code = SUGGEST_SPEED.format(agents=SUGGEST_AGENTS, missions=SUGGEST_MISSIONS, database=database)
        print(in_django(code, env), end="", flush=True)


def run_person_search() -> None:
    with fresh_database() as (env, database, _):
        code = PERSON_SEARCH_SPEED.format(agents=PERSON_AGENTS, database=database)
        print(in_django(code, env), end="", flush=True)


@contextlib.contextmanager
def fresh_postgresql():
    """A new PostgreSQL database on PG_URL, migrated, dropped afterwards; None when no server answers."""
    import psycopg

    name = f"passerelles_bench_{os.getpid()}"
    try:
        admin = psycopg.connect(f"{PG_URL}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        yield None
        return
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            with tempfile.TemporaryDirectory(prefix="passerelles-bench-") as data_dir:
                env = {
                    **os.environ,
                    "PASSERELLES_ENV": "development",
                    "PASSERELLES_DATA_DIR": data_dir,
                    "DJANGO_SETTINGS_MODULE": "passerelles.settings",
                    "DATABASE_URL": f"{PG_URL}/{name}",
                }
                subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
                yield env
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _metric_lines(output: str) -> None:
    """The JSON lines only (the demo's e-mails go to the console backend's standard output too)."""
    for line in output.splitlines():
        if line.startswith('{"metric"'):
            print(line, flush=True)


def run_dashboard() -> None:
    with fresh_postgresql() as env:
        if env is not None:
            _dashboard(env, "postgresql")
            return
    with fresh_database() as (env, database, _):
        _dashboard(env, database)


def _dashboard(env: dict, database: str) -> None:
    """Generation in one process, measurement in another (benchmarks/dashboard.py says why)."""
    output = in_django(DASHBOARD_DATA.format(agents=DASHBOARD_AGENTS), env)
    generated = next(float(line.split()[1]) for line in output.splitlines() if line.startswith("generated "))
    _metric_lines(in_django(DASHBOARD_SPEED.format(database=database, generated=round(generated, 1)), env))


def run_crisis() -> None:
    """In a fresh process, so that the peak memory is the planner's alone."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.crisis"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    _metric_lines(output)


def run_forum() -> None:
    """In a fresh process, like the crisis planner: the solver's time does not depend on what ran before."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.forum"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    _metric_lines(output)


MEASUREMENTS = {
    "demo": lambda: [run_demo(size) for size in SIZES],
    "import": lambda: run_import(IMPORT_ROWS),
    "import_files": run_import_files,
    "suggestions": run_suggestions,
    "person_search": run_person_search,
    "dashboard": run_dashboard,
    "crisis": run_crisis,
    "forum": run_forum,
}


if __name__ == "__main__":
    only = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
    unknown = set(only) - set(MEASUREMENTS)
    if unknown:
        sys.exit(f"BENCH_ONLY : mesure inconnue {sorted(unknown)} ; connues : {sorted(MEASUREMENTS)}")
    for name, measure in MEASUREMENTS.items():
        if not only or name in only:
            measure()
