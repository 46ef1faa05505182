"""Writing to the outbox: every outgoing message goes through ``queue_email`` (or ``queue_email_message``).

The row is written in the caller's transaction, and its delivery is enqueued once that transaction commits:
a refused step sends nothing, and a message whose cause was saved is never lost. Header-unsafe text (line
breaks and other control characters in a subject or an address) is cleaned here, in one place, so that a
mission title typed with a line break gives a readable subject instead of a dropped e-mail.
"""

import base64
import json
import logging
import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passerelles.outbox.models import Channel, OutboxMessage, OutboxState, WebhookEndpoint
from passerelles.outbox.outgoing_webhooks import EVENT_ID_HEADER

logger = logging.getLogger(__name__)

# C0 and C1 control characters, DEL and the Unicode line and paragraph separators.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SUBJECT_MAX_LENGTH = 300


def clean_header(text) -> str:
    """One line of text fit for an e-mail header: control characters become spaces, spaces are collapsed."""
    return " ".join(_UNSAFE.sub(" ", str(text or "")).split())


def _message_id() -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "passerelles.localhost"
    return make_msgid(idstring="passerelles", domain=domain)


def _attachment(filename, content, mimetype) -> dict:
    if isinstance(content, bytes):
        return {
            "filename": clean_header(filename),
            "content": base64.b64encode(content).decode("ascii"),
            "encoding": "base64",
            "mimetype": mimetype or "application/octet-stream",
        }
    return {"filename": clean_header(filename), "content": content, "mimetype": mimetype or "text/plain"}


def organisation_of(user):
    """The organisation a user's messages belong to, for its administrators' view of the outbox: the
    organisation of their agent profile, otherwise the only one where they hold a role."""
    if user is None or not getattr(user, "pk", None) or not getattr(user, "is_active", False):
        return None
    from django.apps import apps  # by name: the outbox sits below the domain apps

    from passerelles.access.models import RoleMembership

    # Two small reads rather than the whole actor (its roles, its agent with organisation and unit, whether
    # they manage anyone): asked for every message, and an announcement goes to thousands at once.
    Agent = apps.get_model("people", "Agent")
    agent_org = Agent.objects.filter(user=user, is_active=True).values_list("organisation_id", flat=True)
    if (org_id := agent_org.first()) is not None:
        return org_id
    org_ids = set(RoleMembership.objects.filter(user=user).values_list("organisation_id", flat=True))
    return org_ids.pop() if len(org_ids) == 1 else None


def queue_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    attachments=(),
    user=None,
    organisation=None,
    from_email: str = "",
    headers: dict[str, str] | None = None,
) -> OutboxMessage | None:
    """Write an e-mail to the outbox and enqueue its delivery after the transaction commits.

    ``attachments`` are (filename, content, mimetype) triples, content as text or bytes; they are stored
    with the row, so that a retry sends them again. ``organisation`` defaults to the recipient account's.
    """
    recipients = [address for address in (clean_header(a) for a in to) if address]
    if not recipients:
        logger.warning("E-mail « %s » not queued: no recipient address", clean_header(subject))
        return None
    if organisation is None and user is not None:
        organisation = organisation_of(user)
    message = OutboxMessage.objects.create(
        channel=Channel.EMAIL,
        state=OutboxState.PENDING,
        organisation_id=getattr(organisation, "pk", organisation),
        user=user if getattr(user, "pk", None) else None,
        to=", ".join(recipients),
        from_email=clean_header(from_email),
        subject=clean_header(subject)[:SUBJECT_MAX_LENGTH],
        body=body,
        html_body=html_body,
        attachments=[_attachment(*a) for a in attachments],
        headers={clean_header(k): clean_header(v) for k, v in (headers or {}).items() if clean_header(k)},
        message_id=_message_id(),
        next_attempt_at=timezone.now(),
    )
    enqueue_delivery(message.pk)
    return message


def queue_email_message(email: EmailMessage, *, user=None, organisation=None) -> OutboxMessage | None:
    """Queue an e-mail already built by a library (allauth's password reset, address verification…)."""
    html_body = ""
    for content, mimetype in getattr(email, "alternatives", []) or []:
        if mimetype == "text/html":
            html_body = content
    body = email.body
    if getattr(email, "content_subtype", "plain") == "html" and not html_body:
        html_body, body = body, ""
    attachments = [a for a in email.attachments if isinstance(a, tuple | list) and len(a) == 3]
    return queue_email(
        to=list(email.to) + list(email.cc) + list(email.bcc),
        subject=email.subject,
        body=body,
        html_body=html_body,
        attachments=attachments,
        user=user,
        organisation=organisation,
        from_email=email.from_email or "",
    )


def event_body(*, event_id: str, event_type: str, occurred_at, data: dict) -> str:
    """The JSON a webhook receives (docs/webhooks.md): the event, the receiving organisation, the data."""
    body = {
        "id": event_id,
        "type": event_type,
        "occurred_at": occurred_at.isoformat(),
        "organisation": data.get("organisation"),
        "data": {key: value for key, value in data.items() if key != "organisation"},
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def queue_event(
    *, organisation_id: int, event_type: str, data: dict, occurred_at=None
) -> list[OutboxMessage]:
    """Write one outbox row per active endpoint of the organisation that asked for this event type, in the
    caller's transaction; delivered once it commits. Each row is its own event (its own id)."""
    rows = []
    endpoints = WebhookEndpoint.objects.filter(organisation_id=organisation_id, is_active=True)
    occurred_at = occurred_at or timezone.now()
    for endpoint in endpoints:
        if event_type not in (endpoint.events or []):
            continue
        event_id = str(uuid.uuid4())
        body = event_body(event_id=event_id, event_type=event_type, occurred_at=occurred_at, data=data)
        message = OutboxMessage.objects.create(
            channel=Channel.WEBHOOK,
            state=OutboxState.PENDING,
            organisation_id=organisation_id,
            webhook_endpoint=endpoint,
            to=endpoint.url,
            subject=event_type,
            body=body,
            headers={EVENT_ID_HEADER: event_id},
            message_id=f"webhook-{event_id}",
            next_attempt_at=timezone.now(),
        )
        enqueue_delivery(message.pk)
        rows.append(message)
    return rows


def enqueue_delivery(message_id: int) -> None:
    from passerelles.outbox.delivery import deliver_message

    transaction.on_commit(lambda: deliver_message.enqueue(message_id=message_id))


def retry_now(message: OutboxMessage) -> bool:
    """« Réessayer maintenant »: a failed or abandoned message goes back to the queue for one more attempt
    at once (an abandoned one is abandoned again if that attempt fails too).

    A text refused when it was written (the organisation's budget was spent: abandoned without any
    attempt) is admitted against this month's budget first: it leaves only if the budget now allows it (the
    operator raised it, or a new month began); otherwise the new reason is kept on the row and False is
    returned."""
    now = timezone.now()
    with transaction.atomic():
        if refused_when_written(message):
            from passerelles.outbox import budget

            if message.organisation_id is None:
                admitted, reason = message.urgent, str(budget.NO_ORGANISATION)
            else:
                admitted, reason = budget.admit(message.organisation_id, urgent=message.urgent, now=now)
            if not admitted:
                OutboxMessage.objects.filter(pk=message.pk).update(last_error=reason)
                return False
        updated = (
            OutboxMessage.objects.filter(pk=message.pk, state__in=[OutboxState.FAILED, OutboxState.ABANDONED])
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))  # not while a worker sends it
            .update(state=OutboxState.PENDING, next_attempt_at=now, claimed_until=None, claim_token=None)
        )
        if not updated:
            transaction.set_rollback(True)  # nothing re-sent: the budget unit is given back
    if updated:
        enqueue_delivery(message.pk)
    return bool(updated)


def refused_when_written(message: OutboxMessage) -> bool:
    """A text abandoned before any attempt: refused by the budget (or for want of an organisation)."""
    return message.channel == Channel.SMS and message.state == OutboxState.ABANDONED and message.attempts == 0
