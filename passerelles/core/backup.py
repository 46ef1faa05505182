"""Backup and restore: the database and the uploaded files, together, checked before anything is replaced.

A backup is a folder: ``manifest.json`` (date, database engine, applied migrations, row counts, and the
SHA-256 of every file), the database in its engine's own format (SQLite's online backup, or ``pg_dump``'s
custom format), and ``media/`` (logos, photos, document models, documents, SIRH files). The engine's own
tools copy everything a database holds — sequences, constraints, indexes — which a JSON dump would not.

A restore reads the manifest, checks every hash and refuses a backup made by a newer version of
Passerelles before it changes anything; the database is then replaced in one transaction and the files
folder swapped in one rename, so a failure leaves the previous state. Run it with the site stopped, then
``passerelles migrate`` (a backup from an older version is brought up to date by its migrations).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA = "media"


class BackupError(Exception):
    """Why a backup or a restore cannot go on, in one French sentence for the operator."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path) for path in sorted(root.rglob("*")) if path.is_file()
    }


def _applied_migrations() -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
    }


def _postgres_env() -> tuple[list[str], dict]:
    database = connection.settings_dict
    arguments = ["--dbname", database["NAME"], "--no-owner", "--no-privileges"]
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", str(database["USER"])]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, env


def _run(command: list[str], env: dict, what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=6 * 3600)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} est introuvable : installez les outils clients de PostgreSQL (paquet postgresql-client)."
        ) from error
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["erreur inconnue"])[-1]
        raise BackupError(f"{what} a échoué : {reason}")


def backup(target: Path) -> dict:
    """Write a backup into ``target`` (a new or empty folder); returns the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"Le dossier {target} n'est pas vide : choisissez un dossier nouveau ou vide.")
    target.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "sqlite":
        database_file = target / SQLITE_FILE
        connection.ensure_connection()
        destination = sqlite3.connect(database_file)
        try:
            connection.connection.backup(destination)  # a consistent copy, even while the site runs
        finally:
            destination.close()
    elif vendor == "postgresql":
        database_file = target / POSTGRES_FILE
        arguments, env = _postgres_env()
        _run(["pg_dump", "--format=custom", "--file", str(database_file), *arguments], env, "pg_dump")
    else:
        raise BackupError(f"La base {vendor} n'est pas prise en charge (SQLite ou PostgreSQL).")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.copytree(media_root, target / MEDIA, dirs_exist_ok=True)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": vendor,
        "database": database_file.name,
        "database_sha256": _sha256(database_file),
        "migrations": _applied_migrations(),
        "rows": row_counts(),
        "media": _files(target / MEDIA),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def read_manifest(source: Path) -> dict:
    """The manifest of a backup, after checking every file it names (nothing is changed here)."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{source} n'est pas une sauvegarde de Passerelles (pas de {MANIFEST}).") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"Le fichier {MANIFEST} de {source} est illisible.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError("Cette sauvegarde a un format inconnu de cette version de Passerelles.")
    if manifest.get("engine") != connection.vendor:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest.get('engine')} ; la base configurée est "
            f"{connection.vendor}. Restaurez-la sur le même type de base."
        )
    database_file = source / str(manifest.get("database"))
    if not database_file.is_file() or _sha256(database_file) != manifest.get("database_sha256"):
        raise BackupError(
            f"La base de données de la sauvegarde est absente ou abîmée ({database_file.name})."
        )
    stored = _files(source / MEDIA)
    if stored != manifest.get("media"):
        damaged = sorted(set(stored.items()) ^ set(manifest.get("media", {}).items()))
        raise BackupError(
            f"Les fichiers de la sauvegarde ne correspondent pas au manifeste (par exemple {damaged[0][0]})."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(manifest.get("migrations", [])) - known)
    if unknown:
        raise BackupError(
            "Cette sauvegarde vient d'une version plus récente de Passerelles "
            f"(migration {unknown[0]} inconnue) : installez cette version avant de restaurer."
        )
    return manifest


def restore(source: Path) -> dict:
    """Replace the database and the uploaded files by those of a checked backup; returns its manifest."""
    source = Path(source)
    manifest = read_manifest(source)
    database_file = source / manifest["database"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(database_file)
        try:
            origin.backup(connection.connection)  # page by page into the live database, in one step
        finally:
            origin.close()
    else:
        connections.close_all()  # pg_restore drops tables: no connection of ours may hold them
        arguments, env = _postgres_env()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--single-transaction", *arguments, str(database_file)],
            env,
            "pg_restore",
        )
    _swap_media(source / MEDIA, Path(settings.MEDIA_ROOT))
    return manifest


def _swap_media(backup_media: Path, media_root: Path) -> None:
    """Copy the backup's files beside the media folder, then swap the folders (the old one is removed last)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restauration-", dir=media_root.parent))
    incoming = staging / "media"
    if backup_media.exists():
        shutil.copytree(backup_media, incoming)
    else:
        incoming.mkdir()
    previous = staging / "precedent"
    if media_root.exists():
        media_root.rename(previous)
    incoming.rename(media_root)
    shutil.rmtree(staging, ignore_errors=True)
