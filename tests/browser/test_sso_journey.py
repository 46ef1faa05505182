"""Signing in through ProConnect in a real browser, against the test provider on 127.0.0.1: the button on
the login page (its look drawn by our CSS, no external asset, no CSP violation, axe, 320 px), the trip to the
provider and back to the dashboard, the refusal page of an unknown address."""

import re

import pytest
from playwright.sync_api import expect

from passerelles.accounts.models import User
from tests.browser.conftest import assert_accessible
from tests.browser.test_safety_journey import assert_fits_320
from tests.cast import make_agent, make_organisation
from tests.oidc_provider import OIDCTestProvider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(settings):
    provider = OIDCTestProvider().start()
    settings.SOCIALACCOUNT_PROVIDERS = provider.providers_setting(emails_verified=True)
    yield provider
    provider.stop()


def test_an_agent_signs_in_with_proconnect(page, provider):
    org = make_organisation("Ville de Bêta", "ville-beta")
    agent = make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    page.goto("/comptes/login/")
    button = page.get_by_role("button", name="S’identifier avec ProConnect")
    expect(button).to_be_visible()
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(0, 0, 145)"
    expect(page.get_by_role("link", name="Qu’est-ce que ProConnect ?")).to_have_attribute(
        "href", "https://www.proconnect.gouv.fr/"
    )
    assert_accessible(page)
    assert_fits_320(page)
    button.click()
    expect(page).to_have_url(re.compile(r"/tableau-de-bord/$"))
    agent.refresh_from_db()
    assert agent.user is not None and agent.user.email == "agent@exemple.test"


def test_an_unknown_address_reads_why(page, provider):
    page.goto("/comptes/login/")
    page.get_by_role("button", name="S’identifier avec ProConnect").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adresse non reconnue")
    expect(page.get_by_role("alert")).to_contain_text("Votre adresse n’est pas connue de Passerelles")
    assert_accessible(page)
    assert not User.objects.exists()
