"""Working time as a commons in a browser (issue 22, 4–6): the demo agent reads their solidarity balance, gives
hours to another unit until the allowance refuses the next gift with the rule and the balance; the manager reads
what the team gives and receives and the guide; « rh » reads the twinning counted both ways and adapts the ethics
charter, which the agent then acknowledges. axe on each page, the agent's page at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.small_screens import overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gifts_within_the_allowance_a_twinning_both_ways_and_the_charter(page, demo_network):
    from passerelles.commons.models import SolidarityAllowance, TimeGift

    allowance = SolidarityAllowance.objects.get()
    organisation = allowance.organisation

    # 1. The agent's balance, then gifts until the allowance says no.
    page.goto("/demo/login/agent/")
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Temps en commun : mes jours de solidarité").click()
    expect(page.locator("[data-balance]")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    measured = overflow(page)
    assert measured["scrollWidth"] <= 320, measured
    page.set_viewport_size({"width": 1280, "height": 900})
    left = int(page.locator("[data-balance]").get_attribute("data-balance"))
    given = TimeGift.objects.count()
    while left > 0:
        hours = min(left, 7)
        page.get_by_label("Service aidé").select_option(index=1)
        page.get_by_label("Projet ou collègue aidé").fill("Le forum des missions")
        page.get_by_label("Heures").fill(str(hours))
        page.get_by_role("button", name="Enregistrer le don").click()
        expect(page.get_by_text("Don de temps enregistré")).to_be_visible()
        left -= hours
    expect(page.locator("[data-balance]")).to_have_attribute("data-balance", "0")
    page.get_by_label("Service aidé").select_option(index=1)
    page.get_by_label("Projet ou collègue aidé").fill("Une heure de plus")
    page.get_by_label("Heures").fill("1")
    page.get_by_role("button", name="Enregistrer le don").click()
    refusal = page.locator("[data-refusal]")
    expect(refusal).to_contain_text("dépasserait vos jours de solidarité")
    expect(refusal).to_contain_text(allowance.deliberation)
    expect(refusal).to_contain_text("Solde")
    assert TimeGift.objects.filter(project="Une heure de plus").count() == 0
    assert TimeGift.objects.count() > given

    # 2. The manager: what the team gives and receives, and the guide.
    page.goto("/demo/login/encadrant/")
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Le temps que mon équipe donne et reçoit").click()
    expect(page.locator("[data-given-hours]")).not_to_have_text("0 h")
    assert_accessible(page)
    page.get_by_role("link", name="Le guide de l'encadrant·e, étape par étape").click()
    expect(page.locator("[data-step='return']")).to_be_visible()
    assert_accessible(page)

    # 3. HR: the twinning counted both ways; the charter adapted.
    page.goto("/demo/login/rh/")
    page.goto(f"/organisations/{organisation.slug}/temps-en-commun/")
    twinning = page.locator("[data-twinning]").first
    expect(twinning.locator("[data-a-to-b]")).not_to_have_attribute("data-a-to-b", "0")
    expect(twinning.locator("[data-b-to-a]")).not_to_have_attribute("data-b-to-a", "0")
    assert_accessible(page)
    page.goto(f"/organisations/{organisation.slug}/charte/")
    page.get_by_label("Texte de la charte").fill("Notre charte : volontaire, plafonnée, avec un retour.")
    page.get_by_role("button", name="Enregistrer la charte").click()
    expect(page.locator("[data-charter='1']")).to_contain_text("Notre charte")
    assert_accessible(page)

    # 4. The agent reads the new version and acknowledges it.
    page.goto("/demo/login/agent/")
    page.goto(f"/organisations/{organisation.slug}/charte/")
    page.get_by_role("button", name="J'ai lu la charte").click()
    expect(page.locator("[data-read]")).to_be_visible()
