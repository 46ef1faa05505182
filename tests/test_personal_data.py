"""« Mes données »: export everything, erasure by anonymisation that keeps statistics, retention periods."""

import datetime
import json

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import State
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from passerelles.outbox.models import OutboxMessage
from passerelles.outbox.services import queue_email
from passerelles.people.models import Agent, ErasureRequest, ProfileTag, ProfileView, RetentionRule
from passerelles.people.personal_data import anonymise_agent, apply_retention
from passerelles.people.services import profile_of
from tests.cast import make_engagement, make_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def lived(cast):
    """An agent with a profile, an engagement with a message, a notification and a profile view."""
    agent = cast.agents["agent"]
    profile = profile_of(agent)
    ProfileTag.objects.create(profile=profile, kind="skill", label="Cuisine", key="cuisine")
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers cuisine"
    )
    engagement = make_engagement(agent, mission, State.ENDED, message="J'adore cuisiner, Paul")
    Notification.objects.create(user=agent.user, subject="Bonjour Paul", message="…")
    queue_email(to=[agent.user.email], subject="Courriel pour Paul", body="…", user=agent.user)
    ProfileView.objects.create(agent=agent, viewer=cast.users[Role.HR])
    return engagement


def test_export_contains_everything_about_me_and_nothing_else(cast, client_for, lived):
    response = client_for(cast.users[Role.AGENT]).get("/mes-donnees/export.json")
    assert response["Content-Disposition"].startswith('attachment; filename="passerelles-mes-donnees-')
    data = json.loads(response.content)
    assert data["agent"]["last_name"] == "Agent" and data["account"]["email"] == cast.users[Role.AGENT].email
    assert data["profile"]["tags"] == [
        {"kind": "Compétence", "label": "Cuisine", "not_used_in_current_job": False}
    ]
    assert data["engagements"][0]["message"] == "J'adore cuisiner, Paul"
    assert data["notifications"][0]["subject"] == "Bonjour Paul"
    assert data["emails"][0]["subject"] == "Courriel pour Paul" and data["emails"][0]["state"] == "À envoyer"
    assert data["profile_views"][0]["by"] == "Rita Ressources"
    assert "Zorglubie" not in response.content.decode()
    page = client_for(cast.users[Role.AGENT]).get("/mes-donnees/").content.decode()
    assert "Ateliers cuisine" in page and "Cuisine" in page


def test_erasure_request_then_hr_anonymises_keeping_statistics(cast, client_for, lived):
    agent_client = client_for(cast.users[Role.AGENT])
    assert "Oui, je demande" in agent_client.get("/mes-donnees/effacement/").content.decode()
    agent_client.post("/mes-donnees/effacement/")
    agent_client.post("/mes-donnees/effacement/")  # twice: one request
    erasure = ErasureRequest.objects.get(agent=cast.agents["agent"])
    assert Notification.objects.filter(user=cast.users[Role.HR], subject__contains="effacement").exists()
    assert client_for(cast.users[Role.MANAGER]).get(f"/effacements/{erasure.pk}/traiter/").status_code == 404
    hr = client_for(cast.users[Role.HR])
    assert "Anonymiser définitivement" in hr.get(f"/effacements/{erasure.pk}/traiter/").content.decode()
    hr.post(f"/effacements/{erasure.pk}/traiter/")
    agent = Agent.objects.get(pk=cast.agents["agent"].pk)
    assert agent.last_name.startswith("anonymisé") and agent.email == "" and agent.matricule == ""
    assert agent.category == "C" and agent.organisation == cast.home and agent.unit is not None  # statistics
    assert agent.history.exists() and "Paul" not in {h.first_name for h in agent.history.all()}
    lived.refresh_from_db()
    assert lived.state == State.ENDED and lived.message == ""
    user = User.objects.get(pk=cast.users[Role.AGENT].pk)
    assert not user.is_active and "anonyme" in user.email and not user.has_usable_password()
    assert not OutboxMessage.objects.filter(subject__contains="Paul").exists()  # the outbox forgets too
    assert not Notification.objects.filter(user=user).exists() and not ProfileTag.objects.filter(
        profile__agent=agent
    )
    assert not User.history.filter(id=user.pk, email=cast.users[Role.AGENT].email).exists()


def test_retention_removes_what_expired_and_is_idempotent(cast, lived):
    now = timezone.now() + datetime.timedelta(days=400)
    counts = apply_retention(now=now)
    assert counts["notifications"] >= 1 and counts["profile_views"] >= 1
    assert apply_retention(now=now)["notifications"] == 0
    # an organisation may keep less
    RetentionRule.objects.create(organisation=cast.home, kind="inactive_agents", days=30)
    leaver = cast.agents[Role.SIGNATORY]
    Agent.objects.filter(pk=leaver.pk).update(
        is_active=False, deactivated_at=timezone.now() - datetime.timedelta(days=40)
    )
    apply_retention(now=timezone.now())
    assert Agent.objects.get(pk=leaver.pk).anonymised_at is not None


def test_processing_notice_is_public_and_shows_the_organisations_own_words(cast, client, client_for):
    assert "Base légale" in client.get("/donnees-personnelles/").content.decode()
    cast.home.privacy_notice = "DPO : dpo@alpha.fr"
    cast.home.save()
    RetentionRule.objects.create(organisation=cast.home, kind="notifications", days=90)
    content = client_for(cast.users[Role.AGENT]).get("/donnees-personnelles/").content.decode()
    assert "dpo@alpha.fr" in content and "90 jours" in content


def test_anonymising_twice_is_harmless(cast, lived):
    anonymise_agent(cast.agents["agent"])
    anonymise_agent(Agent.objects.get(pk=cast.agents["agent"].pk))
    assert Agent.objects.get(pk=cast.agents["agent"].pk).last_name.startswith("anonymisé")
