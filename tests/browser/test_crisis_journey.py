"""A crisis from calm times to the return, for real (issue 17), with the demo people: the demo agent joins the
crisis registry from their dashboard; the CCAS's DGS activates « Canicule » from the crisis home; the CCAS's HR
posts a night need for the résidence autonomie (its care home); volunteers confirm their availability by the link
of their message, without signing in, on a phone-sized screen; HR computes the plan and publishes it; the roll
call shows who is expected; the crisis is closed and every crisis engagement ends: everyone is back."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"crise-{name}.png"), full_page=True)


def login(page, role):
    page.context.clear_cookies()
    page.goto(f"/demo/login/{role}/")


def test_a_crisis_from_the_registry_to_the_return(page, demo_network):
    from passerelles.crisis.models import Assignment, Availability, Crisis, Need, Volunteer
    from passerelles.crisis.vocabulary import Answer, CrisisStatus
    from passerelles.engagements.lifecycle import State

    today = datetime.date.today()
    # 1. The demo agent joins the registry from the dashboard.
    login(page, "agent")
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Rejoindre le registre de crise").click()
    expect(page.get_by_role("heading", name="Avant de vous inscrire")).to_be_visible()
    assert_accessible(page)
    skills = page.get_by_role("group", name="Ce que je sais faire")
    skills.get_by_label("Logistique, manutention").check()
    skills.get_by_label("Conduite de véhicule").check()
    page.get_by_role("group", name="Mes habilitations").get_by_label("Permis B").check()
    page.get_by_label("Heures par semaine au plus").fill("16")
    page.get_by_role("button", name="Rejoindre le registre de crise").click()
    expect(page.get_by_text("Votre inscription au registre de crise est enregistrée")).to_be_visible()
    shot(page, "registre")
    entry = Volunteer.objects.get(agent__user__email="agent@demo.passerelles.test")
    assert entry.skills == ["conduite", "logistique"] and entry.max_hours_per_week == 16

    # 2. The CCAS's DGS activates « Canicule » from the crisis home.
    login(page, "signataire-ccas")
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Crise : activer le plan de continuité").click()
    expect(page.get_by_role("heading", name="Mode crise — CCAS de Belvau")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Activer le scénario Canicule").click()
    page.get_by_label("Nom de la crise").fill("Canicule d'août")
    page.get_by_label("Fin prévue").fill((today + datetime.timedelta(days=6)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Activer la crise et prévenir les volontaires").click()
    expect(page.get_by_role("heading", name="Crise : Canicule d'août")).to_be_visible()
    crisis = Crisis.objects.get(name="Canicule d'août")
    assert crisis.scenario.name == "Canicule" and crisis.organisation.slug == "ccas-de-belvau"
    asked = crisis.availabilities.count()
    assert asked >= 5
    expect(page.locator("[data-availability-counts]")).to_contain_text(f"{asked} volontaires sollicité·es")
    assert_accessible(page)
    shot(page, "crise")

    # 3. The CCAS's HR posts a night need for the résidence autonomie.
    login(page, "rh-ccas")
    page.goto(f"/crises/{crisis.pk}/besoins/")
    page.get_by_label("Intitulé").fill("Veille de nuit à la résidence")
    page.get_by_label("Unité").select_option(label="Résidence autonomie Les Glycines")
    page.get_by_label("Jour").select_option(label=f"{today + datetime.timedelta(days=1):%d/%m/%Y}")
    page.get_by_label("Début", exact=True).fill("21:00")
    page.get_by_label("Fin", exact=True).fill("07:00")
    page.get_by_role("group", name="Compétences souhaitées").get_by_label("Aide aux personnes, soin").check()
    page.get_by_label("Nombre de personnes").fill("2")
    page.get_by_label("Priorité").select_option(label="Vitale")
    assert_accessible(page)
    page.get_by_role("button", name="Publier le besoin").click()
    expect(page.get_by_text("Besoin « Veille de nuit à la résidence » publié.")).to_be_visible()
    expect(page.get_by_role("table", name="Les créneaux à couvrir")).to_contain_text("nuit, fin le lendemain")
    need = Need.objects.get(crisis=crisis)
    assert need.head_count == 2 and need.end_time < need.start_time

    # 4. A volunteer confirms by the link of their message, without signing in, on a phone.
    availability = crisis.availabilities.order_by("pk").first()
    page.context.clear_cookies()
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"/crises/disponibilite/{availability.token}/")
    expect(
        page.get_by_role("heading", name="Crise « Canicule d'août » : êtes-vous disponible ?")
    ).to_be_visible()
    assert availability.volunteer.agent.last_name not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.get_by_label("Je suis disponible", exact=True).check()
    page.get_by_role("group", name="Les jours où je suis disponible").get_by_label(
        f"{today:%d/%m/%Y}"
    ).check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Merci, votre réponse est enregistrée")).to_be_visible()
    shot(page, "reponse")
    availability = Availability.objects.get(pk=availability.pk)
    assert availability.answer == Answer.AVAILABLE and availability.dates == [today.isoformat()]

    # 5. Three more volunteers confirm by their links, for the night of the need.
    night = today + datetime.timedelta(days=1)
    page.set_viewport_size({"width": 1280, "height": 900})
    for other in crisis.availabilities.order_by("pk")[1:4]:
        page.goto(f"/crises/disponibilite/{other.token}/")
        page.get_by_label("Je suis disponible", exact=True).check()
        page.get_by_role("group", name="Les jours où je suis disponible").get_by_label(
            f"{night:%d/%m/%Y}"
        ).check()
        page.get_by_role("button", name="Envoyer ma réponse").click()
        expect(page.get_by_text("Merci, votre réponse est enregistrée")).to_be_visible()
    assert crisis.availabilities.filter(answer=Answer.AVAILABLE).count() == 4

    # 6. HR computes the plan from the crisis page, reads it and publishes it.
    login(page, "rh-ccas")
    page.goto(f"/crises/{crisis.pk}/")
    page.get_by_role("link", name="Plan de redéploiement : calculer, ajuster, publier").click()
    page.get_by_role("button", name="Calculer un plan").click()
    shifts = page.get_by_role("table", name="Chaque créneau et les personnes affectées")
    expect(shifts).to_contain_text("Veille de nuit à la résidence")
    assert_accessible(page)
    shot(page, "plan")
    planned = Assignment.objects.filter(plan__crisis=crisis)
    assert planned.count() == 2  # the need asks for two people and four can give that night
    names = [a.volunteer.agent.full_name for a in planned.select_related("volunteer__agent")]
    for name in names:
        expect(shifts).to_contain_text(name)
    page.get_by_role("link", name="Publier ce plan").click()
    page.get_by_role("button", name="Oui, publier").click()
    engagements = {a.engagement for a in planned.select_related("engagement")}
    assert None not in engagements and len(engagements) == 2
    assert all(e.state == State.READY and e.mission.purpose == "crise" for e in engagements)

    # 7. The roll call of the night shows who is expected, printable.
    page.goto(f"/crises/{crisis.pk}/")
    page.get_by_role("link", name="Appel du jour : qui est où aujourd'hui").click()
    page.get_by_label("Jour").fill(night.isoformat())
    page.get_by_role("button", name="Afficher").click()
    for name in names:
        expect(page.locator("main")).to_contain_text(name)
    assert_accessible(page)
    shot(page, "appel")

    # 8. The DGS closes the crisis: every crisis engagement ends, everyone is back.
    login(page, "signataire-ccas")
    page.goto(f"/crises/{crisis.pk}/")
    page.get_by_role("link", name="Clore la crise : chacun·e revient").click()
    page.get_by_role("button", name="Oui, clore la crise").click()
    crisis.refresh_from_db()
    assert crisis.status == CrisisStatus.CLOSED
    for engagement in engagements:
        engagement.refresh_from_db()
        assert engagement.state == State.ENDED
    page.goto(f"/crises/{crisis.pk}/")
    expect(page.locator("[data-status]")).to_have_text("Clôturée")
    shot(page, "close")
