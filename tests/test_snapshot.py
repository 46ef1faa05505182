"""The test tool that puts the demo network back before each browser test (tests/snapshot.py): a restore
gives back every row of every table and every file the build wrote, whatever a test changed in between, and
the database keeps working after it (new keys, content types)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from passerelles.demo.generator import generate
from passerelles.missions.models import Mission
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent
from tests.once import built_once
from tests.snapshot import Snapshot
from tests.test_backup import snapshot as dump

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_restore_gives_back_the_database_as_built(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    snapshot = Snapshot("roundtrip", lambda: generate(200))
    try:
        snapshot.take()
        built = dump(settings.MEDIA_ROOT)
        assert sum(len(rows) for rows in built["tables"].values()) > 1000 and built["files"]

        # what a test might do: change, delete and add rows, remove a file
        Mission.objects.update(title="Changé par un test")
        Agent.history.all().delete()
        Organisation.objects.create(name="Ajoutée par un test", slug="ajoutee")
        ContentType.objects.filter(app_label="missions").delete()
        next(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()).unlink()
        assert dump(settings.MEDIA_ROOT) != built

        snapshot.restore()
        assert dump(settings.MEDIA_ROOT) == built
        snapshot.restore()  # twice in a row: the same
        assert dump(settings.MEDIA_ROOT) == built

        # new rows get keys past the copied ones, content types are read again from the table
        highest = Organisation.objects.order_by("-pk").first().pk
        assert Organisation.objects.create(name="Nouvelle", slug="nouvelle").pk > highest
        assert ContentType.objects.get_for_model(Mission).pk == (
            ContentType.objects.filter(app_label="missions", model="mission")
            .values_list("pk", flat=True)
            .get()
        )
    finally:
        snapshot.drop()


def _content_type_ids_agree() -> bool:
    """Django's remembered content type for a mission is the one its table holds."""
    remembered = ContentType.objects.get_for_model(Mission).pk
    return ContentType.objects.filter(pk=remembered, app_label="missions", model="mission").exists()


def test_content_types_are_read_again_after_a_module_rolls_back(django_db_blocker):
    """A module's data (tests/once.py) may hold content types under other ids than the database it rolls
    back to: an admin log entry written by the next module once pointed at a vanished id (CI, stop 40)."""
    ContentType.objects.get_for_model(Mission)  # remembered before the module

    def build():
        ContentType.objects.filter(app_label="missions", model="mission").delete()
        ContentType.objects.clear_cache()
        return ContentType.objects.get_for_model(Mission).pk  # a new id, only inside the module

    module = built_once(django_db_blocker, build)
    inside = next(module)
    assert _content_type_ids_agree()
    module.close()  # the module's end: its transaction rolled back
    assert not ContentType.objects.filter(pk=inside).exists()
    assert _content_type_ids_agree()


def test_content_types_are_read_again_after_the_tables_are_emptied(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    snapshot = Snapshot("emptied", lambda: None)
    try:
        snapshot.take()
        ContentType.objects.get_for_model(Mission)  # remembered…
        snapshot.empty()  # …then every row gone
        assert _content_type_ids_agree()
    finally:
        snapshot.drop()
