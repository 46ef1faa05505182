"""Each demo account finds something to do on its dashboard (issue 13): read through its one-click login, on
the demo network built once per test process (the « demo400 » snapshot the browser journeys share)."""

import pytest
from django.test import Client

from passerelles.demo.generator import generate
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def test_the_demo_accounts_each_have_something_to_do(demo_network, settings):
    """Reading each demo account's dashboard through its one-click login: « À faire » is not empty."""
    settings.DEMO = True
    expected = {
        "agent": {"documents"},
        "encadrant": {"documents", "agreements", "extensions"},
        "accueil": {"documents", "agreements", "meet"},
        "rh": {"agreements", "alerts", "stories", "review", "imports"},
        "rh-ville": {"agreements", "host_requests"},
        "signataire": {"documents", "agreements"},
        "admin": {"outbox"},
    }
    for slug, keys in expected.items():
        client = Client()
        client.get(f"/demo/login/{slug}/")
        page = client.get("/tableau-de-bord/").content.decode()
        assert "Rien ne vous attend" not in page, slug
        for key in keys:
            assert f'data-todo="{key}"' in page, (slug, key)
