"""The light path in a browser (issue 19): a coup de main of two half-days goes from request to lettre de
mission in three clicks per person at most — the agent asks (from the dashboard), the manager agrees, the host
agrees (both from « À faire »), and the lettre is downloaded and read back; then an immersion asked and agreed.
axe on each page; the request form at 320 px.

Each person's clicks are counted; arriving is not a click: opening the dashboard, or for the agent the link of
the notification « Coup de main accordé » (the e-mail or the in-app message) that leads to the request page.
"""

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.sessions import sign_in
from tests.browser.small_screens import overflow
from tests.smallhelp_helpers import working_days_of_a_coming_month

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(demo_network):
    from passerelles.accounts.models import User
    from passerelles.people.models import Agent

    agent = User.objects.get(email="agent@demo.passerelles.test").agent
    busy_units = set(agent.light_helps.values_list("host_unit_id", flat=True)) | {agent.unit_id}
    host = (
        Agent.objects.filter(
            organisation=agent.organisation, is_active=True, user__isnull=False, reports__isnull=False
        )
        .exclude(unit_id__in=busy_units)
        .exclude(unit__isnull=True)
        .exclude(pk=agent.manager_id)
        .distinct()
        .order_by("pk")
        .first()
    )
    return {"agent": agent, "host": host}


class Clicks:
    """Counts each person's clicks."""

    def __init__(self):
        self.by_person: dict[str, int] = {}

    def click(self, who: str, locator):
        self.by_person[who] = self.by_person.get(who, 0) + 1
        locator.click()


def _read(download, path) -> str:
    download.save_as(path)
    document = pdfium.PdfDocument(str(path))
    return " ".join(
        " ".join(document[i].get_textpage().get_text_range() for i in range(len(document))).split()
    )


def test_a_coup_de_main_in_three_clicks_per_person_then_an_immersion(page, people, live_server, tmp_path):
    from passerelles.smallhelp.models import Immersion, LightHelp

    clicks = Clicks()
    agent, host = people["agent"], people["host"]
    days = working_days_of_a_coming_month(2, months_ahead=3)

    # The agent asks, from the dashboard.
    page.goto("/demo/login/agent/")
    page.goto("/tableau-de-bord/")
    clicks.click("agent", page.get_by_role("link", name="Demander un coup de main", exact=True))
    expect(page.get_by_role("heading", name="Demander un coup de main")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Service à aider").select_option(str(host.unit_id))
    page.get_by_label("Objet du coup de main").fill("Renfort pour la rentrée scolaire")
    page.get_by_label("Demi-journée 1 : date").fill(f"{days[0]:%Y-%m-%d}")
    page.get_by_label("Demi-journée 1 : moment").select_option("am")
    page.get_by_label("Demi-journée 2 : date").fill(f"{days[1]:%Y-%m-%d}")
    page.get_by_label("Demi-journée 2 : moment").select_option("pm")
    page.set_viewport_size({"width": 320, "height": 800})
    measured = overflow(page)
    assert measured["scrollWidth"] <= 320, measured
    page.set_viewport_size({"width": 1280, "height": 900})
    clicks.click("agent", page.get_by_role("button", name="Envoyer la demande"))
    expect(page.get_by_text("Demande envoyée")).to_be_visible()
    assert_accessible(page)
    help = LightHelp.objects.get(agent=agent, purpose="Renfort pour la rentrée scolaire")
    todo_link = f'[data-todo="small_help"] a[href="/coups-de-main/{help.pk}/"]'

    # The manager agrees from « À faire ».
    page.goto("/demo/login/encadrant/")
    page.goto("/tableau-de-bord/")
    clicks.click("manager", page.locator(todo_link))
    assert_accessible(page)
    clicks.click("manager", page.get_by_role("button", name="Je donne mon accord"))
    expect(page.get_by_text("Accord enregistré")).to_be_visible()

    # The host agrees from « À faire », and downloads the lettre.
    sign_in(page, live_server, host.user)
    page.goto("/tableau-de-bord/")
    clicks.click("host", page.locator(todo_link))
    clicks.click("host", page.get_by_role("button", name="Je donne mon accord"))
    expect(page.get_by_text("la lettre de mission est prête")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        clicks.click("host", page.get_by_role("link", name="Télécharger la lettre de mission (PDF)"))
    text = _read(download.value, tmp_path / "host.pdf")
    assert f"{agent.full_name} apporte son concours au service {host.unit.name}" in text
    assert "Renfort pour la rentrée scolaire" in text and "CGFP L512-23" in text

    # The agent follows the notification's link and downloads it too.
    page.goto("/demo/login/agent/")
    page.goto(f"/coups-de-main/{help.pk}/")
    expect(page.locator('[data-state="agreed"]')).to_be_visible()
    with page.expect_download() as download:
        clicks.click("agent", page.get_by_role("link", name="Télécharger la lettre de mission (PDF)"))
    assert f"{days[0]:%d/%m/%Y} matin" in _read(download.value, tmp_path / "agent.pdf")
    assert clicks.by_person == {"agent": 3, "manager": 2, "host": 3}, clicks.by_person

    # An immersion: the agent asks, the host agrees.
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Demander une immersion, suivre mes coups de main").click()
    assert_accessible(page)
    page.get_by_role("link", name="Demander une immersion", exact=True).click()
    page.get_by_label("Service à découvrir").select_option(str(host.unit_id))
    page.get_by_label("Date").fill(f"{days[1]:%Y-%m-%d}")
    page.get_by_label("matin", exact=True).check()
    page.get_by_label("Pourquoi").select_option("project")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Demande envoyée au service.")).to_be_visible()
    immersion = Immersion.objects.get(agent=agent, date=days[1])
    sign_in(page, live_server, host.user)
    page.goto("/tableau-de-bord/")
    page.locator(f'[data-todo="immersions"] a[href="/immersions/{immersion.pk}/"]').click()
    assert_accessible(page)
    page.get_by_role("button", name="J'accueille l'agent").click()
    expect(page.locator('[data-state="agreed"]')).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_role("link", name="Télécharger la note d'immersion (PDF)")).to_be_visible()
