"""Issue 20 alive in the demo (network at 400 agents), one snapshot for all its parts: the Département's API
keys in every state and a key a newcomer makes working at once; its disabled webhook endpoint with past
deliveries; a document waiting for its signatures with the parapheur's bundle; the demo agent sharing their
missions with the annual-review campaign (HR downloads them) and holding a calendar link."""

import csv
import io
import json
import re
import zipfile

import pytest
from django.test import Client

from passerelles.access import policies
from passerelles.accounts.models import User
from passerelles.annualreview.models import ReviewConsent
from passerelles.api.models import ApiKey
from passerelles.calendars.models import CalendarFeed
from passerelles.demo.generator import generate
from passerelles.documents.models import EngagementDocument
from passerelles.documents.parapheur import awaiting_signature
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState, WebhookEndpoint
from tests.cast import enrol
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _client(slug):
    client = Client()
    client.get(f"/demo/login/{slug}/")
    return client


def test_the_api_keys_page_and_a_new_key(demo_network, settings):
    settings.DEMO = True
    admin = _client("admin")
    page = admin.get("/organisations/departement-haute-lisiere/api/").content.decode()
    for name in ("SIRH — import de nuit", "Décisionnel", "Ancien intranet"):
        assert name in page
    assert "Révoquée le" in page and "jamais" in page
    assert ApiKey.objects.filter(last_used_at__isnull=False).count() == 1
    history = _client("rh").get("/organisations/departement-haute-lisiere/import/").content.decode()
    assert "mouvements-du-jour.csv" in history  # the file the SIRH's key pushed, source « API »
    made = admin.post(
        "/organisations/departement-haute-lisiere/api/", {"name": "Essai", "scope": "read"}, follow=True
    )
    plain = re.search(r'value="(psl_[^"]+)"', made.content.decode()).group(1)
    response = Client().get("/api/v1/agents?limit=5", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 200 and len(response.json()["results"]) == 5
    assert response.json()["next_cursor"]


def test_the_departement_has_a_disabled_endpoint_with_past_deliveries(demo_network, client):
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.organisation.slug == "departement-haute-lisiere"
    assert endpoint.is_active is False and endpoint.url == "http://127.0.0.1:9/"
    rows = OutboxMessage.objects.filter(channel=Channel.WEBHOOK)
    assert all(row.webhook_endpoint_id == endpoint.pk for row in rows)
    states = sorted(rows.values_list("state", flat=True))
    assert states == [OutboxState.SENT] * 4
    assert sorted(rows.values_list("attempts", flat=True)) == [1, 1, 1, 2]
    for row in rows:
        body = json.loads(row.body)
        assert body["type"] == row.subject and body["organisation"]["slug"] == endpoint.organisation.slug
    admin = User.objects.get(email="admin@demo.passerelles.test")
    enrol(admin)
    client.force_login(admin)
    response = client.get(f"/webhooks/{endpoint.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "désactivé" in page and "Envoyé" in page and endpoint.secret in page
    listing = client.get("/organisations/departement-haute-lisiere/webhooks/").content.decode()
    assert "http://127.0.0.1:9/" in listing


def test_a_document_waits_for_its_signatures_with_a_parapheur_bundle(demo_network, client):
    waiting = [
        document
        for document in EngagementDocument.objects.filter(superseded_at__isnull=True).select_related(
            "engagement"
        )
        if awaiting_signature(document)
    ]
    assert waiting
    document = waiting[0]
    hr = next(
        user
        for user in User.objects.filter(
            email__endswith="@demo.passerelles.test", role_memberships__isnull=False
        )
        .distinct()
        .order_by("email")
        if policies.is_engagement_hr(user, document.engagement)
    )
    enrol(hr)
    client.force_login(hr)
    page = client.get(f"/engagements/{document.engagement_id}/").content.decode()
    assert (
        f"/documents/{document.pk}/parapheur.zip" in page and f"/documents/{document.pk}/pdf-signe/" in page
    )
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/documents/{document.pk}/parapheur.zip").content))
    assert json.loads(archive.read("metadata.json"))["document"]["sha256"] == document.sha256


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
