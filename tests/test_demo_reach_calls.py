"""Issue 15 alive in the demo (network at 400 agents): the demo agent's personne relais, an interest the
Département's HR recorded for them by phone, and a call for volunteers with people reached and answers."""

import pytest

from passerelles.accounts.models import User
from passerelles.callouts.models import VolunteerCall
from passerelles.callouts.services import answers
from passerelles.demo.generator import generate
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.notifications.models import NotificationKind
from passerelles.people.models import ChosenContact
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def test_the_demo_agent_chose_a_colleague_and_reads_an_interest_recorded_by_phone(demo_network, client):
    user = User.objects.get(email="agent@demo.passerelles.test")
    chosen = ChosenContact.objects.get(agent=user.agent)
    assert chosen.contact.organisation_id == user.agent.organisation_id
    recorded = Engagement.objects.get(agent=user.agent, recorded_at__isnull=False)
    assert recorded.state == State.INTEREST and recorded.consent_channel == "phone"
    assert recorded.recorded_by.email == "rh@demo.passerelles.test"
    assert user.notifications.filter(kind=NotificationKind.ENGAGEMENT).exists()
    client.force_login(user)
    page = client.get(f"/engagements/{recorded.pk}/").content.decode()
    assert "Intérêt enregistré pour vous par" in page and "par téléphone" in page
    assert "Retirer mon intérêt" in page


def test_the_demo_hr_sent_a_call_with_people_reached_and_answers(demo_network, client, settings):
    hr = User.objects.get(email="rh@demo.passerelles.test")
    call = VolunteerCall.objects.for_actor(hr).get()
    assert call.reached >= 3 and call.sent_at is not None
    assert answers(call) == 2
    settings.DEMO = True
    client.get("/demo/login/rh/")  # HR signs in with two factors; the demo's one-click login stands for it
    page = client.get(f"/appels/{call.pk}/").content.decode()
    assert f"{call.reached} personnes prévenues" in page and "2 réponses" in page
