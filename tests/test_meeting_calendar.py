"""Invitations by calendar (issue 14): a UID unique to the installation and the meeting, the people named, the
method in the e-mail's content type, a higher SEQUENCE when the rencontre moves, a CANCEL when it will not
take place (withdrawal, decline, a mission's closing). Read back as a calendar client reads them."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements import calendar
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Meeting
from passerelles.engagements.services import (
    MeetingSlot,
    engagement_propose,
    engagement_schedule_meeting,
    engagement_transition,
)
from passerelles.missions.models import MissionStatus
from passerelles.missions.services import mission_close
from tests.cast import make_agent, make_engagement, make_mission, working_slot
from tests.mail_parts import calendar_of, calendar_parts, invitations

pytestmark = pytest.mark.django_db
SOON = working_slot(days=3)
LATER = working_slot(days=5)


@pytest.fixture
def mission(cast):
    lead = cast.agents[Role.HOST]
    return make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )


@pytest.fixture
def engagement(cast, mission):
    return make_engagement(cast.agents["agent"], mission, State.INTEREST)


def schedule(cast, engagement, starts_at=SOON):
    return engagement_schedule_meeting(
        engagement=engagement, by=cast.users[Role.HR], starts_at=starts_at, place="Médiathèque, salle 2"
    )


def sent_events():
    """(recipient, METHOD, VEVENT) of every calendar e-mail sent so far."""
    out = []
    for message in invitations(mail.outbox):
        ics = calendar_of(message)
        out.append((message.to[0], str(ics["METHOD"]), ics.walk("VEVENT")[0]))
    return out


# The UID ---------------------------------------------------------------------------------------------------


def test_the_uid_names_the_meeting_and_the_installation_never_the_secret():
    with override_settings(SECRET_KEY="a" * 50, SITE_URL="https://passerelles.ville-alpha.fr"):
        uid = calendar.meeting_uid(7)
        assert uid == calendar.meeting_uid(7)  # stable: a calendar finds its event again
        assert uid != calendar.meeting_uid(8)
    assert uid.startswith("meeting-7-") and uid.endswith("@passerelles.ville-alpha.fr")
    assert "a" * 20 not in uid


def test_two_installations_never_share_a_uid():
    with override_settings(SECRET_KEY="premiere-installation-" * 3, SITE_URL="https://passerelles.test"):
        first = calendar.meeting_uid(1)
    with override_settings(SECRET_KEY="seconde-installation-" * 3, SITE_URL="https://passerelles.test"):
        second = calendar.meeting_uid(1)
    assert first != second


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts", "host"),
    [
        ("https://mobilite.departement.fr", ["autre.fr"], "mobilite.departement.fr"),
        ("", ["passerelles.cc-val.fr", "localhost"], "passerelles.cc-val.fr"),
        ("", [".cc-val.fr"], "cc-val.fr"),
        ("", ["*"], "passerelles.localhost"),
    ],
)
def test_the_uid_host_comes_from_the_site_address_else_the_allowed_hosts(site_url, allowed_hosts, host):
    with override_settings(SITE_URL=site_url, ALLOWED_HOSTS=allowed_hosts):
        assert calendar.meeting_uid(3).endswith(f"@{host}")


# The invitation --------------------------------------------------------------------------------------------


def test_the_invitation_names_the_people_and_its_part_carries_the_method(
    cast, engagement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(cast, engagement)
    sent = sent_events()
    assert {to for to, _m, _e in sent} == {cast.users[Role.AGENT].email, cast.users[Role.HOST].email}
    (part,) = calendar_parts(invitations(mail.outbox)[0])
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST" and part.get_content_charset() == "utf-8"
    # as the SMTP server receives it: the method unquoted, as Outlook's own invitations write it
    raw = invitations(mail.outbox)[0].message().as_bytes(linesep="\r\n")
    assert b"\r\nContent-Type: text/calendar; method=REQUEST; charset=utf-8\r\n" in raw
    _to, method, event = sent[0]
    assert method == "REQUEST" and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["UID"]) == calendar.meeting_uid(meeting.pk) and int(event["SEQUENCE"]) == 0
    hr = cast.users[Role.HR]
    assert event["ORGANIZER"].params["CN"] == hr.get_full_name()
    assert str(event["ORGANIZER"]) == f"mailto:{hr.email}"
    names = {str(a.params["CN"]) for a in event["ATTENDEE"]}
    assert names == {cast.users[Role.AGENT].get_full_name(), cast.users[Role.HOST].get_full_name()}
    assert event.decoded("DTSTART") == SOON.astimezone(datetime.UTC).replace(second=0, microsecond=0)
    meeting.refresh_from_db()
    assert meeting.invited_at is not None and meeting.sequence == 0


def test_a_moved_meeting_is_the_same_event_with_the_next_sequence(
    cast, engagement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(cast, engagement)
        schedule(cast, engagement, starts_at=LATER)
        schedule(cast, engagement, starts_at=SOON)
    sequences = [(m, int(e["SEQUENCE"]), str(e["UID"])) for to, m, e in sent_events() if "agent" in to]
    uid = calendar.meeting_uid(meeting.pk)
    assert sequences == [("REQUEST", 0, uid), ("REQUEST", 1, uid), ("REQUEST", 2, uid)]
    assert Meeting.objects.get(pk=meeting.pk).sequence == 2


# The cancellation ------------------------------------------------------------------------------------------


def _withdraw(cast, engagement):
    engagement_transition(engagement=engagement, action="withdraw", by=cast.users[Role.AGENT], comment="")


def _decline(cast, engagement):
    engagement_transition(
        engagement=engagement,
        action="decline",
        by=cast.users[Role.HR],
        comment="Poste pourvu",
        share_reason=False,
    )


def _close(cast, engagement):
    mission_close(mission=engagement.mission, by=cast.users[Role.HR], reason="Besoin couvert en interne")


@pytest.mark.parametrize(
    "stop", [_withdraw, _decline, _close], ids=["withdrawn", "declined", "mission closed"]
)
def test_a_meeting_that_will_not_take_place_is_cancelled_in_every_calendar(
    cast, engagement, stop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(cast, engagement)
        schedule(cast, engagement, starts_at=LATER)  # SEQUENCE 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stop(cast, engagement)
    cancels = [(to, e) for to, m, e in sent_events() if m == "CANCEL"]
    assert {to for to, _e in cancels} == {cast.users[Role.AGENT].email, cast.users[Role.HOST].email}
    for _to, event in cancels:
        assert str(event["UID"]) == calendar.meeting_uid(meeting.pk)
        assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"
    (part,) = calendar_parts(invitations(mail.outbox)[0])
    assert part.get_param("method") == "CANCEL"
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and meeting.cancelled_at is not None
    assert "Poste pourvu" not in "".join(m.body for m in mail.outbox)  # a reason kept for HR stays there


def test_a_slot_offered_with_a_proposal_never_reached_a_calendar_so_nothing_is_cancelled(
    cast, mission, django_capture_on_commit_callbacks
):
    agent = make_agent(cast.home, "Pablo", "Candidat", unit=cast.agents["agent"].unit)
    with django_capture_on_commit_callbacks(execute=True):
        engagement = engagement_propose(
            mission=mission,
            agent=agent,
            by=cast.users[Role.HR],
            meeting=MeetingSlot(starts_at=SOON, place="Médiathèque"),
        )
        engagement_transition(engagement=engagement, action="withdraw", by=agent.user, comment="")
    assert not invitations(mail.outbox)
    assert Meeting.objects.get(engagement=engagement).cancelled_at is None


def test_a_meeting_already_begun_is_not_cancelled(cast, engagement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule(cast, engagement)
    Meeting.objects.filter(engagement=engagement).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decline(cast, engagement)
    assert not invitations(mail.outbox)


def test_the_calendar_text_is_refused_an_unknown_method():
    with pytest.raises(ValueError):
        calendar.meeting_message(
            method="PUBLISH",
            uid="x",
            sequence=0,
            starts_at=SOON,
            minutes=45,
            summary="s",
            description="d",
            location="",
            organiser=calendar.Person("A", "a@example.org"),
            attendees=[],
        )
