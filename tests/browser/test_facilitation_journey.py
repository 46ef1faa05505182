"""Issue 19 in a browser: an agent joins the facilitators' pool, HR sends a call, the agent accepts, HR says it
took place and the hours show in the agent's passport (read at 320 px); and a host direction proposes its
mission to an agent it knows, by address, who accepts to meet."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _departement_agent():
    """A Département agent with an account, not yet in the pool, whose HR is the demo « rh »."""
    from passerelles.people.models import Agent

    return (
        Agent.objects.filter(
            organisation__slug="departement-haute-lisiere",
            is_active=True,
            user__is_active=True,
            facilitator=None,
        )
        .exclude(user__email__endswith="@demo.passerelles.test")
        .order_by("pk")
        .first()
    )


def test_an_agent_joins_the_pool_hr_calls_and_the_hours_reach_the_passport(page, demo_network, live_server):
    from passerelles.facilitation.models import CallState, FacilitationCall

    volunteer = _departement_agent()
    sign_in(page, live_server, volunteer.user)
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Rejoindre le vivier d'animateurs").first.click()
    assert_accessible(page)
    page.get_by_label("Ce que vous aimez animer").fill("réunion d'équipe, café-missions")
    page.get_by_label("Heures par mois, au plus").fill("3")
    page.get_by_label("Visible aussi de la coordination du réseau").check()
    page.get_by_role("button", name="Rejoindre le vivier").click()
    expect(page.get_by_text("vous êtes dans le vivier d'animateurs")).to_be_visible()

    page.goto("/demo/login/rh/")
    page.get_by_role("link", name="Vivier d'animateurs", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=f"Solliciter {volunteer.full_name}").click()
    assert_accessible(page)
    day = timezone.localdate() + datetime.timedelta(days=20)
    page.get_by_label("Objet").fill("Animer la réunion de rentrée")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("10:00")
    page.get_by_label("Durée (minutes)").fill("90")
    page.get_by_label("Lieu").fill("Salle du conseil")
    page.get_by_role("button", name="Envoyer l'appel").click()
    expect(page.get_by_text("L'appel est envoyé")).to_be_visible()
    call = FacilitationCall.objects.get(facilitator__agent=volunteer)
    assert call.state == CallState.PROPOSED

    sign_in(page, live_server, volunteer.user)
    page.goto("/a-faire/")
    page.get_by_role("link", name="Animer la réunion de rentrée").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="J'accepte").click()
    expect(page.get_by_text("l'invitation arrive dans votre agenda")).to_be_visible()
    call.refresh_from_db()
    assert call.state == CallState.ACCEPTED

    # the day came (time is moved, not waited for)
    FacilitationCall.objects.filter(pk=call.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    page.goto("/demo/login/rh/")
    page.goto("/a-faire/")
    page.get_by_role("link", name="Animer la réunion de rentrée").first.click()
    page.get_by_role("button", name="Oui, elle a eu lieu").click()
    expect(page.get_by_text("Le bilan est enregistré")).to_be_visible()
    call.refresh_from_db()
    assert call.state == CallState.HELD

    sign_in(page, live_server, volunteer.user)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/passeport/")
    animations = page.locator("[data-animations]")
    expect(animations).to_contain_text("Animer la réunion de rentrée")
    expect(animations).to_contain_text("1 h 30")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_a_host_direction_proposes_its_mission_by_address_and_the_agent_accepts_to_meet(
    page, demo_network, live_server
):
    from passerelles.access import policies
    from passerelles.engagements.models import Engagement
    from passerelles.missions.models import Mission, MissionStatus
    from passerelles.people.models import Agent

    mission = Mission.objects.filter(
        organisation__slug="ville-de-belvau", status=MissionStatus.PUBLISHED
    ).first()
    busy = Engagement.objects.filter(mission=mission).values("agent_id")
    agent = next(
        a
        for a in Agent.objects.filter(
            organisation__slug="ville-de-belvau", is_active=True, user__is_active=True
        )
        .exclude(pk__in=busy)
        .exclude(user__email__endswith="@demo.passerelles.test")
        .order_by("pk")
        if policies.can_receive_host_proposal(mission, a)
    )
    page.goto("/demo/login/accueil/")
    page.goto(f"/missions/{mission.pk}/")
    page.get_by_role("link", name="Proposer la mission à une personne que vous connaissez").click()
    assert_accessible(page)
    page.get_by_label("Adresse e-mail professionnelle ou identifiant de la personne").fill(
        agent.email.upper()
    )
    page.get_by_label("Un mot pour la personne (facultatif)").fill("Votre atelier du forum m'a plu.")
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(
        page.get_by_text("Si cette adresse correspond à une personne qui peut voir la mission")
    ).to_be_visible()
    expect(page.locator("[data-my-proposals]")).to_contain_text(agent.full_name)
    assert_accessible(page)

    engagement = Engagement.objects.get(mission=mission, agent=agent)
    sign_in(page, live_server, agent.user)
    page.goto("/a-faire/")
    page.get_by_role("link", name=mission.title).first.click()
    page.get_by_role("button", name="Accepter de rencontrer").click()
    expect(page.get_by_role("button", name="Accepter de rencontrer")).to_have_count(0)
    engagement.refresh_from_db()
    assert engagement.state == "meeting"
