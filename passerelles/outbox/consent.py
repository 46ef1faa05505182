"""Who accepts text messages: a person chooses SMS (``opt_in``) and stops them at any time (``opt_out``), from
their preferences or by answering « STOP » to any text (``passerelles.outbox.inbound``).

« STOP » wins until the person chooses SMS again: ``sms_opted_out_at`` later than (or without)
``sms_opted_in_at``. A number that said STOP stops every account that gives it (one phone, one choice).
The change is kept in the account's history, with how it was made.
"""

import datetime
import re
import unicodedata

from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STOPPED_SINCE = _("La personne a demandé à ne plus recevoir de SMS (STOP) depuis que ce message a été écrit.")

# How the choice was made (kept as the history's reason).
HOW_REPLY = "réponse STOP par SMS"
HOW_PREFERENCES = "préférences de notification"

_STOP_WORDS = {"STOP", "ARRET", "STOPSMS", "ARRETSMS"}


def opt_in(user, *, how: str = HOW_PREFERENCES, now: datetime.datetime | None = None) -> None:
    """The person chooses to receive texts (again, after a STOP)."""
    user.sms_opted_in_at = now or timezone.now()
    user._change_reason = f"SMS choisis ({how})"
    user.save(update_fields=["sms_opted_in_at"])


def opt_out(user, how: str, *, now: datetime.datetime | None = None) -> bool:
    """The person stops texts; False if they had already (nothing changes)."""
    if is_stopped(user):
        return False
    user.sms_opted_out_at = now or timezone.now()
    user._change_reason = f"SMS refusés ({how})"
    user.save(update_fields=["sms_opted_out_at"])
    return True


def is_stopped(user) -> bool:
    out, back = user.sms_opted_out_at, user.sms_opted_in_at
    return out is not None and (back is None or back <= out)


def _stopped_q() -> Q:
    return Q(sms_opted_out_at__isnull=False) & (
        Q(sms_opted_in_at__isnull=True) | Q(sms_opted_in_at__lte=F("sms_opted_out_at"))
    )


def has_stopped(user, number: str) -> bool:
    """This person (read fresh: they may have answered since the caller loaded them) — or, without a
    person, anyone giving this number — answered STOP."""
    User = get_user_model()  # the outbox sits below the accounts app

    if user is not None and getattr(user, "pk", None):
        return User.objects.filter(pk=user.pk).filter(_stopped_q()).exists()
    return User.objects.filter(phone=number).filter(_stopped_q()).exists()


def opt_out_number(number: str, how: str = HOW_REPLY, *, now: datetime.datetime | None = None) -> int:
    """Every account with this number stops texts; returns how many changed."""
    User = get_user_model()

    return sum(opt_out(user, how, now=now) for user in User.objects.filter(phone=number).order_by("pk"))


def is_stop_reply(text) -> bool:
    """« STOP », « Stop. », « ARRÊT », « stop sms », « Arret SMS merci »: the first word asks to stop."""
    plain = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(char for char in plain if not unicodedata.combining(char)).upper()
    words = re.findall(r"[A-Z]+", plain)
    return bool(words) and words[0] in _STOP_WORDS
