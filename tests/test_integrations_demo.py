"""Issue 20 alive in the demo (network at 400 agents): the Département's API keys in every state, and a key a
newcomer makes works against the API at once."""

import re

import pytest
from django.test import Client

from passerelles.api.models import ApiKey
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


def test_the_api_keys_page_and_a_new_key(demo_network, settings):
    settings.DEMO = True
    admin = _client("admin")
    page = admin.get("/organisations/departement-haute-lisiere/api/").content.decode()
    for name in ("SIRH — import de nuit", "Décisionnel", "Ancien intranet"):
        assert name in page
    assert "Révoquée le" in page and "jamais" in page
    assert ApiKey.objects.filter(last_used_at__isnull=False).count() == 1
    made = admin.post(
        "/organisations/departement-haute-lisiere/api/", {"name": "Essai", "scope": "read"}, follow=True
    )
    plain = re.search(r'value="(psl_[^"]+)"', made.content.decode()).group(1)
    response = Client().get("/api/v1/agents?limit=5", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 200 and len(response.json()["results"]) == 5
    assert response.json()["next_cursor"]
