"""Issue 20 on a phone (320 px), as the Département's administrator: from the organisation's settings, make an
API key (shown once), use it, revoke it after a confirmation; add a webhook endpoint and read its secret; set
the SIRH synchronisation's folder, a hostile name refused first. Each page reflows without sideways scrolling
and passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORG = "departement-haute-lisiere"


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_administrator_connects_the_organisations_systems(page, demo_network, live_server):
    from passerelles.api.models import ApiKey
    from passerelles.outbox.models import WebhookEndpoint
    from passerelles.people.models import SirhSync

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/demo/login/admin/")
    page.goto(f"/organisations/{ORG}/parametres/")
    page.get_by_role("link", name="Gérer les clés d'API").click()
    expect(page.get_by_role("heading", level=1, name="Clés d'API")).to_be_visible()
    _fits(page)
    assert_accessible(page)

    page.get_by_label("Nom de la clé").fill("Essai du SIRH")
    page.get_by_label("Lecture et écriture").check()
    page.get_by_role("button", name="Créer la clé").click()
    expect(page.get_by_role("heading", name="Clé « Essai du SIRH » créée")).to_be_visible()
    plain = page.get_by_label("Clé", exact=True).input_value()
    assert plain.startswith("psl_")
    _fits(page)
    assert_accessible(page)
    agents = page.request.get(
        live_server.url + "/api/v1/agents?limit=3", headers={"Authorization": f"Bearer {plain}"}
    )
    assert agents.status == 200 and len(agents.json()["results"]) == 3
    page.reload()  # shown once: gone after a new reading of the page
    expect(page.get_by_label("Clé", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Révoquer la clé Essai du SIRH").click()
    expect(page.get_by_role("heading", level=1, name="Révoquer la clé « Essai du SIRH » ?")).to_be_visible()
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Révoquer la clé").click()
    expect(page.get_by_text("La clé « Essai du SIRH » est révoquée")).to_be_visible()
    assert ApiKey.objects.get(name="Essai du SIRH").revoked_at is not None
    refused = page.request.get(
        live_server.url + "/api/v1/agents", headers={"Authorization": f"Bearer {plain}"}
    )
    assert refused.status == 401 and refused.json()["code"] == "unauthenticated"

    page.goto(f"/organisations/{ORG}/webhooks/")
    _fits(page)
    assert_accessible(page)
    page.get_by_label("Adresse de réception").fill("https://10.0.0.8/passerelles")
    page.get_by_role("button", name="Ajouter").click()
    expect(
        page.locator(".errorlist").get_by_text(
            "Une adresse de réseau privé ou local ne peut pas recevoir de webhooks."
        )
    ).to_be_visible()
    assert WebhookEndpoint.objects.filter(organisation__slug=ORG).count() == 1  # the demo's, nothing more
    page.get_by_label("Adresse de réception").fill("https://rh.haute-lisiere.example/passerelles")
    page.get_by_label("Description").fill("Outil RH")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_role("heading", level=1, name="Point de réception")).to_be_visible()
    _fits(page)
    assert_accessible(page)
    assert WebhookEndpoint.objects.filter(organisation__slug=ORG, description="Outil RH").exists()

    page.goto(f"/organisations/{ORG}/import/synchronisation/")
    expect(
        page.get_by_role("heading", level=1, name="Synchronisation automatique avec le SIRH")
    ).to_be_visible()
    page.get_by_label("Dossier de dépôt").fill("../etc")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    _fits(page)
    assert_accessible(page)
    assert SirhSync.objects.get(organisation__slug=ORG).folder == "departement-haute-lisiere"
