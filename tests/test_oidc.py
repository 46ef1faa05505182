"""Signing in through ProConnect or another OpenID Connect provider, against a real provider on 127.0.0.1
(tests/oidc_provider.py): only people the organisation knows get in, by a verified address; every token is
checked; a provider that fails ends on a French page; sso_only organisations refuse passwords; logging out
ends the provider's session."""

import re
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from passerelles.access.models import Role
from passerelles.accounts import sso
from passerelles.accounts.models import User
from passerelles.accounts.oidc.config import PROVIDER_ID, providers_from_env
from passerelles.env import ConfigurationError
from passerelles.outbox.models import OutboxMessage
from tests.cast import PASSWORD, grant, make_agent, make_organisation, totp_code
from tests.oidc_provider import CLIENT_ID

LOGIN = "/comptes/login/"
SSO_LOGIN = "/comptes/oidc/login/"
CALLBACK = "/comptes/oidc/login/callback/"
LOGGED_OUT = "/comptes/oidc/logout/callback/"
UNKNOWN = "Votre adresse n’est pas connue de Passerelles"
FAILED = "La connexion avec ProConnect n’a pas pu aboutir"


@pytest.fixture
def org(db):
    return make_organisation("Ville de Bêta", "ville-beta")


def sign_in(client, provider, next_url=None):
    """Click the button, let the provider answer, come back: the callback's response."""
    response = client.post(SSO_LOGIN, {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content.decode()
    to_provider = response["Location"]
    assert to_provider.startswith(provider.issuer + "/authorize?")
    with requests.Session() as http:
        answer = http.get(to_provider, allow_redirects=False, timeout=5)
    back = urlsplit(answer.headers["Location"])
    assert back.netloc == "testserver" and back.path == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def page_without_nonce(url) -> str:
    """The page, without what changes on every request (CSP nonce, CSRF token)."""
    page = Client().get(url).content.decode()
    return re.sub(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"', "", page)


def logged_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


# -- Known people get in ------------------------------------------------------------------------------


def test_a_known_agent_signs_in_lands_on_the_dashboard_and_is_linked(provider, org):
    agent = make_agent(org, "Camille", "Martin", email="Agent@Exemple.test", with_account=False)
    client = Client()
    response = sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == "/tableau-de-bord/"
    assert client.get("/tableau-de-bord/").status_code == 200
    agent.refresh_from_db()
    user = agent.user
    assert user is not None and logged_in_user(client) == user
    assert user.email == "agent@exemple.test" and not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Camille", "Martin")
    account = SocialAccount.objects.get(user=user, provider=PROVIDER_ID)
    assert account.uid == "sub-0001"
    assert account.extra_data["userinfo"]["siret"] == "21380185500015"
    assert account.extra_data["userinfo"]["idp_id"] == "idp-test"
    # What went to the provider: ProConnect refuses any other parameter, wants 32 characters of state and
    # of nonce.
    authorize = provider.last("/authorize")
    assert set(authorize) == {"client_id", "redirect_uri", "scope", "response_type", "state", "nonce"}
    assert len(authorize["state"]) >= 32 and len(authorize["nonce"]) >= 32
    assert authorize["redirect_uri"] == "http://testserver" + CALLBACK
    assert set(authorize["scope"].split()) == {
        "openid",
        "email",
        "given_name",
        "usual_name",
        "uid",
        "siret",
        "idp_id",
    }
    # The session says it came through the provider.
    request = client.get("/tableau-de-bord/").wsgi_request
    assert sso.came_through_sso(request)
    # Next time, the same identity opens the same account, and nothing new is created.
    again = Client()
    assert sign_in(again, provider)["Location"] == "/tableau-de-bord/"
    assert logged_in_user(again) == user
    assert User.objects.filter(email="agent@exemple.test").count() == 1


def test_a_known_role_holder_is_connected_to_their_existing_account(provider, org):
    user = User.objects.create_user(email="agent@exemple.test", password=PASSWORD)
    grant(user, org, Role.HR)
    client = Client()
    response = sign_in(client, provider, next_url="/equipe/")
    assert response.status_code == 302 and response["Location"] == "/equipe/"
    assert logged_in_user(client) == user
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == user
    user.refresh_from_db()
    assert user.has_usable_password()  # a verified address: the password stays
    assert User.objects.count() == 1


def test_signed_user_info_like_proconnect_is_accepted(provider, org):
    provider.userinfo_as_jwt = True
    make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    client = Client()
    assert sign_in(client, provider)["Location"] == "/tableau-de-bord/"
    assert logged_in_user(client).email == "agent@exemple.test"


def test_other_claim_names_are_read_from_the_settings(provider, org, settings):
    settings.SOCIALACCOUNT_PROVIDERS = provider.providers_setting(
        name="Keycloak", claims={"family_name": "family_name"}, emails_verified=True
    )
    provider.identity.pop("usual_name")
    provider.identity["family_name"] = "Durand"
    provider.identity["email_verified"] = True
    make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    client = Client()
    assert sign_in(client, provider)["Location"] == "/tableau-de-bord/"
    assert logged_in_user(client).last_name == "Durand"


# -- Anyone else is refused, and nothing is created ------------------------------------------------------


def _refused(client, response):
    content = response.content.decode()
    assert response.status_code == 403
    assert UNKNOWN in content and "référent·e RH micro-mobilité" in content
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_is_refused(provider, org):
    make_agent(org, "Autre", "Personne", email="autre@exemple.test", with_account=False)
    client = Client()
    _refused(client, sign_in(client, provider))
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_an_unverified_address_is_refused(provider, org):
    provider.identity["email_verified"] = False
    agent = make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    client = Client()
    _refused(client, sign_in(client, provider))
    agent.refresh_from_db()
    assert agent.user is None and not User.objects.exists()


def test_an_address_without_verification_is_refused_unless_the_provider_is_trusted(provider, org, settings):
    settings.SOCIALACCOUNT_PROVIDERS = provider.providers_setting(emails_verified=False)
    make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    client = Client()
    _refused(client, sign_in(client, provider))
    assert not User.objects.exists()


def test_inactive_accounts_and_deactivated_agents_are_refused(provider, org):
    agent = make_agent(org, "Camille", "Martin", email="agent@exemple.test", is_active=False)
    client = Client()
    _refused(client, sign_in(client, provider))
    agent.is_active = True
    agent.save()
    agent.user.is_active = False
    agent.user.save()
    client = Client()
    _refused(client, sign_in(client, provider))
    assert not SocialAccount.objects.exists()


def test_an_account_without_role_nor_agent_is_refused(provider, org):
    User.objects.create_user(email="agent@exemple.test", password=PASSWORD)
    client = Client()
    _refused(client, sign_in(client, provider))
    assert not SocialAccount.objects.exists()


# -- Tokens that do not check out, providers that fail ----------------------------------------------------


@pytest.mark.parametrize(
    "switch",
    ["wrong_issuer", "expired", "forged", "other_nonce", "discovery_issuer"],
)
def test_a_token_that_does_not_check_out_is_refused(provider, org, switch):
    if switch == "discovery_issuer":
        provider.discovery_issuer = "https://pirate.example"
    else:
        setattr(provider, switch, True)
    make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    client = Client()
    # A discovery naming another issuer is refused before leaving for the provider.
    response = client.post(SSO_LOGIN) if switch == "discovery_issuer" else sign_in(client, provider)
    content = response.content.decode()
    assert response.status_code == 401
    assert FAILED in content and "Connexion impossible" in content
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_a_provider_that_is_down_ends_on_the_error_page(provider, org, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.SOCIALACCOUNT_PROVIDERS = {
        PROVIDER_ID: {
            "APPS": [
                {
                    **provider.providers_setting()[PROVIDER_ID]["APPS"][0],
                    "settings": {"server_url": f"http://127.0.0.1:{port}"},
                }
            ]
        }
    }
    response = Client().post(SSO_LOGIN)
    assert response.status_code == 401 and FAILED in response.content.decode()


def test_a_slow_provider_ends_on_the_error_page(provider, org, settings):
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 0.5
    provider.delay = 2
    make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    client = Client()
    response = sign_in(client, provider)
    assert response.status_code == 401 and FAILED in response.content.decode()
    assert not User.objects.exists()


def test_a_callback_without_state_or_with_an_error_is_refused(provider, org):
    client = Client()
    assert client.get(CALLBACK + "?code=abc&state=inconnu").status_code == 401
    assert client.get(CALLBACK + "?error=server_error").status_code == 401
    assert not User.objects.exists()


# -- Organisations that sign in through the provider only -----------------------------------------------


def test_an_sso_only_organisation_refuses_passwords_of_its_people(provider, org):
    org.sso_only = True
    org.save()
    agent = make_agent(org, "Camille", "Martin", email="camille@exemple.test")
    holder = User.objects.create_user(email="rh@exemple.test", password=PASSWORD)
    grant(holder, org, Role.HR)
    other_org = make_organisation("Ville de Gamma", "ville-gamma")
    other = make_agent(other_org, "Louis", "Autre", email="louis@exemple.test")
    boss = User.objects.create_superuser(email="operateur@exemple.test", password=PASSWORD)
    grant(boss, org, Role.ADMIN)
    for user in (agent.user, holder):
        assert sso.requires_sso(user)
        client = Client()
        response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert response.status_code == 200
        assert "Votre organisation utilise ProConnect : connectez-vous avec le bouton ProConnect." in (
            response.content.decode()
        )
        assert "_auth_user_id" not in client.session
    # A wrong password says nothing of the organisation.
    wrong = Client().post(LOGIN, {"login": holder.email, "password": "mauvais"}).content.decode()
    assert "Votre organisation utilise ProConnect" not in wrong
    # People of another organisation, and platform superusers, still log in with their password.
    for user, second_factor in ((other.user, False), (boss, True)):
        client = Client()
        response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302
        if second_factor:  # an enrolled administrator types the code next
            assert response["Location"] == "/comptes/2fa/authenticate/"
            client.post(response["Location"], {"code": totp_code()})
        assert logged_in_user(client) == user
    # They sign in through the provider instead.
    provider.identity["email"] = "camille@exemple.test"
    client = Client()
    assert sign_in(client, provider)["Location"] == "/tableau-de-bord/"
    assert logged_in_user(client) == agent.user


def test_sso_only_means_nothing_while_no_provider_is_configured(org, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    org.sso_only = True
    org.save()
    agent = make_agent(org, "Camille", "Martin", email="camille@exemple.test")
    assert not sso.requires_sso(agent.user)
    client = Client()
    assert client.post(LOGIN, {"login": agent.user.email, "password": PASSWORD}).status_code == 302


def test_no_reset_mail_for_an_sso_only_person_and_the_same_page_as_for_an_unknown_address(provider, org):
    org.sso_only = True
    org.save()
    agent = make_agent(org, "Camille", "Martin", email="camille@exemple.test")
    known = Client().post("/comptes/password/reset/", {"email": agent.user.email})
    unknown = Client().post("/comptes/password/reset/", {"email": "personne@exemple.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert page_without_nonce(known["Location"]) == page_without_nonce(unknown["Location"])
    assert not OutboxMessage.objects.filter(to__icontains=agent.user.email).exists()
    # Outside an sso_only organisation, the link is sent.
    org.sso_only = False
    org.save()
    Client().post("/comptes/password/reset/", {"email": agent.user.email})
    assert OutboxMessage.objects.filter(to__icontains=agent.user.email).exists()


def test_the_organisation_settings_offer_the_option(org, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    admin = make_agent(org, "Adam", "Admin", email="adam@exemple.test")
    grant(admin, org, Role.ADMIN)
    client = Client()
    client.force_login(admin.user)
    page = client.get(f"/organisations/{org.slug}/parametres/").content.decode()
    assert 'name="sso_only"' in page and "Connexion par ProConnect seulement" in page
    assert "Aucun fournisseur" in page and "configuré sur cette plateforme" in page


# -- Logging out ------------------------------------------------------------------------------------------


def test_logout_ends_the_provider_session(provider, org):
    make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    client = Client()
    sign_in(client, provider)
    id_token = client.session[sso.SESSION_KEY]["id_token"]
    response = client.post("/comptes/logout/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == provider.issuer + "/session/end"
    query = {key: value[0] for key, value in parse_qs(target.query).items()}
    assert query["id_token_hint"] == id_token
    assert query["post_logout_redirect_uri"] == "http://127.0.0.1:8000" + LOGGED_OUT
    assert len(query["state"]) >= 32
    assert "_auth_user_id" not in client.session
    with requests.Session() as http:
        back = urlsplit(http.get(response["Location"], allow_redirects=False, timeout=5).headers["Location"])
    assert back.path == LOGGED_OUT and parse_qs(back.query)["state"] == [query["state"]]
    final = client.get(f"{back.path}?{back.query}")
    assert final.status_code == 302 and final["Location"] == "/"


def test_logout_after_a_password_login_stays_here(provider, org):
    agent = make_agent(org, "Camille", "Martin", email="camille@exemple.test")
    client = Client()
    client.post(LOGIN, {"login": agent.user.email, "password": PASSWORD})
    request = client.get("/tableau-de-bord/").wsgi_request
    assert not sso.came_through_sso(request)
    response = client.post("/comptes/logout/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_no_end_session_endpoint_means_a_local_logout(provider, org):
    provider.with_end_session = False
    make_agent(org, "Camille", "Martin", email="agent@exemple.test", with_account=False)
    client = Client()
    sign_in(client, provider)
    assert client.post("/comptes/logout/")["Location"] == "/"


# -- The button, and nothing when not configured ---------------------------------------------------------


def test_the_login_page_shows_the_proconnect_button(provider, db):
    page = Client().get(LOGIN + "?next=/equipe/").content.decode()
    assert 'action="/comptes/oidc/login/"' in page
    assert "S’identifier avec" in page and "ProConnect" in page
    assert 'href="https://www.proconnect.gouv.fr/"' in page and "Qu’est-ce que ProConnect ?" in page
    assert 'name="next" value="/equipe/"' in page


def test_another_provider_gets_a_plain_button(provider, db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = provider.providers_setting(name="Keycloak de la Ville")
    page = Client().get(LOGIN).content.decode()
    assert "Se connecter avec Keycloak de la Ville" in page
    assert "proconnect.gouv.fr" not in page


def test_nothing_answers_when_no_provider_is_configured(db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    client = Client()
    page = client.get(LOGIN).content.decode()
    assert "/comptes/oidc/" not in page and "ProConnect" not in page
    assert client.get(SSO_LOGIN).status_code == 404
    assert client.post(SSO_LOGIN).status_code == 404
    assert client.get(CALLBACK + "?code=x&state=y").status_code == 404
    assert client.get(LOGGED_OUT).status_code == 404


def test_the_button_page_on_get_asks_before_leaving(provider, db):
    response = Client().get(SSO_LOGIN)
    assert response.status_code == 200
    assert "Vous allez être dirigé·e vers ProConnect" in response.content.decode()
    assert not provider.requests  # nothing sent to the provider on a GET


# -- Settings from the environment ------------------------------------------------------------------------


OIDC_VARIABLES = [
    "OIDC_ISSUER_URL",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "OIDC_SCOPES",
    "OIDC_PROVIDER_NAME",
    "OIDC_CLAIM_EMAIL",
    "OIDC_CLAIM_GIVEN_NAME",
    "OIDC_CLAIM_FAMILY_NAME",
    "OIDC_CLAIM_EMAIL_VERIFIED",
    "OIDC_EMAILS_VERIFIED",
    "OIDC_PKCE",
]


@pytest.fixture
def oidc_env(monkeypatch):
    for name in OIDC_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_settings_from_the_environment(oidc_env):
    assert providers_from_env() == {}
    oidc_env.setenv("OIDC_ISSUER_URL", "https://auth.agentconnect.gouv.fr/api/v2")
    oidc_env.setenv("OIDC_CLIENT_ID", "identifiant")
    oidc_env.setenv("OIDC_CLIENT_SECRET", "secret")
    app = providers_from_env()[PROVIDER_ID]["APPS"][0]
    assert (app["provider_id"], app["name"], app["client_id"], app["secret"]) == (
        PROVIDER_ID,
        "ProConnect",
        "identifiant",
        "secret",
    )
    assert app["settings"]["server_url"] == "https://auth.agentconnect.gouv.fr/api/v2"
    assert app["settings"]["scope"] == [
        "openid",
        "email",
        "given_name",
        "usual_name",
        "uid",
        "siret",
        "idp_id",
    ]
    assert app["settings"]["claims"] == {
        "email": "email",
        "given_name": "given_name",
        "family_name": "usual_name",
        "email_verified": "email_verified",
    }
    assert app["settings"]["emails_verified"] is False and app["settings"]["oauth_pkce_enabled"] is False
    oidc_env.setenv("OIDC_SCOPES", "openid email profile")
    oidc_env.setenv("OIDC_PROVIDER_NAME", "Keycloak")
    oidc_env.setenv("OIDC_CLAIM_FAMILY_NAME", "family_name")
    oidc_env.setenv("OIDC_EMAILS_VERIFIED", "1")
    app = providers_from_env()[PROVIDER_ID]["APPS"][0]
    assert app["name"] == "Keycloak" and app["settings"]["scope"] == ["openid", "email", "profile"]
    assert app["settings"]["claims"]["family_name"] == "family_name"
    assert app["settings"]["emails_verified"] is True


@pytest.mark.parametrize(
    "variables, fragment",
    [
        ({"OIDC_ISSUER_URL": "https://idp.example"}, "OIDC_CLIENT_ID et OIDC_CLIENT_SECRET"),
        (
            {"OIDC_ISSUER_URL": "http://idp.example", "OIDC_CLIENT_ID": "a", "OIDC_CLIENT_SECRET": "b"},
            "https://",
        ),
        (
            {
                "OIDC_ISSUER_URL": "https://idp.example",
                "OIDC_CLIENT_ID": "a",
                "OIDC_CLIENT_SECRET": "b",
                "OIDC_SCOPES": "email",
            },
            "openid",
        ),
        (
            {
                "OIDC_ISSUER_URL": "https://idp.example",
                "OIDC_CLIENT_ID": "a",
                "OIDC_CLIENT_SECRET": "b",
                "OIDC_EMAILS_VERIFIED": "peut-être",
            },
            "OIDC_EMAILS_VERIFIED",
        ),
    ],
)
def test_wrong_settings_stop_with_a_clear_sentence(oidc_env, variables, fragment):
    for name, value in variables.items():
        oidc_env.setenv(name, value)
    with pytest.raises(ConfigurationError, match=fragment):
        providers_from_env()


def test_the_client_id_is_the_audience(provider):
    assert provider.providers_setting()[PROVIDER_ID]["APPS"][0]["client_id"] == CLIENT_ID


# -- Invitations in a ProConnect-only organisation ------------------------------------------------------


def test_an_invitation_of_a_proconnect_only_organisation_leads_to_the_button(provider, org):
    """The invitation asks no password there; the invited person comes through the provider and the
    account created by the invitation is the one connected."""
    from passerelles.invitations import services as invitations

    org.sso_only = True
    org.save(update_fields=["sso_only"])
    hr = make_agent(org, "Rita", "Ressources")
    grant(hr.user, org, Role.HR)
    agent = make_agent(org, "Camille", "Martin", email=provider.identity["email"], with_account=False)
    invitations.invite_agent(agent, by=hr.user)
    message = OutboxMessage.objects.filter(to=provider.identity["email"].lower()).latest("pk")
    assert "connectez-vous avec ProConnect" in message.body
    token = re.search(r"/invitation/([^/\s]+)/", message.body).group(1)
    page = Client().get(f"/invitation/{token}/").content.decode()
    assert "Se connecter avec" in page or "ProConnect" in page
    assert "new_password1" not in page
    # a password cannot be set through the link either
    Client().post(
        f"/invitation/{token}/",
        {"new_password1": "Un-mot-de-passe-2026", "new_password2": "Un-mot-de-passe-2026"},
    )
    agent.refresh_from_db()
    assert not agent.user.has_usable_password()
    client = Client()
    assert sign_in(client, provider)["Location"] == "/tableau-de-bord/"
    assert logged_in_user(client) == agent.user


def test_the_settings_page_says_when_the_sso_only_option_has_no_effect(db, settings, running_provider):
    from django.test import Client as _Client

    org = make_organisation("Ville de Delta", "ville-delta")
    admin = User.objects.create_user(email="admin@delta.test", password=PASSWORD)
    grant(admin, org, Role.ADMIN)
    client = _Client()
    client.force_login(admin)
    warning = "est configuré sur cette plateforme : l"
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert warning in client.get("/organisations/ville-delta/parametres/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = running_provider.providers_setting(emails_verified=True)
    page = client.get("/organisations/ville-delta/parametres/").content.decode()
    assert "connexion par proconnect seulement" in page.lower() and warning not in page
