"""The confidential path in a browser (issue 22): the demo agent, followed by « rh » in an accompaniment plan,
reads it from the dashboard and writes a note of their own; they step forward for a mission; « rh » links that
mission to the plan; the mission's host opens the engagement and sees an ordinary mission — not a word of the
plan. axe on each page, the plan at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.sessions import sign_in
from tests.browser.small_screens import overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(demo_network):
    from passerelles.accounts.models import User
    from passerelles.care.models import AccompanimentPlan
    from passerelles.missions.models import Mission

    agent = User.objects.get(email="agent@demo.passerelles.test").agent
    plan = AccompanimentPlan.objects.get(agent=agent, state="open")
    mission = (
        Mission.objects.for_actor(agent.user)
        .published()
        .filter(organisation=agent.organisation, created_by__isnull=False, programme__isnull=True)
        .exclude(engagements__agent=agent)
        .exclude(project_lead=agent)
        .exclude(created_by=agent.user)
        .order_by("pk")
        .first()
    )
    return {"agent": agent, "plan": plan, "mission": mission}


def test_an_agent_in_a_plan_takes_a_mission_whose_host_sees_an_ordinary_one(page, world, live_server):
    from passerelles.engagements.models import Engagement

    plan, mission = world["plan"], world["mission"]

    # The agent finds their plan from the dashboard, reads it and writes a note.
    page.goto("/demo/login/agent/")
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Mon accompagnement RH (confidentiel)").click()
    assert_accessible(page)
    page.locator(f'a[href="/accompagnements/{plan.pk}/"]').click()
    expect(page.locator("[data-situation]")).to_have_text("Retour après une longue maladie")
    expect(page.locator("[data-confidential]")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    measured = overflow(page)
    assert measured["scrollWidth"] <= 320, measured
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Date").fill("2026-12-01")
    page.get_by_label("Texte").fill("   ")  # nothing said: a French message, nothing written
    page.get_by_role("button", name="Ajouter").click()
    expect(page.locator(".errorlist").first).to_contain_text("Ce champ est obligatoire")
    assert plan.entries.count() == 3
    page.get_by_label("Texte").fill("Je me sens prête pour l'accueil du public.")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("Note ajoutée au plan")).to_be_visible()
    expect(page.get_by_text("Je me sens prête pour l'accueil du public.")).to_be_visible()

    # The agent steps forward for a mission, as anyone would.
    page.goto(f"/missions/{mission.pk}/")
    page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(page.get_by_text("C'est noté")).to_be_visible()
    engagement = Engagement.objects.get(agent=world["agent"], mission=mission)

    # « rh » links it to the plan.
    page.goto("/demo/login/rh/")
    page.goto(f"/organisations/{plan.organisation.slug}/accompagnements/")
    assert_accessible(page)
    page.locator(f'a[href="/accompagnements/{plan.pk}/"]').click()
    page.get_by_label("Relier une mission de l'agent").select_option(str(engagement.pk))
    page.get_by_role("button", name="Relier au plan").click()
    expect(page.get_by_text("Mission reliée au plan")).to_be_visible()
    expect(page.locator("[data-linked]").get_by_text(mission.title)).to_be_visible()
    assert_accessible(page)

    # The host opens the engagement: an ordinary mission, no word of the plan, and the plan is out of reach.
    sign_in(page, live_server, mission.created_by)
    page.goto(f"/engagements/{engagement.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    body = page.content()
    assert mission.title in body
    for word in ("maladie", "accompagnement RH (", f"/accompagnements/{plan.pk}/", "Je me sens prête"):
        assert word not in body, word
    assert page.goto(f"/accompagnements/{plan.pk}/").status == 404
