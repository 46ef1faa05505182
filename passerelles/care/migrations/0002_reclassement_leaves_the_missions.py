"""Issue 22: « Situation difficile / reclassement » was a mission's purpose, so the host, the gallery and the
stories showed it, exposing the agent. The situation moves to the agent's HR file: each agent engaged on such a
mission gets an accompaniment plan (situation « reclassement »), with that engagement linked; the mission keeps
an ordinary purpose (« découverte et développement des compétences »), in its audit trail too; an
organisation's cap for that purpose goes. Runs before the purpose leaves the choices."""

from django.db import migrations

OLD = "reclassement"
NEW = "decouverte"
LEFT_OUT = ("declined", "withdrawn")


def forwards(apps, schema_editor):
    Mission = apps.get_model("missions", "Mission")
    HistoricalMission = apps.get_model("missions", "HistoricalMission")
    PurposeCap = apps.get_model("missions", "PurposeCap")
    HistoricalPurposeCap = apps.get_model("missions", "HistoricalPurposeCap")
    Engagement = apps.get_model("engagements", "Engagement")
    Plan = apps.get_model("care", "AccompanimentPlan")
    missions = list(Mission.objects.filter(purpose=OLD).values_list("pk", "title"))
    titles = dict(missions)
    engagements = (
        Engagement.objects.filter(mission_id__in=titles)
        .exclude(state__in=LEFT_OUT)
        .select_related("agent")
        .order_by("start_date", "pk")
    )
    for engagement in engagements:
        agent = engagement.agent
        plan = Plan.objects.filter(agent_id=agent.pk, state="open").first()
        if plan is None:
            plan = Plan.objects.create(
                organisation_id=agent.organisation_id,
                agent_id=agent.pk,
                situation=OLD,
                goal=f"Repris de la mission « {titles[engagement.mission_id]} », dont l'objet « situation "
                "difficile / reclassement » n'est plus écrit sur les missions.",
            )
        plan.engagements.add(engagement)
    Mission.objects.filter(purpose=OLD).update(purpose=NEW)
    HistoricalMission.objects.filter(purpose=OLD).update(purpose=NEW)
    PurposeCap.objects.filter(purpose=OLD).delete()
    HistoricalPurposeCap.objects.filter(purpose=OLD).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_initial"),
        ("missions", "0012_mission_full_text_search"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
