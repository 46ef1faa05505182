"""Issue 19 alive in the demo (network at 400 agents): a network café-missions held with outcomes and an
engagement born of it, an organisation's forum open with pitches and registrations, a draft; each seen from the
demo accounts that should see it, and not from the others."""

import pytest
from django.test import Client

from passerelles.demo.generator import generate
from passerelles.encounters.models import Encounter
from passerelles.encounters.rules import Status
from passerelles.engagements.lifecycle import EventKind, State
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _client(slug):
    client = Client()
    client.get(f"/demo/login/{slug}/")
    return client


def test_every_state_is_in_the_demo(demo_network, settings):
    settings.DEMO = True
    held = Encounter.objects.get(title="Café-missions du réseau")
    assert held.status == Status.HELD and held.network_id is not None
    born = held.conversations.filter(
        engagement__state=State.MEETING, engagement__events__action=EventKind.FORUM_CONVERSATION
    )
    assert born.exists()
    assert held.conversations.filter(agent_continues=False).exists()
    forum = Encounter.objects.get(title="Forum des missions du Département")
    assert forum.status == Status.OPEN and forum.pitches.count() == 2 and forum.registrations.exists()
    assert Encounter.objects.get(title="Café-missions de la Ville").status == Status.DRAFT

    agent_list = _client("agent").get("/rencontres/").content.decode()
    assert "Café-missions du réseau" in agent_list and "Forum des missions du Département" in agent_list
    assert "Café-missions de la Ville" not in agent_list  # a draft: its organisers only
    assert "Café-missions de la Ville" in _client("rh-ville").get("/rencontres/").content.decode()
    report = _client("reseau").get(f"/rencontres/{held.pk}/bilan/")
    assert report.status_code == 200
    agenda = _client("agent").get(f"/rencontres/{held.pk}/mon-agenda/").content.decode()
    assert "Vous souhaitez tous deux continuer" in agenda
