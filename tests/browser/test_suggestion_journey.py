"""HR opens a mission, sees suggestions with their reasons, proposes the mission to one agent, who sees the
proposal and accepts to meet."""

import pytest
from playwright.sync_api import expect

from passerelles.demo.generator import generate
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Animer des stands de sensibilisation au tri"


@pytest.fixture
def demo_network(settings):
    settings.DEMO = True
    generate(400)


def test_hr_suggestion_to_proposal_to_meeting(page, demo_network):
    from passerelles.accounts.models import User
    from passerelles.engagements.models import Engagement

    agent = User.objects.get(email="agent@demo.passerelles.test").agent
    page.goto("/demo/login/rh/")
    page.goto("/missions/")
    page.get_by_label("Mots-clés").fill("stands tri")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="À qui penser ? Voir les suggestions").click()
    page.get_by_label("Disponibles seulement").check()
    page.get_by_role("button", name="Filtrer").click()
    card = page.locator(f"[data-suggested='{agent.pk}']")
    expect(card).to_be_visible()
    expect(card.get_by_text("aime : animation d'ateliers")).to_be_visible()
    assert_accessible(page)
    card.get_by_role("button", name=f"Proposer la mission à {agent.first_name}").click()
    expect(page.locator("[data-state='proposal']")).to_be_visible()

    page.goto("/demo/login/agent/")
    page.locator("[data-todo='mine']").get_by_role("link", name=f"{agent.full_name} — {TITLE}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Accepter de rencontrer").click()
    expect(page.locator("[data-state='meeting']")).to_be_visible()
    assert Engagement.objects.get(agent=agent, mission__title=TITLE).state == "meeting"
