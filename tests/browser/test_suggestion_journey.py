"""HR opens a mission, sees suggestions with their reasons, proposes the mission to one agent, who sees the
proposal and accepts to meet."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.cast import working_slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Animer des stands de sensibilisation au tri"
HOST_TITLE = "Animer des ateliers numériques pour les seniors"


def test_hr_suggestion_to_proposal_to_meeting(page, demo_network):
    from passerelles.accounts.models import User
    from passerelles.engagements.models import Engagement

    agent = User.objects.get(email="agent@demo.passerelles.test").agent
    page.goto("/demo/login/rh/")
    page.goto("/missions/")
    page.get_by_label("Que cherchez-vous ?").fill("stands tri")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="À qui penser ? Voir les suggestions").click()
    page.get_by_label("Disponibles seulement").check()
    page.get_by_role("button", name="Filtrer").click()
    card = page.locator(f"[data-suggested='{agent.pk}']")
    expect(card).to_be_visible()
    expect(card.get_by_text("aime : animation d'ateliers")).to_be_visible()
    assert_accessible(page)
    # HR offers a rencontre slot with the proposal (its own page): it reaches calendars only if the agent accepts
    card.get_by_role("link", name=f"Proposer la mission avec une rencontre à {agent.first_name}").click()
    expect(page.get_by_role("heading", name=f"avec une rencontre à {agent.full_name}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la proposition et le créneau").click()  # nothing typed yet
    expect(page.get_by_text("Ce champ est obligatoire.").first).to_be_visible()
    when = working_slot(days=5)  # a weekend or a holiday would ask for a confirmation first
    page.get_by_label("Date et heure").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu").fill("Maison de l'environnement, salle 3")
    page.get_by_role("button", name="Envoyer la proposition et le créneau").click()
    expect(page.locator("[data-state='proposal']")).to_be_visible()
    expect(page.get_by_text("l'invitation partira dès que la personne accepte")).to_be_visible()

    page.goto("/demo/login/agent/")
    page.locator("[data-todo='mine']").get_by_role("link", name=f"{agent.full_name} — {TITLE}").click()
    expect(page.get_by_role("heading", name="Rencontre proposée")).to_be_visible()
    expect(page.get_by_text("Maison de l'environnement, salle 3")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accepter de rencontrer").click()
    expect(page.locator("[data-state='meeting']")).to_be_visible()
    expect(page.get_by_role("heading", name="Rencontre", exact=True)).to_be_visible()
    engagement = Engagement.objects.get(agent=agent, mission__title=TITLE)
    assert engagement.state == "meeting" and engagement.meeting.starts_at == when


def test_host_asks_hr_to_contact_an_anonymous_profile(page, demo_network):
    from passerelles.matching.models import Shortlist

    page.goto("/demo/login/accueil/")
    page.goto("/missions/")
    page.get_by_role("link", name=HOST_TITLE).first.click()
    page.get_by_role("link", name="À qui penser ? Voir les suggestions").click()
    expect(page.get_by_role("heading", name="Profil 1")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_text("Demande transmise à la RH.")).to_have_count(
        1
    )  # the demo host asked once already
    page.get_by_role("button", name="Demander à la RH de faire le lien").first.click()
    expect(page.get_by_text("Demande transmise à la RH : elle prendra contact")).to_be_visible()
    entry = Shortlist.objects.filter(mission__title=HOST_TITLE).latest("created_at")

    page.goto("/demo/login/rh-ville/")  # the Ville's HR: the request is in « À faire »
    page.locator("[data-todo='host_requests']").get_by_role(
        "link", name=f"{entry.agent.full_name} — {HOST_TITLE}"
    ).click()
    expect(page.locator(f"[data-shortlisted='{entry.agent_id}']")).to_contain_text(entry.agent.full_name)
    assert_accessible(page)
