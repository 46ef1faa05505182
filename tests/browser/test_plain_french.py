"""The agent's pages in plain French, read on a phone (issue 15, pages made for the field).

Signed in as the demo agent at 390 px, the test reads the text of <main> on each page an agent meets and checks
it against tests/browser/plain_french.py: short sentences, and every word of the trade with its explanation on
the page where it is used. Every page fits the screen, with its « C'est quoi ? » closed and open.
"""

import pytest

from passerelles.accounts.models import User
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.missions.models import Mission, MissionStatus
from passerelles.missions.plain_words import GLOSSARY
from tests.browser.conftest import assert_accessible
from tests.browser.plain_french import VISIBLE_TEXT, readability_problems, unexplained_jargon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def agent_pages() -> list[str]:
    """Every kind of page the demo agent meets, with a real object behind each."""
    user = User.objects.get(email=DEMO_ACCOUNTS_BY_SLUG["agent"].email)
    mine = Engagement.objects.filter(agent=user.agent)
    interest = mine.filter(state=State.INTEREST).order_by("pk").first()
    agreements = mine.filter(state=State.AGREEMENTS).order_by("pk").first()
    untouched = (
        Mission.objects.for_actor(user)
        .filter(status=MissionStatus.PUBLISHED)
        .exclude(engagements__agent=user.agent)
        .exclude(organisation=user.agent.organisation, host_unit=user.agent.unit)
        .order_by("pk")
        .first()
    )
    assert interest and agreements and untouched, "the demo agent has lost a step of their journey"
    return [
        "/tableau-de-bord/",
        "/missions/",
        "/missions/?temps=quelques&quand=3_mois&pres=1",
        f"/missions/{untouched.pk}/",
        f"/missions/{interest.mission_id}/",
        "/engagements/",
        f"/engagements/{interest.pk}/",
        f"/engagements/{agreements.pk}/",
        "/profil/",
        "/missions/favoris/",
        "/missions/recherches/",
    ]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_agent_pages_speak_plain_french_on_a_phone(page, demo_network):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/demo/login/agent/")
    problems = {}
    for path in agent_pages():
        response = page.goto(path)
        assert response.status == 200, path
        visible = page.evaluate(VISIBLE_TEXT)
        whole = page.locator("main").text_content()
        found = readability_problems(visible)
        found += [f"« {key} » sans explication" for key in unexplained_jargon(visible, whole, GLOSSARY)]
        assert fits(page), f"{path} défile de côté à 390 px"
        page.locator("main details").evaluate_all("all => all.forEach(d => d.open = true)")
        assert fits(page), f"{path} défile de côté à 390 px, explications ouvertes"
        assert_accessible(page)
        if found:
            problems[path] = found
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())
