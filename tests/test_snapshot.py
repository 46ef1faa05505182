"""The test tool that puts the demo network back before each browser test (tests/snapshot.py): a restore
gives back every row of every table and every file the build wrote, whatever a test changed in between, and
the database keeps working after it (new keys, content types)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from passerelles.demo.generator import generate
from passerelles.missions.models import Mission
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent
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
