"""A person's agenda at a forum as one calendar file: one VEVENT per conversation (no database here).

Built like the rencontre's invitation (engagements/calendar.py, whose installation host name, content type and
person type it reuses): the UID carries the conversation's number, the installation's host name and a keyed
token, so that two installations never overwrite each other's events; the file is a PUBLISH (it informs, it
asks no answer: each conversation was chosen by the agent and accepted by the host when they pitched).
"""

import datetime
from dataclasses import dataclass

from django.utils.crypto import salted_hmac
from icalendar import Calendar, Event

from passerelles.engagements import calendar

METHOD = "PUBLISH"
FILENAME = "agenda-forum.ics"


@dataclass(frozen=True)
class Slot:
    key: int  # the conversation's number
    starts_at: datetime.datetime
    minutes: int
    summary: str
    description: str
    location: str


def conversation_uid(key: int) -> str:
    token = salted_hmac("passerelles.encounters.agenda.uid", str(key)).hexdigest()[:20]
    return f"forum-{key}-{token}@{calendar.installation_host()}"


def content_type() -> str:
    return calendar.content_type(METHOD)


def agenda_ics(slots: list[Slot], *, now: datetime.datetime | None = None) -> str:
    utc = datetime.UTC
    cal = Calendar()
    cal.add("prodid", "-//Passerelles//Forum des missions//FR")
    cal.add("version", "2.0")
    cal.add("method", METHOD)
    stamp = (now or datetime.datetime.now(utc)).astimezone(utc)
    for slot in slots:
        event = Event()
        start = slot.starts_at.astimezone(utc)
        event.add("uid", conversation_uid(slot.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=slot.minutes))
        event.add("summary", slot.summary)
        event.add("description", slot.description)
        if slot.location:
            event.add("location", slot.location)
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
