"""What the SMS provider tells us: delivery reports of our texts, and the answers people send back.

The provider posts JSON events to ``/sms/statut/<jeton>/`` (delivery reports, the ``webUrl`` of each text)
and ``/sms/entrant/<jeton>/`` (answers, « STOP »). Both addresses read any event, because providers do not
all split them the same way. Brevo's events (https://developers.brevo.com/docs/transactional-webhooks)
carry ``msg_status`` (``sent``, ``accepted``, ``delivered``, ``replied``, ``softBounce``, ``hardBounce``,
``unsubscribe``, ``skip``, ``rejected``), ``messageId`` and ``to`` (the number we wrote to), and the answer's
text for a reply. The reader is tolerant of the usual other spellings (``event``, ``status``,
``message_id``, ``from``, ``text``…) so that another provider's adapter needs no new webhook; a form-encoded
body is read too.

Nothing here trusts the payload beyond what it may change: a report only updates the row with that
provider id (an unknown id changes nothing), and an answer only stops texts to the number it came from.
"""

import datetime
import json
import re
from dataclasses import dataclass

from django.utils import timezone

from passerelles.outbox import consent
from passerelles.outbox.models import FINAL_DELIVERY_STATUSES, Channel, OutboxMessage

MAX_EVENTS = 500
_STATUS_KEYS = ("msg_status", "event", "status", "type_event", "eventType")
_ID_KEYS = ("messageId", "message_id", "messageid", "msgId", "smsId")
_NUMBER_KEYS = ("from", "phone_number", "phoneNumber", "msisdn", "sender", "to", "recipient")
_TEXT_KEYS = ("reply", "text", "content", "message", "body")
REPLY_STATUSES = {"replied", "reply", "inbound", "mo", "received"}
UNSUBSCRIBE_STATUSES = {"unsubscribe", "unsubscribed", "stop", "optout"}


@dataclass(frozen=True)
class ProviderEvent:
    status: str  # lower-case, letters and digits only ("softbounce")
    message_id: str
    number: str | None
    text: str


class UnreadablePayload(ValueError):
    """The body is not JSON (or a form) holding events."""


def normalise_status(value) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value or "").lower())[:30]


def inbound_number(value) -> str | None:
    """A number as providers write it (``33612345678``, ``+33612345678``, ``0612345678``), international."""
    from passerelles.outbox.sms import normalise_phone

    text = re.sub(r"[\s.\-()/]", "", str(value or ""))
    if re.fullmatch(r"[1-9]\d{7,14}", text) and not re.fullmatch(r"[67]\d{8}", text):
        text = "+" + text
    return normalise_phone(text)


def _first(data: dict, keys) -> object:
    for key in keys:
        value = data.get(key)
        if value not in (None, ""):
            return value
    return None


def read_event(data: dict) -> ProviderEvent:
    number = None
    for key in _NUMBER_KEYS:
        number = inbound_number(data.get(key))
        if number:
            break
    message_id = _first(data, _ID_KEYS)
    text = _first(data, _TEXT_KEYS)
    return ProviderEvent(
        status=normalise_status(_first(data, _STATUS_KEYS)),
        message_id=str(message_id)[:100] if isinstance(message_id, str | int) else "",
        number=number,
        text=str(text)[:500] if isinstance(text, str) else "",
    )


def read_form(form) -> list[ProviderEvent]:
    """One event posted as a form (some providers' inbound messages)."""
    if not form:
        raise UnreadablePayload("empty form")
    return [read_event({key: form.get(key) for key in form})]


def read_events(body: bytes) -> list[ProviderEvent]:
    """The events of one JSON request (one object, or a list of objects)."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnreadablePayload(str(exc)) from None
    items = data if isinstance(data, list) else [data]
    if not items or len(items) > MAX_EVENTS or not all(isinstance(item, dict) for item in items):
        raise UnreadablePayload("expected an object or a list of objects")
    return [read_event(item) for item in items]


def handle(events: list[ProviderEvent], *, now: datetime.datetime | None = None) -> dict[str, int]:
    """Apply the events: STOP answers and unsubscriptions stop the number, reports update their row."""
    now = now or timezone.now()
    counts = {"stopped": 0, "reports": 0, "ignored": 0}
    for event in events:
        is_reply = event.status in REPLY_STATUSES or (event.text and not event.status)
        if event.number and (
            event.status in UNSUBSCRIBE_STATUSES or (is_reply and consent.is_stop_reply(event.text))
        ):
            counts["stopped"] += consent.opt_out_number(event.number, consent.HOW_REPLY, now=now)
        elif event.message_id and event.status and not is_reply:
            counts["reports"] += record_delivery(event.message_id, event.status, now=now)
        else:
            counts["ignored"] += 1
    return counts


def record_delivery(provider_message_id: str, status: str, *, now: datetime.datetime) -> int:
    """Keep the provider's report on the text it sent; a late intermediate report (« sent » after
    « delivered ») does not overwrite a final one."""
    rows = OutboxMessage.objects.filter(channel=Channel.SMS, provider_message_id=provider_message_id)
    if status not in FINAL_DELIVERY_STATUSES:
        rows = rows.exclude(delivery_status__in=FINAL_DELIVERY_STATUSES)
    return rows.update(delivery_status=status, delivery_updated_at=now)
