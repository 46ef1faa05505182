"""HR on the demo network: a difficulty signalled at a check-in waits in « À faire », is dealt with from the
follow-up page and leaves the list; then the engagements list, filtered by stage, and its CSV export."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_deals_with_a_difficulty_and_reads_the_engagements_list(page, demo_network):
    page.goto("/demo/login/rh/")
    alerts = page.locator("[data-todo='alerts']")
    expect(alerts).to_be_visible()
    assert_accessible(page)
    alerts.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1, name="Suivi de la mission")).to_be_visible()
    expect(page.get_by_text("j'aimerais qu'on en reparle ensemble")).to_be_visible()  # HR reads it
    assert_accessible(page)
    page.get_by_role("button", name="La difficulté est traitée").click()
    expect(page.get_by_text("la difficulté est traitée")).to_be_visible()
    expect(page.get_by_text("Difficulté traitée le")).to_be_visible()
    page.goto("/tableau-de-bord/")
    expect(page.locator("[data-todo='alerts']")).to_have_count(0)

    # The engagements list, from the navigation: filtered by stage, then exported.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Engagements"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Engagements")
    page.get_by_label("Étape").select_option("active")
    page.get_by_role("button", name="Filtrer").click()
    rows = page.locator("[data-engagement-list] tbody tr")
    expect(rows.first).to_be_visible()
    assert all(
        state == "active"
        for state in page.locator("[data-engagement-list] [data-state]").evaluate_all(
            "badges => badges.map(b => b.dataset.state)"
        )
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("[data-export='csv']").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith("Agent;Organisation de l'agent;")
    assert len(content.splitlines()) == rows.count() + 1  # the same filtered list (one page here)
