"""Issue 22 (4–5) in the demo network: working time as a commons alive.

The demo agent's organisation adopted two solidarity days per agent (a deliberation, its rules); the demo agent
gave a morning of it to another unit (their balance shows the rest); their unit and « rh »'s are twinned, and each
gave the other some hours — counted both ways; other agents gave a few hours too. Through the use cases.
"""

import datetime

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.commons import services
from passerelles.people.models import Agent

DOMAIN = "demo.passerelles.test"


def create_demo_commons(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    hr = User.objects.filter(email=f"rh@{DOMAIN}").first()
    agent = Agent.objects.filter(user__email=f"agent@{DOMAIN}").select_related("unit", "organisation").first()
    if hr is None or agent is None or agent.unit_id is None:
        return
    organisation = agent.organisation
    services.adopt_allowance(
        by=hr,
        organisation=organisation,
        deliberation="Délibération n° 2026-114 du 12 mars 2026",
        days_per_agent=2,
        rules_text="Deux jours par an et par agent, pour le projet d'un autre service, dits à l'encadrant·e une "
        "semaine avant ; une journée au plus à la fois.",
    )
    hr_unit = Agent.objects.filter(user=hr).values_list("unit_id", flat=True).first()
    other = organisation.units.exclude(pk__in=[agent.unit_id, hr_unit or 0]).order_by("pk").first()
    if hr_unit and hr_unit != agent.unit_id:
        services.twin(
            by=hr,
            organisation=organisation,
            unit_a=agent.unit,
            unit_b=organisation.units.get(pk=hr_unit),
            started_on=today - datetime.timedelta(days=60),
            note="Un coup de main aux pics d'activité de l'un, contre l'appui de l'autre sur ses outils.",
        )
        services.give_time(
            by=hr,
            day=today - datetime.timedelta(days=20),
            hours=3,
            to_unit=agent.unit,
            project="Classer les archives",
        )
        services.give_time(
            by=agent.user,
            day=today - datetime.timedelta(days=12),
            hours=4,
            to_unit=organisation.units.get(pk=hr_unit),
            project="Préparer le forum des missions",
        )
    if other is not None:
        services.give_time(
            by=agent.user,
            day=today - datetime.timedelta(days=5),
            hours=3,
            to_unit=other,
            project="Inventaire",
        )
