"""The demo network's way in: every organisation has its own HR, signatory and administrator with a one-click
login (demo mode only), HR's « Accès des agents » shows every state, one organisation is ProConnect-only."""

import pytest
from django.urls import reverse

from passerelles.access.actor import build_actor
from passerelles.access.models import Role
from passerelles.accounts.models import User
from passerelles.demo import reach_accounts
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
from tests.once import restored_once

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


@pytest.fixture(scope="module")
def demo_network(django_db_setup, django_db_blocker, snapshots):
    """Built once per test process, put back for the module (tests/once.py); each test's changes are rolled back."""
    yield from restored_once(django_db_blocker, snapshots, "demo", generate)


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
    members = Organisation.objects.filter(networks__isnull=False)  # the partner association is no member
    assert {group.slug for group in groups} == set(members.values_list("slug", flat=True))
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
    for status in ("invite", "expire", "retire"):
        assert len(client.get(url, {"statut": status}).context["page"]) == 1, status
    # without an address: the one of HR's service, and the field agents waiting for their letter
    # (demo/reach_accounts.py; the one who chose SMS has signed in: active)
    without = len(client.get(url, {"statut": "sans-adresse"}).context["page"])
    assert without == 1 + reach_accounts.WITHOUT_EMAIL
