"""The demo network's way in: every organisation has its own HR, signatory and administrator with a one-click
login (demo mode only), HR's « Accès des agents » shows every state, one organisation is ProConnect-only."""

import re

import pytest
from django.urls import reverse

from passerelles.access.actor import build_actor
from passerelles.access.models import Role
from passerelles.accounts.models import User
from passerelles.demo.accounts import (
    DEMO_ACCOUNTS,
    DEMO_ACCOUNTS_BY_SLUG,
    DEMO_PASSWORD,
    ORGANISATION_ACCOUNTS,
    accounts_by_organisation,
)
from passerelles.demo.generator import generate
from passerelles.invitations.models import Invitation, InvitationState
from passerelles.organisations.models import Organisation

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/login/"
JOURNEY_SLUGS = {
    "agent": Role.AGENT,
    "encadrant": Role.MANAGER,
    "accueil": Role.HOST,
    "rh": Role.HR,
    "rh-ville": Role.HR,
    "signataire": Role.SIGNATORY,
    "reseau": Role.NETWORK_COORDINATOR,
    "admin": Role.ADMIN,
}


@pytest.fixture
def demo_network():
    return generate()


@pytest.fixture
def small_demo_network():
    """The same network with 400 agents: the accounts still find their people (the smaller CCAS has 20)."""
    return generate(400)


def test_journey_accounts_keep_their_slugs_and_roles():
    assert {account.slug: account.role for account in DEMO_ACCOUNTS} == JOURNEY_SLUGS
    assert set(DEMO_ACCOUNTS_BY_SLUG) == set(JOURNEY_SLUGS) | {a.slug for a in ORGANISATION_ACCOUNTS}
    assert {a.slug for a in ORGANISATION_ACCOUNTS} == {
        "signataire-ville",
        "admin-ville",
        "rh-metropole",
        "signataire-metropole",
        "admin-metropole",
        "rh-ccas",
        "signataire-ccas",
        "admin-ccas",
    }


def test_every_organisation_has_its_own_hr_signatory_and_admin(demo_network, client, settings):
    groups = accounts_by_organisation()
    assert {group.slug for group in groups} == set(Organisation.objects.values_list("slug", flat=True))
    for group in groups:
        assert [account.role for account in group.accounts] == [Role.HR, Role.SIGNATORY, Role.ADMIN]
        for account in group.accounts:
            user = User.objects.get(email=account.email)
            assert user.check_password(DEMO_PASSWORD)
            actor = build_actor(user)
            # a real person of the organisation, holding the role there
            assert actor.agent.organisation.slug == group.slug, account.slug
            assert actor.has_role(account.role, actor.agent.organisation), account.slug

            settings.DEMO = True
            response = client.get(f"/demo/login/{account.slug}/")
            assert response.status_code == 302 and response["Location"] == "/tableau-de-bord/", account.slug
            dashboard = client.get("/tableau-de-bord/")
            assert dashboard.context["user"] == user
            assert f'data-role="{account.role}"' in dashboard.content.decode()
            client.logout()

            settings.DEMO = False
            assert client.get(f"/demo/login/{account.slug}/").status_code == 404
    # Only the Département's administrator operates the platform.
    staff = User.objects.filter(is_staff=True, email__endswith="@demo.passerelles.test")
    assert list(staff.values_list("email", flat=True)) == ["admin@demo.passerelles.test"]


def test_login_page_lists_each_organisations_accounts(small_demo_network, client, settings):
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
    small_demo_network, client, settings
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


def test_hr_access_page_shows_every_state(demo_network, client, settings):
    hr = User.objects.get(email=DEMO_ACCOUNTS_BY_SLUG["rh"].email)
    departement = hr.agent.organisation
    invitations = Invitation.objects.filter(organisation=departement)
    assert sorted(invitation.state for invitation in invitations) == sorted(
        [InvitationState.PENDING, InvitationState.EXPIRED, InvitationState.REVOKED]
    )
    assert all(invitation.invited_by == hr for invitation in invitations)
    [waiting] = [invitation for invitation in invitations if invitation.state == InvitationState.PENDING]
    assert waiting.agent.email and not waiting.user.has_usable_password()

    settings.DEMO = True
    assert client.get("/demo/login/rh/").status_code == 302  # the one-click demo login, as a newcomer would
    url = reverse("access_list", kwargs={"org_slug": departement.slug})
    # HR's own service: one page shows each state
    page = client.get(url, {"unite": hr.agent.unit_id})
    assert page.status_code == 200
    statuses = [agent.access_status for agent in page.context["page"]]
    for status in ("invite", "expire", "retire", "sans-adresse"):
        assert statuses.count(status) == 1, status
    assert statuses.count("actif") >= 1 and statuses.count("non-invite") >= 3
    html = page.content.decode()
    for text in (
        "Actif·ve depuis le",
        "Invité·e le",
        "Invitation expirée le",
        "Invitation retirée le",
        "Pas encore invité·e",
        "Sans adresse e-mail professionnelle",
    ):
        assert text in html, text
    # and each status filter of the whole organisation finds them
    for status in ("invite", "expire", "retire", "sans-adresse"):
        assert len(client.get(url, {"statut": status}).context["page"]) == 1, status
