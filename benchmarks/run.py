"""``make bench``: one JSON line per metric on standard output.

Each measurement runs in a fresh process on a fresh copy of a cached data set (benchmarks/datasets.py: built
once per builder version and dependencies, migrated in place when migrations are added, under
var/bench-cache/; ``make bench-clean`` or BENCH_REBUILD=1 builds again), on SQLite — or on the PostgreSQL server of BENCH_DATABASE_URL when it is set (params.database says
which). Every line also goes to benchmarks/results/<date>-<database>.jsonl, after a first line describing the
machine (harness.machine()); bench_step_s says how long each measurement took, bench_total_s the whole run.

Metrics:
- demo_data_generation_s: wall time of ``generate(N)`` (the demo network generator), for N agents;
  demo_data_peak_rss_mb: peak resident memory of the process that generated them. Measured in this run for
  the small network; for the large one (BENCH_DEMO_CACHED_FROM, 20,000 agents and more), the generation that
  built the cached network (same function, fresh process; params.cached and params.built_on say so).
- import_agents_100k_s: reading, checking and applying a 100,000-row SIRH export (CSV, a full import into an
  empty organisation), then import_agents_100k_again_s: the same file a second time (nothing to change).
- import_refuse_zip_bomb_ms, import_refuse_long_field_ms, import_refuse_declared_grid_ms, import_read_xlsx_s
  (and import_read_xlsx_openpyxl_s, the former reader on the same file): hostile and large SIRH files
  (benchmarks/imports.py), no database.
- suggest_precision_at_10 (and _naive), suggest_exposure_top5pct_share (and _naive): suggestion quality on
  synthetic data with planted relevant agents (benchmarks/matching_data.py), in memory.
- suggest_agents_p95_ms, suggest_missions_p95_ms, suggest_peak_rss_mb: suggestion speed on 100,000 agents and
  20,000 open missions in the database (benchmarks/suggestions_data.py; BENCH_SUGGEST_AGENTS for the size),
  as the pages call it. Goals: 60 and 30 ms.
- suggest_agents_1m_p95_ms and suggest_speedup_vs_full_scan: the same at 1,000,000 agents (BENCH_SUGGEST_1M,
  0 to skip), and the full scan's time (every agent of the scope scored in Python) over that p95, same run.
  Goal: a speed-up of 20 at least.
- person_search_p95_ms, person_search_median_ms: the project-lead search field's answer (scope, « personne »
  excluded, LIMIT 10) in an organisation of 100,000 agents (BENCH_PERSON_AGENTS).
- dashboard_p95_ms (and dashboard_median_ms): the organisation dashboard (issue 16), the HTML page with its
  default filters as the Département's HR, Django test Client, p95 of 40 requests after 3 of warm-up, on the
  demo network at 100,000 agents (BENCH_DASHBOARD_AGENTS) — always on PostgreSQL (a copy of the cached network
  on the server of BENCH_DATABASE_URL, else BENCH_PG_URL, default postgresql://postgres@127.0.0.1:5432); on
  SQLite only when no PostgreSQL answers (said in the params). Goal: 500 ms at most.

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

- page_p95_ms (one line per page and role, and the trivial page's), page_p95_ratio_vs_trivial_max,
  throughput_rps, throughput_ratio_vs_trivial, load_errors, worker_rss_mb: the load test (issue 21,
  benchmarks/load.py says how and why): BENCH_LOAD_USERS (20) logged-in users of every role browsing their
  main pages for BENCH_LOAD_SECONDS (60) through gunicorn on a copy of the cached demo network at
  BENCH_LOAD_AGENTS (100,000), then the same load on a trivial page. Goals: p95 of each page at most 5× the
  trivial page's on PostgreSQL (3× on SQLite), no error, 300 MB per worker at most.

BENCH_ONLY=<name>[,<name>…] runs only these measurements: demo, import, import_files, suggestions,
suggestions_1m, person_search, dashboard, crisis, forum, load (e.g. ``BENCH_ONLY=forum make bench``).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the benchmarks package lives beside passerelles

from benchmarks import datasets, harness  # noqa: E402
from benchmarks.harness import bench_database, call, emit  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_AGENTS", "3050,100000").split(",")]
DEMO_CACHED_FROM = int(os.environ.get("BENCH_DEMO_CACHED_FROM", "20000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
SUGGEST_AGENTS = int(os.environ.get("BENCH_SUGGEST_AGENTS", "100000"))
SUGGEST_1M = int(os.environ.get("BENCH_SUGGEST_1M", "1000000"))
PERSON_AGENTS = int(os.environ.get("BENCH_PERSON_AGENTS", "100000"))
DASHBOARD_AGENTS = int(os.environ.get("BENCH_DASHBOARD_AGENTS", "100000"))
LOAD_AGENTS = int(os.environ.get("BENCH_LOAD_AGENTS", "100000"))


def run_demo() -> None:
    database = bench_database()
    for size in SIZES:
        if size < DEMO_CACHED_FROM:
            with datasets.copy_of("empty", 0, database) as env:
                call("benchmarks.generation:generate_demo", env, agents=size, database=database)
            continue
        built = datasets.built("demo", size, database)  # built now (and timed) when not cached yet
        params = {
            "agents": size,
            "database": database,
            "version": built["version"],
            "cached": True,
            "built_on": built["built_on"],
        }
        emit("demo_data_generation_s", built["build_s"], "s", **params)
        emit("demo_data_peak_rss_mb", built["peak_rss_mb"], "MB", **params)


def run_import() -> None:
    database = bench_database()
    with datasets.copy_of("empty", 0, database) as env:
        call("benchmarks.generation:import_agents", env, rows=IMPORT_ROWS, database=database)


def run_import_files() -> None:
    call("benchmarks.imports:measure")


def run_suggestions() -> None:
    from benchmarks.suggestions import quality

    quality(emit)
    database = bench_database()
    with datasets.copy_of("suggestions", SUGGEST_AGENTS, database) as env:
        call("benchmarks.suggestions:speed", env, samples=200, database=database)


def run_suggestions_1m() -> None:
    if not SUGGEST_1M:
        return
    database = bench_database()
    with datasets.copy_of("suggestions", SUGGEST_1M, database) as env:
        call("benchmarks.suggestions:speed_at_scale", env, samples=100, database=database)


def run_person_search() -> None:
    database = bench_database()
    with datasets.copy_of("person_search", PERSON_AGENTS, database) as env:
        call("benchmarks.person_search:speed", env, samples=200, database=database)


def _postgresql_answers() -> bool:
    try:
        with datasets.admin_connection():
            return True
    except Exception:
        return False


def run_dashboard() -> None:
    """Always on PostgreSQL when a server answers (the dashboard's aggregates are written for it)."""
    database = "postgresql" if _postgresql_answers() else "sqlite"
    with datasets.copy_of("demo", DASHBOARD_AGENTS, database) as env:
        generated = json.loads(env["BENCH_DATASET"])["build_s"]
        call("benchmarks.dashboard:prepare", env)
        call("benchmarks.dashboard:speed", env, samples=40, warmup=3, database=database, generated=generated)


def _module(name: str) -> None:
    """A measurement without a database, in a fresh process of its own (its peak memory is its own)."""
    done = subprocess.run([sys.executable, "-m", name], cwd=ROOT, check=True, capture_output=True, text=True)
    harness.relay(done.stdout)


def run_load() -> None:
    """A copy of the cached demo network served by gunicorn and loaded by benchmarks/load.py."""
    from benchmarks.load import run

    database = bench_database()
    with datasets.copy_of("demo", LOAD_AGENTS, database) as env:
        run(emit, database_env=env, database=database)


MEASUREMENTS = {
    "demo": run_demo,
    "import": run_import,
    "import_files": run_import_files,
    "suggestions": run_suggestions,
    "suggestions_1m": run_suggestions_1m,
    "person_search": run_person_search,
    "dashboard": run_dashboard,
    "crisis": lambda: _module("benchmarks.crisis"),
    "forum": lambda: _module("benchmarks.forum"),
    "load": run_load,
}


def main() -> None:
    only = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
    unknown = set(only) - set(MEASUREMENTS)
    if unknown:
        sys.exit(f"BENCH_ONLY : mesure inconnue {sorted(unknown)} ; connues : {sorted(MEASUREMENTS)}")
    path = harness.open_results(only)
    print(f"[bench] results in {path.relative_to(ROOT)}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    for name, measure in MEASUREMENTS.items():
        if not only or name in only:
            began = time.perf_counter()
            measure()
            emit("bench_step_s", time.perf_counter() - began, "s", step=name, database=bench_database())
    emit("bench_total_s", time.perf_counter() - started, "s", only=only, database=bench_database())


if __name__ == "__main__":
    main()
