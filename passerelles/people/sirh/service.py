"""The web import as two background tasks: check (the preview), then apply on HR's word.

Progress is written with plain UPDATEs outside any transaction, so the page that polls it sees it move.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from passerelles.people.models import AgentImport, ImportStatus
from passerelles.people.sirh.apply import apply_plan, existing_agents
from passerelles.people.sirh.planner import plan_import
from passerelles.people.sirh.reader import UnreadableFile, read

MAX_ERRORS_KEPT = 1000
SAMPLE = 20


def _progress(pk: int, progress: int, **fields) -> None:
    AgentImport.objects.filter(pk=pk).update(progress=progress, **fields)


def _plan(agent_import: AgentImport):
    with agent_import.file.open("rb") as handle:
        data = handle.read()
    _progress(agent_import.pk, 20)
    table = read(agent_import.filename, data)
    _progress(agent_import.pk, 50, rows=len(table.rows))
    return plan_import(table, existing_agents(agent_import.organisation), full=agent_import.full)


def _name(values: dict) -> str:
    return f"{values['matricule']} — {values['last_name']} {values['first_name']}"


@task()
def check_import(*, import_id: int) -> str:
    agent_import = AgentImport.objects.select_related("organisation").get(pk=import_id)
    try:
        plan = _plan(agent_import)
    except UnreadableFile as exc:
        _progress(import_id, 100, status=ImportStatus.INVALID, errors=[[0, "", str(exc)]])
        return ImportStatus.INVALID
    preview = {
        "create": [_name(v) for v in plan.create[:SAMPLE]],
        "update": [
            f"{a.matricule} — {a.last_name} {a.first_name} : {', '.join(sorted(c))}"
            for a, c in plan.update[:SAMPLE]
        ],
        "deactivate": [f"{a.matricule} — {a.last_name} {a.first_name}" for a in plan.deactivate[:SAMPLE]],
    }
    _progress(
        import_id,
        100,
        status=ImportStatus.CHECKED if plan.ok else ImportStatus.INVALID,
        rows=plan.rows,
        to_create=len(plan.create),
        to_update=len(plan.update),
        to_deactivate=len(plan.deactivate),
        unchanged=plan.unchanged,
        errors=[[e.line, e.column, e.message] for e in plan.errors[:MAX_ERRORS_KEPT]],
        preview=preview,
    )
    return ImportStatus.CHECKED if plan.ok else ImportStatus.INVALID


@task()
def apply_import(*, import_id: int) -> str:
    """Plan again against the database as it is now (it may have moved since the preview), then apply."""
    agent_import = AgentImport.objects.select_related("organisation", "uploaded_by").get(pk=import_id)
    try:
        plan = _plan(agent_import)
        if not plan.ok:
            _progress(
                import_id,
                100,
                status=ImportStatus.INVALID,
                errors=[[e.line, e.column, e.message] for e in plan.errors[:MAX_ERRORS_KEPT]],
            )
            return ImportStatus.INVALID
        _progress(import_id, 60)
        applied = apply_plan(plan, agent_import.organisation, by=agent_import.uploaded_by)
    except Exception as exc:  # noqa: BLE001 — the transaction rolled back; HR is told, nothing half-written
        _progress(import_id, 100, status=ImportStatus.FAILED, message=str(exc)[:500])
        raise
    _progress(
        import_id,
        100,
        status=ImportStatus.APPLIED,
        applied_at=timezone.now(),
        to_create=applied.created,
        to_update=applied.updated,
        to_deactivate=applied.deactivated,
        unchanged=plan.unchanged,
    )
    return ImportStatus.APPLIED


def start_check(agent_import: AgentImport) -> None:
    transaction.on_commit(lambda: check_import.enqueue(import_id=agent_import.pk))


def start_apply(agent_import: AgentImport) -> bool:
    """Only a checked import is applied, and only once (a double click changes nothing)."""
    started = AgentImport.objects.filter(pk=agent_import.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.APPLYING, progress=0
    )
    if started:
        transaction.on_commit(lambda: apply_import.enqueue(import_id=agent_import.pk))
    return bool(started)
