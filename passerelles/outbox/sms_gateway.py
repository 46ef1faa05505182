"""The SMS gateway itself: what hands a claimed outbox row to a provider, with no knowledge of how rows are
written (``passerelles.outbox.sms``): the delivery worker imports this module alone.

``SMS_BACKEND`` names the backend: the console in development, memory in tests (``sent``), a provider adapter
in production (``passerelles.outbox.sms_brevo``).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from passerelles.outbox.models import OutboxMessage


class SMSGatewayError(Exception):
    """A gateway's refusal or failure, already in words an administrator can act on (kept on the row).
    ``permanent``: this very message is refused (a malformed number…): trying again would fail the same way."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


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


def hold_back(message: OutboxMessage, *, now) -> datetime.datetime | str | None:
    """Just before a text that can wait is sent (a retry, or the end of quiet hours): the moment to send it
    instead if it is quiet now, or the reason to abandon it if its person answered « STOP » since it was
    written; None to send it now."""
    from passerelles.outbox import consent
    from passerelles.outbox.quiet_hours import quiet_until

    if message.urgent:
        return None
    if consent.has_stopped(message.user, message.to):
        return str(consent.STOPPED_SINCE)
    return quiet_until(now, settings.SMS_QUIET_HOURS, timezone.get_default_timezone())


def send(message: OutboxMessage) -> str:
    """Deliver one claimed SMS row through the configured gateway (called by ``delivery.send``)."""
    return get_backend().send(message.to, message.body)
