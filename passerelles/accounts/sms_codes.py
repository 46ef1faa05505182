"""Six-digit codes sent by SMS: to verify a mobile number, and to choose a new password without e-mail.

A code is valid 10 minutes, for 5 tries, once; a new code replaces the previous one of the same purpose.
Only a keyed hash is stored. The text goes through the outbox (``outbox.sms.queue_sms``) marked urgent: the
person is waiting for it, quiet hours or not. How many codes a person or an address may ask for is limited
by the views (the cache-backed rate limits of ``ACCOUNT_RATE_LIMITS``).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.accounts.models import SmsCode, SmsPurpose
from passerelles.outbox.sms import queue_sms

VALIDITY = timedelta(minutes=10)
MAX_ATTEMPTS = 5
DIGITS = 6


class SmsCodeRefused(Exception):
    """The code typed does not work; the message says why, in French."""


def _hash(code: str) -> str:
    key = f"passerelles.sms_code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def _text(purpose: str, code: str) -> str:
    if purpose == SmsPurpose.RESET_PASSWORD:
        return _(
            "Passerelles : votre code pour changer de mot de passe est %(code)s. Il est valable 10 minutes. "
            "Si vous n'avez rien demandé, ignorez ce message."
        ) % {"code": code}
    return _("Passerelles : votre code pour vérifier ce numéro est %(code)s. Il est valable 10 minutes.") % {
        "code": code
    }


@transaction.atomic
def send_code(user, *, phone: str, purpose: str, now=None) -> SmsCode:
    """Send a new code to ``phone`` (an E.164 number) for ``user``; the previous one of this purpose ends."""
    now = now or timezone.now()
    SmsCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(used_at=now)
    code = f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"
    sms_code = SmsCode.objects.create(
        user=user,
        purpose=purpose,
        phone=phone,
        code_hash=_hash(code),
        created_at=now,
        expires_at=now + VALIDITY,
    )
    queue_sms(to=phone, body=_text(purpose, code), user=user, urgent=True)
    return sms_code


def pending(user, purpose: str):
    """The code waiting to be typed, if any (not used, not replaced)."""
    if user is None:
        return None
    return SmsCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).first()


def check_code(user, *, purpose: str, code: str, now=None) -> SmsCode:
    """Spend the code if ``code`` is the one sent; ``SmsCodeRefused`` otherwise (one try counted — kept:
    the refusal is raised once the transaction that counts it is committed)."""
    sms_code, refusal = _check(user, purpose=purpose, code=code, now=now or timezone.now())
    if refusal:
        raise SmsCodeRefused(refusal)
    return sms_code


@transaction.atomic
def _check(user, *, purpose, code, now):
    sms_code = (
        SmsCode.objects.select_for_update().filter(user=user, purpose=purpose, used_at__isnull=True).first()
        if user is not None
        else None
    )
    typed = "".join(ch for ch in (code or "") if ch.isdigit())
    if sms_code is None or sms_code.expires_at <= now or sms_code.attempts >= MAX_ATTEMPTS:
        return None, _("Ce code ne fonctionne plus : demandez-en un nouveau.")
    sms_code.attempts += 1
    if not hmac.compare_digest(sms_code.code_hash, _hash(typed)):
        sms_code.save(update_fields=["attempts"])
        left = MAX_ATTEMPTS - sms_code.attempts
        if left <= 0:
            return None, _("Code incorrect, et plus d'essai possible : demandez un nouveau code.")
        return None, _(
            "Code incorrect. Vérifiez les 6 chiffres reçus par SMS (encore %(left)d essai(s))."
        ) % {"left": left}
    sms_code.used_at = now
    sms_code.save(update_fields=["attempts", "used_at"])
    return sms_code, ""
