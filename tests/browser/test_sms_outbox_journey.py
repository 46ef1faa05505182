"""Texts on the demo network: the Ville's administrator reads the SMS refused by last month's budget (numbers
masked, the month's usage against the budget) and relaunches one, which this month's budget lets through.
axe on every page; each page fits 320 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_safety_journey import assert_fits_320

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REFUSED = "Budget mensuel de SMS atteint : 40"


def test_admin_relaunches_a_text_refused_by_the_budget(page, demo_network):
    from passerelles.organisations.models import Organisation
    from passerelles.outbox import budget, sms
    from passerelles.outbox.models import OutboxMessage, OutboxState

    ville = Organisation.objects.get(slug="ville-de-belvau")
    refused = OutboxMessage.objects.filter(organisation=ville, last_error=REFUSED).order_by("to").first()
    before = len(sms.sent)  # what the demo's building sent, in this process
    used = budget.usage(ville)["used"]  # this month's texts of the demo's own life (small help, forums…)
    assert used < 40
    page.goto("/demo/login/admin-ville/")
    page.goto("/organisations/ville-de-belvau/courriels/")
    expect(page.get_by_role("heading", level=1, name="Courriels envoyés et SMS")).to_be_visible()
    expect(
        page.get_by_text(f"{used} SMS sur un budget de 40 par mois : il en reste {40 - used}.")
    ).to_be_visible()
    page.get_by_label("Canal").select_option(label="SMS")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"canal=sms"))
    rows = page.get_by_role("row").filter(has_text=REFUSED)
    expect(rows).to_have_count(3)
    assert refused.to not in page.content()  # the agent's number is masked
    expect(rows.first).to_contain_text("+33\u00a06\u00a0••")
    expect(rows.first).to_contain_text("texte non affiché")
    assert_accessible(page)
    assert_fits_320(page)

    page.get_by_role("row").filter(has_text=refused.masked_to).get_by_role(
        "link", name="Réessayer maintenant"
    ).click()
    expect(page.get_by_role("heading", level=1, name="Réessayer l'envoi")).to_be_visible()
    expect(page.get_by_text("refusé faute de budget")).to_be_visible()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("button", name="Réessayer maintenant").click()
    expect(page.get_by_text("Le message repart : il sera envoyé dans un instant.")).to_be_visible()
    refused.refresh_from_db()
    assert refused.state == OutboxState.SENT  # the tests' task backend delivers at once
    assert [text["to"] for text in sms.sent[before:]] == [refused.to]
    assert budget.usage(ville)["used"] == used + 1
    expect(
        page.get_by_text(f"{used + 1} SMS sur un budget de 40 par mois : il en reste {39 - used}.")
    ).to_be_visible()
