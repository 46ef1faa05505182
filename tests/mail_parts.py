"""Reading sent e-mails back as a mail client would: the calendar parts, their content type and their ICS."""

import email
from email import policy

from icalendar import Calendar


def calendar_parts(message) -> list:
    """The ``text/calendar`` parts of a Django e-mail, parsed from the bytes the SMTP server would receive."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    return [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]


def calendar_of(message) -> Calendar:
    (part,) = calendar_parts(message)
    return Calendar.from_ical(part.get_payload(decode=True).decode(part.get_content_charset()))


def invitations(outbox) -> list:
    """The e-mails of ``outbox`` that carry a calendar part."""
    return [m for m in outbox if calendar_parts(m)]
