"""The demo shows accounts without a professional e-mail (docs/acces.md): agents without an address in the
demo manager's team, whose letters HR and the manager print; one letter whose code the login page shows and
which opens the first login; one agent who chose SMS."""

import pytest
from django.test import Client, override_settings

from passerelles.accounts.models import AccessCode, User
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG, DEMO_PASSWORD
from passerelles.demo.generator import generate
from passerelles.demo.reach_accounts import DEMO_ACCESS_CODE, WITHOUT_EMAIL
from passerelles.people.models import Agent
from tests.once import restored_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo", generate)


def test_agents_without_email(demo_network):
    manager = Agent.objects.get(user__email=DEMO_ACCOUNTS_BY_SLUG["encadrant"].email)
    without = Agent.objects.filter(
        manager=manager, email="", user__email__isnull=True, user__login_name__isnull=False
    )
    assert without.count() >= WITHOUT_EMAIL + 1
    chose_sms = [agent.user for agent in without if agent.user.can_receive_sms]
    assert len(chose_sms) == 1 and chose_sms[0].check_password(DEMO_PASSWORD)


@override_settings(DEMO=True)
def test_the_login_page_shows_a_working_code(demo_network):
    client = Client()
    page = client.get("/comptes/login/").content.decode()
    assert DEMO_ACCESS_CODE in page
    response = client.post("/connexion/code/", {"code": DEMO_ACCESS_CODE})
    assert response["Location"] == "/connexion/code/mot-de-passe/"
    assert AccessCode.objects.filter(created_by__email=DEMO_ACCOUNTS_BY_SLUG["rh"].email).exists()


@override_settings(DEMO=True)
def test_hr_and_the_manager_print_letters(demo_network):
    hr = User.objects.get(email=DEMO_ACCOUNTS_BY_SLUG["rh"].email)
    team = Client()
    team.get("/demo/login/encadrant/")
    page = team.get("/equipe/").content.decode()
    assert "Lettre de code d'accès" in page
    letters = Client()
    letters.get("/demo/login/rh/")  # the demo's one-click login: no second factor asked
    page = letters.get(f"/organisations/{hr.agent.organisation.slug}/lettres-acces/")
    assert page.status_code == 200 and len(page.context["agents"]) >= WITHOUT_EMAIL + 1
