"""Every mission gets a short code (« M-7K4Q »), to print on posters and to say to HR on the phone.

Existing missions get theirs from their id through a fixed permutation of the code space: the same id gives
the same code on every database, two ids never share one, and codes do not follow each other like the ids.
New missions draw a random code (``Mission.save``)."""

from django.db import migrations, models

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # missions.models.SHORT_CODE_ALPHABET at the time of writing
LENGTH = 4
SPACE = len(ALPHABET) ** LENGTH
STEP = 493_621  # coprime with SPACE: pk ↦ pk × STEP mod SPACE is a permutation


def code_for(pk: int) -> str:
    number = (pk * STEP + 7_919) % SPACE
    digits = []
    for _ in range(LENGTH):
        number, rest = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[rest])
    return "M-" + "".join(reversed(digits))


def fill_codes(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    HistoricalMission = apps.get_model("missions", "HistoricalMission")
    for pk in Mission.objects.values_list("pk", flat=True):
        code = code_for(pk)
        Mission.objects.filter(pk=pk).update(short_code=code)
        HistoricalMission.objects.filter(id=pk).update(short_code=code)
    HistoricalMission.objects.filter(short_code__isnull=True).update(short_code="M-????")  # deleted missions


class Migration(migrations.Migration):
    dependencies = [("missions", "0008_mission_event_kinds")]

    operations = [
        migrations.AddField(
            model_name="mission",
            name="short_code",
            field=models.CharField(editable=False, max_length=8, null=True, verbose_name="code court"),
        ),
        migrations.AddField(
            model_name="historicalmission",
            name="short_code",
            field=models.CharField(editable=False, max_length=8, null=True, verbose_name="code court"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="mission",
            name="short_code",
            field=models.CharField(editable=False, max_length=8, unique=True, verbose_name="code court"),
        ),
        migrations.AlterField(
            model_name="historicalmission",
            name="short_code",
            field=models.CharField(db_index=True, editable=False, max_length=8, verbose_name="code court"),
        ),
    ]
