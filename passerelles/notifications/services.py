"""Tell people what concerns them: in the app always, then by e-mail and SMS as each person chose per kind.

An e-mail says who, which mission, what is expected and gives one link (the reference systems' users
complain most about e-mails without context). E-mails and SMS are written to the outbox in the same
transaction (a refused step never sends anything, nothing saved is lost) and the notification points to its
outbox rows, so that it shows whether they really left. Each person chooses per kind (``preferences``): an
e-mail each time, in the daily summary, or never; an SMS for the few kinds that may be urgent, once they
chose to receive SMS. Everything is written in the recipient's language (``language``).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passerelles.notifications import emails
from passerelles.notifications.language import in_language_of
from passerelles.notifications.models import SMS_KINDS, EmailChoice, Notification, NotificationKind
from passerelles.notifications.preferences import choice_for, choices_for
from passerelles.outbox.services import queue_email
from passerelles.outbox.sms import queue_sms

SIGNATURE = emails.SIGNATURE
SMS_LENGTH = 160


def sms_text(subject: str, url: str, *, urgent: bool = False) -> str:
    """« Passerelles : <what> <link> », within one SMS with the « STOP » mention the outbox adds (urgent texts
    go without it) when the link allows it: the subject is cut."""
    link = emails.absolute(url)
    prefix = "Passerelles : "
    mention = "" if urgent else " ".join(str(settings.SMS_STOP_MENTION or "").split())
    room = SMS_LENGTH - len(prefix) - (len(link) + 1 if link else 0) - (len(mention) + 1 if mention else 0)
    what = " ".join(subject.split())
    if len(what) > room:
        what = what[: max(room - 1, 20)].rstrip() + "…"
    return f"{prefix}{what}" + (f" {link}" if link else "")


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
    """In the app always; by e-mail as the person chose for this kind (at once, in the daily summary, never)
    when they have an address; by SMS for the SMS kinds they chose, when they can receive SMS. Build
    ``subject`` and ``message`` inside ``in_language_of(user)``."""
    if user is None or not user.is_active:
        return None
    notification = Notification.objects.create(
        user=user, kind=kind, subject=subject[:200], message=message, url=url, action_needed=action_needed
    )
    with in_language_of(user):
        choice = choice_for(user, kind)
        fields = []
        wants_email = bool(user.email) and choice.email != EmailChoice.NEVER
        # Invitations leave at once even for the daily summary: a calendar file in tomorrow's e-mail is late.
        if wants_email and (choice.email == EmailChoice.IMMEDIATE or attachments):
            email = emails.notification_email(
                user, subject=subject, message=message, url=url, kind=kind, choice=choice.email
            )
            notification.email = queue_email(
                to=[user.email],
                subject=email.subject,
                body=email.body,
                html_body=email.html_body,
                headers=email.headers,
                attachments=attachments or (),
                user=user,
                organisation=email.organisation,
            )
            notification.emailed_at = timezone.now()
            fields += ["email", "emailed_at"]
        elif wants_email:
            notification.in_digest = True
            fields.append("in_digest")
        if kind in SMS_KINDS and choice.sms and user.can_receive_sms:
            urgent = kind == NotificationKind.CRISIS
            notification.sms = queue_sms(
                to=user.phone, body=sms_text(subject, url, urgent=urgent), user=user, urgent=urgent
            )
            fields.append("sms")
    if fields:
        notification.save(update_fields=fields)
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
    """One e-mail per person with notifications waiting for their daily summary, with what happened since
    the last one and what waits for them (« À faire », the same list as their dashboard). A kind the person
    turned to « jamais » since is left out."""
    sent = 0
    waiting = (
        Notification.objects.filter(emailed_at__isnull=True, in_digest=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id", "created_at", "pk")
    )
    by_user: dict = {}
    for notification in waiting:
        by_user.setdefault(notification.user, []).append(notification)
    for user, waiting_for_user in by_user.items():
        now_chosen = choices_for(user)
        stopped = {
            n.kind
            for n in waiting_for_user
            if getattr(now_chosen.get(n.kind), "email", "") == EmailChoice.NEVER
        }
        notifications = [n for n in waiting_for_user if n.kind not in stopped]
        with transaction.atomic():
            Notification.objects.filter(pk__in=[n.pk for n in waiting_for_user if n.kind in stopped]).update(
                in_digest=False
            )
            if not notifications or not user.email:
                continue
            with in_language_of(user):
                extra = [text for text in (section(user) for section in DIGEST_SECTIONS) if text]
                email = emails.digest_email(user, notifications, extra)
            row = queue_email(
                to=[user.email],
                subject=email.subject,
                body=email.body,
                html_body=email.html_body,
                headers=email.headers,
                user=user,
                organisation=email.organisation,
            )
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                email=row, emailed_at=timezone.now()
            )
        sent += 1
    return sent


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
