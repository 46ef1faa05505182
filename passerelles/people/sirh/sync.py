"""One SIRH file that arrived by itself (the drop folder, the API push): the same check and the same report as
a file sent on the import page, applied only when the caller asks and the check found no blocking error.

The import's row says where the file came from (``source``) and keeps its SHA-256, so that the drop folder can
skip an export it already processed. Whatever the file, the caller gets an ``AgentImport`` back: a file too
big or of the wrong kind is an import « Erreurs à corriger » with one sentence, never an exception.

Runs where it is called (the synchronisation task, or the API's request or task): the check and the apply are
the web import's tasks, called in-process (``Task.call``), with their time budget and their progress writes.
Do not call it inside a transaction: each step writes its progress as it goes, as the web import does.
"""

import hashlib
import re

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.people.models import AgentImport, ImportSource, ImportStatus, SirhSync
from passerelles.people.sirh import service
from passerelles.people.sirh.limits import EXTENSIONS, Limits


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def already_processed(organisation, digest: str) -> AgentImport | None:
    """The organisation's import of a file with this SHA-256, if there is one (the newest)."""
    return (
        AgentImport.objects.filter(organisation=organisation, sha256=digest).order_by("-created_at").first()
    )


def clean_filename(filename: str) -> str:
    """The file's own name, without any folder, control character or excess length (it is shown to HR)."""
    name = re.split(r"[\\/]", str(filename or ""))[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[-255:] or "export.csv"


def _refused(
    organisation, name: str, digest: str, *, full: bool, source: str, by, message: str
) -> AgentImport:
    """An import that could not even start: its row says why; the file is not kept."""
    return AgentImport.objects.create(
        organisation=organisation,
        uploaded_by=by,
        filename=name,
        full=full,
        source=source,
        sha256=digest,
        status=ImportStatus.INVALID,
        progress=100,
        errors=[[0, "", message]],
        heartbeat_at=timezone.now(),
    )


def _supersede(agent_import: AgentImport) -> None:
    """A newer export replaces the previews that still wait from earlier synchronisations: applying one of
    those after this one would bring back an older state of the staff. Files sent by hand are HR's own."""
    waiting = AgentImport.objects.filter(
        organisation=agent_import.organisation,
        status=ImportStatus.CHECKED,
        created_at__lt=agent_import.created_at,
    ).exclude(source=ImportSource.WEB)
    for older in waiting:
        service.discard(older)


def sync_file(
    organisation,
    filename: str,
    content: bytes,
    *,
    full: bool,
    apply: bool,
    source: str,
    by=None,
    invite_new: bool = False,
) -> AgentImport:
    """Record, check and — when ``apply`` and the check is clean — apply one SIRH export. Returns the import,
    refreshed: ``status`` (checked, applied, invalid, failed), the counts, ``errors`` and ``preview``."""
    name = clean_filename(filename)
    digest = sha256(content)
    if not name.lower().endswith(EXTENSIONS):
        return _refused(
            organisation,
            name,
            digest,
            full=full,
            source=source,
            by=by,
            message=_("Le fichier doit être un export CSV ou Excel (.csv, .txt, .xlsx ou .xlsm)."),
        )
    limit = Limits.from_settings().max_bytes
    if len(content) > limit:
        return _refused(
            organisation,
            name,
            digest,
            full=full,
            source=source,
            by=by,
            message=_("Fichier trop volumineux (%(size)s Mo au plus).") % {"size": limit // (1024 * 1024)},
        )
    settings_row = SirhSync.objects.filter(organisation=organisation).first()
    agent_import = AgentImport.objects.create(
        organisation=organisation,
        uploaded_by=by,
        file=ContentFile(content, name=name),
        filename=name,
        full=full,
        invite_new=invite_new,
        source=source,
        sha256=digest,
        directory_lookup=bool(settings_row and settings_row.use_directory),
    )
    AgentImport.objects.filter(pk=agent_import.pk).update(
        attempt=F("attempt") + 1, heartbeat_at=timezone.now()
    )
    agent_import.refresh_from_db()
    service.check_import.call(import_id=agent_import.pk, attempt=agent_import.attempt)
    agent_import.refresh_from_db()
    if apply:
        apply_checked(agent_import)
    if agent_import.status in (ImportStatus.CHECKED, ImportStatus.APPLIED) and source != ImportSource.WEB:
        _supersede(agent_import)
    return agent_import


def apply_checked(agent_import: AgentImport) -> bool:
    """Apply a checked import here and now (the API's « apply », the synchronisation's automatic apply): False
    when it is not « Vérifié : prêt à appliquer » (already applied, with errors, under way). Refreshes it."""
    started = AgentImport.objects.filter(pk=agent_import.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.APPLYING, progress=0, attempt=F("attempt") + 1, heartbeat_at=timezone.now()
    )
    agent_import.refresh_from_db()
    if not started:
        return False
    service.apply_import.call(import_id=agent_import.pk, attempt=agent_import.attempt)
    agent_import.refresh_from_db()
    return True
