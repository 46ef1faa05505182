"""Two-factor sign-in: who must enrol, enrolment, the code at sign-in, recovery codes, the exempt sessions;
roles and deactivated accounts taking effect at the next request."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from passerelles.access.models import Role, RoleMembership
from passerelles.accounts.models import User
from passerelles.accounts.two_factor import requires_two_factor
from passerelles.demo.accounts import DEMO_ACCOUNTS_BY_SLUG
from passerelles.people.models import Agent
from tests.cast import PASSWORD, enrol, grant, make_agent, totp_code
from tests.test_oidc import sign_in

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/login/"
ENROL = "/comptes/2fa/totp/activate/"
CODE = "/comptes/2fa/authenticate/"
DASHBOARD = "/tableau-de-bord/"


def new_hr(cast, first="Rose", last="Nouvelle"):
    """An HR referent who has never enrolled."""
    agent = make_agent(cast.home, first, last)
    grant(agent, cast.home, Role.HR, enrolled=False)
    return agent.user


def password_login(client, user, password=PASSWORD):
    return client.post(LOGIN, {"login": user.email, "password": password})


def logout(client):
    client.post("/comptes/logout/")
    assert "_auth_user_id" not in client.session


def secret_on_page(html: str) -> str:
    return re.search(r'data-secret="([A-Z2-7]+)"', html).group(1)


def enrol_from_page(client) -> list[str]:
    """Read the secret shown on the enrolment page, type the code it gives, return the recovery codes."""
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    secret = secret_on_page(html)
    assert secret in html and 'src="data:image/svg+xml;base64,' in html  # the QR code and the key as text
    response = client.post(ENROL, {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/comptes/2fa/recovery-codes/"
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>(\d+)</code></li>", codes_page)
    assert len(codes) == 10
    return secret, codes


def test_hr_is_sent_to_enrolment_on_every_page_until_enrolled(cast):
    hr = new_hr(cast)
    assert requires_two_factor(hr)
    client = Client()
    assert password_login(client, hr)["Location"] == DASHBOARD  # no code asked: nothing to ask yet
    for url in (
        DASHBOARD,
        "/missions/",
        "/compte/",
        "/comptes/sessions/",
        f"/organisations/{cast.home.slug}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == ENROL, url
    assert client.post("/missions/nouvelle/", {"title": "x"})["Location"] == ENROL
    page = client.get(ENROL).content.decode()
    assert "Votre rôle exige la double authentification" in page
    assert "Clé secrète" in page and "Code affiché par l" in page
    # The language switch and the static files still answer.
    assert client.post("/i18n/langue/", {"language": "fr", "next": ENROL})["Location"] == ENROL
    css = client.get("/static/passerelles/css/main.css")
    assert css.status_code == 200 and b".table-scroll" in b"".join(css)  # read, never close(): see below
    # (closing a file response ends the request, which closes the PostgreSQL connection of the test)
    # A wrong code does not enrol.
    refused = client.post(
        ENROL, {"code": "000000" if totp_code(secret_on_page(page)) != "000000" else "111111"}
    )
    assert refused.status_code == 200 and "Code incorrect." in refused.content.decode()
    secret, codes = enrol_from_page(client)
    assert Authenticator.objects.filter(user=hr, type=Authenticator.Type.TOTP).exists()
    dashboard = client.get(DASHBOARD)
    assert dashboard.status_code == 200 and "Tableau de bord" in dashboard.content.decode()

    # Next sign-in asks the code; a wrong one is refused in French.
    logout(client)
    assert password_login(client, hr)["Location"] == CODE
    assert client.get(DASHBOARD).status_code == 302  # not signed in yet
    asked = client.get(CODE).content.decode()
    assert "Code de vérification" in asked and "codes de récupération" in asked
    wrong = client.post(CODE, {"code": "12345678"})
    assert wrong.status_code == 200 and "Code incorrect." in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.post(CODE, {"code": totp_code(secret)})["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200

    # A recovery code works once.
    for attempt in range(2):
        logout(client)
        password_login(client, hr)
        response = client.post(CODE, {"code": codes[0]})
        if attempt == 0:
            assert response["Location"] == DASHBOARD
        else:
            assert response.status_code == 200 and "Code incorrect." in response.content.decode()
            assert "_auth_user_id" not in client.session


def test_an_agent_is_not_forced_but_can_enrol(cast):
    agent = cast.users[Role.AGENT]
    assert not requires_two_factor(agent)
    client = Client()
    assert password_login(client, agent)["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    account = client.get("/compte/").content.decode()
    assert "Sécuriser mon compte (double authentification)" in account
    page = client.get(ENROL).content.decode()
    assert "Votre rôle exige" not in page
    enrol_from_page(client)
    logout(client)
    assert password_login(client, agent)["Location"] == CODE  # enrolled: the code is asked from now on


def test_every_required_role_is_forced(cast):
    for role in (Role.HR, Role.SIGNATORY, Role.NETWORK_COORDINATOR, Role.ADMIN):
        agent = make_agent(cast.home, "Nina", f"Role{role.replace('_', '')}")
        grant(agent, cast.partner, role, enrolled=False)
        client = Client()
        password_login(client, agent.user)
        assert client.get(DASHBOARD)["Location"] == ENROL, role
    for role in (Role.HOST, Role.MANAGER, Role.AGENT):
        assert not requires_two_factor(cast.users[role]), role


def test_the_demo_one_click_login_is_not_forced_in_demo_mode_only(cast, settings):
    settings.DEMO = True
    demo_hr = make_agent(cast.home, "Demo", "Rh", email=DEMO_ACCOUNTS_BY_SLUG["rh"].email)
    grant(demo_hr, cast.home, Role.HR, enrolled=False)
    client = Client()
    assert client.get("/demo/login/rh/")["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    # The same demo account signing in with its password is asked to enrol like anyone.
    by_password = Client()
    password_login(by_password, demo_hr.user)
    assert by_password.get(DASHBOARD)["Location"] == ENROL
    # Outside demo mode the mark on the session counts for nothing.
    settings.DEMO = False
    assert client.get(DASHBOARD)["Location"] == ENROL


def test_a_sign_in_through_the_identity_provider_is_neither_forced_nor_asked_the_code(cast, provider):
    """Through the real sign-in with the OpenID Connect provider of the test suite (tests/oidc_provider.py)."""
    not_enrolled = new_hr(cast)
    provider.identity.update(email=not_enrolled.email, sub="sub-proconnect-1")
    client = Client()
    assert sign_in(client, provider)["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    assert "Sécuriser mon compte (double authentification)" in client.get("/compte/").content.decode()
    # An enrolled HR signing in through the provider is not asked the code either…
    enrolled = cast.users[Role.HR]
    provider.identity.update(email=enrolled.email, sub="sub-proconnect-2")
    client = Client()
    assert sign_in(client, provider)["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    # …but is when signing in with the password.
    assert password_login(Client(), enrolled)["Location"] == CODE


def test_the_admin_sign_in_goes_through_the_sites_sign_in_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_removed_role_takes_effect_at_the_next_request(cast, client_for):
    hr = cast.users[Role.HR]
    client = client_for(hr)
    page = f"/organisations/{cast.home.slug}/import/"
    assert client.get(page).status_code == 200
    RoleMembership.objects.filter(user=hr, role=Role.HR).delete()
    assert client.get(page).status_code == 403


def web_import(hr_client, organisation, rows, capture):
    from passerelles.people.models import AgentImport
    from tests.test_sirh_import import csv_bytes

    with capture(execute=True):
        hr_client.post(
            f"/organisations/{organisation.slug}/import/",
            {"file": SimpleUploadedFile("export.csv", csv_bytes(rows=rows)), "full": "on"},
        )
    agent_import = AgentImport.objects.filter(organisation=organisation).latest("pk")
    assert agent_import.status == "checked", agent_import.errors
    with capture(execute=True):
        hr_client.post(f"/imports/{agent_import.pk}/appliquer/")
    agent_import.refresh_from_db()
    assert agent_import.status == "applied"


def test_an_agent_deactivated_by_the_sirh_import_can_no_longer_sign_in(
    cast, client_for, django_capture_on_commit_callbacks
):
    from tests.test_sirh_import import ROWS

    hr = client_for(cast.users[Role.HR])
    web_import(hr, cast.home, ROWS, django_capture_on_commit_callbacks)
    martin = Agent.objects.get(organisation=cast.home, matricule="M002")
    durand = Agent.objects.get(organisation=cast.home, matricule="M001")
    for agent in (martin, durand):
        agent.user = User.objects.create_user(email=agent.email, password=PASSWORD)
        agent.save(update_fields=["user"])
    grant(durand, cast.partner, Role.SIGNATORY)  # Durand also signs for the CCAS
    live = Client()
    assert password_login(live, martin.user)["Location"] == DASHBOARD
    assert live.get(DASHBOARD).status_code == 200

    # The next full export has neither of them.
    web_import(hr, cast.home, [ROWS[1].replace(";M002;", ";;")], django_capture_on_commit_callbacks)
    martin.refresh_from_db()
    durand.refresh_from_db()
    assert not martin.is_active and not martin.user.is_active
    assert martin.user.history.first().history_change_reason == "Import SIRH"
    assert not durand.is_active and durand.user.is_active  # the signatory role keeps the account usable
    # The open session ends at its next request; signing in again is refused.
    response = live.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert live.get("/compte/")["Location"].startswith(LOGIN)
    again = Client()
    refused = password_login(again, martin.user)
    assert "_auth_user_id" not in again.session
    assert refused.status_code == 302 and refused["Location"] == "/comptes/inactive/"
    assert Agent.objects.filter(pk=martin.pk).exists()  # their data stays

    # Back in a later export: the account works again.
    web_import(hr, cast.home, ROWS, django_capture_on_commit_callbacks)
    martin.user.refresh_from_db()
    assert martin.user.is_active
    assert password_login(Client(), martin.user)["Location"] == DASHBOARD


def test_the_platform_operator_removes_a_lost_authenticator(cast, client_for):
    hr = cast.users[Role.HR]
    live = Client()
    password_login(live, hr)
    live.post(CODE, {"code": totp_code()})
    assert live.get(DASHBOARD).status_code == 200
    operator = User.objects.create_superuser(email="exploitation@passerelles.test", password=PASSWORD)
    enrol(operator)  # operators must sign in with two factors too
    admin = client_for(operator)
    response = admin.post(
        "/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [hr.pk]}, follow=True
    )
    assert "Double authentification retirée et sessions fermées pour 1 compte." in response.content.decode()
    assert not Authenticator.objects.filter(user=hr).exists()
    assert live.get(DASHBOARD)["Location"].startswith(LOGIN)  # the open session is over
    again = Client()
    assert password_login(again, hr)["Location"] == DASHBOARD  # no code to ask any more…
    assert again.get(DASHBOARD)["Location"] == ENROL  # …and a new app to enrol


def test_deactivating_asks_the_password_again_then_sends_a_required_role_back_to_enrolment(cast, client_for):
    hr = cast.users[Role.HR]
    client = client_for(hr)  # a session opened long ago: its sign-in is not recent
    response = client.get("/comptes/2fa/totp/deactivate/")
    assert response.status_code == 302 and response["Location"].startswith("/comptes/reauthenticate/")
    page = client.get(response["Location"]).content.decode()
    assert "Confirmer votre identité" in page and "«INVALID" not in page
    confirmed = client.post(response["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == "/comptes/2fa/totp/deactivate/"
    page = client.get("/comptes/2fa/totp/deactivate/").content.decode()
    assert (
        "Désactiver l&#x27;application d&#x27;authentification" in page or "Désactiver l'application" in page
    )
    assert client.post("/comptes/2fa/totp/deactivate/")["Location"] == "/comptes/2fa/"
    assert not Authenticator.objects.filter(user=hr).exists()
    assert client.get(DASHBOARD)["Location"] == ENROL


def test_the_account_pages_render_cleanly(cast, client_for):
    for role in (Role.HR, Role.AGENT):
        client = client_for(cast.users[role])
        for url in ("/compte/", "/comptes/2fa/", "/comptes/sessions/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "«INVALID" not in response.content.decode(), url
    # the recovery codes, behind the confirmation of identity
    client = client_for(cast.users[Role.HR])
    location = client.get("/comptes/2fa/recovery-codes/")["Location"]
    client.post(location, {"password": PASSWORD})
    page = client.get("/comptes/2fa/recovery-codes/").content.decode()
    assert len(re.findall(r"<li><code>(\d+)</code></li>", page)) == 10 and "«INVALID" not in page
    download = client.get("/comptes/2fa/recovery-codes/download/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert "Vous allez générer" in client.get("/comptes/2fa/recovery-codes/generate/").content.decode()
