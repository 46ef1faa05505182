"""« Sessions actives »: the person sees where their account is open and ends the other sessions."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from passerelles.access.models import Role
from passerelles.accounts.sessions import describe_user_agent
from tests.cast import PASSWORD

pytestmark = pytest.mark.django_db
PAGE = "/comptes/sessions/"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
EDGE = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"
)


def signed_in(user, user_agent) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post("/comptes/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/tableau-de-bord/"
    assert client.get("/tableau-de-bord/").status_code == 200
    return client


def is_signed_in(client) -> bool:
    return client.get("/tableau-de-bord/").status_code == 200


def test_user_agents_are_described_in_plain_words():
    assert describe_user_agent(FIREFOX) == "Firefox · Windows"
    assert describe_user_agent(PHONE) == "Chrome · Android"
    assert describe_user_agent(EDGE) == "Edge · macOS"
    assert describe_user_agent("curl/8.5") == "curl/8.5"


def test_the_page_lists_both_sessions_and_ends_the_other_one_after_confirming(cast):
    agent = cast.users[Role.AGENT]
    desk, phone = signed_in(agent, FIREFOX), signed_in(agent, PHONE)
    page = desk.get(PAGE).content.decode()
    assert "Firefox · Windows" in page and "Chrome · Android" in page
    assert page.count("cette session") == 1 and "127.0.0.1" in page
    assert "Sessions actives" in desk.get("/compte/").content.decode()
    other = UserSession.objects.get(user=agent, user_agent=PHONE)
    # First the confirmation…
    asked = desk.post(PAGE, {"session": other.pk})
    assert asked.status_code == 200 and "Terminer cette session ?" in asked.content.decode()
    assert is_signed_in(phone)
    # …then the end of the other session, not of this one.
    done = desk.post(PAGE, {"session": other.pk, "confirm": "oui"}, follow=True)
    assert "La session a été terminée" in done.content.decode()
    assert not is_signed_in(phone) and is_signed_in(desk)
    assert list(UserSession.objects.filter(user=agent).values_list("user_agent", flat=True)) == [FIREFOX]


def test_ending_all_the_other_sessions(cast):
    agent = cast.users[Role.AGENT]
    desk, phone, laptop = signed_in(agent, FIREFOX), signed_in(agent, PHONE), signed_in(agent, EDGE)
    assert "Terminer toutes les autres sessions ?" in desk.post(PAGE, {"session": "autres"}).content.decode()
    desk.post(PAGE, {"session": "autres", "confirm": "oui"})
    assert is_signed_in(desk) and not is_signed_in(phone) and not is_signed_in(laptop)
    assert "Aucune autre session ouverte." in desk.get(PAGE).content.decode()


def test_the_current_session_is_not_ended_here(cast):
    agent = cast.users[Role.AGENT]
    desk = signed_in(agent, FIREFOX)
    own = UserSession.objects.get(user=agent)
    desk.post(PAGE, {"session": own.pk, "confirm": "oui"})
    assert is_signed_in(desk) and UserSession.objects.filter(pk=own.pk).exists()


def test_nobody_ends_someone_elses_session(cast):
    agent, host = cast.users[Role.AGENT], cast.users[Role.HOST]
    mine, theirs = signed_in(agent, FIREFOX), signed_in(host, PHONE)
    target = UserSession.objects.get(user=host)
    for data in ({"session": target.pk}, {"session": target.pk, "confirm": "oui"}):
        response = mine.post(PAGE, data, follow=True)
        assert "n&#x27;est pas l&#x27;une des vôtres" in response.content.decode()
    assert is_signed_in(theirs) and UserSession.objects.filter(pk=target.pk).exists()
    assert "Chrome · Android" not in mine.get(PAGE).content.decode()


def test_last_seen_is_written_at_most_once_a_minute_per_session(cast, client_for, monkeypatch):
    """No database write per page view for the sessions list; a new address or browser is recorded at once."""
    from allauth.usersessions.models import UserSession

    from passerelles.accounts import middleware

    user = cast.users["agent"]
    client = Client(HTTP_USER_AGENT="Firefox/1")
    client.force_login(user)
    client.get("/tableau-de-bord/")
    first = UserSession.objects.get(user=user)
    client.get("/missions/")
    assert UserSession.objects.get(pk=first.pk).last_seen_at == first.last_seen_at
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client.get("/missions/")  # the session's mark is older than a minute (real clock before): refreshed
    seen = UserSession.objects.get(pk=first.pk).last_seen_at
    clock[0] += 30
    client.get("/missions/")
    assert UserSession.objects.get(pk=first.pk).last_seen_at == seen
    client.get("/missions/", HTTP_USER_AGENT="Chromium/2")
    assert UserSession.objects.get(pk=first.pk).user_agent == "Chromium/2"
