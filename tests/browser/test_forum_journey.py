"""A café-missions for real (issue 19), in the demo Département: HR creates it and invites the hosts; two hosts
pitch a mission each; HR opens registration; three agents register and rank (a duplicate rank is refused); HR
computes the schedule, reads its coverage and sends it; the demo agent opens « Mon agenda » and its calendar
file; the event is held; the agent and the host both say « je souhaite continuer »; an engagement at the
« Rencontre » step exists. axe on each page; the registration page at 320 px."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.sessions import sign_in
from tests.browser.small_screens import overflow
from tests.working_days import working_day

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Café-missions des collèges"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"


def shot(page, name):
    """A screenshot kept with the test artifacts, for a person to look at the pages."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"forum-{name}.png"), full_page=True)


SLUG = "departement-haute-lisiere"


def people():
    """Two hosts of the Département, each with a published mission of their own, and two agents besides the
    demo agent (none of them leads those missions)."""
    from passerelles.access.models import TWO_FACTOR_ROLES
    from passerelles.accounts.models import User
    from passerelles.missions.models import Mission, MissionStatus, Visibility
    from passerelles.people.models import Agent

    agent = User.objects.get(email="agent@demo.passerelles.test").agent
    missions, hosts = [], []
    for mission in (
        Mission.objects.filter(
            organisation__slug=SLUG, status=MissionStatus.PUBLISHED, created_by__is_active=True
        )
        .exclude(visibility=Visibility.UNIT)
        .exclude(project_lead=agent)
        .exclude(created_by__role_memberships__role__in=TWO_FACTOR_ROLES)  # signed in without a second factor
        .select_related("created_by")
        .order_by("pk")
    ):
        if mission.created_by not in hosts:
            missions.append(mission)
            hosts.append(mission.created_by)
        if len(hosts) == 2:
            break
    others = list(
        Agent.objects.filter(organisation__slug=SLUG, is_active=True, user__is_active=True)
        .exclude(user__in=hosts)
        .exclude(user__email__endswith="@demo.passerelles.test")
        .exclude(led_missions__in=missions)
        .order_by("pk")[:2]
    )
    return agent, list(zip(hosts, missions, strict=True)), others


def open_event(page, encounter_id):
    page.goto(f"/rencontres/{encounter_id}/")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()


def test_a_cafe_missions_from_creation_to_an_engagement(page, live_server, demo_network, tmp_path):
    from passerelles.encounters.models import Conversation, Encounter
    from passerelles.engagements.models import Engagement

    agent, hosts, others = people()
    # 1. HR creates the café-missions and invites the hosts
    page.goto("/demo/login/rh/")
    page.goto("/rencontres/")
    assert_accessible(page)
    page.get_by_role("link", name="Nouvel événement").first.click()
    page.get_by_label("Type", exact=True).select_option(label="Café-missions")
    page.get_by_label("Intitulé").fill(TITLE)
    day = working_day(14)
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Heure de début").fill("09:30")
    page.get_by_label("Lieu", exact=True).fill("Collège Simone-Veil, CDI")
    page.get_by_label("Nombre de tours de conversation").fill("3")
    page.get_by_label("Tables en parallèle").fill("2")
    page.get_by_label("Agents par table").fill("3")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("[data-status='draft']")).to_be_visible()
    encounter = Encounter.objects.get(title=TITLE)
    page.get_by_role("button", name="Inviter les porteurs de missions à présenter").click()
    expect(page.get_by_text("Les porteurs de missions sont invités à présenter.")).to_be_visible()
    assert_accessible(page)

    # 2. Two hosts pitch
    for host, mission in hosts:
        sign_in(page, live_server, host)
        open_event(page, encounter.pk)
        page.get_by_role("link", name="Présenter une mission").click()
        page.get_by_label("Mission présentée").select_option(str(mission.pk))
        page.get_by_label("Présentation").fill(f"Venez découvrir « {mission.title} » autour d'un café.")
        assert_accessible(page)
        page.get_by_role("button", name="Enregistrer la présentation").click()
        expect(page.get_by_text("Votre mission est présentée.")).to_be_visible()

    # 3. HR opens registration
    page.goto("/demo/login/rh/")
    open_event(page, encounter.pk)
    page.get_by_role("button", name="Ouvrir les inscriptions").click()
    expect(page.locator("[data-status='open']")).to_be_visible()

    # 4. Three agents register and rank; the demo agent first tries the same rank twice (at 320 px)
    (first_host, first_mission), (_second_host, second_mission) = hosts
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/demo/login/agent/")
    open_event(page, encounter.pk)
    page.get_by_role("link", name="M'inscrire et choisir mes conversations").click()
    expect(page.get_by_text("verront votre nom et votre intitulé de poste")).to_be_visible()
    page.get_by_label(first_mission.title, exact=True).select_option("1")
    page.get_by_label(second_mission.title, exact=True).select_option("1")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.locator("[data-refusal]")).to_contain_text("Le rang 1 est donné à plusieurs conversations")
    shot(page, "inscription-320px")
    measured = overflow(page)
    assert measured["scrollWidth"] <= measured["innerWidth"], measured
    assert_accessible(page)
    page.get_by_label(second_mission.title, exact=True).select_option("2")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_text("Vous recevrez votre agenda quand le planning sera prêt.")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    for other in others:
        sign_in(page, live_server, other.user)
        page.goto(f"/rencontres/{encounter.pk}/inscription/")
        page.get_by_label(second_mission.title, exact=True).select_option("1")
        page.get_by_label(first_mission.title, exact=True).select_option("2")
        page.get_by_role("button", name="M'inscrire").click()
        expect(page.get_by_text("Vous recevrez votre agenda quand le planning sera prêt.")).to_be_visible()
    assert encounter.registrations.count() == 3

    # 5. HR computes the schedule, reads the coverage and sends it
    page.goto("/demo/login/rh/")
    page.goto(f"/rencontres/{encounter.pk}/planning/")
    page.get_by_role("button", name="Calculer le planning").click()
    expect(page.locator("[data-wishes-met]")).to_contain_text("6 souhait(s) satisfait(s) sur 6")
    expect(page.locator("[data-without]")).to_contain_text("0 inscrit(s) sans aucune conversation")
    shot(page, "planning")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer le planning à chacun").click()
    expect(page.locator("[data-status='scheduled']")).to_be_visible()
    page.get_by_role("link", name="Programme par table (imprimable)").click()
    expect(page.get_by_role("heading", name="Table 1")).to_be_visible()
    assert_accessible(page)

    # 6. The agent opens their agenda and its calendar file
    page.goto("/demo/login/agent/")
    page.goto(f"/rencontres/{encounter.pk}/mon-agenda/")
    expect(page.locator("[data-conversation]")).to_have_count(2)
    shot(page, "agenda")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    saved = tmp_path / "agenda.ics"
    download.value.save_as(saved)
    assert saved.read_text().count("BEGIN:VEVENT") == 2

    # 7. The day came: HR declares it held
    Encounter.objects.filter(pk=encounter.pk).update(date=timezone.localdate())
    page.goto("/demo/login/rh/")
    open_event(page, encounter.pk)
    page.get_by_role("button", name="Déclarer l'événement tenu").click()
    expect(page.locator("[data-status='held']")).to_be_visible()

    # 8. The agent and the first host both say yes
    conversation = Conversation.objects.get(encounter=encounter, agent=agent, pitch__mission=first_mission)
    page.goto("/demo/login/agent/")
    page.goto(f"/rencontres/{encounter.pk}/mon-agenda/")
    page.get_by_role("link", name=f"Souhaitez-vous continuer ({first_mission.title}").click()
    page.get_by_label("Oui, je souhaite continuer").check()
    # a mission of the demo's programme run as a test: the « oui » carries the agent's consent to the test
    from passerelles.engagements.services.programme_consent import test_programme

    consent = page.get_by_label("J'ai compris que je participe à un test et j'accepte d'y participer.")
    if test_programme(first_mission) is not None:
        consent.check()
    else:
        expect(consent).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(page.get_by_text("Votre réponse est enregistrée ; elle reste privée.")).to_be_visible()
    sign_in(page, live_server, first_host)
    page.goto(f"/rencontres/conversations/{conversation.pk}/suite/")
    page.get_by_label("Oui, je souhaite continuer").check()
    page.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(page.get_by_text("Vous souhaitez tous deux continuer : la rencontre a eu lieu")).to_be_visible()

    engagement = Engagement.objects.get(agent=agent, mission=first_mission)
    assert (engagement.programme_consent_at is not None) == (test_programme(first_mission) is not None)
    assert engagement.state == "meeting" and engagement.meeting.host_continues
    page.goto("/demo/login/agent/")
    page.goto(f"/engagements/{engagement.pk}/")
    expect(page.locator("[data-state='meeting']")).to_be_visible()
    page.goto("/demo/login/rh/")
    page.goto(f"/rencontres/{encounter.pk}/bilan/")
    expect(page.locator("[data-engagements]")).to_have_text("1")
    assert_accessible(page)
