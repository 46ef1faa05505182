"""Calendar messages (iTIP, RFC 5546, over RFC 5545) for the rencontre, built with ``icalendar``; no database.

Why these choices:
- The UID must be the meeting's on *this* installation: two installations (a test and a production server,
  two networks) numbering their meetings from 1 would otherwise overwrite each other's events in the same
  person's calendar. It carries the meeting's number, the site's host name and a token derived from the
  installation's secret by a keyed hash (never the secret itself).
- Calendars only replace an event they already hold when the UID is the same and the SEQUENCE is higher: a
  moved rencontre is the same UID re-sent as a REQUEST with the next SEQUENCE; a rencontre that will not take
  place is a CANCEL (STATUS:CANCELLED) with the same UID and the next SEQUENCE.
- The people are named (CN), so that the event reads « Camille Martin » rather than an address.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.crypto import salted_hmac
from icalendar import Calendar, Event, vCalAddress, vText

REQUEST = "REQUEST"
CANCEL = "CANCEL"
# What the e-mail's calendar part says of itself: Outlook shows an invitation only with the method.
CONTENT_TYPE = "text/calendar; method={method}; charset=utf-8"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


def installation_host() -> str:
    """The host name of this installation: the site's address, else the first allowed host."""
    host = urlsplit(settings.SITE_URL).hostname if getattr(settings, "SITE_URL", "") else None
    if not host:
        hosts = [h.lstrip(".") for h in getattr(settings, "ALLOWED_HOSTS", []) if h and h != "*"]
        host = hosts[0] if hosts else "passerelles.localhost"
    return host


def meeting_uid(meeting_pk: int) -> str:
    """Unique to the installation and the meeting: the token is an HMAC of the number under SECRET_KEY."""
    token = salted_hmac("passerelles.engagements.calendar.uid", str(meeting_pk)).hexdigest()[:20]
    return f"meeting-{meeting_pk}-{token}@{installation_host()}"


def content_type(method: str) -> str:
    return CONTENT_TYPE.format(method=method)


def _address(person: Person, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = vText(person.name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def meeting_message(
    *,
    method: str,
    uid: str,
    sequence: int,
    starts_at: datetime.datetime,
    minutes: int,
    summary: str,
    description: str,
    location: str,
    organiser: Person,
    attendees: list[Person],
    now: datetime.datetime | None = None,
) -> str:
    """The ICS text of a REQUEST (invite, or update when ``sequence`` grew) or a CANCEL of the rencontre."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(method)
    utc = datetime.UTC
    start = starts_at.astimezone(utc)
    calendar = Calendar()
    calendar.add("prodid", "-//Passerelles//Rencontre//FR")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", (now or datetime.datetime.now(utc)).astimezone(utc))
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=minutes))
    event.add("summary", summary)
    event.add("description", description)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    event.add("organizer", _address(organiser))
    for person in attendees:
        event.add(
            "attendee",
            _address(person, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE"),
            encode=0,
        )
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
