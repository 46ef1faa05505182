"""A mission from need to interest: the host drafts it, HR publishes it, an agent finds it and steps forward."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from passerelles.demo.generator import generate
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


@pytest.fixture
def demo_network(settings):
    settings.DEMO = True
    generate(400)


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"mission-{name}.png"), full_page=True)


def test_draft_review_publish_discover_and_step_forward(page, demo_network):
    # The host (Ville de Belvau) drafts a mission.
    page.goto("/demo/login/accueil/")
    page.get_by_role("link", name="Proposer une mission").first.click()
    assert_accessible(page)
    page.get_by_label("Intitulé").fill("Animation d'un club de lecture pour adolescents")
    page.get_by_label("Description").fill(
        "Chaque mercredi, animer un club de lecture avec une bibliothécaire."
    )
    page.get_by_label("Projet auquel la mission contribue").fill("Lire à Belvau")
    page.get_by_label("Objet").select_option("appui_projet")
    page.get_by_label("Quotité (% du temps de travail)").fill("10")
    page.get_by_label("Date de début").fill("2027-03-01")
    page.get_by_label("Date de fin").fill("2027-02-01")
    page.get_by_label("Visible par").select_option("network")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    expect(page.get_by_text("La date de fin doit suivre la date de début.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date de fin").fill("2027-06-30")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("Brouillon enregistré")).to_be_visible()
    page.get_by_role("button", name="Envoyer en relecture RH").click()
    expect(page.get_by_text("En relecture RH").first).to_be_visible()
    mission_url = page.url
    shot(page, "1-submitted")

    # The Ville has no HR demo account: its HR is given the role here, as an administrator would.
    from passerelles.access.models import Role, RoleMembership
    from passerelles.accounts.models import User
    from passerelles.organisations.models import Organisation

    hr = User.objects.get(email="rh@demo.passerelles.test")
    RoleMembership.objects.create(
        user=hr, organisation=Organisation.objects.get(slug="ville-de-belvau"), role=Role.HR
    )
    page.goto("/demo/login/rh/")
    page.goto(mission_url)
    expect(page.get_by_role("heading", name="Relecture RH")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Mission publiée")).to_be_visible()
    shot(page, "2-published")

    # An agent of the Département finds it by a stemmed search and steps forward.
    page.goto("/demo/login/agent/")
    page.get_by_role("link", name="Parcourir les missions ouvertes").click()
    page.get_by_label("Mots-clés").fill("animer lecture")
    page.get_by_role("button", name="Rechercher").click()
    assert_accessible(page)
    page.get_by_role("link", name="Animation d'un club de lecture pour adolescents").click()
    page.get_by_label("Un mot pour l'équipe (facultatif)").fill("Je lis beaucoup, j'aimerais partager.")
    page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(page.get_by_text("C'est noté")).to_be_visible()
    assert_accessible(page)
    shot(page, "3-interest")
    page.get_by_role("link", name="Suivre mon engagement").click()
    expect(page.locator("[data-state='interest']")).to_be_visible()
    assert_accessible(page)

    # The host sees the person; the agent's manager does not.
    page.goto("/demo/login/accueil/")
    page.goto(mission_url)
    expect(page.get_by_role("cell", name=re.compile(".+")).first).to_be_visible()
    agent_name = User.objects.get(email="agent@demo.passerelles.test").agent.full_name
    expect(page.get_by_role("link", name=agent_name)).to_be_visible()
    page.goto("/demo/login/encadrant/")
    response = page.goto(mission_url)
    assert response.status == 200  # the mission is public to the network…
    expect(page.get_by_text(agent_name)).to_have_count(0)  # …but not who stepped forward
    shot(page, "4-manager-view")
