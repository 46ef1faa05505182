"""Making, finding and revoking API keys (the use cases; the pages are in views.py).

A key reads ``psl_<prefix>_<secret>``: the prefix finds the row, the whole key is compared with the stored
SHA-256 in constant time. An unknown, malformed or revoked key gets the same answer as no key at all.
"""

import datetime
import hashlib
import hmac
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from passerelles.access import policies
from passerelles.access.actor import assume
from passerelles.access.models import Role
from passerelles.api.models import ApiKey, KeyScope

PREFIX_LENGTH = 8
# The last use is written at most this often: a SIRH pushing all night should not write a row per request.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _split(key: str) -> str | None:
    """The prefix of a well-formed key, else None."""
    parts = key.split("_", 2)  # the secret itself may hold « _ »
    if len(parts) != 3 or parts[0] != "psl" or len(parts[1]) != PREFIX_LENGTH or not parts[2]:
        return None
    return parts[1]


@transaction.atomic
def create_key(*, by, organisation, name: str, scope: str) -> tuple[ApiKey, str]:
    """A new key and its only readable copy (shown once to the administrator who made it)."""
    if not policies.can_edit_organisation_settings(by, organisation):
        raise PermissionDenied
    if scope not in KeyScope.values:
        raise ValueError(scope)
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    while ApiKey.objects.filter(prefix=prefix).exists():  # 4 billion prefixes: a clash is rare, never fatal
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    plain = f"psl_{prefix}_{secrets.token_urlsafe(32)}"
    account = get_user_model()(first_name="Clé d'API", last_name=name[:150], is_active=False)
    account.set_unusable_password()
    account.save()
    key = ApiKey.objects.create(
        organisation=organisation,
        name=name,
        scope=scope,
        prefix=prefix,
        key_hash=_digest(plain),
        account=account,
        created_by=by,
    )
    return key, plain


@transaction.atomic
def revoke_key(*, by, key: ApiKey) -> bool:
    """Revoke for good (a revoked key never works again; make a new one). False when it already was."""
    if not policies.can_edit_organisation_settings(by, key.organisation):
        raise PermissionDenied
    updated = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    return bool(updated)


def find_key(plain: str) -> ApiKey | None:
    """The usable key this text is, or None (whatever the reason: the caller says the same thing)."""
    prefix = _split(plain or "")
    if prefix is None:
        return None
    key = ApiKey.objects.usable().select_related("organisation", "account").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.key_hash, _digest(plain)):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USE_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def acting_account(key: ApiKey):
    """The key's account, acting as its organisation's HR coordinators: the same scopes as their pages.

    The actor is set on the account object itself (what ``get_actor`` reads first), so every scope and policy of
    the web interface answers for the key without knowing about keys."""
    account = key.account
    assume(account, {Role.HR: frozenset({key.organisation_id})})
    return account
