"""Two-factor sign-in in a real browser: HR signs in with a password, is sent to enrolment, reads the secret
on the page, types the code their app would show, keeps the recovery codes and reaches the dashboard; the
next sign-in asks the code. The account pages around it (« Mon compte », sessions) are checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.access.models import Role
from tests.browser.conftest import assert_accessible
from tests.cast import PASSWORD, build_cast, grant, make_agent, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_hr():
    cast = build_cast()
    agent = make_agent(cast.home, "Rose", "Nouvelle")
    grant(agent, cast.home, Role.HR, enrolled=False)
    return agent.user


def sign_in(page, user):
    page.goto("/comptes/login/")
    page.get_by_label("Adresse e-mail ou identifiant").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_hr_enrols_then_signs_in_with_the_code(page, new_hr):
    sign_in(page, new_hr)
    expect(page).to_have_url(re.compile(r"/comptes/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    expect(page.get_by_text("Votre rôle exige la double authentification.")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Code QR"))).to_be_visible()
    assert_accessible(page)
    # Every other page sends back here.
    page.goto("/missions/")
    expect(page).to_have_url(re.compile(r"/comptes/2fa/totp/activate/$"))

    secret = page.locator("#totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Code affiché par l'application").fill(
        "000000" if totp_code(secret) != "000000" else "111111"
    )
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_text("Code incorrect.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code affiché par l'application").fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de récupération")
    codes = page.locator(".recovery-codes code")
    expect(codes).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Continuer vers le tableau de bord").click()
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()

    for link, heading in (("Mon compte", "Mon compte"),):
        page.get_by_role("link", name=link).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    page.get_by_role("link", name="Double authentification").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Double authentification")
    assert_accessible(page)
    page.goto("/comptes/sessions/")
    expect(page.get_by_text("cette session")).to_be_visible()
    assert_accessible(page)

    # The next sign-in asks the code.
    page.get_by_role("button", name="Se déconnecter").click()
    sign_in(page, new_hr)
    expect(page).to_have_url(re.compile(r"/comptes/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Code de vérification")
    assert_accessible(page)
    page.get_by_label("Code de l'application ou code de récupération").fill(totp_code(secret))
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
