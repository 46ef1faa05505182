"""Tell people what concerns them: in the app and by e-mail, with human context and one link.

An e-mail says who, which mission, what is expected and gives one link (the reference systems' users
complain most about e-mails without context). E-mails are written to the outbox in the same transaction
(a refused step never sends anything, nothing saved is lost) and the notification points to its outbox row,
so that it shows whether the e-mail really left; people who chose a daily summary get one e-mail a day
instead.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.accounts.models import EmailFrequency
from passerelles.notifications.models import Notification, NotificationKind
from passerelles.outbox.services import queue_email

SIGNATURE = "\n\n—\nPasserelles, la micro-mobilité entre services et administrations."


def _link(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url else ""


def notify(
    *,
    user,
    subject: str,
    message: str,
    url: str = "",
    action_needed: bool = False,
    attachments: list[tuple[str, str, str]] | None = None,
    kind: str = NotificationKind.GENERAL,
) -> Notification | None:
    if user is None or not user.is_active:
        return None
    notification = Notification.objects.create(
        user=user, kind=kind, subject=subject[:200], message=message, url=url, action_needed=action_needed
    )
    # Invitations are sent at once whatever the preference: a calendar file in tomorrow's summary is late.
    if user.email_frequency == EmailFrequency.IMMEDIATE or attachments:
        body = message + (f"\n\n{_link(url)}" if url else "") + SIGNATURE
        notification.email = queue_email(
            to=[user.email],
            subject=f"[Passerelles] {subject}",
            body=body,
            attachments=attachments or (),
            user=user,
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["email", "emailed_at"])
    return notification


# What the summary adds after the news: « À faire », from the interface layer, which registers it from its
# AppConfig.ready() (this domain app never imports the pages built on top of it).
DIGEST_SECTIONS: list = []


def add_to_digest(section):
    """Register ``section(user) -> str``: text appended to each daily summary (empty: nothing to add)."""
    if section not in DIGEST_SECTIONS:
        DIGEST_SECTIONS.append(section)
    return section


def send_daily_digests() -> int:
    """One e-mail per person who chose the daily summary, with what happened since the last one and what
    waits for them (« À faire », the same list as their dashboard)."""
    sent = 0
    waiting = (
        Notification.objects.filter(
            emailed_at__isnull=True, user__email_frequency=EmailFrequency.DAILY, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id", "created_at")
    )
    by_user: dict = {}
    for notification in waiting:
        by_user.setdefault(notification.user, []).append(notification)
    for user, notifications in by_user.items():
        lines = [f"• {n.subject}" + (f"\n  {_link(n.url)}" if n.url else "") for n in notifications]
        extra = [text for text in (section(user) for section in DIGEST_SECTIONS) if text]
        body = (
            _("Voici ce qui s'est passé pour vous sur Passerelles :")
            + "\n\n"
            + "\n".join(lines)
            + "".join(f"\n\n{text}" for text in extra)
            + SIGNATURE
        )
        subject = _("[Passerelles] Votre récapitulatif du jour (%(count)s)") % {"count": len(notifications)}
        with transaction.atomic():
            email = queue_email(to=[user.email], subject=subject, body=body, user=user)
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                email=email, emailed_at=timezone.now()
            )
        sent += 1
    return sent


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
