"""The web import as two background tasks: check (the preview), then apply on HR's word.

Both run on their own queue, ``imports``, served by its own worker: a long import never delays the e-mails
of the ``default`` queue. Each has a time budget (IMPORT_TIME_BUDGET) after which it stops itself and says so.

Progress is written with plain UPDATEs outside any transaction, so the page that polls it sees it move; each
write is also a heartbeat. Each start is a new *attempt*: the writes of a task are tied to its attempt, so a
task of an older attempt (a worker thought dead, then back) changes nothing. An attempt silent for longer than
its budget allows is shown as interrupted, and HR may retry it (a new check from the file) or discard it.
"""

import contextlib
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from passerelles.people.directory_lookup import fill_from_directory
from passerelles.people.models import AgentImport, ImportStatus
from passerelles.people.signals import agents_imported
from passerelles.people.sirh.apply import apply_plan, existing_agents
from passerelles.people.sirh.limits import ImportTooLong, Limits, TimeBudget
from passerelles.people.sirh.planner import plan_import
from passerelles.people.sirh.reader import UnreadableFile, read

QUEUE = "imports"
MAX_ERRORS_KEPT = 1000
SAMPLE = 20
logger = logging.getLogger(__name__)


class Stale(Exception):
    """This task's attempt is no longer the import's current one."""


def _progress(pk: int, attempt: int, progress: int, **fields) -> None:
    updated = AgentImport.objects.filter(pk=pk, attempt=attempt).update(
        progress=progress, heartbeat_at=timezone.now(), **fields
    )
    if not updated:
        raise Stale


def _plan(agent_import: AgentImport, budget: TimeBudget):
    attempt = agent_import.attempt
    if not agent_import.file:
        raise UnreadableFile(
            "Le fichier de cet import n'est plus conservé (durée de conservation dépassée) : envoyez-le à nouveau."
        )
    with agent_import.file.open("rb") as handle:
        data = handle.read(Limits.from_settings().max_bytes + 1)
    _progress(agent_import.pk, attempt, 20)
    table = read(agent_import.filename, data, budget=budget)
    _progress(agent_import.pk, attempt, 50, rows=len(table.rows))
    existing = existing_agents(agent_import.organisation)
    notes = []
    if agent_import.directory_lookup:  # at check and again at apply: both plan the same lines
        filled = fill_from_directory(
            table, known_matricules=frozenset() if agent_import.full else set(existing)
        )
        if filled.note:
            notes.append(filled.note)
    return plan_import(table, existing, full=agent_import.full, budget=budget), notes


def _name(values: dict) -> str:
    return f"{values['matricule']} — {values['last_name']} {values['first_name']}"


def _budget() -> TimeBudget:
    return TimeBudget(settings.IMPORT_TIME_BUDGET)


def _failed(import_id: int, attempt: int, message: str) -> str:
    """The attempt stopped: say why; nothing was written (the application is one transaction)."""
    with contextlib.suppress(Stale):
        _progress(
            import_id, attempt, 100, status=ImportStatus.FAILED, message=message.replace("\x00", "")[:500]
        )
    return ImportStatus.FAILED


def _current(import_id: int, attempt: int, status: str) -> AgentImport | None:
    agent_import = (
        AgentImport.objects.select_related("organisation", "uploaded_by")
        .filter(pk=import_id, attempt=attempt, status=status)
        .first()
    )
    if agent_import is not None:
        _progress(import_id, attempt, 1)  # started: the first heartbeat of the worker
    return agent_import


@task(queue_name=QUEUE)
def check_import(*, import_id: int, attempt: int = 0) -> str:
    agent_import = _current(import_id, attempt, ImportStatus.CHECKING)
    if agent_import is None:
        return "stale"
    try:
        plan, notes = _plan(agent_import, _budget())
        preview = {
            "create": [_name(v) for v in plan.create[:SAMPLE]],
            "update": [
                f"{a.matricule} — {a.last_name} {a.first_name} : {', '.join(sorted(c))}"
                for a, c in plan.update[:SAMPLE]
            ],
            "deactivate": [f"{a.matricule} — {a.last_name} {a.first_name}" for a in plan.deactivate[:SAMPLE]],
            # lines left aside (an unknown status): shown to HR, the others are imported
            "skipped": [[e.line, e.column, e.message] for e in plan.skipped[:MAX_ERRORS_KEPT]],
            "skipped_count": len(plan.skipped),
            "notes": notes,  # what the directory lookup did, or why it could not
        }
        _progress(
            import_id,
            attempt,
            100,
            status=ImportStatus.CHECKED if plan.ok else ImportStatus.INVALID,
            rows=plan.rows,
            to_create=len(plan.create),
            to_update=len(plan.update),
            to_deactivate=len(plan.deactivate),
            unchanged=plan.unchanged,
            errors=[[e.line, e.column, e.message] for e in plan.errors[:MAX_ERRORS_KEPT]],
            preview=preview,
            message="",
        )
    except Stale:
        return "stale"
    except UnreadableFile as exc:
        try:
            _progress(import_id, attempt, 100, status=ImportStatus.INVALID, errors=[[0, "", str(exc)]])
        except Stale:
            return "stale"
        return ImportStatus.INVALID
    except ImportTooLong as exc:
        return _failed(import_id, attempt, str(exc))
    except Exception:  # noqa: BLE001 — whatever happened, HR is told and may retry; the details go to the log
        logger.exception("SIRH import %s: the check failed", import_id)
        return _failed(
            import_id,
            attempt,
            "La vérification s'est arrêtée sur une erreur inattendue (l'équipe technique en a la trace). "
            "Vous pouvez la relancer.",
        )
    return ImportStatus.CHECKED if plan.ok else ImportStatus.INVALID


@task(queue_name=QUEUE)
def apply_import(*, import_id: int, attempt: int = 0) -> str:
    """Plan again against the database as it is now (it may have moved since the preview), then apply."""
    agent_import = _current(import_id, attempt, ImportStatus.APPLYING)
    if agent_import is None:
        return "stale"
    budget = _budget()
    try:
        plan, notes = _plan(agent_import, budget)
        if not plan.ok:
            _progress(
                import_id,
                attempt,
                100,
                status=ImportStatus.INVALID,
                errors=[[e.line, e.column, e.message] for e in plan.errors[:MAX_ERRORS_KEPT]],
            )
            return ImportStatus.INVALID
        _progress(import_id, attempt, 60)
        applied = apply_plan(plan, agent_import.organisation, by=agent_import.uploaded_by, budget=budget)
        _progress(
            import_id,
            attempt,
            100,
            status=ImportStatus.APPLIED,
            applied_at=timezone.now(),
            to_create=applied.created,
            to_update=applied.updated,
            to_deactivate=applied.deactivated,
            unchanged=plan.unchanged,
            preview={**agent_import.preview, "notes": notes},
            message="",
        )
    except Stale:
        return "stale"
    except UnreadableFile as exc:
        return _failed(import_id, attempt, str(exc))
    except ImportTooLong as exc:
        return _failed(import_id, attempt, str(exc))
    except Exception:  # noqa: BLE001 — the transaction rolled back; HR is told, nothing half-written
        logger.exception("SIRH import %s: the application failed", import_id)
        return _failed(
            import_id,
            attempt,
            "L'application s'est arrêtée sur une erreur inattendue, sans rien modifier (l'équipe technique en "
            "a la trace). Vous pouvez relancer l'import.",
        )
    _announce(agent_import, applied)
    return ImportStatus.APPLIED


def _announce(agent_import: AgentImport, applied) -> None:
    """After the import is applied and recorded: the new agents are announced (invitations when HR asked).
    A failure here is logged and never undoes the import."""
    try:
        agents_imported.send(
            sender=type(agent_import.organisation),
            organisation=agent_import.organisation,
            agent_ids=applied.created_ids,
            by=agent_import.uploaded_by,
            invite=agent_import.invite_new,
        )
    except Exception:  # noqa: BLE001
        logger.exception("SIRH import %s: announcing the new agents failed", agent_import.pk)


def _enqueue(agent_import: AgentImport, step) -> None:
    attempt = AgentImport.objects.values_list("attempt", flat=True).get(pk=agent_import.pk)
    agent_import.attempt = attempt
    transaction.on_commit(lambda: step.enqueue(import_id=agent_import.pk, attempt=attempt))


def start_check(agent_import: AgentImport) -> None:
    AgentImport.objects.filter(pk=agent_import.pk).update(
        attempt=F("attempt") + 1, heartbeat_at=timezone.now()
    )
    _enqueue(agent_import, check_import)


def start_apply(agent_import: AgentImport) -> bool:
    """Only a checked import is applied, and only once (a double click changes nothing)."""
    started = AgentImport.objects.filter(pk=agent_import.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.APPLYING, progress=0, attempt=F("attempt") + 1, heartbeat_at=timezone.now()
    )
    if started:
        _enqueue(agent_import, apply_import)
    return bool(started)


def _interrupted() -> Q:
    """Under way, but silent for longer than a live attempt can be."""
    quiet = timezone.now() - AgentImport.lease()
    in_progress = [ImportStatus.CHECKING, ImportStatus.APPLYING]
    return Q(status__in=in_progress, heartbeat_at__lt=quiet) | Q(
        status__in=in_progress, heartbeat_at__isnull=True, created_at__lt=quiet
    )


def retry(agent_import: AgentImport) -> bool:
    """Start again from the check (the file is read anew): a failed or interrupted import. Applying stays HR's
    decision, after the new preview. A second click, or a live attempt, changes nothing."""
    restarted = AgentImport.objects.filter(
        Q(status=ImportStatus.FAILED) | _interrupted(), pk=agent_import.pk
    ).update(
        status=ImportStatus.CHECKING,
        progress=0,
        errors=[],
        preview={},
        message="",
        attempt=F("attempt") + 1,
        heartbeat_at=timezone.now(),
    )
    if restarted:
        _enqueue(agent_import, check_import)
    return bool(restarted)


def discard(agent_import: AgentImport) -> bool:
    """Give up an import that is not applied and not running: its file is deleted, the line stays (who sent
    what, when) with the state « Abandonné »."""
    settled = [ImportStatus.CHECKED, ImportStatus.INVALID, ImportStatus.FAILED]
    discardable = AgentImport.objects.filter(Q(status__in=settled) | _interrupted(), pk=agent_import.pk)
    done = discardable.update(
        status=ImportStatus.DISCARDED,
        progress=100,
        file="",
        attempt=F("attempt") + 1,
        heartbeat_at=timezone.now(),
    )
    if done and agent_import.file:
        name = agent_import.file.name
        transaction.on_commit(lambda: agent_import.file.storage.delete(name))
    return bool(done)
