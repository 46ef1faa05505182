"""The demo agent, on a phone, chooses how to hear of each kind of notification: the page reflows at 320 px,
passes axe-core, and the choice is kept."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_agent_chooses_per_kind_on_a_small_screen(page, demo_network):
    from passerelles.accounts.models import User
    from passerelles.notifications.preferences import choice_for

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/demo/login/agent/")
    page.goto("/compte/")
    page.get_by_role("link", name="Mes notifications : courriels et SMS").click()
    expect(page.get_by_role("heading", level=1, name="Mes notifications")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    stories = page.get_by_role("group", name="Récits", exact=True)
    stories.get_by_label("jamais").check()
    missions = page.get_by_role("group", name="Nouvelles missions pour vos recherches")
    missions.get_by_label("Aussi par SMS").uncheck()
    agreement = page.get_by_role("group", name="Votre accord est attendu")
    expect(agreement.get_by_text("Ne peut pas être arrêté")).to_be_visible()
    expect(agreement.get_by_label("jamais")).to_have_count(0)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Vos préférences sont enregistrées.")).to_be_visible()
    assert_accessible(page)
    agent = User.objects.get(email="agent@demo.passerelles.test")
    assert choice_for(agent, "story").email == "never"
    assert not choice_for(agent, "new_mission").sms and choice_for(agent, "meeting").sms
