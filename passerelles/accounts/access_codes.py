"""Codes d'accès: the first way in for an agent without a professional address (docs/acces.md).

A code is 12 symbols of Crockford's base 32 (60 random bits), printed in three groups of four
(``K7QM-4TXP-9HRW``). The alphabet has no I, L, O or U, and what a person types is read kindly: lower case,
spaces and dashes are ignored, O counts as 0 and I or L as 1 — a code copied from paper works.

Only an HMAC of the code (keyed with SECRET_KEY) is stored: a copy of the database alone neither opens an
account nor lets anyone try codes offline. A code works once, for 30 days; printing a new letter revokes the
person's unused codes.
"""

import hashlib
import hmac
import re
import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from passerelles.accounts.models import AccessCode

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
LENGTH = 12  # 12 × 5 = 60 random bits
GROUP = 4
VALIDITY = timedelta(days=30)
# What a person may type for a symbol that is not in the alphabet.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_NOT_TYPED = re.compile(r"[\s\-–—_.]+")


class CodeRefused(Exception):
    """The code cannot be used; the message says why in French, and nothing about any account."""


def generate_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str:
    """The code as stored (12 symbols, no dashes), or "" when ``text`` cannot be one."""
    text = _NOT_TYPED.sub("", unicodedata.normalize("NFKC", text or "")).upper().translate(_READ_AS)
    if len(text) != LENGTH or any(symbol not in ALPHABET for symbol in text):
        return ""
    return text


def format_code(code: str) -> str:
    """``K7QM4TXP9HRW`` → ``K7QM-4TXP-9HRW``: short groups, easier to copy from paper."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def code_hash(code: str) -> str:
    key = f"passerelles.access_code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def code_page_url(code: str | None = None) -> str:
    """The address printed on the letter, and — with the code — the one its QR code opens."""
    url = f"{settings.SITE_URL}{reverse('access_code_start')}"
    return f"{url}?{urlencode({'code': format_code(code)})}" if code else url


@transaction.atomic
def issue_code(user, *, by, now=None, code: str | None = None) -> tuple[AccessCode, str]:
    """A new code for ``user`` (returned in clear, once, to be printed); their unused codes stop working.

    ``code`` is for the demo only, whose code must be known in advance to be shown on its login page."""
    now = now or timezone.now()
    code = normalise_code(code) if code else generate_code()
    if not code:
        raise ValueError("Not a code d'accès.")
    AccessCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    access_code = AccessCode.objects.create(
        user=user, code_hash=code_hash(code), created_by=by, created_at=now, expires_at=now + VALIDITY
    )
    return access_code, code


def find_usable(text: str, *, now=None) -> AccessCode:
    """The code a person typed, if it may still open the account; otherwise ``CodeRefused`` with one
    message for every case a stranger could not tell apart anyway (unknown, mistyped), and a plainer one for
    the person holding a real letter (used, expired, replaced by a newer letter)."""
    now = now or timezone.now()
    code = normalise_code(text)
    if not code:
        raise CodeRefused(
            _(
                "Ce code n'a pas la bonne forme : il a 12 caractères, en trois groupes de 4 (par exemple K7QM-4TXP-9HRW)."
            )
        )
    access_code = AccessCode.objects.select_related("user").filter(code_hash=code_hash(code)).first()
    if access_code is None:
        raise CodeRefused(_("Ce code n'est pas reconnu. Vérifiez chaque caractère de votre lettre."))
    if (
        access_code.used_at
        or access_code.revoked_at
        or access_code.expires_at <= now
        or not access_code.user.is_active
    ):
        raise CodeRefused(
            _(
                "Ce code ne fonctionne plus : il a déjà servi, il a expiré, ou une lettre plus récente l'a remplacé. "
                "Demandez une nouvelle lettre à votre service RH."
            )
        )
    return access_code


@transaction.atomic
def redeem(access_code: AccessCode, password: str, *, now=None):
    """The person chose their password: the code is spent, the account opens. Returns the account."""
    now = now or timezone.now()
    access_code = AccessCode.objects.select_for_update().select_related("user").get(pk=access_code.pk)
    if access_code.used_at or access_code.revoked_at or access_code.expires_at <= now:
        raise CodeRefused(_("Ce code ne fonctionne plus. Demandez une nouvelle lettre à votre service RH."))
    user = access_code.user
    user.set_password(password)
    user.save(update_fields=["password"])
    access_code.used_at = now
    access_code.save(update_fields=["used_at"])
    AccessCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    return user


def _ascii_word(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def login_name_for(first_name: str, last_name: str) -> str:
    """A free identifiant made from the name: ``marie.dupont``, then ``marie.dupont2``, ``marie.dupont3``…
    Letters without accents, digits, dashes and one dot — easy to say on the phone and to type."""
    base = (
        ".".join(part for part in (_ascii_word(first_name), _ascii_word(last_name)) if part)[:50] or "agent"
    )
    taken = set(
        get_user_model().objects.filter(login_name__startswith=base).values_list("login_name", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"
