"""The personal calendar feed (issue 20): its secret address (made, shown once, replaced, deleted), what it holds
(the person's rencontres, points d'étape, forum conversations and mission periods — nobody else's), stable UIDs,
and a fixed number of queries."""

import datetime
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from passerelles.access.models import Role
from passerelles.calendars import services
from passerelles.calendars.models import CalendarFeed
from passerelles.encounters import agenda
from passerelles.encounters.models import Conversation, Encounter, Pitch
from passerelles.encounters.rules import Kind
from passerelles.encounters.rules import Status as EncounterStatus
from passerelles.engagements import calendar
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Meeting
from passerelles.followup.models import CheckIn
from passerelles.missions.models import MissionStatus
from passerelles.people import personal_data_parts
from tests.cast import MARKER, make_agent, make_engagement, make_mission, working_slot

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r'value="https?://[^"]*/agenda/([A-Za-z0-9_-]{40,})\.ics"')


def _meeting(engagement, *, days=3, **extra):
    return Meeting.objects.create(
        engagement=engagement,
        starts_at=working_slot(days),
        duration_minutes=45,
        **{"place": "Salle 12", "invited_at": timezone.now(), **extra},
    )


def world(cast) -> dict:
    """Paul (the agent) meets the host about the workshops, is under way on another mission with a point d'étape,
    and has a seat at a café-missions; a colleague meets the same host; the outsider has its own rencontre."""
    agent, host = cast.agents["agent"], cast.agents[Role.HOST]
    today = timezone.localdate()
    workshops = make_mission(
        cast.home, host.unit, host, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    meeting_engagement = make_engagement(agent, workshops, State.MEETING)
    meeting = _meeting(meeting_engagement, sequence=2)
    welcome = make_mission(
        cast.home,
        host.unit,
        host,
        status=MissionStatus.PUBLISHED,
        title="Accueil des usagers",
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=50),
    )
    active = make_engagement(agent, welcome, State.ACTIVE)
    checkin = CheckIn.objects.create(engagement=active, due_on=today + datetime.timedelta(days=4))
    # a proposal whose offered slot the agent has not accepted, and a cancelled rencontre: in no calendar
    offered = make_mission(
        cast.home, host.unit, host, status=MissionStatus.PUBLISHED, title="Mission proposée"
    )
    _meeting(make_engagement(agent, offered, State.PROPOSAL), invited_at=None)
    dropped = make_mission(
        cast.home, host.unit, host, status=MissionStatus.PUBLISHED, title="Rencontre annulée"
    )
    _meeting(make_engagement(agent, dropped, State.MEETING), cancelled_at=timezone.now())
    # a colleague meets the same host: the host's feed, never Paul's
    colleague = make_agent(cast.home, "Claire", "Collegue", unit=agent.unit)
    colleague_meeting = _meeting(make_engagement(colleague, workshops, State.MEETING), days=5)
    # the café-missions, its schedule sent: Paul's seat at the workshops' table
    now = timezone.now()
    encounter = Encounter.objects.create(
        kind=Kind.CAFE,
        title="Café-missions de printemps",
        organisation=cast.home,
        date=today + datetime.timedelta(days=7),
        start_time=datetime.time(9),
        place="Salle du conseil",
        status=EncounterStatus.SCHEDULED,
        hosts_invited_at=now,
        opened_at=now,
        scheduled_at=now,
        sent_at=now,
    )
    encounter.organisations.set([cast.home])
    pitch = Pitch.objects.create(encounter=encounter, mission=workshops, presenter=host.user, text="Ateliers")
    conversation = Conversation.objects.create(
        encounter=encounter,
        pitch=pitch,
        agent=agent,
        round=0,
        table=1,
        starts_at=now + datetime.timedelta(days=7),
    )
    # the outsider's own rencontre, with its host's name everywhere
    _meeting(cast.outsider_engagement, place=f"Salle {MARKER}")
    return {
        "meeting": meeting,
        "active": active,
        "checkin": checkin,
        "colleague_meeting": colleague_meeting,
        "conversation": conversation,
    }


def _subscribe(client) -> str:
    """Make the address through the page, as a person does; return the secret read on the page."""
    assert client.post("/compte/agenda/", {"action": "creer"}).status_code == 302
    page = client.get("/compte/agenda/").content.decode()
    return ADDRESS.search(page).group(1)


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in parsed.walk("VEVENT")}


def _page(response, token: str) -> str:
    """A 404 page without what differs by nature: the CSRF token of its language form, the path it echoes."""
    text = response.content.decode().replace(token, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def test_the_address_is_shown_once_replaced_and_deleted(cast, client_for, client):
    agent = cast.users[Role.AGENT]
    page = client_for(agent)
    token = _subscribe(page)
    feed = CalendarFeed.objects.get(user=agent)
    assert token not in feed.token_hash and feed.token_hash == services.digest(token)  # only its hash is kept
    # shown once: the next visit only says a link exists
    again = page.get("/compte/agenda/").content.decode()
    assert token not in again and ADDRESS.search(again) is None and 'data-calendar-feed="oui"' in again

    # no session needed: the address is the key; nothing keeps or forwards it
    read = client.get(f"/agenda/{token}.ics")
    assert read.status_code == 200 and read["Cache-Control"] == "private, no-store"
    assert read["Referrer-Policy"] == "no-referrer" and read["X-Robots-Tag"] == "noindex, nofollow"
    feed.refresh_from_db()
    assert feed.last_read_at is not None

    # a new address stops the old one at once
    assert page.post("/compte/agenda/", {"action": "remplacer"}).status_code == 302
    new = ADDRESS.search(page.get("/compte/agenda/").content.decode()).group(1)
    assert new != token
    assert client.get(f"/agenda/{token}.ics").status_code == 404
    assert client.get(f"/agenda/{new}.ics").status_code == 200

    # « Supprimer le lien »: the same 404 as an address that never existed
    assert page.post("/compte/agenda/", {"action": "supprimer"}).status_code == 302
    assert not CalendarFeed.objects.filter(user=agent).exists()
    deleted = client.get(f"/agenda/{new}.ics")
    invented = client.get("/agenda/lien-invente-par-un-curieux.ics")
    assert deleted.status_code == invented.status_code == 404
    assert _page(deleted, new) == _page(invented, "lien-invente-par-un-curieux")


def test_a_closed_account_or_an_unknown_action_opens_nothing(cast, client_for, client):
    agent = cast.users[Role.AGENT]
    page = client_for(agent)
    token = _subscribe(page)
    refused = page.post("/compte/agenda/", {"action": "tout-effacer"})
    assert refused.status_code == 400 and "Action inconnue" in refused.content.decode()
    assert CalendarFeed.objects.get(user=agent).token_hash == services.digest(token)  # nothing changed
    agent.is_active = False
    agent.save()
    assert client.get(f"/agenda/{token}.ics").status_code == 404
    assert client.post(f"/agenda/{token}.ics").status_code in (404, 405)


def test_the_agents_feed_holds_their_own_events_and_nobody_elses(cast, client_for, client):
    found = world(cast)
    token = _subscribe(client_for(cast.users[Role.AGENT]))
    response = client.get(f"/agenda/{token}.ics")
    events = _events(response)
    text = response.content.decode()

    meeting = events[calendar.meeting_uid(found["meeting"].pk)]  # the e-mailed invitation's UID
    assert str(meeting["summary"]) == "Rencontre Passerelles : Ateliers numériques"
    assert int(meeting["sequence"]) == 2 and str(meeting["location"]) == "Salle 12"
    assert meeting.decoded("dtstart") == found["meeting"].starts_at

    active = found["active"]
    period = next(e for e in events.values() if str(e["summary"]) == "Mission : Accueil des usagers")
    assert period.decoded("dtstart") == active.start_date  # all day, the last day included
    assert period.decoded("dtend") == active.end_date + datetime.timedelta(days=1)
    assert str(period["transp"]) == "TRANSPARENT"
    checkin = next(e for e in events.values() if str(e["summary"]).startswith("Point d'étape"))
    assert checkin.decoded("dtstart") == found["checkin"].due_on

    seat = events[agenda.conversation_uid(found["conversation"].pk)]  # the forum's own .ics UID
    assert "table 2 : Ateliers numériques" in str(seat["summary"])

    assert len(events) == 4, [str(e["summary"]) for e in events.values()]
    for absent in ("Mission proposée", "Rencontre annulée", "Collegue", MARKER):
        assert absent not in text

    # read again: the same UIDs (a calendar updates its events, it does not duplicate them)
    assert set(_events(client.get(f"/agenda/{token}.ics"))) == set(events)


def test_the_hosts_feed_names_whom_they_meet_and_stays_in_their_organisation(cast, client_for, client):
    """docs/agenda-et-entretien-annuel.md:39 — « La RH, l'encadrant·e ou le ou la signataire n'y trouvent que ce
    à quoi ils participent eux-mêmes »."""
    found = world(cast)
    token = _subscribe(client_for(cast.users[Role.HOST]))
    response = client.get(f"/agenda/{token}.ics")
    events = _events(response)
    colleague = events[calendar.meeting_uid(found["colleague_meeting"].pk)]
    assert "Claire Collegue" in str(colleague["description"])
    assert calendar.meeting_uid(found["meeting"].pk) in events
    seat = events[agenda.conversation_uid(found["conversation"].pk)]
    assert "Paul Agent" in str(seat["summary"])  # as the café's host page shows it
    assert MARKER not in response.content.decode()
    # HR sees every engagement of the organisation, but its feed holds only what HR itself attends
    hr = _events(client.get(f"/agenda/{_subscribe(client_for(cast.users[Role.HR]))}.ics"))
    assert hr == {}


def test_the_feed_costs_a_fixed_number_of_queries(cast, client_for, client, django_assert_max_num_queries):
    token = _subscribe(client_for(cast.users[Role.AGENT]))
    client.get(f"/agenda/{token}.ics")  # the hourly « last read » mark is written: not counted below
    world(cast)
    with django_assert_max_num_queries(10):
        few = _events(client.get(f"/agenda/{token}.ics"))
    # ten more missions under way with their points d'étape: not one query more
    agent, host = cast.agents["agent"], cast.agents[Role.HOST]
    for number in range(10):
        mission = make_mission(
            cast.home, host.unit, host, status=MissionStatus.PUBLISHED, title=f"Renfort {number}"
        )
        engagement = make_engagement(agent, mission, State.ACTIVE)
        CheckIn.objects.create(engagement=engagement, due_on=mission.start_date)
    with django_assert_max_num_queries(10):
        many = _events(client.get(f"/agenda/{token}.ics"))
    assert len(many) == len(few) + 20


def test_my_data_lists_the_feed_and_an_erasure_stops_it(cast, client_for, client):
    agent = cast.agents["agent"]
    token = _subscribe(client_for(agent.user))
    rows = personal_data_parts.rows(agent.user, agent)["agenda-personnel"]
    assert len(rows) == 1 and rows[0]["created_at"] and token not in str(rows)
    personal_data_parts.anonymise(agent, agent.user)
    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_the_page_needs_a_session(client):
    response = client.get("/compte/agenda/")
    assert response.status_code == 302 and "/compte/agenda/" not in response["Location"].split("?")[0]
