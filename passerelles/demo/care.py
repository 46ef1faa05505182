"""Issue 22 in the demo network: the confidential path alive.

In the demo « agent »'s organisation, « rh » follows the demo agent in an open accompaniment plan (a return
after a long illness): a goal, one of the agent's missions linked — its host (« accueil » when it is theirs)
sees an ordinary mission —, a meeting held, a meeting ahead and a note of the agent's own. Another agent of
the organisation has a closed plan (a reclassement, a post found). Everything goes through the use cases.
"""

import datetime

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.care import services
from passerelles.care.rules import ATTACHABLE_STATES
from passerelles.engagements.models import Engagement
from passerelles.people.models import Agent

DOMAIN = "demo.passerelles.test"


def _user(slug: str) -> User | None:
    return User.objects.filter(email=f"{slug}@{DOMAIN}").first()


def create_demo_care(*, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    hr, agent_user = _user("rh"), _user("agent")
    agent = Agent.objects.filter(user=agent_user).select_related("organisation").first()
    if hr is None or agent is None:
        return
    organisation = agent.organisation
    plan = services.open_plan(
        by=hr,
        organisation=organisation,
        agent=agent,
        situation="retour_maladie",
        goal="Reprendre pied après un long arrêt : deux missions courtes dans d'autres services, puis choisir "
        "ensemble un poste d'ici l'été.",
    )
    tried = (
        Engagement.objects.filter(agent=agent, state__in=ATTACHABLE_STATES)
        .order_by("-start_date", "pk")
        .first()
    )
    if tried is not None:
        services.attach_engagement(by=hr, plan=plan, engagement=tried)
    services.add_entry(
        by=hr,
        plan=plan,
        kind="meeting",
        date=today - datetime.timedelta(days=21),
        text="Premier entretien : les envies, les contraintes médicales (pas de station debout prolongée), "
        "l'objectif.",
    )
    services.add_entry(
        by=agent_user,
        plan=plan,
        kind="note",
        date=today - datetime.timedelta(days=7),
        text="La première mission me redonne confiance ; j'aimerais essayer l'accueil du public ensuite.",
    )
    services.add_entry(
        by=hr,
        plan=plan,
        kind="meeting",
        date=today + datetime.timedelta(days=14),
        text="Point à mi-parcours, avec le ou la psychologue du travail si l'agent le souhaite.",
    )
    other = (
        Agent.objects.filter(
            organisation=organisation, is_active=True, user__isnull=False, engagements__isnull=False
        )
        .exclude(pk=agent.pk)
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")
        .first()
    )
    if other is None:
        return
    closed = services.open_plan(
        by=hr,
        organisation=organisation,
        agent=other,
        situation="reclassement",
        goal="Trouver un métier sans port de charges après l'avis d'inaptitude.",
    )
    services.add_entry(
        by=hr,
        plan=closed,
        kind="meeting",
        date=today - datetime.timedelta(days=120),
        text="Bilan de compétences lancé ; deux missions de découverte proposées.",
    )
    services.close_plan(
        by=hr, plan=closed, note="Poste de gestionnaire au service des archives, depuis septembre."
    )
