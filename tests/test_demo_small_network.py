"""The demo network's way in, on the network at 400 agents (the smaller CCAS has 20): the login page lists
each organisation's accounts, the one-click login exists in demo mode only. One network for the module
(tests/once.py); each test's changes are rolled back after it."""

import re

import pytest

from passerelles.access.actor import build_actor
from passerelles.accounts.models import User
from passerelles.demo.accounts import DEMO_ACCOUNTS, ORGANISATION_ACCOUNTS, accounts_by_organisation
from passerelles.demo.generator import generate
from passerelles.missions import fulltext
from passerelles.missions.models import Mission
from passerelles.organisations.models import Organisation
from tests.once import restored_once

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/login/"


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    yield from restored_once(django_db_blocker, snapshots, "demo400", lambda: generate(400))


def test_demo_login_does_not_exist_outside_demo_mode(demo_network, client, settings):
    settings.DEMO = False
    assert client.get("/demo/login/rh/").status_code == 404
    assert "Comptes de démonstration" not in client.get(LOGIN).content.decode()


def test_demo_login_in_demo_mode(demo_network, client, settings):
    settings.DEMO = True
    assert "Comptes de démonstration" in client.get(LOGIN).content.decode()
    response = client.get("/demo/login/rh/")
    assert response.status_code == 302 and response["Location"] == "/tableau-de-bord/"
    assert client.get("/tableau-de-bord/").context["user"].email == "rh@demo.passerelles.test"
    assert client.get("/demo/login/personne/").status_code == 404
    assert client.post("/demo/login/rh/").status_code == 405


def test_login_page_lists_each_organisations_accounts(demo_network, client, settings):
    settings.DEMO = True
    page = client.get(LOGIN).content.decode()
    for group in accounts_by_organisation():
        found = re.search(
            rf'<details class="card" data-demo-organisation="{group.slug}">(.*?)</details>', page, re.S
        )
        assert found, group.slug
        section = found.group(1)
        assert f"<summary>{group.name}" in section
        for account in group.accounts:
            assert f'href="/demo/login/{account.slug}/" data-demo-account="{account.slug}"' in section
            assert account.email in section
        assert ("ProConnect seulement" in section) == group.sso_only
    # the journey accounts are listed as before, once each
    for account in DEMO_ACCOUNTS:
        assert page.count(f'data-demo-role="{account.slug}"') == 1

    settings.DEMO = False
    page = client.get(LOGIN).content.decode()
    assert "Comptes de démonstration" not in page and "data-demo-account" not in page


def test_exactly_one_small_organisation_is_proconnect_only_and_its_demo_logins_stay_open(
    demo_network, client, settings
):
    [organisation] = Organisation.objects.filter(sso_only=True)
    assert organisation.slug not in ("departement-haute-lisiere", "ville-de-belvau")
    settings.DEMO = True
    assert "Connexion par ProConnect seulement" in client.get(LOGIN).content.decode()
    for account in ORGANISATION_ACCOUNTS:
        if account.organisation == organisation.slug:
            assert build_actor(User.objects.get(email=account.email)).has_role(account.role, organisation)
            assert client.get(f"/demo/login/{account.slug}/").status_code == 302
            assert client.get("/tableau-de-bord/").context["user"].email == account.email
            client.logout()


def test_every_demo_mission_is_found_by_its_title(demo_network):
    """The generator writes missions by plain saves, ``bulk_create`` and ``update()``: the database's own
    search index (missions/fulltext.py) has every one of them."""
    missions = list(Mission.objects.only("pk", "title"))
    assert len(missions) > 20
    for mission in missions:
        assert fulltext.matching(Mission.objects.filter(pk=mission.pk), mission.title).exists(), mission.title
