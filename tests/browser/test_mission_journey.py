"""The whole story with five demo people: a host drafts a mission, HR publishes it, an agent finds it by a
stemmed French search and steps forward, HR schedules a meeting (ICS e-mail), the manager, the host and HR
agree, HR confirms the framework with the boussole and writes the pact and the convention, the parties
accept them, the engagement is ready; the daily job starts it on its start date and ends it on its end date. A screenshot of every step is
saved under var/test-artifacts/. After the agreements, the agent, the manager, the host and the signatory each find
in « À faire » the document they must accept, and lose it once accepted."""

import datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from passerelles.foundation.calendar_fr import next_working_day
from tests.browser.conftest import assert_accessible
from tests.cast import meeting_held
from tests.mail_parts import calendar_of, invitations

pytestmark = [pytest.mark.browser, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
TITLE = "Animation d'un club de lecture pour adolescents"


@pytest.fixture
def demo_network(demo_network):
    """The shared demo network (tests/browser/conftest.py), with this story's own set-up on top."""
    from passerelles.access.models import Role, RoleMembership
    from passerelles.accounts.models import User
    from passerelles.organisations.models import Organisation

    # The Ville has no HR demo account of its own: the Département's HR coordinator also serves it here, and
    # the story has five people, so the Département's signature step is switched off.
    ville = Organisation.objects.get(slug="ville-de-belvau")
    RoleMembership.objects.create(
        user=User.objects.get(email="rh@demo.passerelles.test"), organisation=ville, role=Role.HR
    )
    Organisation.objects.filter(slug="departement-haute-lisiere").update(requires_signatory=False)


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"story-{name}.png"), full_page=True)


def login(page, role):
    page.goto(f"/demo/login/{role}/")


def test_the_whole_story(page, demo_network):
    from passerelles.accounts.models import User
    from passerelles.engagements.models import Engagement

    start, end = (
        datetime.date.today() + datetime.timedelta(days=40),
        datetime.date.today() + datetime.timedelta(days=130),
    )

    # 1. The host drafts the mission (and meets a clear error on a wrong end date).
    login(page, "accueil")
    page.get_by_role("link", name="Proposer une mission").first.click()
    assert_accessible(page)
    page.get_by_label("Intitulé").fill(TITLE)
    page.get_by_label("Description").fill(
        "Chaque mercredi, animer un club de lecture avec une bibliothécaire."
    )
    # The project lead is searched by name (no list of staff on the page): three letters, then a choice.
    from passerelles.people.models import Agent

    lead = Agent.objects.get(user__email="accueil@demo.passerelles.test")
    assert page.locator("select[name=project_lead]").count() == 0
    search = page.get_by_role("combobox", name="Porteur·se du projet")
    search.fill("")
    search.press_sequentially(f"{lead.first_name} {lead.last_name}", delay=20)
    listbox = page.get_by_role("listbox", name="Personnes trouvées")
    option = listbox.get_by_role("option", name=lead.full_name).first
    expect(option).to_be_visible()
    assert listbox.get_by_role("option").count() <= 10
    assert_accessible(page)
    option.click()
    expect(search).to_have_value(lead.full_name)
    expect(page.locator("input[name=project_lead]")).to_have_value(str(lead.pk))
    page.get_by_label("Projet auquel la mission contribue").fill("Lire à Belvau")
    page.get_by_label("Objet").select_option("appui_projet")
    page.get_by_label("Quotité (% du temps de travail)").fill("10")
    page.get_by_label("Date de début").fill(start.isoformat())
    page.get_by_label("Date de fin").fill((start - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Visible par").select_option("network")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    # the error beside its field, and the same sentence as a link in the summary at the top of the form
    expect(
        page.locator("ul.errorlist").get_by_text("La date de fin doit suivre la date de début.")
    ).to_be_visible()
    expect(
        page.locator(".error-summary").get_by_role("link", name="La date de fin doit suivre")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date de fin").fill(end.isoformat())
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_role("button", name="Envoyer en relecture RH").click()
    expect(page.get_by_text("En relecture RH").first).to_be_visible()
    shot(page, "1-drafted")

    # 2. HR finds it in « À faire » and publishes it.
    login(page, "rh")
    page.locator("[data-todo='review']").get_by_role("link", name=TITLE).click()
    assert_accessible(page)
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Mission publiée")).to_be_visible()
    shot(page, "2-published")

    # 3. The agent finds it by a stemmed search ("animer" → "animation") and steps forward.
    login(page, "agent")
    page.get_by_role("link", name="Parcourir les missions ouvertes").click()
    page.get_by_label("Que cherchez-vous ?").fill("animer lecture")
    page.get_by_role("button", name="Rechercher").click()
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Un mot pour l'équipe (facultatif)").fill("Je lis beaucoup, j'aimerais partager.")
    page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(page.get_by_text("C'est noté")).to_be_visible()
    shot(page, "3-interest")
    engagement = Engagement.objects.get(mission__title=TITLE)
    engagement_url = f"/engagements/{engagement.pk}/"

    # The manager knows nothing yet.
    login(page, "encadrant")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    assert page.goto(engagement_url).status == 404

    # 4. HR schedules the meeting: an ICS invitation goes to the agent and the host.
    login(page, "rh")
    page.goto(engagement_url)
    meeting_at = datetime.datetime.combine(  # a working day: a weekend or a holiday asks for a confirmation
        next_working_day(datetime.date.today() + datetime.timedelta(days=7)), datetime.time(14, 30)
    )
    page.get_by_label("Date et heure").fill(meeting_at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu").fill("Médiathèque Louise-Michel, salle du conte")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("Rencontre organisée")).to_be_visible()
    assert_accessible(page)
    shot(page, "4-meeting")
    sent = invitations(mail.outbox)
    assert {m.to[0] for m in sent} >= {"agent@demo.passerelles.test", "accueil@demo.passerelles.test"}
    assert calendar_of(sent[0]).walk("VEVENT")

    # After the meeting (« Je souhaite continuer » opens at its start time), both want to go on.
    meeting_held(engagement)
    login(page, "agent")
    page.goto(engagement_url)
    page.get_by_role("button", name="Je souhaite continuer").click()
    login(page, "accueil")
    page.goto(engagement_url)
    page.get_by_role("button", name="Je souhaite continuer").click()
    expect(page.locator("[data-state='agreements']")).to_be_visible()

    # 5. The manager is asked now, with the purpose of the scheme, and agrees.
    login(page, "encadrant")
    page.locator("[data-todo='agreements']").get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Passerelles organise l'entraide entre services")).to_be_visible()
    expect(page.get_by_text("Je lis beaucoup")).to_have_count(0)  # the agent's message stays private
    assert_accessible(page)
    page.get_by_role("button", name="Je donne mon accord").click()
    expect(page.get_by_text("Votre réponse est enregistrée")).to_be_visible()
    shot(page, "5-manager-agrees")

    # 6. The host agrees, HR agrees and confirms the legal framework with the boussole: the engagement is ready.
    login(page, "accueil")
    page.goto(engagement_url)
    page.get_by_role("button", name="Je donne mon accord").click()
    login(page, "rh")
    page.goto(engagement_url)
    page.get_by_role("button", name="Je donne mon accord").click()
    expect(page.locator("[data-missing]")).to_contain_text("le dispositif choisi par la RH")
    page.get_by_role("link", name="Choisir le dispositif avec la boussole").click()
    best = page.locator("[data-framework]").first
    expect(best).to_be_visible()
    assert_accessible(page)
    shot(page, "6-boussole")
    code = best.get_attribute("data-framework")
    best.get_by_role("button").click()
    expect(page.get_by_text("Dispositif confirmé")).to_be_visible()
    expect(page.locator(f"[data-chosen-framework='{code}']")).to_be_visible()

    # 7. HR writes the pact with its own words; the agent, the manager and the host accept it.
    page.get_by_role("link", name="Établir les documents").click()
    pact = page.locator("[data-document-kind='pacte']")
    pact.get_by_label("Intention de la mission").fill(
        "Faire vivre le club de lecture pendant le congé de Léa."
    )
    pact.get_by_label("Ce que l'agent attend et apporte").fill("Partager le goût de lire.")
    pact.get_by_label("Ce que l'accueil attend et offre").fill("Un mercredi sur deux, un binôme.")
    pact.get_by_label("Organisation de la charge de l'équipe d'origine").fill(
        "Le mercredi est couvert par Hugo."
    )
    pact.get_by_label("Conditions du retour").fill("Un point de retour avec l'encadrant·e.")
    pact.get_by_role("button", name="Établir le document").click()
    expect(page.get_by_text("Pacte de micro-mobilité établi (version 1)")).to_be_visible()
    assert_accessible(page)
    shot(page, "7-pact")
    # Between the Département and the Ville, which both took up the network's shared scheme (issue 18), the
    # boussole's first choice is that scheme — still a mise à disposition, under the convention-cadre: a
    # convention between the two employers (their HR and authorities: the Département's HR, who also serves the
    # Ville here, accepts it for both), then the arrêté of the Département's authority, signed after it.
    assert code == "dispositif_reseau"
    for kind, label in (
        ("convention_mad", "Convention de mise à disposition"),
        ("arrete_mad", "Arrêté de mise à disposition"),
    ):
        page.locator(f"[data-document-kind='{kind}']").get_by_role(
            "button", name="Établir le document"
        ).click()
        expect(page.get_by_text(f"{label} établi (version 1)")).to_be_visible()
    accepts = {
        "agent": ["Pacte de micro-mobilité"],
        "encadrant": ["Pacte de micro-mobilité"],
        "accueil": ["Pacte de micro-mobilité"],
        "rh": ["Convention de mise à disposition"],
        "signataire-ville": ["Convention de mise à disposition"],
        "signataire": ["Convention de mise à disposition", "Arrêté de mise à disposition"],
    }
    # Each of them finds in « À faire » the document they must accept, accepts it from there, and it leaves
    # their list.
    for who, documents in accepts.items():
        login(page, who)
        for document in documents:
            page.goto("/tableau-de-bord/")
            waiting = page.locator("[data-todo='documents']").get_by_role(
                "link", name=f"{TITLE} — {document}"
            )
            expect(waiting).to_be_visible()
            if who == "signataire":
                assert_accessible(page)
                shot(page, f"7-todo-{who}")
            waiting.click()
            expect(page.locator("[data-state='agreements']")).to_be_visible()
            buttons = page.get_by_role("button", name=f"J'ai lu et j'accepte : {document}")
            while buttons.count():  # the Département's HR accepts for both employers' HR
                buttons.first.click()
                expect(page.get_by_text("Votre acceptation est enregistrée")).to_be_visible()
            page.goto("/tableau-de-bord/")
            expect(page.get_by_role("link", name=f"{TITLE} — {document}")).to_have_count(0)
    page.goto(engagement_url)
    page.get_by_role("button", name="Je donne mon accord").click()  # the Département's authority
    # A MAD is signed by both employers (CGFP L512-7): the Ville's HR (here the Département's HR, who serves
    # both) and the Ville's authority agree too, and the Département's HR records when its assemblée
    # délibérante was informed.
    login(page, "rh")
    page.goto(engagement_url)
    page.locator("[data-answer-for='host_hr']").get_by_role("button", name="Je donne mon accord").click()
    expect(page.get_by_text("Votre réponse est enregistrée")).to_be_visible()
    page.get_by_label("Assemblée délibérante informée le").fill(datetime.date.today().isoformat())
    page.get_by_role("button", name="Enregistrer l'information de l'assemblée").click()
    expect(page.get_by_text("L'information de l'assemblée délibérante est enregistrée")).to_be_visible()
    login(page, "signataire-ville")
    page.goto(engagement_url)
    page.locator("[data-answer-for='host_signatory']").get_by_role(
        "button", name="Je donne mon accord"
    ).click()
    page.goto(engagement_url)
    expect(page.locator("[data-state='ready']")).to_be_visible()
    shot(page, "6-ready")

    # 7. The daily job starts it on its start date and ends it after its end date (dates given, time frozen).
    call_command("daily", "--date", start.isoformat())
    page.goto(engagement_url)
    expect(page.locator("[data-state='active']")).to_be_visible()
    shot(page, "7-active")
    call_command("daily", "--date", (end + datetime.timedelta(days=1)).isoformat())
    page.reload()
    expect(page.locator("[data-state='ended']")).to_be_visible()
    assert_accessible(page)
    shot(page, "8-ended")
    agent_user = User.objects.get(email="agent@demo.passerelles.test")
    assert agent_user.notifications.filter(subject__contains="bon retour").exists()
