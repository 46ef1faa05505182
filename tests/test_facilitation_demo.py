"""Issue 19 alive in the demo (network at 400 agents): volunteers of the facilitators' pool, calls in every state
seen from the demo accounts, the hours recognised, and a host direction's proposal."""

import pytest
from django.test import Client

from passerelles.demo.generator import generate
from passerelles.engagements.lifecycle import EventKind, State
from passerelles.engagements.models import Engagement
from passerelles.facilitation.models import CallState, FacilitationCall, Facilitator
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _client(slug):
    client = Client()
    client.get(f"/demo/login/{slug}/")
    return client


def test_the_pool_and_its_calls_in_every_state(demo_network, settings):
    settings.DEMO = True
    assert Facilitator.objects.filter(left_at__isnull=True).count() >= 6
    assert set(FacilitationCall.objects.values_list("state", flat=True)) == set(CallState.values)
    pool = _client("rh").get("/animateurs/").content.decode()
    assert pool.count("/appel/") >= 5  # the Département's volunteers, not the Ville's
    to_answer = _client("agent").get("/a-faire/").content.decode()
    assert "Animations : répondre à un appel" in to_answer
    assert "Animations : dire si elles ont eu lieu" in _client("rh").get("/a-faire/").content.decode()
    held = FacilitationCall.objects.get(state=CallState.HELD)
    assert held.duration_minutes == 120
    # the network's coordinator sees only those who chose it
    shared = Facilitator.objects.filter(share_with_network=True, left_at__isnull=True).count()
    assert _client("reseau").get("/animateurs/").content.decode().count("/appel/") == shared


def test_a_host_direction_proposal(demo_network):
    proposal = Engagement.objects.filter(
        state=State.PROPOSAL,
        events__action=EventKind.PROPOSE,
        events__by__email="accueil@demo.passerelles.test",
    )
    assert proposal.count() == 1
