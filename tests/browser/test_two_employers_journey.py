"""A mise à disposition between two employers, in the browser (issue 14): the Département's HR confirms « Mise à
disposition »; the parties of both employers agree — the Département's HR and authority, the Ville's HR and
authority — beside the manager and the host; the Département's HR records when its assemblée délibérante was
informed; the documents are accepted; the engagement is ready, then under way. An extension then asks the agent
too (« J'accepte la prolongation »), and once everyone agreed the end date moves and an avenant is written. Last, the Ville's
administrator creates a partner association and invites its contact person, without /admin/."""

import datetime
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.between_employers import answer_everything, demo_engagement_between_employers, write_pact
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Who takes part, by demo login: the agent and their manager (Département), the mission's host (Ville), both
# employers' HR and authority.
EVERYONE = ["agent", "encadrant", "accueil", "rh", "signataire", "rh-ville", "signataire-ville"]


@pytest.fixture
def engagement(demo_network):
    """The demo agent (Département) on a mission of the Ville, just past the rencontre: the agreements open."""
    return demo_engagement_between_employers(title="Inventaire du fonds patrimonial", time_share_percent=10)


def login(page, who):
    page.goto(f"/demo/login/{who}/")


def test_a_mad_signed_by_both_employers_then_extended_with_the_agents_agreement(page, engagement):
    from passerelles.engagements.models import Engagement

    url = f"/engagements/{engagement.pk}/"

    # 1. The Département's HR (the origin's) confirms « Mise à disposition » with the boussole.
    login(page, "rh")
    page.goto(url)
    page.get_by_role("link", name="Choisir le dispositif avec la boussole").click()
    mad = page.locator("[data-framework='mise_a_disposition']")
    expect(mad).to_be_visible()
    mad.get_by_role("button").click()
    expect(page.get_by_text("Dispositif confirmé")).to_be_visible()
    # both employers' HR and authority are parties, each named with its organisation
    for party in ("hr", "signatory", "host_hr", "host_signatory"):
        expect(page.locator(f"tr[data-party='{party}']")).to_be_visible()
    expect(page.locator("tr[data-party='host_signatory']")).to_contain_text(
        "Autorité de l'employeur d'accueil — Ville de Belvau"
    )
    expect(page.locator("[data-missing]")).to_contain_text("l'information de l'assemblée délibérante")
    # the origin's HR answers for « RH », never for the host's HR
    expect(page.locator("[data-answer-for='hr']")).to_be_visible()
    expect(page.locator("[data-answer-for='host_hr']")).to_have_count(0)
    assert_accessible(page)

    # 2. The assemblée délibérante was informed: a date (not to come) and the session.
    page.get_by_label("Assemblée délibérante informée le").fill(
        (datetime.date.today() - datetime.timedelta(days=2)).isoformat()
    )
    page.get_by_label("Référence (facultatif : séance, délibération)").fill("Commission permanente")
    page.get_by_role("button", name="Enregistrer l'information de l'assemblée").click()
    expect(page.get_by_text("L'information de l'assemblée délibérante est enregistrée")).to_be_visible()
    expect(page.locator("[data-assembly='recorded']")).to_contain_text("Commission permanente")
    expect(page.get_by_text("a enregistré l'information de l'assemblée délibérante")).to_be_visible()

    # 3. HR writes the documents the framework needs (whatever they are today).
    page.get_by_role("link", name="Établir les documents").click()
    write_pact(page)
    written = page.get_by_text(re.compile(r"établi \(version 1\)"))
    expect(written).to_be_visible()
    write = page.get_by_role("button", name="Établir le document", exact=True)
    while write.count():
        write.first.click()
        expect(written).to_be_visible()

    # 4. Everyone answers for their own parties (twice round: an arrêté is accepted after its convention):
    # the engagement is ready.
    for who in EVERYONE + EVERYONE:
        login(page, who)
        answer_everything(page, url)
        if who == "signataire-ville":
            assert_accessible(page)
    page.goto(url)
    expect(page.locator("[data-state='ready']")).to_be_visible()
    # the convention is signed by both employers' HR and authority, then the arrêté by the origin's authority
    current = {d.kind: d for d in engagement.documents.filter(superseded_at__isnull=True)}
    assert {"pacte", "convention_mad", "arrete_mad"} <= set(current)
    signed = set(current["convention_mad"].acceptances.values_list("party", flat=True))
    assert signed == {"hr", "signatory", "host_hr", "host_signatory"}
    assert set(current["arrete_mad"].acceptances.values_list("party", flat=True)) == {"signatory"}
    login(page, "rh")  # the documents page is HR's
    page.goto(f"{url}documents/")
    arrete = page.locator("[data-document-kind='arrete_mad']")
    expect(arrete).to_contain_text("Arrêté de mise à disposition")
    accepted = page.request.get(arrete.locator("[data-accepted-version]").get_attribute("href"))
    assert accepted.ok and accepted.headers["content-type"] == "application/pdf"
    assert accepted.body().startswith(b"%PDF")

    # 5. It starts on its start date; HR asks for a prolongation.
    call_command("daily", "--date", engagement.start_date.isoformat())
    new_end = engagement.end_date + datetime.timedelta(days=30)
    login(page, "rh")
    page.goto(url)
    expect(page.locator("[data-state='active']")).to_be_visible()
    page.get_by_label("Nouvelle date de fin").fill(new_end.isoformat())
    page.get_by_role("button", name="Demander la prolongation").click()
    expect(page.get_by_text("Prolongation demandée : les accords sont sollicités")).to_be_visible()
    expect(page.locator("tr[data-party='agent']")).to_be_visible()

    # 6. The agent is asked too, from « À faire », and accepts.
    login(page, "agent")
    page.locator("[data-todo='extensions']").get_by_role("link").first.click()
    form = page.locator("[data-answer-for='agent']")
    expect(form).to_contain_text("Votre accord est demandé à chaque renouvellement")
    assert_accessible(page)
    form.get_by_role("button", name="J'accepte la prolongation").click()
    expect(page.get_by_text("Votre réponse est enregistrée")).to_be_visible()
    assert Engagement.objects.get(pk=engagement.pk).end_date == engagement.end_date  # not before everyone

    # 7. Everyone else agrees to the prolongation: the end date moves.
    for who in EVERYONE[1:]:
        login(page, who)
        answer_everything(page, url)
    extended = Engagement.objects.get(pk=engagement.pk)
    assert extended.end_date == new_end and extended.extension_end_date is None
    # the documents stage wrote the avenant on the hook the core calls (engagements.stages.on_extended)
    assert extended.documents.filter(kind="avenant").exists()
    login(page, "rh")
    page.goto(url)
    expect(page.get_by_text("a prolongé la mission")).to_be_visible()
    expect(page.get_by_text("a accepté la prolongation")).to_be_visible()
    # the avenant waits for the convention's parties, with the new end date
    page.goto(f"{url}documents/")
    expect(page.locator("[data-document-kind='avenant']")).to_contain_text("Version 1")
    avenant = extended.documents.get(kind="avenant", superseded_at__isnull=True)
    assert avenant.context["date_fin"] == f"{new_end:%d/%m/%Y}"


def test_the_partners_administrator_creates_an_association_and_its_host_account(page, demo_network):
    login(page, "admin-ville")
    page.goto("/organisations/ville-de-belvau/")
    page.get_by_role("link", name="Associations partenaires").click()
    expect(page.get_by_role("heading", level=1, name="Associations partenaires")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nom de l'association ou de la fondation").fill("Les Amis de la Médiathèque")
    page.get_by_label("SIRET (facultatif)").fill("123")
    page.get_by_label("Adresse e-mail de la personne contact").fill("amis@mediatheque.test")
    page.get_by_role("button", name="Créer l'association et inviter sa personne contact").click()
    expect(page.locator("[data-refusal]")).to_contain_text("14 chiffres")  # bad input: nothing created
    page.get_by_label("SIRET (facultatif)").fill("")
    page.get_by_role("button", name="Créer l'association et inviter sa personne contact").click()
    expect(page.get_by_text("« Les Amis de la Médiathèque » est créée")).to_be_visible()
    expect(page.locator("[data-association='les-amis-de-la-mediatheque']")).to_contain_text(
        "amis@mediatheque.test"
    )
    assert_accessible(page)
