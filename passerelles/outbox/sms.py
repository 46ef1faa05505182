"""SMS: a small gateway interface, written to the outbox like every other message.

Half of a large collectivité's agents never read a professional e-mail; a text message reaches the nursery,
the road depot and the college kitchen. A message is first an outbox row (channel ``sms``, the number in
``to``, the text in ``body``), delivered by the same worker, retries and timeouts as e-mails
(``passerelles.outbox.delivery``). The gateway is chosen by ``SMS_BACKEND``: the console in development,
memory in tests, a real provider adapter in production (see docs/exploitation.md, « SMS »).
"""

import logging
import re

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from passerelles.outbox.models import Channel, OutboxMessage, OutboxState

logger = logging.getLogger(__name__)

# One SMS is 160 GSM characters; long texts are split by the provider and cost several. Passerelles keeps
# its messages short and cuts anything longer than three parts.
MAX_LENGTH = 3 * 153


class SMSBackend:
    """Hands one text to a gateway; returns the provider's message id (or ""), raises on failure."""

    def send(self, to: str, body: str) -> str:  # pragma: no cover — the interface
        raise NotImplementedError


class ConsoleBackend(SMSBackend):
    """Development: the text is printed where the server runs."""

    def send(self, to: str, body: str) -> str:
        print(f"--- SMS à {to} ---\n{body}\n---", flush=True)  # noqa: T201 — the console backend's job
        return ""


# What the memory backend sent, for tests (as django.core.mail.outbox for e-mails).
sent: list[dict] = []


class LocmemBackend(SMSBackend):
    """Tests: the text is kept in ``passerelles.outbox.sms.sent``."""

    def send(self, to: str, body: str) -> str:
        sent.append({"to": to, "body": body})
        return f"locmem-{len(sent)}"


def get_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()


_SEPARATORS = re.compile(r"[\s.\-()/]")


def normalise_phone(text) -> str | None:
    """A mobile number in international form (``+33612345678``), or None when the text is not one.

    French mobiles (06/07, with or without +33 or 0033) and, for overseas and foreign numbers, any
    international number of 8 to 15 digits written with its ``+``."""
    number = _SEPARATORS.sub("", str(text or ""))
    if number.startswith("00"):
        number = "+" + number[2:]
    if re.fullmatch(r"0[67]\d{8}", number):
        return "+33" + number[1:]
    if re.fullmatch(r"\+33[67]\d{8}", number):
        return number
    if re.fullmatch(r"\+(?!33)[1-9]\d{7,14}", number):
        return number
    return None


def queue_sms(
    *, to: str, body: str, user=None, organisation=None, urgent: bool = False
) -> OutboxMessage | None:
    """Write a text message to the outbox and enqueue its delivery after the transaction commits.

    ``to`` must be a number ``normalise_phone`` accepts (None is returned otherwise, nothing written).
    ``urgent`` marks a message that may go out during quiet hours (a crisis call)."""
    from passerelles.outbox.services import _message_id, clean_header, enqueue_delivery, organisation_of

    number = normalise_phone(to)
    if number is None:
        logger.warning("SMS not queued: « %s » is not a mobile number", clean_header(to)[:30])
        return None
    text = " ".join(str(body).split())[:MAX_LENGTH]
    if organisation is None and user is not None:
        organisation = organisation_of(user)
    message = OutboxMessage.objects.create(
        channel=Channel.SMS,
        state=OutboxState.PENDING,
        organisation_id=getattr(organisation, "pk", organisation),
        user=user if getattr(user, "pk", None) else None,
        to=number,
        subject=clean_header(text)[:60],
        body=text,
        message_id=_message_id(),
        next_attempt_at=timezone.now(),
    )
    enqueue_delivery(message.pk)
    return message


def send(message: OutboxMessage) -> str:
    """Deliver one claimed SMS row through the configured gateway (called by ``delivery.send``)."""
    return get_backend().send(message.to, message.body)
