"""Local accounts: e-mail login, Argon2 hashing, throttled failures, no public sign-up.

The demo login is tested on a demo network: tests/test_demo_small_network.py."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings

from passerelles.accounts.models import User
from tests.cast import PASSWORD, totp_code

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/login/"


def test_login_with_email(client, cast):
    user = cast.users["hr"]
    response = client.post(LOGIN, {"login": user.email.upper(), "password": PASSWORD})
    # HR signs in with a second factor (tests/test_two_factor.py): the code of their authenticator app.
    assert response.status_code == 302 and response["Location"] == "/comptes/2fa/authenticate/"
    response = client.post("/comptes/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == "/tableau-de-bord/"
    assert client.get("/tableau-de-bord/").context["user"] == user


def test_wrong_password_shows_a_french_error(client, cast):
    response = client.post(LOGIN, {"login": cast.users["hr"].email, "password": "mauvais"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in content
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_throttled(client, cast):
    email = cast.users["hr"].email
    for _ in range(5):
        client.post(LOGIN, {"login": email, "password": "mauvais"})
    # Even the right password is refused while the account is throttled.
    response = client.post(LOGIN, {"login": email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives de connexion" in response.content.decode()


def test_public_signup_is_closed(client, db):
    response = client.post(
        "/comptes/signup/",
        {"email": "x@exemple.fr", "password1": "Un-mot-de-passe-42!", "password2": "Un-mot-de-passe-42!"},
    )
    assert not User.objects.filter(email="x@exemple.fr").exists()
    assert response.status_code == 200
    assert "Inscriptions closes" in response.content.decode() or "fermées" in response.content.decode()


def test_production_hashing_is_argon2():
    from passerelles import settings as real_settings

    with override_settings(PASSWORD_HASHERS=real_settings.PASSWORD_HASHERS):
        assert identify_hasher(make_password("un-mot-de-passe")).algorithm == "argon2"


def test_email_is_the_identifier(db):
    user = User.objects.create_user(email="Claire.Dupont@Exemple.FR", password="x")
    assert user.email == "claire.dupont@exemple.fr"
    assert not hasattr(User, "username") or User.username is None


def test_pages_require_login(client, db):
    response = client.get("/tableau-de-bord/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_home_page_is_public_and_french(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
