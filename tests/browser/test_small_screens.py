"""Phones and keyboards (issue 15, WCAG 1.4.10, 1.4.11, 2.4.7, 3.3.1, 2.1.1), measured in Chromium on the demo.

- Every page type each demo role can reach, at 320×640: the page is never wider than the window (a data table
  may scroll inside its own box, which must then be focusable and named); « Se déconnecter » is visible inside
  the window once the menu is open; every aria-describedby names an element of the page.
- Tabbing through pages: each focused control's indicator has a tone with a contrast of at least 3:1 against
  the background around it (computed styles, WCAG relative luminance computed here).
- A form sent with errors starts with a summary that has the focus and links to each field.
- The team calendar's scroll box is reached with Tab and scrolls with the arrow keys.
"""

import pytest

from tests.browser.conftest import assert_accessible
from tests.browser.small_screens import (
    contrast,
    crawl,
    dangling_descriptions,
    focus_contrast,
    overflow,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["agent", "encadrant", "accueil", "rh", "rh-ville", "signataire", "reseau", "admin"]
PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1200, "height": 900}


def test_the_old_yellow_ring_fails_and_the_new_tones_pass():
    """The measure itself: the yellow ring it replaces had 1.6:1 on white; the two tones pass everywhere."""
    assert contrast("rgb(255, 191, 71)", "rgb(255, 255, 255)") < 1.7
    assert contrast("rgb(11, 12, 12)", "rgb(255, 255, 255)") > 18
    assert contrast("rgb(11, 12, 12)", "rgb(244, 246, 248)") > 3
    assert contrast("rgb(255, 255, 255)", "rgb(29, 78, 137)") > 3  # the halo on a demo header colour


@pytest.mark.parametrize("role", ROLES)
def test_every_page_type_fits_a_320px_screen(page, live_server, demo_network, role):
    page.set_viewport_size(PHONE)
    page.goto(f"/demo/login/{role}/")
    start = page.url.removeprefix(live_server.url)
    check_pages(page, live_server, start, minimum=20)

    # The menu folds behind « Menu »; opened, « Se déconnecter » is whole and inside the window.
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    logout = page.get_by_role("button", name="Se déconnecter")
    assert not logout.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    box = logout.bounding_box()
    assert logout.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert "Accessibilité : partiellement conforme" in page.inner_text("footer")


def test_every_public_page_fits_a_320px_screen(page, live_server, demo_network):
    """Before signing in: the home page, the sign-in, the boussole, the stories, the legal pages."""
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert page.get_by_role("button", name="Menu").is_visible()
    check_pages(page, live_server, "/", minimum=6)


def check_pages(page, live_server, start: str, minimum: int) -> None:
    problems, visited = [], []
    for path, name in crawl(page, live_server.url, start):
        visited.append(name)
        measured = overflow(page)
        if measured["scrollWidth"] > measured["innerWidth"]:
            problems.append(f"{path} ({name}): {measured['scrollWidth']} px wide, {measured['culprits']}")
        if measured["unreachable"]:
            problems.append(
                f"{path} ({name}): a box scrolls but is not focusable/named {measured['unreachable']}"
            )
        if dangling := dangling_descriptions(page):
            problems.append(f"{path} ({name}): aria-describedby without its element {dangling}")
    assert len(visited) >= minimum, f"reached only {visited}"
    assert not problems, "\n".join(problems)


def tab_through(page, presses: int = 45) -> list[tuple[float, dict]]:
    measured = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        result = focus_contrast(page)
        if result is not None:
            measured.append(result)
    return measured


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1200px", "320px"])
def test_the_focus_indicator_has_3_to_1_on_every_background(page, demo_network, viewport):
    page.set_viewport_size(viewport)
    weak, seen_backgrounds, count = [], set(), 0
    for role, paths in {
        "agent": ["/tableau-de-bord/", "/missions/", "/profil/", "/accessibilite/"],
        "rh": ["/tableau-de-bord/", "/organisations/departement-haute-lisiere/engagements/"],
    }.items():
        page.goto(f"/demo/login/{role}/")
        for path in paths:
            page.goto(path)
            for ratio, focused in tab_through(page):
                count += 1
                seen_backgrounds.add(focused["background"])
                if ratio < 3:
                    weak.append(f"{path} {focused['tag']} « {focused['text']} »: {ratio:.2f}:1 {focused}")
    assert count > 100
    # the header's colour, the page's white and the demo banner at least
    assert len(seen_backgrounds) >= 3, seen_backgrounds
    assert not weak, "\n".join(weak)


def test_a_form_with_errors_starts_with_a_focused_summary(page, demo_network):
    page.goto("/demo/login/accueil/")
    page.goto("/missions/nouvelle/")
    page.get_by_label("Intitulé").fill("")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state("load")

    summary = page.locator(".error-summary")
    assert summary.count() == 1
    links = summary.get_by_role("link")
    count = links.count()
    assert count >= 2
    assert summary.get_by_role("heading").inner_text() == f"Le formulaire contient {count} erreurs"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 1
    for index in range(invalid.count()):
        described = invalid.nth(index).get_attribute("aria-describedby") or ""
        assert any(part.endswith("_error") for part in described.split()), described
    assert dangling_descriptions(page) == []
    # A link of the summary takes the focus to its field.
    links.first.click()
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    assert_accessible(page)


def test_a_form_without_errors_has_no_summary(page, demo_network):
    page.goto("/demo/login/accueil/")
    page.goto("/missions/nouvelle/")
    assert page.locator(".error-summary").count() == 0
    assert page.locator("[aria-invalid=true]").count() == 0
    # help texts are announced: the field names an element that is there
    described = page.get_by_label("Description").get_attribute("aria-describedby")
    assert described and page.locator(f"#{described}").count() == 1


def test_the_team_calendar_scrolls_with_the_keyboard(page, demo_network):
    page.set_viewport_size(PHONE)
    page.goto("/demo/login/encadrant/")
    page.goto("/equipe/calendrier/")
    region = page.get_by_role("region", name="Calendrier de l'équipe")
    assert region.count() == 1
    assert region.get_attribute("tabindex") == "0"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role')") == "region":
            break
    else:
        pytest.fail("Tab never reached the calendar's scroll box")
    ratio, _ = focus_contrast(page)
    assert ratio >= 3
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll at 320 px
    before = region.evaluate("el => el.scrollLeft")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # keyboard scrolling may be smooth: wait for it to move
    page.wait_for_function("([el, before]) => el.scrollLeft > before", arg=[region.element_handle(), before])
    assert overflow(page)["scrollWidth"] <= PHONE["width"]
    assert_accessible(page)
