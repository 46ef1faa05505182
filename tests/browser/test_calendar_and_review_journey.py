"""Issue 20 on a phone (320 px): the demo agent makes a new calendar address on « Mon agenda », copies it, and a
calendar reads it; then, on the passport, withdraws and gives again the consent to the annual-review campaign.
Each page reflows without sideways scrolling and passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_agent_subscribes_and_chooses_on_a_small_screen(page, demo_network, live_server):
    from urllib.parse import urlsplit

    from passerelles.annualreview.models import ReviewConsent

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/demo/login/agent/")
    page.goto("/compte/")
    page.get_by_role("link", name="Mon agenda").click()
    expect(page.get_by_role("heading", level=1, name="Mon agenda")).to_be_visible()
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Créer un nouveau lien (l'ancien ne fonctionnera plus)").click()
    address = page.get_by_label("Adresse de votre agenda")
    expect(address).to_be_visible()
    _fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Copier le lien").click()
    expect(page.get_by_text("Lien copié.")).to_be_visible()
    # the address is written with SITE_URL; the test server listens elsewhere: its path (the feed reads no session)
    feed = page.request.get(live_server.url + urlsplit(address.input_value()).path)
    assert feed.status == 200 and "BEGIN:VCALENDAR" in feed.text()

    page.goto("/passeport/")
    box = page.get_by_label("Partager mes missions avec la campagne d'entretien annuel")
    expect(box).to_be_checked()  # the demo agent said yes
    _fits(page)
    assert_accessible(page)
    box.uncheck()
    page.get_by_role("button", name="Enregistrer mon choix").click()
    expect(page.get_by_text("Vos missions ne sont plus partagées")).to_be_visible()
    assert not ReviewConsent.objects.get(agent__user__email="agent@demo.passerelles.test").is_given
    page.get_by_label("Partager mes missions avec la campagne d'entretien annuel").check()
    page.get_by_role("button", name="Enregistrer mon choix").click()
    expect(page.get_by_text("Vos missions sont partagées")).to_be_visible()
    assert ReviewConsent.objects.get(agent__user__email="agent@demo.passerelles.test").is_given


def test_hr_finds_the_annual_review_page_on_a_small_screen(page, demo_network):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/demo/login/rh/")
    page.goto("/tableau-de-bord/")
    from passerelles.access.models import Role, RoleMembership
    from passerelles.accounts.models import User

    hr = User.objects.get(email="rh@demo.passerelles.test")
    slug = RoleMembership.objects.filter(user=hr, role=Role.HR).first().organisation.slug
    page.goto(f"/organisations/{slug}/temps/")
    page.get_by_role("link", name="Entretiens annuels : les missions que les agents partagent").click()
    expect(
        page.get_by_role("heading", level=1, name="Entretiens annuels : missions partagées")
    ).to_be_visible()
    _fits(page)
    assert_accessible(page)
    page.get_by_label("Année (facultatif)").fill("deux-mille")
    page.get_by_role("button", name="Choisir").click()
    expect(page.get_by_text("Année illisible")).to_be_visible()
    _fits(page)
    assert_accessible(page)
