"""A new address becomes a login and notification address only once confirmed; login throttling is shared
by every process (database cache)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.db import connection
from django.test import Client

from passerelles.access.models import Role
from passerelles.notifications.services import notify
from passerelles.outbox.models import OutboxMessage
from tests.cast import PASSWORD, totp_code

pytestmark = pytest.mark.django_db
LOGIN = "/comptes/login/"
NEW = "nouvelle.adresse@exemple.fr"


def logs_in(email, password=PASSWORD) -> bool:
    client = Client()
    response = client.post(LOGIN, {"login": email, "password": password})
    if response.get("Location") == "/comptes/2fa/authenticate/":  # HR: the authenticator app's code
        client.post("/comptes/2fa/authenticate/", {"code": totp_code()})
    return "_auth_user_id" in client.session


def notified_address(user) -> str:
    notification = notify(user=user, subject="Une nouvelle", message="Texte")
    return notification.email.to


def ask_for_new_address(cast, client_for):
    user = cast.users[Role.AGENT]
    client = client_for(user)
    page = client.get("/comptes/email/")
    assert page.status_code == 200
    response = client.post("/comptes/email/", {"email": NEW, "action_add": ""})
    assert response.status_code == 302
    return user, client


def test_a_new_address_is_not_used_before_it_is_confirmed(cast, client_for):
    user, client = ask_for_new_address(cast, client_for)
    old = user.email
    user.refresh_from_db()
    assert user.email == old
    verification = OutboxMessage.objects.get(to=NEW)  # the link goes through the outbox
    assert "/comptes/confirm-email/" in verification.body
    assert logs_in(old)
    assert not logs_in(NEW)
    assert notified_address(user) == old
    # Trying to make the unconfirmed address the main one changes nothing.
    client.post("/comptes/email/", {"email": NEW, "action_primary": ""})
    user.refresh_from_db()
    assert user.email == old and not logs_in(NEW)
    # A password reset asked for the unconfirmed address sends nothing to it.
    Client().post("/comptes/password/reset/", {"email": NEW})
    assert OutboxMessage.objects.filter(to=NEW).count() == 1


def test_once_confirmed_the_new_address_replaces_the_old_one(cast, client_for):
    user, client = ask_for_new_address(cast, client_for)
    old = user.email
    body = OutboxMessage.objects.get(to=NEW).body
    confirm_url = re.search(r"https?://[^/\s]+(/comptes/confirm-email/[^\s]+/)", body).group(1)
    assert client.get(confirm_url).status_code == 200
    assert client.post(confirm_url).status_code == 302
    user.refresh_from_db()
    assert user.email == NEW
    assert logs_in(NEW)
    assert not logs_in(old)
    assert notified_address(user) == NEW
    # The old address is told that the address changed.
    assert OutboxMessage.objects.filter(to=old).exists()
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        (NEW, True, True)
    ]


def test_addresses_set_by_hr_or_the_demo_data_keep_working(cast, client_for):
    """Accounts created without allauth's address rows (demo data, HR, SIRH) log in and reach the page."""
    user = cast.users[Role.HR]
    assert not EmailAddress.objects.filter(user=user).exists()
    assert logs_in(user.email)
    assert client_for(user).get("/comptes/email/").status_code == 200
    assert EmailAddress.objects.get(user=user).verified


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "passerelles_cache",
        }
    }  # Django's test signals rebuild the cache handler when CACHES changes


def test_the_cache_table_is_created_by_the_migrations():
    assert "passerelles_cache" in connection.introspection.table_names()


def test_failed_logins_are_counted_across_processes(cast, database_cache):
    """Two web processes (two clients, and a cache object rebuilt in between, as in another process) share
    the count: 5 failures for the address, then even the right password is refused."""
    email = cast.users[Role.HR].email
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(3):
        first.post(LOGIN, {"login": email, "password": "mauvais"})
    del caches["default"]  # nothing kept in this process's memory
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM passerelles_cache")
        assert cursor.fetchone()[0] > 0  # the counts live in the shared database
    for _ in range(2):
        second.post(LOGIN, {"login": email, "password": "mauvais"})
    del caches["default"]
    response = first.post(LOGIN, {"login": email, "password": PASSWORD})
    assert "_auth_user_id" not in first.session
    assert "Trop de tentatives de connexion" in response.content.decode()
    # Another address is not affected.
    assert logs_in(cast.users[Role.AGENT].email)
