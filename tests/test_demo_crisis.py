"""Issue 17 alive in the demo (network at 400 agents): the Ville and its CCAS have a continuity plan and a
registry, « Canicule » is ready to activate (no crisis under way), a past crisis is closed; the CCAS's signatory
activates « Canicule » from the pages and the volunteers are asked."""

import datetime

import pytest
from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.crisis import closing
from passerelles.crisis.models import ContinuityPlan, Crisis, EssentialUnit, Scenario, Volunteer
from passerelles.crisis.vocabulary import CrisisStatus
from passerelles.demo.generator import generate
from passerelles.people.models import Agent
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def test_plans_registry_and_a_scenario_ready(demo_network):
    for slug in ("ville-de-belvau", "ccas-de-belvau"):
        plan = ContinuityPlan.objects.get(organisation__slug=slug)
        assert plan.essential_units.exists()
        assert plan.scenarios.filter(name="Canicule").exists()
        assert Volunteer.objects.filter(agent__organisation__slug=slug, is_active=True).count() >= 5
    for essential in EssentialUnit.objects.all():
        assert essential.minimum_staff <= Agent.objects.filter(unit=essential.unit, is_active=True).count()
    ville = Scenario.objects.get(plan__organisation__slug="ville-de-belvau", name="Canicule")
    assert ville.closed_units.count() == 2
    essential = set(EssentialUnit.objects.values_list("unit_id", flat=True))
    assert not essential & set(Scenario.objects.values_list("closed_units", flat=True))
    registry = Volunteer.objects.filter(is_active=True)
    assert 15 <= registry.count() <= 30
    assert len({tuple(v.skills) for v in registry}) >= 5
    assert not Crisis.objects.filter(status=CrisisStatus.ACTIVE).exists()
    past = Crisis.objects.get(status=CrisisStatus.CLOSED)
    assert past.units.exists() and past.availabilities.exists() and past.needs.exists()


def test_the_ccas_signatory_activates_canicule(
    demo_network, client, settings, django_capture_on_commit_callbacks
):
    settings.DEMO = True
    client.get("/demo/login/signataire-ccas/")
    home = client.get("/organisations/ccas-de-belvau/crise/")
    assert home.status_code == 200 and "Canicule" in home.content.decode()
    scenario = Scenario.objects.get(plan__organisation__slug="ccas-de-belvau", name="Canicule")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/organisations/ccas-de-belvau/crise/activer/",
            {
                "name": "Canicule",
                "scenario": scenario.pk,
                "starts_on": today.isoformat(),
                "expected_end": (today + datetime.timedelta(days=7)).isoformat(),
                "min_rest_hours": 11,
            },
        )
    crisis = Crisis.objects.get(status=CrisisStatus.ACTIVE)
    assert response.status_code == 302
    assert (
        crisis.availabilities.count()
        == Volunteer.objects.filter(agent__organisation__slug="ccas-de-belvau", is_active=True).count()
    )
    assert crisis.units.filter(role="essential").exists()
    assert User.objects.get(email="signataire-ccas@demo.passerelles.test") == crisis.activated_by


def test_the_demo_network_has_a_past_crisis_with_a_retex(demo_network):
    crisis = Crisis.objects.filter(organisation__slug="ville-de-belvau", status="closed").get()
    report = closing.retex(crisis)
    assert report.plan is not None and report.coverage > 0
    assert report.debriefs[0][2] is not None and report.debriefs[0][2] >= 5  # figures shown, not hidden
    assert not crisis.plans.get().assignments.filter(engagement__isnull=True).exists()
