"""SMS: a small gateway interface, written to the outbox like every other message.

Half of a large collectivité's agents never read a professional e-mail; a text message reaches the nursery,
the road depot and the college kitchen. A message is first an outbox row (channel ``sms``, the number in
``to``, the text in ``body``), delivered by the same worker, retries and timeouts as e-mails
(``passerelles.outbox.delivery``). The gateway is chosen by ``SMS_BACKEND``: the console in development,
memory in tests, a real provider adapter in production (``passerelles.outbox.sms_brevo``; see
docs/exploitation.md, « SMS »).

Texts cost money and ring personal phones, so ``queue_sms`` applies four rules before anything leaves:
a person who answered « STOP » gets nothing that can wait (``consent``); every such text ends with how to
stop them (``SMS_STOP_MENTION``); it waits for the end of quiet hours (``quiet_hours``); and it counts against
the organisation's monthly budget (``budget``). Urgent texts (account codes, crisis calls) skip the first
three and are counted, never refused, by the fourth.
"""

import logging
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passerelles.outbox.models import Channel, OutboxMessage, OutboxState
from passerelles.outbox.sms_gateway import (  # noqa: F401 — the gateway's names, for callers of this module
    ConsoleBackend,
    LocmemBackend,
    SMSBackend,
    SMSGatewayError,
    get_backend,
    sent,
)

logger = logging.getLogger(__name__)

# One SMS is 160 GSM characters; long texts are split by the provider and cost several. Passerelles keeps
# its messages short and cuts anything longer than three parts.
MAX_LENGTH = 3 * 153


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


def with_stop_mention(text: str) -> str:
    """The text, cut if needed, followed by how to stop receiving texts."""
    mention = " ".join(str(settings.SMS_STOP_MENTION or "").split())
    if not mention or text.endswith(mention):
        return text[:MAX_LENGTH]
    room = MAX_LENGTH - len(mention) - 1
    return f"{text[:room].rstrip()} {mention}"


def queue_sms(
    *, to: str, body: str, user=None, organisation=None, urgent: bool = False
) -> OutboxMessage | None:
    """Write a text message to the outbox and enqueue its delivery after the transaction commits.

    ``to`` must be a number ``normalise_phone`` accepts (None is returned otherwise, nothing written).
    ``urgent`` marks a message that cannot wait (an account code, a crisis call): it goes at night and on
    Sundays, to people who answered « STOP », and past the organisation's budget (it is counted all the same).

    Otherwise: nothing is written for a person (or, without ``user``, a number) who answered « STOP »; the
    text ends with ``SMS_STOP_MENTION``; it is written for the end of quiet hours if it is quiet now; and it
    is written but abandoned at once, with the reason, when the organisation's budget of the month is spent.
    A text with no organisation is refused unless urgent: no budget can pay for it, and a message no
    organisation answers for would be invisible to every administrator (only the platform operator sees it,
    abandoned, with the reason)."""
    from passerelles.outbox import budget, consent
    from passerelles.outbox.delivery import schedule_retry
    from passerelles.outbox.quiet_hours import quiet_until
    from passerelles.outbox.services import _message_id, clean_header, enqueue_delivery, organisation_of

    number = normalise_phone(to)
    if number is None:
        logger.warning("SMS not queued: « %s » is not a mobile number", clean_header(to)[:30])
        return None
    if not urgent and consent.has_stopped(user, number):
        logger.info("SMS not queued: the person answered STOP")
        return None
    text = " ".join(str(body).split())[:MAX_LENGTH]
    if not urgent:
        text = with_stop_mention(text)
    if organisation is None and user is not None:
        organisation = organisation_of(user)
    organisation_id = getattr(organisation, "pk", organisation)
    now = timezone.now()
    state, reason, next_attempt_at = OutboxState.PENDING, "", now
    with transaction.atomic():
        if organisation_id is None:
            if not urgent:
                state, reason = OutboxState.ABANDONED, str(budget.NO_ORGANISATION)
        else:
            admitted, reason = budget.admit(organisation_id, urgent=urgent, now=now)
            if not admitted:
                state = OutboxState.ABANDONED
        if state == OutboxState.PENDING and not urgent:
            next_attempt_at = (
                quiet_until(now, settings.SMS_QUIET_HOURS, timezone.get_default_timezone()) or now
            )
        message = OutboxMessage.objects.create(
            channel=Channel.SMS,
            state=state,
            organisation_id=organisation_id,
            user=user if getattr(user, "pk", None) else None,
            to=number,
            # Not the text: it may hold a sign-in code, and the subject is what lists and logs show.
            subject="SMS",
            body=text,
            message_id=_message_id(),
            next_attempt_at=next_attempt_at,
            last_error=reason,
            urgent=urgent,
        )
    if state == OutboxState.PENDING:
        if next_attempt_at > now:
            schedule_retry(
                message.pk, next_attempt_at
            )  # the periodic sweep takes it without a deferring worker
        else:
            enqueue_delivery(message.pk)
    return message
