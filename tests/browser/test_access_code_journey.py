"""The way in without a professional e-mail, in a browser: HR prints a letter, the agent — on a phone —
types the code from it, chooses a password, adds and verifies a mobile number, signs out, and signs in
again with the identifiant printed on the letter. No sideways scrolling, axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.accounts.models import User
from passerelles.people.models import Agent
from tests.browser.access_code import (
    add_phone,
    code_from_letter,
    first_login_with_code,
    sign_in_with_identifiant,
)
from tests.browser.conftest import assert_accessible
from tests.cast import PASSWORD, build_cast, make_agent, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AGENT_PASSWORD = "Cantine-du-college-2026!"


def sign_out(page) -> None:
    """On a phone the menu folds behind « Menu »: open it, then « Se déconnecter »."""
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Se déconnecter").click()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{page.url}: {width} px wide for {inner} px"


def check(page) -> None:
    _no_sideways_scroll(page)
    assert_accessible(page)


def test_hr_prints_a_letter_and_the_agent_gets_in_with_it(browser, page, live_server):
    cast = build_cast()
    manager = cast.agents["manager"]
    agent = make_agent(cast.home, "Inès", "Cantine", unit=manager.unit, manager=manager, with_account=False)
    Agent.objects.filter(pk=agent.pk).update(email="")
    hr = cast.users["hr"]

    # HR signs in (with their second factor) and prints the letter from the agent's page.
    page.goto("/comptes/login/")
    page.get_by_label("Adresse e-mail ou identifiant").fill(hr.email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Code de l'application ou code de récupération").fill(totp_code())
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"/agents/{agent.pk}/")
    page.get_by_role("link", name="Imprimer une lettre de code d'accès").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lettre de code d'accès pour Inès Cantine")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Imprimer une lettre (PDF)").click()
    with open(download.value.path(), "rb") as file:
        code = code_from_letter(file.read())

    # The agent, on a phone.
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone = context.new_page()
    try:
        login_name = first_login_with_code(phone, live_server, code, AGENT_PASSWORD, check=check)
        assert login_name == "ines.cantine"
        check(phone)
        add_phone(phone, "06 12 34 56 78", check=check)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Mon adresse e-mail personnelle")
        check(phone)
        phone.get_by_role("button", name="Passer cette étape").click()
        expect(phone.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
        user = User.objects.get(login_name="ines.cantine")
        assert user.phone == "+33612345678" and user.phone_verified_at is not None and user.email is None

        sign_out(phone)
        sign_in_with_identifiant(phone, login_name, AGENT_PASSWORD)
        expect(phone.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
        check(phone)
        phone.goto("/compte/")
        expect(phone.get_by_text("ines.cantine", exact=True)).to_be_visible()
        check(phone)
        # the letter's code no longer works
        sign_out(phone)
        phone.goto(f"/connexion/code/?code={code}")
        phone.get_by_role("button", name="Continuer").click()
        expect(
            phone.locator("ul.errorlist").get_by_text(re.compile("Ce code ne fonctionne plus"))
        ).to_be_visible()
    finally:
        context.close()
