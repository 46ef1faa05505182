"""Acceptance of issue 13, « Missions close », in a real browser: the second candidate of a one-place mission
is told when the first one's engagement is ready, and the mission leaves « Missions ouvertes ».

The second candidate steps forward through the page; the first one's engagement is brought to its last
agreement through the use cases (rencontre, framework, pact, two agreements), then HR gives that last
agreement on the engagement page; the second candidate reads the kind notice, finds the mission gone from
« Missions ouvertes », and its page says « Mission clôturée ». The host then closes and reopens another
mission through its pages."""

import pytest
from playwright.sync_api import expect

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, Party
from passerelles.engagements.services import engagement_decide
from passerelles.missions.models import ClosedReason, Mission, MissionStatus
from tests.browser.conftest import assert_accessible
from tests.browser.sessions import sign_in
from tests.cast import build_cast, make_agent, make_engagement, make_mission
from tests.test_engagement_flow import at_agreements

pytestmark = [pytest.mark.browser, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]
TITLE = "Ateliers numériques à la médiathèque"


@pytest.fixture
def story():
    cast = build_cast()
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title=TITLE, places=1)
    second = make_agent(
        cast.home, "Lina", "Seconde", unit=cast.agents["agent"].unit, manager=cast.agents["manager"]
    )
    return cast, mission, second


def test_the_second_candidate_is_told_and_the_mission_leaves_the_list(page, live_server, story):
    cast, mission, second = story

    # The second candidate steps forward on the mission's page.
    sign_in(page, live_server, second.user)
    page.goto("/missions/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(page.get_by_text("C'est noté !")).to_be_visible()
    waiting = Engagement.objects.get(agent=second, mission=mission)
    assert waiting.state == State.INTEREST

    # The first candidate: rencontre, framework, pact and two agreements through the use cases…
    first = at_agreements(cast, make_engagement(cast.agents["agent"], mission, State.INTEREST))
    for party, role in ((Party.MANAGER, Role.MANAGER), (Party.HOST, Role.HOST)):
        engagement_decide(engagement=first, by=cast.users[role], party=party, decision="agreed")
    # …and the last agreement, HR's, on the engagement page.
    sign_in(page, live_server, cast.users[Role.HR])
    page.goto(f"/engagements/{first.pk}/")
    form = page.locator("form.agreement-form")
    expect(form).to_have_count(1)
    form.get_by_role("button", name="Je donne mon accord").click()
    expect(page.locator("[data-state]").first).to_have_text("Prête à démarrer")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED and mission.closed_reason == ClosedReason.FILLED
    page.goto(f"/missions/{mission.pk}/")
    expect(page.get_by_role("heading", name="Mission clôturée")).to_be_visible()
    expect(page.locator("[data-closed=filled]")).to_contain_text("toutes les places sont pourvues")
    assert_accessible(page)

    # The second candidate is told, kindly, at once.
    sign_in(page, live_server, second.user)
    page.goto("/tableau-de-bord/")
    expect(page.get_by_text("non lue").first).to_be_visible()
    page.goto("/notifications/")
    notice = page.locator("li.card").filter(has_text="la mission est pourvue")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("votre candidature n'a pas pu être retenue cette fois-ci")
    assert_accessible(page)
    # The notice leads to the missions still open: this one is gone.
    notice.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Missions ouvertes")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    # Their engagement says « Non retenue » with the reason; the mission's page says it is closed.
    page.goto("/engagements/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.locator("[data-state]").first).to_have_text("Non retenue")
    expect(page.get_by_text("la mission est pourvue")).to_be_visible()
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", name="Mission clôturée")).to_be_visible()
    expect(page.get_by_role("button", name="Je suis intéressé·e")).to_have_count(0)
    assert_accessible(page)


def test_the_host_closes_with_a_reason_then_reopens(page, live_server, story):
    cast, mission, second = story
    make_engagement(second, mission, State.INTEREST)
    sign_in(page, live_server, cast.users[Role.HOST])
    page.goto(f"/missions/{mission.pk}/")
    page.get_by_role("link", name="Clôturer la mission").click()
    expect(page.get_by_text("Une personne attend une réponse")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Clôturer la mission").click()  # nothing filled in: clear errors
    expect(page.locator("ul.errorlist").get_by_text("Indiquez la raison de la clôture.")).to_be_visible()
    expect(
        page.locator("ul.errorlist").get_by_text("Cochez la case pour confirmer la clôture.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Raison de la clôture").fill("Le projet est reporté à l'automne.")
    page.get_by_label("Je confirme").check()
    page.get_by_role("button", name="Clôturer la mission").click()
    expect(page.get_by_text("Mission clôturée : elle a quitté « Missions ouvertes »")).to_be_visible()
    expect(page.get_by_text("« Le projet est reporté à l'automne. »").first).to_be_visible()
    assert Engagement.objects.get(agent=second, mission=mission).decline_reason == "la mission est close"

    page.get_by_role("link", name="Rouvrir la mission").click()
    assert_accessible(page)
    page.get_by_label("Je confirme").check()
    page.get_by_role("button", name="Rouvrir la mission").click()
    expect(page.get_by_text("Mission rouverte")).to_be_visible()
    assert Mission.objects.get(pk=mission.pk).status == MissionStatus.PUBLISHED
    expect(page.locator("ol li").filter(has_text="a rouvert la mission")).to_have_count(1)
