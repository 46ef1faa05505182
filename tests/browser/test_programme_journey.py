"""A programme run as a test, for real (issue 16), with the demo people of the Département: HR creates a test
programme with an indicator; an agent says « ça m'intéresse » for a mission of it and must tick that they agree
to take part in a test; the programme passes its expiry date and a new mission in it is refused; HR records a
decision (prolongé) and the same mission is accepted; the signatory (DGS) opens the review PDF."""

import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
NAME = "Missions de découverte des métiers"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"programme-{name}.png"), full_page=True)


def login(page, role):
    page.context.clear_cookies()
    page.goto(f"/demo/login/{role}/")


def mission_in(programme, title, status):
    """A mission of the Département in ``programme``, drafted by its HR (the mission form is another story)."""
    from passerelles.accounts.models import User
    from passerelles.missions.models import Mission, MissionStatus

    hr = User.objects.get(email="rh@demo.passerelles.test")
    template = Mission.objects.filter(
        organisation=programme.organisation, status=MissionStatus.PUBLISHED
    ).first()
    today = datetime.date.today()
    mission = Mission(
        organisation=programme.organisation,
        host_unit=template.host_unit,
        project_lead=template.project_lead,
        created_by=hr,
        programme=programme,
        title=title,
        description="Une journée par mois, découvrir le métier d'une autre direction avec un tuteur.",
        skills="curiosité",
        purpose=template.purpose,
        time_share_percent=10,
        start_date=today + datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=120),
        visibility="organisation",
        status=status,
    )
    if status == MissionStatus.PUBLISHED:
        from django.utils import timezone

        mission.published_at = timezone.now()
    mission.save()
    return mission


def test_a_programme_as_a_test_from_creation_to_decision(page, demo_network):
    from pypdf import PdfReader

    from passerelles.engagements.models import Engagement
    from passerelles.missions.models import MissionStatus, Programme, ProgrammeStatus

    today = datetime.date.today()
    # 1. HR creates a test programme: hypothesis, dates, notice, an indicator.
    login(page, "rh")
    page.goto("/organisations/departement-haute-lisiere/programmes/")
    expect(page.get_by_role("table", name="Programmes de l'organisation")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nouveau programme").click()
    page.get_by_label("Nom", exact=True).fill(NAME)
    page.get_by_label("Hypothèse à vérifier").fill(
        "Une journée de découverte donne envie de faire une mission."
    )
    page.get_by_label("Début du test").fill(today.isoformat())
    page.get_by_label("Fin du test").fill((today + datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Ce que l'on dit aux participant·es").fill(
        "Vous participez au test des missions de découverte jusqu'à l'été ; on vous demandera votre avis."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Créer le programme").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    programme = Programme.objects.get(name=NAME)
    page.get_by_role("link", name="Ajouter un indicateur").click()
    page.get_by_label("Indicateur", exact=True).fill("Personnes intéressées")
    page.get_by_label("Mesure", exact=True).select_option("interested")
    page.get_by_label("Cible", exact=True).fill("1")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer l'indicateur").click()
    expect(page.locator("[data-indicators]")).to_contain_text("Personnes intéressées")
    expect(page.locator("[data-indicators] [data-state]")).to_have_attribute("data-state", "not_met")
    assert_accessible(page)
    shot(page, "1-created")

    # 2. An agent says « ça m'intéresse » and must tick the consent to the test.
    published = mission_in(programme, "Découvrir le métier de la voirie", MissionStatus.PUBLISHED)
    login(page, "agent")
    page.goto(f"/missions/{published.pk}/")
    expect(page.locator("[data-programme-consent]")).to_contain_text("missions de découverte jusqu'à l'été")
    assert_accessible(page)
    page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(page.get_by_text("cochez la case")).to_be_visible()
    assert not Engagement.objects.filter(mission=published).exists()
    page.get_by_label("J'ai compris que je participe à un test et j'accepte d'y participer.").check()
    page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(page.get_by_text("C'est noté !")).to_be_visible()
    engagement = Engagement.objects.get(mission=published)
    assert engagement.programme_consent_at is not None and "jusqu'à l'été" in engagement.programme_notice
    page.goto(f"/engagements/{engagement.pk}/")
    expect(page.locator("[data-programme-participation]")).to_contain_text(
        f"Vous participez au test « {NAME} »"
    )
    assert_accessible(page)
    shot(page, "2-consent")

    # 3. The programme passes its expiry date: a new mission in it is refused.
    Programme.objects.filter(pk=programme.pk).update(expires_on=today - datetime.timedelta(days=1))
    draft = mission_in(programme, "Découvrir le métier des archives", MissionStatus.DRAFT)
    login(page, "rh")
    page.goto(f"/missions/{draft.pk}/")
    page.get_by_role("button", name="Envoyer en relecture RH").click()
    expect(page.get_by_text("arrivé à échéance")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == MissionStatus.DRAFT

    # 4. HR records a decision: prolongé, with a new date and its reasons.
    page.goto(f"/programmes/{programme.pk}/")
    expect(page.locator("[data-expired]")).to_contain_text(
        "Test arrivé à échéance : enregistrez une décision"
    )
    assert_accessible(page)
    shot(page, "3-expired")
    form = page.locator("[data-decision-form]")
    form.get_by_label("Prolongé", exact=True).check()
    form.get_by_label("Nouvelle date de fin (si le test est prolongé)").fill(
        (today + datetime.timedelta(days=180)).isoformat()
    )
    form.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Donnez les raisons de la décision")).to_be_visible()  # reasons are required
    form = page.locator("[data-decision-form]")
    form.get_by_label("Prolongé", exact=True).check()
    form.get_by_label("Nouvelle date de fin (si le test est prolongé)").fill(
        (today + datetime.timedelta(days=180)).isoformat()
    )
    form.get_by_label("Raisons de la décision").fill("Trop peu de recul : une seule saison de missions.")
    form.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée.")).to_be_visible()
    expect(page.locator("[data-decisions]")).to_contain_text("Trop peu de recul")
    assert page.locator("[data-expired]").count() == 0
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.EXTENDED

    # ... and the same mission is now accepted.
    page.goto(f"/missions/{draft.pk}/")
    page.get_by_role("button", name="Envoyer en relecture RH").click()
    draft.refresh_from_db()
    assert draft.status == MissionStatus.SUBMITTED

    # 5. The signatory (DGS) reads the programme and opens its review PDF; it cannot record a decision.
    login(page, "signataire")
    page.goto(f"/programmes/{programme.pk}/bilan/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    assert page.locator("[data-decision-form]").count() == 0
    assert_accessible(page)
    shot(page, "4-review")
    href = page.locator("[data-review-pdf]").first.get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    text = " ".join(text.split())
    assert NAME in text and "Personnes intéressées" in text and "Trop peu de recul" in text
