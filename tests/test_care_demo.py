"""Issue 22 alive in the demo (network at 400 agents): « rh » follows the demo agent in an open plan and has a
closed one; the demo agent reads theirs; the host of the linked mission sees an ordinary mission; no mission
carries the old purpose « reclassement »."""

import pytest
from django.test import Client
from django.utils import timezone

from passerelles.care.models import AccompanimentPlan
from passerelles.care.rules import PlanState
from passerelles.demo.generator import generate
from passerelles.missions.models import Mission
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _client(slug):
    client = Client()
    client.get(f"/demo/login/{slug}/")
    return client


def test_plans_in_every_state_and_no_mission_with_the_old_purpose(demo_network):
    assert set(AccompanimentPlan.objects.values_list("state", flat=True)) == set(PlanState.values)
    assert not Mission.objects.filter(purpose="reclassement").exists()
    open_plan = AccompanimentPlan.objects.get(state=PlanState.OPEN)
    assert open_plan.agent.user.email.startswith("agent@") and open_plan.engagements.count() == 1
    assert open_plan.entries.count() == 3


def test_the_demo_accounts_see_their_part(demo_network, settings):
    settings.DEMO = True
    plan = AccompanimentPlan.objects.get(state=PlanState.OPEN)
    engagement = plan.engagements.get()
    agent = _client("agent")
    assert f"/accompagnements/{plan.pk}/" in agent.get("/mon-accompagnement/").content.decode()
    page = agent.get(f"/accompagnements/{plan.pk}/").content.decode()
    assert "Retour après une longue maladie" in page and engagement.mission.title in page
    hr = _client("rh")
    listing = hr.get(f"/organisations/{plan.organisation.slug}/accompagnements/").content.decode()
    assert listing.count("data-row=") == 2
    # the mission's host: an ordinary engagement, no word of the plan
    host = Client()
    host.force_login(engagement.mission.created_by)
    seen = host.get(f"/engagements/{engagement.pk}/")
    assert seen.status_code == 200
    assert (
        "maladie" not in seen.content.decode() and f"/accompagnements/{plan.pk}/" not in seen.content.decode()
    )
    assert _client("encadrant").get(f"/accompagnements/{plan.pk}/").status_code == 404


def test_supports_with_difficulties_passed_on_in_every_state(demo_network, settings):
    from passerelles.care.models import Escalation, MissionSupport
    from passerelles.care.rules import EscalationState

    settings.DEMO = True
    assert set(Escalation.objects.values_list("state", flat=True)) == set(EscalationState.values)
    assert MissionSupport.objects.count() >= 3
    proposed = Escalation.objects.select_related("support__engagement__agent__user").get(
        state=EscalationState.PROPOSED
    )
    engagement = proposed.support.engagement
    client = Client()
    client.force_login(engagement.agent.user)
    page = client.get(f"/engagements/{engagement.pk}/soutien/").content.decode()
    assert "Oui, transmettre" in page
    agreed = Escalation.objects.select_related("support__sponsor__user").get(state=EscalationState.AGREED)
    sponsor = Client()
    sponsor.force_login(agreed.support.sponsor.user)
    page = sponsor.get(f"/engagements/{agreed.support.engagement_id}/soutien/").content.decode()
    assert "Ce que l'agent vous a transmis" in page and "data-passed-on" in page
    rh = _client("rh").get(f"/engagements/{engagement.pk}/").content.decode()
    assert f"/engagements/{engagement.pk}/soutien/" in rh


def test_the_sponsors_pacts_in_every_state(demo_network, settings):
    """Accepted by the sponsor; waiting for them (in their « À faire »); to be written again (HR reads it)."""
    from passerelles.care import support
    from passerelles.care.models import MissionSupport

    settings.DEMO = True
    states = {}
    for found in MissionSupport.objects.select_related("engagement", "sponsor__user"):
        pact = support.pact_state(found)
        state = (
            "accepted"
            if pact["acceptance"]
            else "waiting"
            if pact["names_sponsor"]
            else "outdated"
            if pact["pact"]
            else "none"
        )
        states.setdefault(state, found)
    assert {"accepted", "waiting", "outdated"} <= set(states), set(states)
    waiting = states["waiting"]
    sponsor = Client()
    sponsor.force_login(waiting.sponsor.user)
    todo = sponsor.get("/a-faire/").content.decode()
    assert 'data-todo="sponsor_pacts"' in todo and f"/engagements/{waiting.engagement_id}/soutien/" in todo
    page = sponsor.get(f"/engagements/{waiting.engagement_id}/soutien/").content.decode()
    assert "J'ai lu le pacte et je l'accepte" in page.replace("&#x27;", "'")
    accepted = states["accepted"].engagement.documents.get(kind="pacte", superseded_at__isnull=True)
    assert accepted.acceptances.filter(party="sponsor").exists() and accepted.acceptances.count() >= 4
    outdated = _client("rh").get(f"/engagements/{states['outdated'].engagement_id}/soutien/")
    assert 'data-support-pact="outdated"' in outdated.content.decode()


def test_a_unit_relying_on_reinforcements_in_the_to_do_of_hr_and_the_dgs(demo_network, settings):
    from passerelles.accounts.models import User
    from passerelles.care import structural
    from passerelles.core.todo import todo_for

    settings.DEMO = True
    hr = User.objects.get(email="rh@demo.passerelles.test")
    organisation = hr.agent.organisation
    units = structural.relying_units([organisation.pk], timezone.localdate())
    assert any(unit.missions >= structural.MISSIONS for unit in units)
    for slug in ("rh", "signataire"):
        user = User.objects.get(email=f"{slug}@demo.passerelles.test")
        assert "structural_needs" in {group.key for group in todo_for(user)}
        page = _client(slug).get(f"/organisations/{organisation.slug}/renforts-recurrents/")
        assert page.status_code == 200 and "data-unit" in page.content.decode()


def test_working_time_as_a_commons_in_the_demo(demo_network, settings):
    from passerelles.commons import services
    from passerelles.commons.models import SolidarityAllowance, Twinning

    settings.DEMO = True
    allowance = SolidarityAllowance.objects.get()
    twinning = Twinning.objects.get()
    counts = services.twinning_counts(twinning)
    assert counts["a_to_b_hours"] > 0 and counts["b_to_a_hours"] > 0  # both ways
    page = _client("agent").get("/temps-en-commun/").content.decode()
    assert allowance.deliberation in page and "data-balance" in page and "data-twinning" in page
    team = _client("encadrant").get("/temps-en-commun/equipe/")
    assert team.status_code == 200 and "data-team-counts" in team.content.decode()
    org = _client("rh").get(f"/organisations/{allowance.organisation.slug}/temps-en-commun/")
    assert org.status_code == 200 and "data-twinning" in org.content.decode()
