"""Issue 19 alive in the demo (network at 400 agents): coups de main and immersions in every state and a return
programme, each seen from the demo accounts that take part — and « encadrant » hears nothing of the host's
proposal the agent has not answered."""

import pytest
from django.test import Client

from passerelles.demo.generator import generate
from passerelles.smallhelp.models import Immersion, LightHelp, ReturnProgramme
from passerelles.smallhelp.rules import HelpState, ImmersionState, ProgrammeState
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def _client(slug):
    client = Client()
    client.get(f"/demo/login/{slug}/")
    return client


def test_every_state_is_there(demo_network):
    assert set(LightHelp.objects.values_list("state", flat=True)) == set(HelpState.values)
    assert set(ImmersionState.values) - {ImmersionState.PLANNED, ImmersionState.CANCELLED} <= set(
        Immersion.objects.values_list("state", flat=True)
    )
    programme = ReturnProgramme.objects.get()
    assert programme.state == ProgrammeState.ACCEPTED
    assert {i.state for i in programme.immersions.all()} == {ImmersionState.AGREED, ImmersionState.ASKED}


def test_the_demo_accounts_see_their_part(demo_network, settings):
    settings.DEMO = True
    agent = _client("agent").get("/coups-de-main/").content.decode()
    assert agent.count("data-help=") >= 5 and "data-awaiting" in agent  # the host's proposal to answer
    proposal = LightHelp.objects.get(initiated_by="host", state=HelpState.ASKED)
    manager = _client("encadrant")
    assert manager.get(f"/coups-de-main/{proposal.pk}/").status_code == 404
    assert "data-awaiting" in manager.get("/coups-de-main/").content.decode()
    agreed = LightHelp.objects.get(state=HelpState.AGREED)
    assert _client("agent").get(f"/coups-de-main/{agreed.pk}/lettre-de-mission.pdf").status_code == 200
    assert "data-passport-helps" in _client("agent").get("/passeport/").content.decode()
    assert "data-awaiting" in _client("accueil").get("/coups-de-main/").content.decode()
    hr = _client("rh").get("/organisations/departement-haute-lisiere/coups-de-main/").content.decode()
    assert hr.count("data-row=") >= 5 and "Parcours de retour" in hr
