"""Issue 20 alive in the demo (network at 400 agents): the demo agent shares their missions with the annual-review
campaign — the Département's HR downloads them at once — and has a calendar feed link."""

import csv
import io

import pytest
from django.test import Client

from passerelles.annualreview.models import ReviewConsent
from passerelles.calendars.models import CalendarFeed
from passerelles.demo.generator import generate
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _client(slug):
    client = Client()
    client.get(f"/demo/login/{slug}/")
    return client


def test_the_demo_agent_shares_their_missions_and_has_a_calendar_link(demo_network, settings):
    settings.DEMO = True
    consent = ReviewConsent.objects.get(agent__user__email="agent@demo.passerelles.test")
    assert consent.is_given
    assert CalendarFeed.objects.filter(user__email="agent@demo.passerelles.test").exists()
    agent = consent.agent
    assert 'data-annual-review-consent="oui"' in _client("agent").get("/passeport/").content.decode()
    assert 'data-calendar-feed="oui"' in _client("agent").get("/compte/agenda/").content.decode()
    export = _client("rh").get(f"/organisations/{agent.organisation.slug}/exports/entretiens-annuels.csv")
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows and {row["Nom"] for row in rows} == {agent.last_name}
