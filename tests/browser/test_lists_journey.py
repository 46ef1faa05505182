"""HR on the demo network works with the engagements list (issue 16): filters it, sorts it, pages through it,
exports it in XLSX (read back), then opens the month's time entries and the payroll export; at 320 px and with
the keyboard alone; axe-core on every page."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.small_screens import overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rows(page) -> list[str]:
    return page.locator("[data-engagement-list] tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.engagement)"
    )


def xlsx(download) -> list[list]:
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_hr_filters_sorts_pages_and_exports_the_engagements(page, demo_network, settings):
    settings.PAGE_SIZE = 5  # pages on the demo's engagements
    page.goto("/demo/login/rh/")
    page.get_by_role("link", name="Engagements de l'organisation, par étape").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Engagements")
    assert_accessible(page)
    caption = page.locator("[data-engagement-list] caption").inner_text()
    total = int(caption.split()[0])
    assert total > 5, caption

    # Sort by agent (the header is a link), then the other way
    page.locator("[data-engagement-list] thead").get_by_role("link", name="Agent").click()
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Agent")
    ascending = page.locator("[data-engagement-list] tbody tr td:first-child a").all_inner_texts()
    page.locator("[data-engagement-list] thead").get_by_role("link", name="Agent").click()
    expect(page.locator("th[aria-sort='descending']")).to_contain_text("Agent")
    assert ascending != page.locator("[data-engagement-list] tbody tr td:first-child a").all_inner_texts()
    assert_accessible(page)

    # Pages keep the sort; the last page and one beyond it are the same
    first = rows(page)
    page.get_by_role("link", name="Page suivante").click()
    expect(page.get_by_text("Page 2 sur")).to_be_visible()
    assert "tri=-agent" in page.url and not set(first) & set(rows(page))

    # Filter by step: only that step is listed, and the export is the filtered list
    page.get_by_label("Étape").select_option("active")
    page.get_by_role("button", name="Filtrer").click()
    # The click returns once the request is sent: wait for the filtered page before reading its rows
    expect(page).to_have_url(re.compile(r"etape=active"))
    expect(page.get_by_label("Étape")).to_have_value("active")
    states = page.locator("[data-engagement-list] [data-state]").evaluate_all(
        "b => b.map(x => x.dataset.state)"
    )
    assert states and set(states) == {"active"}
    listed = int(page.locator("[data-engagement-list] caption").inner_text().split()[0])
    with page.expect_download() as download:
        page.locator("[data-export='xlsx']").click()
    sheet = xlsx(download)
    assert sheet[0][:3] == ["Agent", "Organisation de l'agent", "Unité de l'agent"]
    assert len(sheet) == listed + 1 and {row[6] for row in sheet[1:]} == {"En cours"}
    assert download.value.suggested_filename.endswith(".xlsx")

    # The month's time entries, then the payroll export of the month
    page.get_by_role("link", name="Temps passé du mois, export pour la paie, arrêtés et conventions").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Temps passé")
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator("[data-payroll='xlsx']").click()
    payroll = xlsx(download)
    assert payroll[0][:3] == ["Matricule", "Nom", "Prénom"] and len(payroll) > 1
    assert download.value.suggested_filename.startswith("paie-")


def test_the_lists_at_320px_and_with_the_keyboard(page, demo_network):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/demo/login/rh/")
    for path in ("engagements/", "missions/", "temps/", "agents/"):
        page.goto(f"/organisations/departement-haute-lisiere/{path}")
        measure = overflow(page)
        assert measure["scrollWidth"] <= measure["innerWidth"], (path, measure)
        assert not measure["unreachable"], (path, measure)
        assert_accessible(page)

    # Keyboard alone: Tab reaches the table's scroll box, then its first sort link; Enter sorts
    page.goto("/organisations/departement-haute-lisiere/missions/")
    region = page.get_by_role("region", name="Liste des missions")
    for _ in range(60):
        page.keyboard.press("Tab")
        if region.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the table's scroll box is never reached with Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.dataset.sort")
    assert focused == "title"
    page.keyboard.press("Enter")
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Mission")
    assert "tri=title" in page.url
