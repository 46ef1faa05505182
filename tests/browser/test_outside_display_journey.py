"""Issue 15, « where people are », in a real browser: HR turns the outside display on in the organisation's
settings, copies the snippet, and the widget shows in an intranet's frame; the feed answers; HR finds a
mission by the code an agent read on a poster."""

import pytest
from playwright.sync_api import expect

from passerelles.access.models import Role
from passerelles.missions.models import MissionStatus
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, assert_accessible
from tests.browser.sessions import sign_in
from tests.cast import build_cast, make_mission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Jardin partagé de la mairie"


def test_hr_shows_the_missions_on_the_intranet(browser, page, live_server, settings):
    settings.SITE_URL = live_server.url
    cast = build_cast()
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title=TITLE)
    sign_in(page, live_server, cast.users[Role.HR])

    # HR finds the mission by the code an agent read on a poster, typed as heard.
    page.goto(f"/organisations/{cast.home.slug}/affiches/")
    assert_accessible(page)
    page.get_by_label("Code de la mission").fill(mission.short_code.lower().replace("-", " "))
    page.get_by_role("button", name="Trouver la mission").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("[data-short-code]")).to_contain_text(mission.short_code)
    assert page.get_by_role("link", name="Imprimer l'affiche (PDF)").get_attribute("href") == (
        f"/missions/{mission.pk}/affiche.pdf"
    )

    # The outside display, off at first; HR turns it on.
    page.goto(f"/organisations/{cast.home.slug}/parametres/")
    section = page.locator("#hors-plateforme")
    expect(section).to_contain_text("Désactivé")
    assert_accessible(page)
    section.get_by_label("montrer les missions ouvertes hors de la plateforme").check()
    section.get_by_role("button", name="Enregistrer l'affichage hors plateforme").click()
    expect(page.locator(".messages, .message").first).to_contain_text("flux Atom et encart actifs")
    snippet = page.get_by_label("Code à coller dans une page de l'intranet").input_value()
    widget_url = f"{live_server.url}/organisations/{cast.home.slug}/encart/"
    assert f'src="{widget_url}"' in snippet
    assert_accessible(page)

    # The intranet pastes the snippet: the widget shows in its frame.
    page.goto(f"/organisations/{cast.home.slug}/encart/")
    assert_accessible(page)
    # (another site on the public network: Chromium's local-network checks would block any frame of this
    # test server from it, whatever the headers say, so they are off for this browser only)
    other = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"],
    )
    intranet = other.new_page()
    forbidden = f'<iframe src="{live_server.url}/" title="Autre page"></iframe>'
    intranet.route(
        "http://intranet.ville-alpha.test/",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f"<!doctype html><title>Intranet</title><h1>Intranet</h1>{snippet}{forbidden}",
        ),
    )
    intranet.goto("http://intranet.ville-alpha.test/")
    frame = intranet.frame_locator("iframe").first
    expect(frame.get_by_role("link", name=TITLE)).to_be_visible()
    expect(frame.locator("body")).to_contain_text(mission.short_code)
    # any other page of Passerelles still refuses to be framed
    intranet.wait_for_timeout(500)
    assert not any(f.url == f"{live_server.url}/" for f in intranet.frames)
    other.close()

    # On a phone: no sideways scrolling in the widget.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/organisations/{cast.home.slug}/encart/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The feed answers, with the mission.
    feed = page.request.get(f"/organisations/{cast.home.slug}/missions.atom")
    assert feed.status == 200 and TITLE in feed.text()
