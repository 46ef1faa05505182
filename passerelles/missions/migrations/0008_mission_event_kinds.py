"""Each step of a mission's history names its kind (missions/lifecycle.py), not only the statuses."""

from django.db import migrations, models

STEPS = {
    ("", "draft"): "create",
    ("draft", "submitted"): "submit",
    ("changes_requested", "submitted"): "submit",
    ("submitted", "published"): "publish",
    ("submitted", "changes_requested"): "request_changes",
    ("submitted", "declined"): "decline",
    ("published", "closed"): "close",
    ("closed", "published"): "reopen",
}


def name_the_steps(apps, schema_editor):
    MissionEvent = apps.get_model("missions", "MissionEvent")
    for (source, target), action in STEPS.items():
        MissionEvent.objects.filter(from_status=source, to_status=target).update(action=action)


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0007_mission_regularisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="missionevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "a rédigé la mission"),
                    ("submit", "a envoyé la mission en relecture RH"),
                    ("publish", "a publié la mission"),
                    ("request_changes", "a demandé des modifications"),
                    ("decline", "a refusé la mission"),
                    ("close", "a clôturé la mission"),
                    ("reopen", "a rouvert la mission"),
                ],
                default="create",
                max_length=20,
                verbose_name="étape",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(name_the_steps, migrations.RunPython.noop),
    ]
