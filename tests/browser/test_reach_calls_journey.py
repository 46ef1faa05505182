"""Acceptance of issue 15 §3 and §5 in a real browser: HR records by phone the interest of an agent who has
no desk; the agent reads the recorded consent on their engagement page and withdraws in one step; HR then
sends a call for volunteers to a unit, reads the preview (counts, no names) and the call's counts."""

import pytest
from playwright.sync_api import expect

from passerelles.access.models import Role
from passerelles.callouts.models import VolunteerCall
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import NotificationKind
from tests.browser.conftest import assert_accessible
from tests.browser.test_closing_journey import sign_in
from tests.cast import build_cast, make_mission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Renfort à la cuisine centrale"


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_interest_recorded_by_phone_then_withdrawn_and_a_call_for_volunteers(page, live_server):
    cast = build_cast()
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title=TITLE)
    agent = cast.agents["agent"]

    # HR records « ça m'intéresse » for Paul, who said it on the phone.
    sign_in(page, live_server, cast.users[Role.HR])
    page.goto(f"/missions/{mission.pk}/")
    page.get_by_role("link", name="Enregistrer un intérêt pour une personne").click()
    assert_accessible(page)
    page.get_by_label("Pour qui ?").fill("Paul Agent")
    page.get_by_label("par téléphone").check()
    page.get_by_label("Précision").fill("appel du lundi matin")
    page.get_by_role("button", name="Enregistrer son intérêt").click()
    expect(page.get_by_text("Intérêt enregistré pour Paul Agent")).to_be_visible()
    engagement = Engagement.objects.get(agent=agent, mission=mission)
    assert engagement.consent_channel == "phone" and engagement.recorded_by == cast.users[Role.HR]
    assert agent.user.notifications.filter(kind=NotificationKind.ENGAGEMENT).exists()

    # Paul reads the consent on his page, on a small phone, and withdraws in one step.
    sign_in(page, live_server, agent.user)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/engagements/{engagement.pk}/")
    card = page.locator("[data-on-behalf]")
    expect(card).to_contain_text("Intérêt enregistré pour vous par Rita Ressources le")
    expect(card).to_contain_text("accord donné : par téléphone")
    no_sideways_scroll(page)
    assert_accessible(page)
    card.get_by_role("button", name="Retirer mon intérêt").click()
    expect(page.locator("[data-state]").first).to_have_text("Retirée par l'agent")
    engagement.refresh_from_db()
    assert engagement.state == State.WITHDRAWN

    # HR calls the school service for volunteers.
    sign_in(page, live_server, cast.users[Role.HR])
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"/missions/{mission.pk}/")
    page.get_by_role("link", name="Appel à volontaires").click()
    page.get_by_label("Des unités (et leurs services)").check()
    page.locator("summary", has_text="Unités").click()
    page.get_by_label("Service des écoles").check()
    page.get_by_role("button", name="Voir l'aperçu").click()
    preview = page.locator("[data-preview]")
    expect(preview.locator("[data-count='to_reach']")).to_contain_text("2 personnes à prévenir")
    expect(preview).to_contain_text("2 par courriel, 0 par SMS, 0 dans l'application seulement")
    expect(preview).not_to_contain_text("Paul")
    assert_accessible(page)
    assert not VolunteerCall.objects.filter(organisation=cast.home).exists()
    page.get_by_role("button", name="Envoyer l'appel à 2 personnes").click()
    expect(page.locator("[data-count='reached']")).to_contain_text("2 personnes prévenues")
    expect(page.locator("[data-count='answers']")).to_contain_text("0 réponse")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    no_sideways_scroll(page)
    call = VolunteerCall.objects.get(organisation=cast.home)
    assert call.sent_at is not None
    assert agent.user.notifications.filter(kind=NotificationKind.VOLUNTEER_CALL).count() == 1
