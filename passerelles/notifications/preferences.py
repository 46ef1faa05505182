"""Each person's choice, per kind of notification, of how to hear of it beyond the app.

In the app, every notification stays (and « À faire » lists what waits): these choices only decide the
e-mail (each time, in the daily summary, never) and the SMS. What protects the account and the agreements
a mission waits for (``ALWAYS_ON``) cannot be turned off: someone who never hears that their agreement is
awaited blocks a colleague's mission without knowing it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from passerelles.notifications.models import (
    ALWAYS_ON,
    SMS_KINDS,
    EmailChoice,
    NotificationKind,
    NotificationPreference,
)


@dataclass(frozen=True)
class Choice:
    email: str  # an EmailChoice value
    sms: bool  # only meaningful for SMS_KINDS, and only once the person can receive SMS


def default_choice(user, kind: str) -> Choice:
    """No row: the old account-wide « courriels » choice (each time, or the daily summary) for every kind;
    SMS for the SMS kinds, which takes effect only once the person chose to receive SMS at all."""
    email = EmailChoice.DAILY if getattr(user, "email_frequency", "") == "daily" else EmailChoice.IMMEDIATE
    return Choice(email=email, sms=kind in SMS_KINDS)


def _effective(kind: str, email: str, sms: bool) -> Choice:
    if kind in ALWAYS_ON and email == EmailChoice.NEVER:
        email = EmailChoice.IMMEDIATE
    return Choice(email=email, sms=sms and kind in SMS_KINDS)


def choices_for(user) -> dict[str, Choice]:
    """Every kind's choice for this person, in the order of ``NotificationKind``."""
    rows = {p.kind: p for p in NotificationPreference.objects.filter(user=user)} if user.pk else {}
    result = {}
    for kind in NotificationKind.values:
        row = rows.get(kind)
        base = Choice(row.email, row.sms) if row else default_choice(user, kind)
        result[kind] = _effective(kind, base.email, base.sms)
    return result


def choice_for(user, kind: str) -> Choice:
    row = NotificationPreference.objects.filter(user=user, kind=kind).first() if user.pk else None
    base = Choice(row.email, row.sms) if row else default_choice(user, kind)
    return _effective(kind, base.email, base.sms)


def refusal(kind: str, email: str) -> str | None:
    """Why this choice cannot be saved, or None."""
    if kind not in NotificationKind.values:
        return _("Ce type de notification n'existe pas.")
    if email not in EmailChoice.values:
        return _("Choisissez « à chaque fois », « récapitulatif quotidien » ou « jamais ».")
    if kind in ALWAYS_ON and email == EmailChoice.NEVER:
        return _(
            "Ces courriels ne peuvent pas être arrêtés : ils protègent votre compte ou une mission attend votre accord."
        )
    return None


@transaction.atomic
def save_choices(user, choices: dict[str, Choice]) -> None:
    """Store the person's choices (every kind given); refuses the whole set if one is not allowed."""
    for kind, choice in choices.items():
        problem = refusal(kind, choice.email)
        if problem:
            raise ValueError(problem)
    for kind, choice in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=kind,
            defaults={"email": choice.email, "sms": bool(choice.sms and kind in SMS_KINDS)},
        )


@transaction.atomic
def stop_emails(user, kinds) -> list[str]:
    """« Se désabonner »: these kinds' e-mails become « jamais » (the SMS choice is kept). The kinds that
    cannot be turned off are left as they are; returns the kinds really turned off."""
    stopped = []
    for kind in kinds:
        if kind in ALWAYS_ON or kind not in NotificationKind.values:
            continue
        current = choice_for(user, kind)
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": EmailChoice.NEVER, "sms": current.sms}
        )
        stopped.append(kind)
    return stopped
