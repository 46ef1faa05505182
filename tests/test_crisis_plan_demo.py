"""The demo's past crisis (demo/crisis_past.py): a closed crisis whose RETEX shows figures."""

import datetime

import pytest

from passerelles.access.models import Role
from passerelles.crisis import closing
from passerelles.crisis.models import Crisis
from passerelles.demo.crisis_past import create_demo_past_crisis
from passerelles.documents.models import EngagementDocument
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.frameworks.models import EngagementFramework
from passerelles.organisations.models import OrgUnit
from tests.cast import grant, make_agent, make_organisation

pytestmark = pytest.mark.django_db


def test_the_past_crisis_has_a_plan_ended_engagements_and_debriefs():
    ville = make_organisation("Ville de Belvau", "ville-de-belvau")
    unit = OrgUnit.objects.create(organisation=ville, name="Service état civil et accueil")
    grant(make_agent(ville, "Rose", "Rh", unit=unit), ville, Role.HR)
    for i in range(12):
        make_agent(ville, f"Agent{i}", f"Nom{i:02d}", unit=unit)
    today = datetime.date(2026, 11, 29)
    assert create_demo_past_crisis(today=today) == 9  # three needs: 3 + 4 + 2 places
    crisis = Crisis.objects.get(organisation=ville)
    assert crisis.status == "closed"
    assert set(
        Engagement.objects.filter(crisis_shifts__plan__crisis=crisis).values_list("state", flat=True)
    ) == {State.ENDED}
    # framed as the publication frames them: the crisis reassignment, whose documents HR can write
    assert set(
        EngagementFramework.objects.filter(engagement__crisis_shifts__plan__crisis=crisis).values_list(
            "code", flat=True
        )
    ) == {"crise_reaffectation"}
    # two ordres de mission de crise stating their shifts, the first accepted by the agent and HR
    orders = EngagementDocument.objects.filter(
        engagement__crisis_shifts__plan__crisis=crisis, kind="lettre_mission"
    ).order_by("engagement_id")
    assert [d.context["titre_document"] for d in orders] == ["Ordre de mission de crise"] * 2
    assert all(d.context["creneaux"] != "—" for d in orders)
    assert [sorted(orders[0].acceptances.values_list("party", flat=True)), orders[1].acceptances.count()] == [
        ["agent", "hr"],
        0,
    ]
    report = closing.retex(crisis)
    assert report.coverage == 1 and report.asked == 10
    lived = dict(report.debriefs[0][1])
    assert lived["Choisi : je me suis porté·e volontaire"] == 5
    assert report.debriefs[0][2] == 8
    assert create_demo_past_crisis(today=today) == 0  # once
