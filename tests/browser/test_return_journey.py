"""After a mission ends: the agent, the host and the home manager evaluate it, the agent tells it, HR
publishes the story, it appears in the gallery, and the agent downloads the passport PDF (read back)."""

import datetime

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ended(demo_network):
    from passerelles.accounts.models import User
    from passerelles.engagements.lifecycle import State
    from passerelles.engagements.models import Engagement
    from passerelles.missions.models import Mission

    agent = User.objects.get(email="agent@demo.passerelles.test").agent
    mission = Mission.objects.filter(project_lead__user__email="accueil@demo.passerelles.test").first()
    end = datetime.date.today() - datetime.timedelta(days=2)
    return Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=State.ENDED,
        start_date=end - datetime.timedelta(days=90),
        end_date=end,
        percent=20,
        agreement_round=1,
    )


def evaluate(page, engagement):
    page.goto(f"/engagements/{engagement.pk}/")
    page.get_by_role("link", name="Évaluation de la mission").click()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Envoyer mon évaluation"))
    # .all() does not wait: read the fieldsets of the evaluation page, not of the page still being left
    expect(form.locator("fieldset.likert").first).to_be_visible()
    for fieldset in form.locator("fieldset.likert").all():
        choice = fieldset.get_by_label("Plutôt d'accord")
        (choice if choice.count() else fieldset.get_by_label("Oui", exact=True)).check()
    for text in form.locator("textarea").all():
        text.fill("Une belle découverte du travail en médiathèque.")
    if form.get_by_label("J'accepte que les points forts").count():
        form.get_by_label("J'accepte que les points forts").check()
    assert_accessible(page)
    form.get_by_role("button", name="Envoyer mon évaluation").click()
    expect(page.get_by_text("Merci : votre évaluation est enregistrée.")).to_be_visible()


def test_three_evaluations_a_story_published_and_the_passport(page, ended, tmp_path):
    for who in ("agent", "accueil", "encadrant"):
        page.goto(f"/demo/login/{who}/")
        evaluate(page, ended)
    ended.refresh_from_db()
    assert ended.state == "evaluated"

    # The agent tells the mission and chooses who may read it.
    page.goto("/demo/login/agent/")
    page.goto(f"/engagements/{ended.pk}/")
    page.get_by_role("link", name="Raconter cette mission").click()
    page.get_by_label("Titre").fill("Trois mois avec les seniors de la médiathèque")
    page.get_by_label("Récit").fill(
        "Chaque mardi, nous apprivoisions les tablettes. J'ai appris à animer un groupe."
    )
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_label("Dans tout le réseau").check()
    page.get_by_label("J'accepte que ce récit").check()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer à la RH pour publication").click()
    expect(page.get_by_text("La RH relit votre récit")).to_be_visible()

    # HR reads it and publishes it.
    page.goto("/demo/login/rh/")
    page.goto("/recits/")
    page.get_by_role("link", name="Trois mois avec les seniors de la médiathèque").first.click()
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.get_by_text("l'agent est prévenu")).to_be_visible()

    # It is in the gallery, for the network.
    page.goto("/demo/login/agent/")
    page.goto("/recits/")
    expect(page.locator("[data-story]").filter(has_text="Trois mois avec les seniors")).to_be_visible()
    assert_accessible(page)

    # The passport, and its PDF for the annual review.
    page.goto("/passeport/")
    expect(page.get_by_text("Une belle découverte du travail en médiathèque.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l'attestation (PDF)").click()
    path = tmp_path / "passeport.pdf"
    download.value.save_as(path)
    document = pdfium.PdfDocument(str(path))
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert ended.agent.full_name in text and ended.mission.title[:20] in text.replace("\r\n", " ")
