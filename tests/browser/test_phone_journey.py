"""The agent's journey on a phone (issue 15, acceptance): sign in with the code d'accès of a letter HR printed
(an agent without a professional e-mail), find a mission, say « ça m'intéresse », and — once the test data has
moved the engagement to its pact — accept the pact. At 390×844 and 320×640, every page
visited is no wider than the screen and axe-core finds no serious or critical violation; then the same journey
with the keyboard only (no mouse click), the focus indicator's contrast measured on every control reached.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.small_screens import focus_contrast, overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PACT = "Pacte de micro-mobilité"
PASSWORD = "Un-mot-de-passe-pour-le-terrain-2026"


def letter_code(agent) -> str:
    """HR prints the agent's letter (the real use case: the account is made, a code drawn)."""
    from passerelles.accounts.models import User
    from passerelles.people.access_letters import prepare_letter

    return prepare_letter(agent, by=User.objects.get(email="rh@demo.passerelles.test")).code


def sign_in(page, live_server, agent, width: int) -> None:
    """The first sign-in with the letter's code, as the QR code opens it: a password chosen, the phone and
    personal-address steps skipped; every page checked on the way."""
    from tests.browser.access_code import first_login_with_code

    first_login_with_code(page, live_server, letter_code(agent), PASSWORD, check=lambda p: check(p, width))
    check(page, width)
    page.get_by_role("button", name="Passer cette étape").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon adresse e-mail personnelle")
    check(page, width)
    page.get_by_role("button", name="Passer cette étape").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()


def check(page, width: int) -> None:
    """The page as the agent sees it: no sideways scroll, nothing serious for axe-core."""
    page.wait_for_load_state("load")
    measured = overflow(page)
    assert measured["scrollWidth"] <= width, f"{page.url}: {measured}"
    assert_accessible(page)


def open_mission(agent):
    """A published mission of the agent's own organisation, open to all of it, the agent not yet on it; with a
    title of its own so that a search finds it alone."""
    from passerelles.missions.models import Mission, MissionStatus, Visibility

    mission = (
        Mission.objects.filter(
            organisation=agent.organisation,
            status=MissionStatus.PUBLISHED,
            visibility__in=[Visibility.ORGANISATION, Visibility.NETWORK],
        )
        .exclude(engagements__agent=agent)
        .order_by("pk")
        .first()
    )
    assert mission is not None, "the demo has no open mission for the agent"
    return mission


def move_to_the_pact(agent, mission):
    """What the people around the agent do between the interest and the pact (the rencontre, the
    agreements, the framework, the pact written by HR), done here through the data and the real use cases."""
    from passerelles.accounts.models import User
    from passerelles.documents.services import generate
    from passerelles.engagements.lifecycle import State
    from passerelles.engagements.models import Engagement
    from tests.cast import choose_framework

    engagement = Engagement.objects.get(agent=agent, mission=mission)
    Engagement.objects.filter(pk=engagement.pk).update(state=State.AGREEMENTS)
    engagement.refresh_from_db()
    hr = User.objects.get(email="rh@demo.passerelles.test")
    choose_framework(engagement, by=hr)
    generate(engagement=engagement, kind="pacte", by=hr, details={"intention": "Essai"})
    return engagement


def agent_and_mission():
    """One of the demo's agents without a professional e-mail (docs/acces.md), and a mission open to them."""
    from passerelles.people.models import Agent

    agent = (
        Agent.objects.filter(
            is_active=True, email="", user__email__isnull=True, user__login_name__isnull=False
        )
        .order_by("last_name", "first_name", "pk")
        .first()
    )
    assert agent is not None, "the demo has no agent without a professional e-mail"
    return agent, open_mission(agent)


@pytest.mark.parametrize("width, height", [(390, 844), (320, 640)])
def test_the_agent_journey_on_a_phone(page, live_server, demo_network, width, height):
    page.set_viewport_size({"width": width, "height": height})
    agent, mission = agent_and_mission()

    sign_in(page, live_server, agent, width)
    check(page, width)

    # Find the mission: the search box of the list of missions, then its card.
    page.goto("/missions/")
    check(page, width)
    page.get_by_role("searchbox").first.fill(mission.title)
    page.get_by_role("searchbox").first.press("Enter")
    check(page, width)
    page.get_by_role("link", name=mission.title).first.click()
    check(page, width)

    # « Ça m'intéresse » — the Département runs its missions as a test: the agent reads it and agrees (issue 16).
    consent = page.get_by_label("J'ai compris que je participe à un test et j'accepte d'y participer.")
    if mission.programme_id and mission.programme.is_test:
        consent.check()
        check(page, width)
    page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(page.get_by_text("C'est noté")).to_be_visible()
    check(page, width)

    # The pact is waiting for the agent, who accepts it.
    engagement = move_to_the_pact(agent, mission)
    page.goto("/tableau-de-bord/")
    check(page, width)
    page.goto(f"/engagements/{engagement.pk}/")
    check(page, width)
    page.get_by_role("button", name=f"J'ai lu et j'accepte : {PACT}").click()
    expect(page.get_by_text("Votre acceptation est enregistrée")).to_be_visible()
    check(page, width)

    from passerelles.documents.models import EngagementDocument

    pact = EngagementDocument.objects.get(engagement=engagement, kind="pacte")
    assert pact.acceptances.filter(party="agent").exists()


class Keyboard:
    """Moves with Tab only, and measures the focus indicator of every control it passes."""

    def __init__(self, page):
        self.page = page
        self.measured = []

    def tab_to(self, test: str, presses: int = 200) -> None:
        """Tab until the focused element passes ``test`` (a JS predicate on ``el``)."""
        for _ in range(presses):
            self.page.keyboard.press("Tab")
            result = focus_contrast(self.page)
            if result is None:
                continue
            self.measured.append((self.page.url, *result))
            if self.page.evaluate(f"(el => {test})(document.activeElement)"):
                return
        pytest.fail(f"{self.page.url}: Tab never reached {test}")


def named(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("'", "\\'")
    return f"(el.innerText || el.value || '').trim().startsWith('{escaped}')"


@pytest.mark.parametrize("width, height", [(390, 844), (320, 640)])
def test_the_same_journey_with_the_keyboard_only(page, demo_network, width, height):
    page.set_viewport_size({"width": width, "height": height})
    agent, mission = agent_and_mission()
    keys = Keyboard(page)

    # The letter's code typed on the code page, a password chosen, the two optional steps skipped.
    page.goto("/connexion/code/")
    keys.tab_to("el.name === 'code'")
    page.keyboard.type(letter_code(agent))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.tab_to("el.type === 'password'")
    page.keyboard.type(PASSWORD)
    keys.tab_to("el.type === 'password' && el !== document.querySelector('input[type=password]')")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _step in ("Mon téléphone mobile", "Mon adresse e-mail personnelle"):
        expect(page.get_by_role("heading", level=1)).to_have_text(_step)
        keys.tab_to(f"el.tagName === 'BUTTON' && {named('Passer cette étape')}")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()

    page.goto("/missions/")
    keys.tab_to("el.type === 'search'")
    page.keyboard.type(mission.title)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.tab_to(f"el.tagName === 'A' && {named(mission.title)}")
    with page.expect_navigation(url=f"**/missions/{mission.pk}/**"):
        page.keyboard.press("Enter")
    if mission.programme_id and mission.programme.is_test:  # the consent to the test, ticked with Space
        keys.tab_to("el.name === 'programme_consent'")
        page.keyboard.press("Space")
    keys.tab_to(f"el.tagName === 'BUTTON' && {named('Je suis intéressé·e')}")
    page.keyboard.press("Enter")
    expect(page.get_by_text("C'est noté")).to_be_visible()

    engagement = move_to_the_pact(agent, mission)
    page.goto(f"/engagements/{engagement.pk}/")
    accept_label = "J'ai lu et j'accepte : " + PACT
    keys.tab_to(f"el.tagName === 'BUTTON' && {named(accept_label)}")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Votre acceptation est enregistrée")).to_be_visible()
    assert overflow(page)["scrollWidth"] <= width

    assert len(keys.measured) >= 10
    weak = [
        f"{url} {f['tag']} « {f['text']} »: {ratio:.2f}:1" for url, ratio, f in keys.measured if ratio < 3
    ]
    assert not weak, "\n".join(weak)
