"""Programmes become objects (a test has a hypothesis and an expiry date); the free-text programme of existing
missions becomes one programme per organisation and name."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def text_to_programmes(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    Programme = apps.get_model("missions", "Programme")
    for mission in Mission.objects.exclude(programme_text=""):
        programme, _created = Programme.objects.get_or_create(
            organisation_id=mission.organisation_id, name=mission.programme_text.strip()[:200], defaults={"is_test": False}
        )
        mission.programme = programme
        mission.save(update_fields=["programme"])


def programmes_to_text(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    for mission in Mission.objects.exclude(programme=None).select_related("programme"):
        mission.programme_text = mission.programme.name
        mission.save(update_fields=["programme_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0003_mission_skills_index"),
        ("organisations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Programme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="nom")),
                ("hypothesis", models.TextField(blank=True, verbose_name="hypothèse à vérifier")),
                (
                    "is_test",
                    models.BooleanField(
                        default=True,
                        help_text="Ses documents portent la mention « DOCUMENT EN TEST » sur chaque page.",
                        verbose_name="déclaré comme un test",
                    ),
                ),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="fin du test")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="programmes",
                        to="organisations.organisation",
                    ),
                ),
            ],
            options={"verbose_name": "programme", "verbose_name_plural": "programmes", "ordering": ["name"]},
        ),
        migrations.AddConstraint(
            model_name="programme",
            constraint=models.UniqueConstraint(fields=("organisation", "name"), name="one_programme_name"),
        ),
        migrations.RenameField(model_name="mission", old_name="programme", new_name="programme_text"),
        migrations.AddField(
            model_name="mission",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="missions",
                to="missions.programme",
                verbose_name="programme",
            ),
        ),
        migrations.RunPython(text_to_programmes, programmes_to_text),
        migrations.RemoveField(model_name="mission", name="programme_text"),
        # the audit trail's copy of missions: its old free text is dropped, the link kept from now on
        migrations.RemoveField(model_name="historicalmission", name="programme"),
        migrations.AddField(
            model_name="historicalmission",
            name="programme",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="missions.programme",
                verbose_name="programme",
            ),
        ),
    ]
