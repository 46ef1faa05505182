"""The scheduled SIRH synchronisation: each enabled organisation's drop folder, read by `passerelles sync-sirh`
(from cron) or its task.

An SFTP account of the organisation's SIRH drops its exports in ``SIRH_DROP_ROOT/<folder>``; the folder's
name is chosen on the organisation's page (a name, never a path: ``..``, separators and absolute paths are
refused, and the resolved folder must stay under the root). Each run takes the newest CSV or Excel file that
has finished arriving (untouched for SIRH_SETTLE_SECONDS), skips it when a file with the same SHA-256 was
already processed, runs ``sync_file`` on it, then moves it to ``traites/`` (checked or applied) or ``erreurs/``
(errors in the file, unreadable). Older files waiting beside it are superseded by the newest export: moved to
``traites/`` unread, and the run's result says so. Only regular files are read — never a symbolic link, which
could point anywhere on the server.

HR hears of it when a preview waits for their word, or when the file could not be imported. Nothing here
deletes a file or an agent.
"""

import datetime
import logging
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from passerelles.access.models import Role, RoleMembership
from passerelles.notifications.services import in_language_of, notify
from passerelles.people.models import FOLDER_NAME, AgentImport, ImportSource, ImportStatus, SirhSync
from passerelles.people.sirh.limits import EXTENSIONS, Limits
from passerelles.people.sirh.service import QUEUE
from passerelles.people.sirh.sync import already_processed, sha256, sync_file

DONE, FAILED = "traites", "erreurs"
logger = logging.getLogger(__name__)


def validate_folder_name(name: str) -> None:
    """A folder's name under the root, never a path (the page's form and the run both ask)."""
    if not name:
        return
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise ValidationError(
            _(
                "Indiquez seulement le nom du dossier, pas un chemin du serveur (il ne commence pas par « / »)."
            )
        )
    if ".." in name or "/" in name or "\\" in name:
        raise ValidationError(
            _(
                "Indiquez un seul nom de dossier, sans « .. » ni barre oblique : il est pris dans le dossier "
                "de dépôt de la plateforme."
            )
        )
    if not re.fullmatch(FOLDER_NAME, name):
        raise ValidationError(
            _(
                "Le nom du dossier ne peut contenir que des lettres sans accent, des chiffres, « - » et « _ », "
                "et commence par une lettre ou un chiffre (100 caractères au plus)."
            )
        )


def drop_root() -> Path | None:
    root = getattr(settings, "SIRH_DROP_ROOT", "")
    return Path(root).resolve() if root else None


def folder_path(name: str) -> Path | None:
    """The organisation's folder, or None when the deployment has no root or the name is not acceptable."""
    root = drop_root()
    if root is None or not name:
        return None
    try:
        validate_folder_name(name)
    except ValidationError:
        return None
    path = (root / name).resolve()
    return path if path.parent == root else None


@dataclass
class Outcome:
    organisation: object
    result: str
    agent_import: AgentImport | None = None


def _candidates(folder: Path, settle_before: float) -> list[tuple[float, str, Path]]:
    """The folder's regular CSV and Excel files that finished arriving, newest first."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.lower().endswith(EXTENSIONS):
                continue
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_mtime > settle_before:
                continue
            found.append((info.st_mtime, entry.name, Path(entry.path)))
    return sorted(found, reverse=True)


def _read(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes more than allowed (enough to refuse the file), never through a link."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read(limit + 1)


def _move(path: Path, folder: Path, where: str, now: datetime.datetime) -> None:
    """Into ``traites/`` or ``erreurs/``, prefixed with the time of the run (never over another file)."""
    target_dir = folder / where
    target_dir.mkdir(exist_ok=True)
    stem = f"{now:%Y%m%d-%H%M%S}-{path.name}"
    target, count = target_dir / stem, 1
    while target.exists():
        count += 1
        target = target_dir / f"{count}-{stem}"
    os.replace(path, target)


def _hr_of(organisation) -> list:
    """Who hears of the synchronisation: the organisation's HR coordinators, else its administrators."""
    return RoleMembership.objects.users_with(Role.HR, [organisation.pk]) or RoleMembership.objects.users_with(
        Role.ADMIN, [organisation.pk]
    )


def _tell_hr(agent_import: AgentImport) -> None:
    url = reverse("import_detail", kwargs={"import_id": agent_import.pk})
    with transaction.atomic():  # each notification and its outbox rows, all or nothing
        _notify_hr(agent_import, url)


def _notify_hr(agent_import: AgentImport, url: str) -> None:
    for user in _hr_of(agent_import.organisation):
        with in_language_of(user):
            if agent_import.status == ImportStatus.CHECKED:
                subject = _("Synchronisation SIRH : un import attend votre accord")
                message = _(
                    "Le fichier « %(file)s » déposé par le SIRH est vérifié : %(create)s agent(s) à créer, "
                    "%(update)s à mettre à jour, %(deactivate)s à désactiver. Rien n'est modifié avant votre "
                    "accord : lisez l'aperçu, puis appliquez l'import."
                ) % {
                    "file": agent_import.filename,
                    "create": agent_import.to_create,
                    "update": agent_import.to_update,
                    "deactivate": agent_import.to_deactivate,
                }
            else:
                subject = _("Synchronisation SIRH : le fichier déposé n'a pas pu être importé")
                message = _(
                    "Le fichier « %(file)s » déposé par le SIRH n'a pas pu être importé (%(status)s) : rien "
                    "n'a été modifié. La page de l'import donne le détail, ligne par ligne."
                ) % {"file": agent_import.filename, "status": agent_import.get_status_display().lower()}
            notify(user=user, subject=subject, message=message, url=url, action_needed=True)


def _claim(sync: SirhSync, now: datetime.datetime) -> bool:
    lease = now + datetime.timedelta(seconds=settings.IMPORT_TIME_BUDGET * 2 + 60)
    return bool(
        SirhSync.objects.filter(pk=sync.pk)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=lease)
    )


def _run_one(sync: SirhSync, now: datetime.datetime) -> Outcome:
    organisation = sync.organisation
    folder = folder_path(sync.folder)
    if folder is None:
        return Outcome(organisation, _("Aucun dossier de dépôt utilisable : vérifiez le nom du dossier."))
    if not folder.is_dir():
        return Outcome(
            organisation,
            _(
                "Le dossier de dépôt « %(folder)s » n'existe pas encore sur le serveur : l'administration de la "
                "plateforme doit le créer."
            )
            % {"folder": sync.folder},
        )
    settle_before = now.timestamp() - settings.SIRH_SETTLE_SECONDS
    candidates = _candidates(folder, settle_before)
    if not candidates:
        return Outcome(organisation, _("Aucun nouveau fichier."))
    (_mtime, name, path), older = candidates[0], candidates[1:]
    for _older_mtime, _older_name, older_path in older:
        _move(older_path, folder, DONE, now)
    aside = (
        " "
        + ngettext(
            "%(n)s fichier plus ancien, remplacé par celui-ci, a été rangé sans être lu.",
            "%(n)s fichiers plus anciens, remplacés par celui-ci, ont été rangés sans être lus.",
            len(older),
        )
        % {"n": len(older)}
        if older
        else ""
    )
    content = _read(path, Limits.from_settings().max_bytes)
    previous = already_processed(organisation, sha256(content))
    if previous is not None:
        _move(path, folder, DONE, now)
        return Outcome(
            organisation,
            _("« %(file)s » : même contenu qu'un fichier déjà traité le %(date)s, ignoré.")
            % {"file": name, "date": timezone.localtime(previous.created_at).strftime("%d/%m/%Y %H:%M")}
            + aside,
        )
    agent_import = sync_file(
        organisation, name, content, full=sync.full, apply=sync.auto_apply, source=ImportSource.FOLDER
    )
    ok = agent_import.status in (ImportStatus.CHECKED, ImportStatus.APPLIED)
    _move(path, folder, DONE if ok else FAILED, now)
    if agent_import.status != ImportStatus.APPLIED:
        _tell_hr(agent_import)
    if agent_import.status == ImportStatus.APPLIED:
        result = _(
            "« %(file)s » appliqué : %(create)s créé(s), %(update)s mis à jour, %(deactivate)s désactivé(s)."
        )
    elif agent_import.status == ImportStatus.CHECKED:
        result = _(
            "« %(file)s » vérifié : %(create)s à créer, %(update)s à mettre à jour, %(deactivate)s à "
            "désactiver ; l'aperçu attend votre accord."
        )
    else:
        result = _("« %(file)s » n'a pas pu être importé (%(status)s) : rien n'a été modifié.")
    values = {
        "file": name,
        "create": agent_import.to_create,
        "update": agent_import.to_update,
        "deactivate": agent_import.to_deactivate,
        "status": agent_import.get_status_display().lower(),
    }
    return Outcome(organisation, result % values + aside, agent_import)


def run(*, organisation=None, now: datetime.datetime | None = None) -> list[Outcome]:
    """One pass over every enabled synchronisation (or one organisation's). An organisation whose folder
    fails is logged and reported; the others still run."""
    now = now or timezone.now()
    syncs = SirhSync.objects.filter(enabled=True).exclude(folder="").select_related("organisation")
    if organisation is not None:
        syncs = syncs.filter(organisation=organisation)
    if drop_root() is None:
        return [
            Outcome(s.organisation, _("SIRH_DROP_ROOT n'est pas configuré sur ce serveur.")) for s in syncs
        ]
    outcomes = []
    for sync in syncs.order_by("pk"):
        if not _claim(sync, now):
            outcomes.append(Outcome(sync.organisation, _("Une synchronisation est déjà en cours.")))
            continue
        try:
            outcome = _run_one(sync, now)
        except Exception:  # noqa: BLE001 — one folder's trouble never stops the others
            logger.exception("SIRH synchronisation of %s failed", sync.organisation)
            outcome = Outcome(
                sync.organisation,
                _("Le passage s'est arrêté sur une erreur inattendue (l'équipe technique en a la trace)."),
            )
        fields = {"last_run_at": now, "last_result": outcome.result[:500], "claimed_until": None}
        if outcome.agent_import is not None:
            fields["last_import"] = outcome.agent_import
        SirhSync.objects.filter(pk=sync.pk).update(**fields)
        outcomes.append(outcome)
    return outcomes


@task(queue_name=QUEUE)
def sync_drop_folders(*, org_slug: str = "") -> list[str]:
    """The run as a task of the ``imports`` queue (``passerelles sync-sirh --enqueue``)."""
    from passerelles.organisations.models import Organisation

    organisation = Organisation.objects.filter(slug=org_slug).first() if org_slug else None
    if org_slug and organisation is None:
        return []
    return [f"{o.organisation.slug} : {o.result}" for o in run(organisation=organisation)]
