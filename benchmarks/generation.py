"""Writing many rows: the demo network's generation and a 100,000-row SIRH import (run by benchmarks/run.py,
each in a fresh process on a fresh copy of an empty, migrated database)."""

import resource
import time


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_demo(emit, *, agents: int, database: str) -> None:
    """demo_data_generation_s and demo_data_peak_rss_mb: ``generate(agents)`` in this fresh process."""
    from passerelles.demo.generator import GENERATOR_VERSION, generate

    started = time.perf_counter()
    summary = generate(agents)
    elapsed = time.perf_counter() - started
    params = {"agents": summary.agents, "database": database, "version": GENERATOR_VERSION}
    emit("demo_data_generation_s", elapsed, "s", **params)
    emit("demo_data_peak_rss_mb", _peak_rss_mb(), "MB", **params)


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


def import_agents(emit, *, rows: int, database: str) -> None:
    """import_agents_100k_s: reading, checking and applying the export (a full import into an empty
    organisation); import_agents_100k_again_s: the same file a second time (nothing to change)."""
    from passerelles.organisations.models import Organisation
    from passerelles.people.sirh.apply import apply_plan, existing_agents
    from passerelles.people.sirh.planner import plan_import
    from passerelles.people.sirh.reader import read

    org = Organisation.objects.create(name="Bench", slug="bench", kind="departement")
    data = sirh_export(rows)
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        plan = plan_import(read("export.csv", data), existing_agents(org), full=True)
        assert plan.ok, plan.errors[:3]
        apply_plan(plan, org)
        timings.append(time.perf_counter() - started)
    emit("import_agents_100k_s", timings[0], "s", rows=rows, database=database)
    emit("import_agents_100k_again_s", timings[1], "s", rows=rows, database=database, changes=plan.changes)
    emit("import_agents_peak_rss_mb", _peak_rss_mb(), "MB", rows=rows, database=database)
