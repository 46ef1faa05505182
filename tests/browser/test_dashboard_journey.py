"""The DGS opens the organisation's dashboard (issue 16): charts drawn beside their tables without any console
or CSP error, a period and a programme filtered, the whole dashboard downloaded as XLSX and read back, the
programme's review opened as a PDF — with the
keyboard, at 1280 and 320 px, checked by axe."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible
from tests.browser.small_screens import OVERFLOW_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dgs_reads_filters_and_exports_the_dashboard(page, demo_network):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/demo/login/signataire/")
    page.get_by_role("link", name="Tableau de bord : indicateurs de la micro-mobilité").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord")
    # every chart is drawn (a canvas) and has its table with a caption beside it
    charts = page.locator("[data-chart]")
    expect(charts.first.locator("canvas")).to_be_visible()
    assert charts.count() >= 17
    missing = charts.evaluate_all(
        "els => els.filter(e => !e.querySelector('canvas')).map(e => e.dataset.chart)"
    )
    assert not missing, (missing, errors)
    assert page.locator("table.data-table caption").count() == 17
    # ECharts' aria option describes each chart for screen readers
    assert "graphique" in (charts.first.get_attribute("aria-label") or "").lower()
    assert_accessible(page)

    # a period and a programme, chosen with the keyboard
    page.get_by_label("Période", exact=True).focus()
    page.get_by_label("Période", exact=True).select_option("dates")
    page.get_by_label("Du", exact=True).fill("2024-01-01")
    page.get_by_label("Au", exact=True).fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    programme = page.get_by_label("Programme", exact=True)
    value = programme.locator("option", has_text="Passerelles, saison 1").get_attribute("value")
    programme.select_option(value)
    programme.focus()
    page.keyboard.press("Tab")  # to « Afficher »
    expect(page.get_by_role("button", name="Afficher")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".lead")).to_contain_text("programme : Passerelles, saison 1")
    expect(page.locator(".lead")).to_contain_text("du 01/01/2024")
    assert f"programme={value}" in page.url
    expect(page.locator("[data-chart] canvas").first).to_be_visible()
    assert_accessible(page)

    # the whole dashboard as XLSX, from the keyboard: the link after « Afficher »
    page.get_by_role("button", name="Afficher").focus()
    page.keyboard.press("Tab")
    link = page.get_by_role("link", name=re.compile("Télécharger tout le tableau de bord"))
    expect(link).to_be_focused()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    about = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert about["Programme"].startswith("Passerelles, saison 1")
    assert about["Période"].startswith("du 01/01/2024")
    assert len(book.sheetnames) == 18
    values = [
        cell.value for sheet in book.worksheets[1:] for row in sheet.iter_rows(min_row=2) for cell in row[1:]
    ]
    assert not [v for v in values if isinstance(v, int) and 1 <= v <= 4]  # the same protection as the page

    # the programme chosen, its review is one click away; the DGS opens the PDF for the Codir
    page.locator("[data-programme-review]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Passerelles, saison 1")
    response = page.request.get(page.locator("[data-review-pdf]").first.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split())
    assert "Passerelles, saison 1" in text and "Hypothèse" in text
    page.go_back()

    # a table scrolls on its own, reachable with the keyboard
    region = page.get_by_role("region", name=re.compile("Tableau : Flux entre directions"))
    region.focus()
    expect(region).to_be_focused()

    # 320 px: nothing sticks out, the charts follow the width
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    expect(page.locator("[data-chart] canvas").first).to_be_visible()
    measure = page.evaluate(OVERFLOW_JS)
    assert not measure["culprits"] and not measure["unreachable"], measure
    widths = page.locator("[data-chart] canvas").evaluate_all(
        "cs => cs.map(c => c.getBoundingClientRect().width)"
    )
    assert widths and max(widths) <= 320
    assert_accessible(page)
    assert not errors, errors
