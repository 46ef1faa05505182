"""Cursor pagination: ``?limit=50&cursor=…`` → ``{"results": […], "next_cursor": "…" | null}``.

The cursor is the last id read, made opaque (so that nobody builds on its shape) — a page never skips nor
repeats a row when rows are added meanwhile, unlike page numbers. A cursor that is not one of ours is a 422,
never a 500.
"""

import base64
import binascii

from django.utils.translation import gettext as _
from ninja import Schema

from passerelles.api.errors import ApiProblem

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode(pk: int) -> str:
    return base64.urlsafe_b64encode(f"apres:{pk}".encode()).decode().rstrip("=")


def decode(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        label, _sep, number = text.partition(":")
        if label != "apres" or not number.isdigit() or len(number) > 18:
            raise ValueError(text)
        return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiProblem(
            422,
            "invalid",
            _("Curseur invalide : reprenez celui que la page précédente a donné."),
            [{"location": "query", "field": "cursor", "message": _("Curseur invalide.")}],
        ) from None


def page(queryset, *, cursor: str | None, limit: int, serialise) -> dict:
    """One page of ``queryset`` in id order, each row through ``serialise``."""
    rows = queryset.order_by("pk")
    if cursor:
        rows = rows.filter(pk__gt=decode(cursor))
    items = list(rows[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return {
        "results": [serialise(item) for item in items],
        "next_cursor": encode(items[-1].pk) if more and items else None,
    }


class PageOut(Schema):
    next_cursor: str | None
