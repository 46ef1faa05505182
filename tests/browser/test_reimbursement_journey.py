"""Money between two employers in the browser (issue 18): the Département's HR (the origin: its agent works
for the Ville) enters the agent's yearly cost; the quarterly schedule shows both organisations and the
amounts; the Ville's HR (the host) reads the amounts it owes, without the yearly cost; the Département's
finance export downloads and reads back. On a 320 px phone, nothing scrolls sideways."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.between_employers import demo_engagement_between_employers
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def engagement(demo_network):
    """The demo agent (Département) on a mission of the Ville, at the agreements."""
    return demo_engagement_between_employers(title="Inventaire du fonds patrimonial", time_share_percent=20)


def test_origin_enters_the_cost_host_reads_the_schedule_finance_exports(page, engagement):
    from passerelles.reimbursements.models import ScheduleLine

    page.goto("/demo/login/rh/")
    page.goto(f"/engagements/{engagement.pk}/")
    page.get_by_role("link", name="Voir l'échéancier du remboursement").click()
    expect(page.get_by_role("heading", name="Remboursement entre employeurs")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Coût annuel de l'agent (rémunération et charges, €)").fill("38 400,00")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Le coût annuel est enregistré")).to_be_visible()
    lines = list(ScheduleLine.objects.filter(plan__engagement=engagement).order_by("period_start"))
    assert lines and sum(line.amount_due for line in lines) > 0
    expect(page.locator("[data-creditor]")).to_contain_text("Haute-Lisière")
    expect(page.locator("[data-debtor]")).to_contain_text("Belvau")
    expect(page.locator("[data-schedule] tbody tr")).to_have_count(len(lines))
    expect(page.locator("[data-yearly-cost]")).to_contain_text("38")
    assert_accessible(page)

    # the host's HR reads the amounts it owes, not the agent's cost
    page.goto("/demo/login/rh-ville/")
    page.goto(f"/engagements/{engagement.pk}/remboursement/")
    expect(page.locator("[data-schedule] tbody tr")).to_have_count(len(lines))
    expect(page.locator("[data-yearly-cost]")).to_have_count(0)
    expect(page.locator("[data-decision-form]")).to_have_count(0)
    first = f"{lines[0].amount_due:.2f}".replace(".", ",")
    assert first.split(",")[1] in page.locator("[data-schedule] tbody tr").first.inner_text()

    # the origin's finance export, downloaded and read back
    page.goto("/demo/login/rh/")
    page.goto("/organisations/departement-haute-lisiere/remboursements/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en CSV").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    mine = [row for row in rows[1:] if row[3] == str(engagement.pk)]
    assert len(mine) == len(lines)
    assert {row[0] for row in mine} == {"Ville de Belvau"} or all("Belvau" in row[0] for row in mine)
    assert all("Haute-Lisière" in row[1] for row in mine)
    assert [row[7] for row in mine] == [f"{line.amount_due:.2f}".replace(".", ",") for line in lines]

    # a phone: the schedule's table scrolls in its own box, the page does not
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/engagements/{engagement.pk}/remboursement/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
