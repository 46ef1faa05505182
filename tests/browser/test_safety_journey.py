"""The safety nets, clicked through on the demo network: the administrator relaunches a failed e-mail from
« Courriels envoyés », HR reads the refusal of a hostile document model then uploads a valid one, HR relaunches
a failed SIRH import and discards an interrupted one. axe on every page; each new page fits 320 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORG = "departement-haute-lisiere"
TIMEOUT_REASON = "Le serveur de courriel n'a pas répondu dans le délai de 10 s."


def assert_fits_320(page) -> None:
    """No sideways scrolling on a 320 px wide screen (WCAG 1.4.10, reflow)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{page.url} scrolls sideways at 320 px ({width} px)"
    finally:
        page.set_viewport_size(size)


def test_admin_relaunches_a_failed_email(page, demo_network):
    from passerelles.outbox.models import OutboxMessage, OutboxState

    failed = OutboxMessage.objects.get(last_error=TIMEOUT_REASON)
    page.goto("/demo/login/admin/")
    expect(page.locator("[data-todo='outbox']")).to_contain_text("Courriels non envoyés")
    page.get_by_role("link", name="Courriels envoyés").click()
    expect(page.get_by_role("heading", level=1, name="Courriels envoyés")).to_be_visible()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_label("État").select_option(label="En échec, nouvel essai prévu")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"etat=failed"))
    row = page.get_by_role("row").filter(has_text=TIMEOUT_REASON)
    expect(row).to_contain_text(failed.subject)
    expect(row).to_contain_text("prochain essai le")
    expect(page.get_by_role("row").filter(has_text="Abandonné")).to_have_count(0)
    assert_accessible(page)
    assert_fits_320(page)
    row.get_by_role("link", name="Réessayer maintenant").click()
    expect(page.get_by_role("heading", level=1, name="Réessayer l'envoi")).to_be_visible()
    expect(page.get_by_role("navigation", name="Fil d’Ariane")).to_contain_text("Courriels envoyés")
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("button", name="Réessayer maintenant").click()
    expect(page.get_by_text("Le message repart : il sera envoyé dans un instant.")).to_be_visible()
    # The tests' task backend delivers at once (to the test mailbox): the message is sent.
    failed.refresh_from_db()
    assert failed.state == OutboxState.SENT
    page.get_by_label("État").select_option(label="Envoyé")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("row").filter(has_text=failed.subject)).to_contain_text("Envoyé")
    page.get_by_label("État").select_option(label="En échec, nouvel essai prévu")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("row").filter(has_text=TIMEOUT_REASON)).to_have_count(0)
    page.goto("/tableau-de-bord/")
    expect(page.get_by_text("Bientôt ici : Modèles de documents")).to_have_count(0)
    page.locator("section[data-role='admin']").get_by_role("link", name="Modèles de documents").click()
    expect(page.get_by_role("heading", level=1, name="Modèles de documents")).to_be_visible()


def test_hr_uploads_a_hostile_then_a_valid_document_model(page, demo_network, tmp_path):
    from passerelles.documents.rendering import default_docx

    hostile = tmp_path / "modele-piege.docx"
    hostile.write_bytes(default_docx([("paragraph", "{{ ''.__class__ }}")]))
    valid = tmp_path / "modele-pacte.docx"
    valid.write_bytes(default_docx([("title", "Pacte"), ("paragraph", "Bonjour {{ agent_nom_complet }}.")]))

    page.goto("/demo/login/rh/")
    page.goto(f"/organisations/{ORG}/")
    page.get_by_role("link", name="Modèles de documents").click()
    expect(page.get_by_role("heading", level=1, name="Modèles de documents")).to_be_visible()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_label("Document").select_option(index=0)
    page.get_by_label("Modèle (.docx ou .odt)").set_input_files(str(hostile))
    page.get_by_role("button", name="Essayer et enregistrer le modèle").click()
    refusal = page.locator(".errorlist")
    expect(refusal).to_contain_text("« {{ ''.__class__ }} » (paragraphe 1)")
    expect(refusal).to_contain_text("sans calcul, filtre ni attribut")
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_label("Modèle (.docx ou .odt)").set_input_files(str(valid))
    page.get_by_role("button", name="Essayer et enregistrer le modèle").click()
    expect(page.get_by_text("Modèle enregistré (version 1)")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile(r"version 1 \(DOCX\), déposée le"))).to_be_visible()
    assert_accessible(page)


def test_hr_relaunches_a_failed_import_and_discards_an_interrupted_one(page, demo_network):
    page.goto("/demo/login/rh/")
    todo = page.locator("[data-todo='imports']")
    expect(todo).to_contain_text("Imports SIRH à reprendre")
    expect(todo).to_contain_text("mise-a-jour-grades.csv — Échec")
    page.get_by_role("link", name="Import des agents depuis le SIRH").first.click()
    expect(page.get_by_role("heading", level=1, name="Import des agents depuis le SIRH")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="mise-a-jour-grades.csv")).to_contain_text("Échec")
    expect(page.get_by_role("row").filter(has_text="arrivees-novembre.csv")).to_contain_text("Interrompu")
    assert_accessible(page)
    assert_fits_320(page)

    page.get_by_role("link", name="mise-a-jour-grades.csv").click()
    expect(page.get_by_text("L'import a échoué et n'a rien modifié")).to_contain_text("temps alloué")
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("button", name="Relancer la vérification").click()
    expect(page.get_by_text("Vérification relancée : le fichier est relu depuis le début.")).to_be_visible()
    # Checked again from its file (the tests' task backend runs at once): a preview, ready to apply.
    expect(page.locator("[data-import-status='checked']")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/organisations/{ORG}/import/")
    page.get_by_role("link", name="arrivees-novembre.csv").click()
    expect(page.locator("[data-import-status='interrupted']")).to_be_visible()
    expect(page.get_by_text("Cet import est interrompu")).to_be_visible()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("link", name="Abandonner cet import").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Abandonner l'import")
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("button", name="Oui, abandonner cet import").click()
    expect(
        page.get_by_text("Import abandonné : son fichier est supprimé, rien n'a été modifié.")
    ).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="arrivees-novembre.csv")).to_contain_text("Abandonné")
    assert_accessible(page)


def test_a_decline_reason_kept_for_hr(page, demo_network):
    from passerelles.engagements.models import Engagement
    from passerelles.engagements.services import NEUTRAL_DECLINE

    declined = Engagement.objects.get(
        decline_reason_private=True, agent__user__email="agent@demo.passerelles.test"
    )
    page.goto("/demo/login/agent/")
    page.goto(f"/engagements/{declined.pk}/")
    expect(page.locator("main")).to_contain_text(str(NEUTRAL_DECLINE))
    expect(page.locator("main")).not_to_contain_text(declined.decline_reason)
    expect(page.locator("main")).not_to_contain_text("raison gardée pour la RH")
    assert_accessible(page)
    assert_fits_320(page)
    page.goto("/demo/login/rh/")
    page.goto(f"/engagements/{declined.pk}/")
    expect(page.locator("main")).to_contain_text(declined.decline_reason)
    expect(page.locator("main")).to_contain_text("(raison gardée pour la RH)")
    assert_accessible(page)
    assert_fits_320(page)
