"""First journey: every demo role logs in from the login page, sees its dashboard, and the language switches."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.access.models import Role
from passerelles.demo.accounts import DEMO_ACCOUNTS
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_demo_role_reaches_its_dashboard(page, demo_network):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert_accessible(page)
    for account in DEMO_ACCOUNTS:
        page.goto("/comptes/login/")
        expect(page.get_by_role("heading", name="Comptes de démonstration")).to_be_visible()
        assert_accessible(page)
        page.locator(f"[data-demo-role='{account.slug}']").click()
        expect(page).to_have_url(re.compile(r"/tableau-de-bord/$"))
        expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
        section = page.locator(f"section[data-role='{account.role}']")
        expect(section).to_be_visible()
        expect(section.get_by_role("heading", level=3)).to_have_text(str(Role(account.role).label))
        assert_accessible(page)
        # Every link the role's section offers leads to a working, accessible page.
        for href in section.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            response = page.goto(href)
            assert response.status == 200, f"{account.slug}: {href} → {response.status}"
            assert_accessible(page)
        page.goto("/tableau-de-bord/")
        page.get_by_role("button", name="Se déconnecter").click()
        expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()


def test_language_switch(page, demo_network):
    page.goto("/demo/login/rh/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    # the organisation's colour, from its stylesheet (no inline style: the CSP would block it)
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(29, 78, 137)")  # #1d4e89


def test_wrong_password_shows_a_french_error(page, demo_network):
    page.goto("/comptes/login/")
    page.get_by_label("Adresse e-mail ou identifiant").fill("rh@demo.passerelles.test")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("incorrect")
    assert_accessible(page)


def test_the_accessibility_check_is_not_blind(page):
    """A page with a serious violation (an unlabelled field, a low contrast) makes assert_accessible fail."""
    page.set_content(
        '<html lang="fr"><head><title>t</title></head><body><main><input type="text">'
        '<p style="color:#bbb;background:#fff">texte pâle</p></main></body></html>'
    )
    with pytest.raises(AssertionError, match="label|color-contrast"):
        assert_accessible(page)


def test_each_organisations_accounts_at_320_px_and_by_keyboard(page, demo_network):
    """The accounts listed by organisation: opened and followed with the keyboard alone, on a narrow screen."""
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/comptes/login/")
    for details in page.locator("details[data-demo-organisation]").all():
        details.locator("summary").focus()
        page.keyboard.press("Enter")
        expect(details).to_have_attribute("open", "")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    link = page.locator("[data-demo-account='rh-metropole']")
    expect(link).to_have_accessible_name(
        "Référent·e RH micro-mobilité — Communauté urbaine Lisière Métropole"
    )
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tableau-de-bord/$"))
    expect(page.locator("section[data-role='hr']")).to_be_visible()
