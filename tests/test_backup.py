"""Backup and restore: a round trip gives back every row of every table and every uploaded file.

Runs on the suite's database (SQLite here, PostgreSQL in CI), outside a test transaction: pg_dump only sees
committed data.
"""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command

from passerelles.missions.models import Mission
from passerelles.organisations.models import Organisation
from tests.cast import build_cast

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def snapshot(media_root: Path) -> dict:
    """Every row of every table (as text) and the hash of every uploaded file."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed:
            rows = model._base_manager.order_by("pk").values()
            tables[model._meta.label] = [json.dumps(row, default=str, sort_keys=True) for row in rows]
    files = {
        path.relative_to(media_root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
    return {"tables": tables, "files": files}


def mutate():
    """Changes made after a backup: a restore takes them back."""
    from passerelles.notifications.models import Notification

    Mission.objects.update(title="Titre changé après la sauvegarde")
    Notification.objects.all().delete()


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_round_trip_gives_back_every_row_and_every_file(media, tmp_path):
    cast = build_cast()
    cast.home.logo.save("logo.png", ContentFile(b"\x89PNG pretend"), save=True)
    before = snapshot(media)
    assert len(before["files"]) >= 4 and sum(len(rows) for rows in before["tables"].values()) > 100

    said = run("backup", str(tmp_path / "sauvegarde"))
    assert "Sauvegarde écrite" in said
    manifest = json.loads((tmp_path / "sauvegarde" / "manifest.json").read_text())
    assert manifest["rows"]["missions.Mission"] == Mission.objects.count()

    # what happens after the backup: all lost by the restore
    mutate()
    Organisation.objects.filter(pk=cast.home.pk).update(name="Nom changé après la sauvegarde")
    next(iter(media.rglob("*.pdf"))).unlink()
    (media / "apres.txt").write_text("écrit après la sauvegarde")
    assert snapshot(media) != before

    said = run("restore", str(tmp_path / "sauvegarde"), "--oui")
    assert "restaurée" in said
    assert snapshot(media) == before
    # the database keeps working where it was: new rows get new keys
    created = Organisation.objects.create(name="Après restauration", slug="apres-restauration")
    assert created.pk > max(o.pk for o in Organisation.objects.exclude(pk=created.pk))


def test_a_damaged_backup_is_refused_and_nothing_changes(media, tmp_path, capsys):
    build_cast()
    run("backup", str(tmp_path / "sauvegarde"))
    before = snapshot(media)
    photo = next(p for p in (tmp_path / "sauvegarde" / "media").rglob("*") if p.is_file())
    photo.write_bytes(b"abime")
    mutate()
    after_delete = snapshot(media)
    with pytest.raises(SystemExit) as stopped:
        run("restore", str(tmp_path / "sauvegarde"), "--oui")
    assert stopped.value.code == 2
    assert "ne correspondent pas au manifeste" in capsys.readouterr().err
    assert snapshot(media) == after_delete != before


def test_restore_asks_first_and_a_refusal_changes_nothing(media, tmp_path, monkeypatch, capsys):
    build_cast()
    run("backup", str(tmp_path / "sauvegarde"))
    mutate()
    after_delete = snapshot(media)
    monkeypatch.setattr("builtins.input", lambda question: "non")
    with pytest.raises(SystemExit) as stopped:
        run("restore", str(tmp_path / "sauvegarde"))
    assert stopped.value.code == 1
    assert "rien n'a changé" in capsys.readouterr().err
    assert snapshot(media) == after_delete


def test_a_backup_from_a_newer_version_and_a_non_empty_folder_are_refused(media, tmp_path, capsys):
    build_cast()
    (tmp_path / "occupe").mkdir()
    (tmp_path / "occupe" / "autre.txt").write_text("x")
    with pytest.raises(SystemExit):
        run("backup", str(tmp_path / "occupe"))
    assert "n'est pas vide" in capsys.readouterr().err
    run("backup", str(tmp_path / "sauvegarde"))
    manifest_path = tmp_path / "sauvegarde" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append("missions.9999_from_the_future")
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(SystemExit):
        run("restore", str(tmp_path / "sauvegarde"), "--oui")
    assert "version plus récente" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("restore", str(tmp_path / "nulle-part"), "--oui")
    assert "n'est pas une sauvegarde" in capsys.readouterr().err
