"""Tell people what concerns them: in the app and by e-mail, with human context and one link.

An e-mail says who, which mission, what is expected and gives one link (the reference systems' users
complain most about e-mails without context). Sending happens after the transaction commits, so that a
refused step never sends anything.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from passerelles.notifications.models import Notification

logger = logging.getLogger(__name__)

SIGNATURE = "\n\n—\nPasserelles, la micro-mobilité entre services et administrations."


def notify(
    *,
    user,
    subject: str,
    message: str,
    url: str = "",
    action_needed: bool = False,
    attachments: list[tuple[str, str, str]] | None = None,
) -> Notification | None:
    if user is None or not user.is_active:
        return None
    notification = Notification.objects.create(
        user=user, subject=subject[:200], message=message, url=url, action_needed=action_needed
    )
    link = f"\n\n{settings.SITE_URL}{url}" if url else ""
    email = EmailMessage(subject=f"[Passerelles] {subject}", body=message + link + SIGNATURE, to=[user.email])
    for filename, content, mimetype in attachments or []:
        email.attach(filename, content, mimetype)
    transaction.on_commit(lambda: _send(email))
    return notification


def _send(email: EmailMessage) -> None:
    """The in-app notification is already saved; a mail server failure is logged, not shown to the actor."""
    try:
        email.send()
    except Exception:  # noqa: BLE001 — any transport error
        logger.exception("E-mail not sent to %s", email.to)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
