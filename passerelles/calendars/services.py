"""Creating, replacing and deleting the secret address of a person's calendar feed, and finding the feed an
address opens. Only the hash of the secret is kept (models.py says why)."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from passerelles.calendars.models import CalendarFeed

TOKEN_BYTES = 32  # 256 random bits: 43 characters in the address
# Reading the feed writes when it was last read, at most this often: calendars poll every few minutes and a
# write each time would cost more than the read itself.
READ_MARK_SECONDS = 3600


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def new_address(user) -> str:
    """A new secret for ``user``'s feed (the previous one, if any, stops at once); returns the secret — the only
    moment it exists in clear."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token_hash": digest(token), "created_at": timezone.now(), "last_read_at": None},
    )
    return token


@transaction.atomic
def delete_address(user) -> bool:
    """« Supprimer le lien »: the address answers 404 from now on, like one that never existed."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def feed_for(token: str) -> CalendarFeed | None:
    """The feed this secret opens, or None — the same for an unknown, replaced or deleted secret, and for a
    closed account. The lookup goes by the hash (an index); the final comparison takes constant time."""
    if not token or len(token) > 200:
        return None
    wanted = digest(token)
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=wanted).first()
    if feed is None or not constant_time_compare(feed.token_hash, wanted) or not feed.user.is_active:
        return None
    return feed


def mark_read(feed: CalendarFeed) -> None:
    """Remember, at most once an hour, that a calendar read the feed (the page shows it: a forgotten
    subscription is seen, and deleted)."""
    now = timezone.now()
    if feed.last_read_at is None or (now - feed.last_read_at).total_seconds() >= READ_MARK_SECONDS:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)
        feed.last_read_at = now
