"""Delivering the outbox: claim a due row, send it, record what happened.

Claiming is a compare-and-set ``UPDATE … WHERE`` the row is still due (not sent, not abandoned, its time
reached, nobody's lease running), with ``SELECT … FOR UPDATE SKIP LOCKED`` where the database has it
(PostgreSQL): two workers never hold the same row, on SQLite or PostgreSQL. The claim sets a lease
(``claimed_until``): a worker killed while sending leaves a row that becomes due again when the lease
expires. Success marks the row sent in the step right after the server accepted it; a row already sent is
never claimed again. Every message keeps one Message-ID across its attempts, so that in the one case
nothing can rule out (a worker killed after the server accepted the message and before the row was
marked), the receiving side sees the same message twice and may fold it.
"""

import datetime
import logging
import re
import smtplib
import socket
import ssl
import uuid
from base64 import b64decode
from email.encoders import encode_base64
from email.message import Message
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from passerelles.outbox import outgoing_webhooks, sms_gateway
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState
from passerelles.outbox.outgoing_webhooks import WebhookError
from passerelles.outbox.sms_gateway import SMSGatewayError

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd… failed attempt; after the last one, the message is abandoned.
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")


def lease_duration() -> datetime.timedelta:
    """How long a claimed row stays reserved: comfortably longer than one send can take (each step of the
    SMTP conversation may take up to EMAIL_TIMEOUT)."""
    return datetime.timedelta(seconds=max(300, 10 * settings.EMAIL_TIMEOUT, 2 * settings.WEBHOOK_TIMEOUT))


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def claim(*, now: datetime.datetime, message_id: int | None = None) -> tuple[OutboxMessage, uuid.UUID] | None:
    """Reserve the next due message (or this one, if it is due) for this worker; None if there is none."""
    token = uuid.uuid4()
    with transaction.atomic():
        if message_id is not None:
            candidate = message_id  # named: the compare-and-set below alone takes it, or not (one query less)
        else:
            due = OutboxMessage.objects.due(now).order_by("next_attempt_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            candidate = due.values_list("pk", flat=True).first()
            if candidate is None:
                return None
        # The compare-and-set: only a row still due is taken (another worker may have been faster).
        taken = (
            OutboxMessage.objects.due(now)
            .filter(pk=candidate)
            .update(claim_token=token, claimed_until=now + lease_duration(), attempts=F("attempts") + 1)
        )
    if not taken:
        return None
    return OutboxMessage.objects.get(pk=candidate), token


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email or None,
        to=message.recipients,
        headers={**message.headers, "Message-ID": message.message_id},
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments:
        content = attachment["content"]
        if attachment.get("encoding") == "base64":
            content = b64decode(content)
        if ";" in attachment["mimetype"]:
            email.attach(_part_with_parameters(attachment["filename"], content, attachment["mimetype"]))
        else:
            email.attach(attachment["filename"], content, attachment["mimetype"])
    return email


def _part_with_parameters(filename: str, content, mimetype: str) -> MIMEBase:
    """A part whose content type carries parameters, kept as written: Django's attachments keep only
    ``type/subtype``, and a calendar part needs its ``method`` (``text/calendar; method=REQUEST``) for Outlook
    to show an invitation rather than a file. Shown inline, as calendar servers send invitations."""
    header = Message()
    header["Content-Type"] = mimetype
    maintype, subtype = header.get_content_maintype(), header.get_content_subtype()
    params = [(k, v) for k, v in header.get_params()[1:] if k.lower() != "charset"]
    if maintype == "text":
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        part = SafeMIMEText(text, subtype, "utf-8")
        params.append(("charset", "utf-8"))
    else:
        part = MIMEBase(maintype, subtype)
        part.set_payload(content.encode("utf-8") if isinstance(content, str) else content)
        encode_base64(part)
    # Tokens unquoted (« method=REQUEST », as calendar clients expect it), anything else quoted.
    written = "".join(
        f"; {key}={value}" if _TOKEN.fullmatch(value) else f'; {key}="{value.replace(chr(34), "")}"'
        for key, value in params
    )
    part.replace_header("Content-Type", f"{maintype}/{subtype}{written}")
    part.add_header("Content-Disposition", "inline", filename=filename)
    return part


def describe_error(exc: BaseException) -> str:
    """The reason of a failed attempt, in words an administrator can act on."""
    if isinstance(exc, SMSGatewayError | WebhookError):
        return str(exc)  # already said in words (passerelles/outbox/sms_brevo.py, outgoing_webhooks.py)
    # smtplib wraps a timeout while waiting for an answer into SMTPServerDisconnected: look at the cause.
    if isinstance(exc, TimeoutError | socket.timeout) or isinstance(
        exc.__cause__ or exc.__context__, TimeoutError | socket.timeout
    ):
        return _("Le serveur de courriel n'a pas répondu dans le délai de %(seconds)s s.") % {
            "seconds": settings.EMAIL_TIMEOUT
        }
    if isinstance(exc, ConnectionRefusedError):
        return _("Le serveur de courriel refuse la connexion (arrêté ou mauvais port).")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(
            f"{address} ({code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason})"
            for address, (code, reason) in exc.recipients.items()
        )
        return _("Adresse refusée par le serveur de courriel : %(refused)s.") % {"refused": refused}
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return _("Le serveur de courriel refuse l'identifiant ou le mot de passe (EMAIL_HOST_USER).")
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return _("Le serveur de courriel a coupé la connexion.")
    if isinstance(exc, smtplib.SMTPResponseException):
        error = (
            exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        return _("Le serveur de courriel a répondu %(code)s : %(error)s") % {
            "code": exc.smtp_code,
            "error": error,
        }
    if isinstance(exc, ssl.SSLError):
        return _("Échec de la connexion chiffrée au serveur de courriel (%(error)s).") % {"error": exc}
    if isinstance(exc, socket.gaierror):
        return _("Le nom du serveur de courriel est inconnu (EMAIL_HOST).")
    if isinstance(exc, OSError):
        return _("Erreur réseau vers le serveur de courriel : %(error)s.") % {"error": exc}
    return _("Erreur inattendue : %(error)s") % {"error": f"{exc.__class__.__name__}: {exc}"}


def send(message: OutboxMessage) -> None:
    """Hand the message to its channel; raises on any failure."""
    if message.channel == Channel.SMS:
        provider_id = sms_gateway.send(message)
        if provider_id:
            OutboxMessage.objects.filter(pk=message.pk).update(provider_message_id=str(provider_id)[:100])
        return
    if message.channel == Channel.WEBHOOK:  # a signed POST; 2xx or WebhookError (outgoing_webhooks.py)
        outgoing_webhooks.post(message)
        return
    if message.channel != Channel.EMAIL:
        raise NotImplementedError(
            _("Le canal « %(channel)s » n'est pas encore pris en charge.")
            % {"channel": message.get_channel_display()}
        )
    # The SMTP backend reads EMAIL_TIMEOUT: a stalled server makes this raise after that many seconds.
    sent = build_email(message).send(fail_silently=False)
    if not sent:
        raise smtplib.SMTPException(_("Le serveur n'a accepté le message pour aucun destinataire."))


def deliver(message: OutboxMessage, token: uuid.UUID, *, now: datetime.datetime) -> str:
    """Send a claimed message and record the outcome; returns the new state. The reason written on the row
    is in the site's language, whatever language the calling thread was left in (a request's, a test's)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _deliver(message, token, now=now)


def _deliver(message: OutboxMessage, token: uuid.UUID, *, now: datetime.datetime) -> str:
    if message.channel == Channel.SMS:
        held = sms_gateway.hold_back(message, now=now)
        if held is not None:
            return hold(message, token, held)
    try:
        send(message)
    except Exception as exc:  # noqa: BLE001 — every failure is recorded on the row, then retried
        reason = describe_error(exc)
        logger.warning("Outbox message %s not sent (attempt %s): %s", message.pk, message.attempts, reason)
        permanent = getattr(exc, "permanent", False)  # this very message is refused: no point retrying
        state = OutboxState.ABANDONED if permanent or message.attempts >= MAX_ATTEMPTS else OutboxState.FAILED
        next_attempt_at = now + backoff(message.attempts) if state == OutboxState.FAILED else now
        OutboxMessage.objects.filter(pk=message.pk, claim_token=token).exclude(state=OutboxState.SENT).update(
            state=state,
            last_error=reason,
            next_attempt_at=next_attempt_at,
            claimed_until=None,
            claim_token=None,
        )
        if state == OutboxState.FAILED:
            schedule_retry(message.pk, next_attempt_at)
        return state
    # Accepted by the server: sent, whoever holds the claim now (a row already sent stays as it is).
    OutboxMessage.objects.filter(pk=message.pk).exclude(state=OutboxState.SENT).update(
        state=OutboxState.SENT, sent_at=now, last_error="", claimed_until=None, claim_token=None
    )
    return OutboxState.SENT


def hold(message: OutboxMessage, token: uuid.UUID, held: datetime.datetime | str) -> str:
    """A text that cannot leave now: put back for the end of quiet hours (the claim is not an attempt), or
    abandoned with the reason (its person answered « STOP » since)."""
    rows = OutboxMessage.objects.filter(pk=message.pk, claim_token=token).exclude(state=OutboxState.SENT)
    if isinstance(held, str):
        rows.update(state=OutboxState.ABANDONED, last_error=held, claimed_until=None, claim_token=None)
        return OutboxState.ABANDONED
    rows.update(next_attempt_at=held, attempts=F("attempts") - 1, claimed_until=None, claim_token=None)
    schedule_retry(message.pk, held)
    return message.state


def schedule_retry(message_id: int, when: datetime.datetime) -> None:
    """With a task backend that can defer (the database one), the retry is queued for its time; otherwise
    the periodic sweep (``passerelles outbox``, ``passerelles daily``) takes it."""
    if deliver_message.get_backend().supports_defer:
        transaction.on_commit(lambda: deliver_message.using(run_after=when).enqueue(message_id=message_id))


def deliver_one(message_id: int, *, now: datetime.datetime | None = None) -> str | None:
    """Deliver this message if it is due and nobody else holds it; None if there was nothing to do."""
    claimed = claim(now=now or timezone.now(), message_id=message_id)
    if claimed is None:
        return None
    return deliver(*claimed, now=now or timezone.now())


def deliver_due(*, now: datetime.datetime | None = None, limit: int = 1000) -> dict[str, int]:
    """Drain the queue: every due message (new, retry time reached, or left by a dead worker), one by one.
    ``now`` fixes the clock (tests); by default each step reads the time."""
    counts = dict.fromkeys(OutboxState.values, 0)
    for _step in range(limit):
        claimed = claim(now=now or timezone.now())
        if claimed is None:
            break
        counts[deliver(*claimed, now=now or timezone.now())] += 1
    return counts


def purge(*, now: datetime.datetime, sent_days: int = 30, abandoned_days: int = 90) -> int:
    """Data minimisation: sent messages are kept a month, abandoned ones three months."""
    deleted = OutboxMessage.objects.filter(
        state=OutboxState.SENT, sent_at__lt=now - datetime.timedelta(days=sent_days)
    ).delete()[0]
    deleted += OutboxMessage.objects.filter(
        state=OutboxState.ABANDONED, created_at__lt=now - datetime.timedelta(days=abandoned_days)
    ).delete()[0]
    return deleted


# The tasks live beside what they run: a failed delivery queues its own retry (schedule_retry above).
@task()
def deliver_message(*, message_id: int) -> str | None:
    """One message, as soon as it is written (or when its retry time comes)."""
    return deliver_one(message_id)


@task()
def deliver_outbox() -> dict[str, int]:
    """The whole due queue."""
    return deliver_due()
