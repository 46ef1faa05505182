"""Keyset pagination: a list of people one page at a time, each page read from an index, never the whole
organisation sorted or counted on each view.

A page is the rows that come after the last row of the previous one in the list's order (its sort keys and the
primary key, which breaks ties): « WHERE (nom, prénom, id) > (…) ORDER BY nom, prénom, id LIMIT 51 ». With an
index on those keys the database reads 51 rows whatever the size of the organisation, where « page 812 » with
OFFSET reads and throws away 40,550 rows and « page 3 sur 812 » counts all of them.

The « page suivante » link carries a cursor: the last row's primary key, signed (with the list's name and order)
so that it says nothing about the person and cannot be forged. The next view reads that row's sort keys again,
through the same scoped and filtered queryset: a cursor that does not verify, comes from another order, or
names a row the user no longer sees gives page one, never an error. A foreign cursor therefore shows nothing
that the list itself would not.

A foundation module: it imports no app. The order's keys must not be NULL (a nullable column is sorted through a
``Coalesce`` annotation): SQL compares nothing with NULL.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.db.models import Q, QuerySet

CURSOR_PARAM = "apres"
MAX_CURSOR_LENGTH = 200


@dataclass
class KeysetPage:
    """One page: its rows, and the cursor of the next page (None on the last one). Quacks like the bit of a
    Django ``Page`` the templates use (``object_list``, ``has_next``, ``has_other_pages``, ``len``)."""

    object_list: list = field(default_factory=list)
    next_cursor: str | None = None
    is_first: bool = True

    def __len__(self) -> int:
        return len(self.object_list)

    def __iter__(self):
        return iter(self.object_list)

    def has_next(self) -> bool:
        return self.next_cursor is not None

    def has_previous(self) -> bool:
        return not self.is_first

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()


def order_of(queryset: QuerySet) -> list[str]:
    """The queryset's order as field names (« -x » descending), the primary key last (added if missing) so that
    no two rows tie."""
    keys = [str(key) for key in queryset.query.order_by]
    if not any(key.lstrip("-") in ("pk", "id") for key in keys):
        keys.append("pk")
    return keys


def _signer(name: str) -> signing.Signer:
    return signing.Signer(salt=f"passerelles.keyset.{name}")


def cursor_for(name: str, keys: list[str], pk: int) -> str:
    """The opaque, signed cursor of the row ``pk`` in the list ``name`` sorted by ``keys``."""
    return _signer(name).sign_object([pk, keys], compress=True)


def read_cursor(name: str, keys: list[str], cursor) -> int | None:
    """The primary key a cursor names, or None when it does not verify, comes from another order or is not one."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        return None
    try:
        value = _signer(name).unsign_object(cursor)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    if not (isinstance(value, list) and len(value) == 2 and value[1] == keys):
        return None
    pk = value[0]
    return pk if isinstance(pk, int) and not isinstance(pk, bool) and pk > 0 else None


def after(keys: list[str], values: dict) -> Q:
    """Rows strictly after ``values`` in the order ``keys``: (k1 > v1) or (k1 = v1 and k2 > v2) or …, each key in
    its own direction. The first key's bound comes first on its own so that the database starts its index scan
    there."""
    names = [key.lstrip("-") for key in keys]
    directions = ["lt" if key.startswith("-") else "gt" for key in keys]
    condition = Q()
    for index, name in enumerate(names):
        step = Q(**{f"{names[i]}": values[names[i]] for i in range(index)}) & Q(
            **{f"{name}__{directions[index]}": values[name]}
        )
        condition |= step
    first = names[0]
    bound = Q(**{f"{first}__{directions[0]}e": values[first]})
    return bound & condition


def paginate(queryset: QuerySet, cursor, *, name: str, size: int) -> KeysetPage:
    """The page of ``queryset`` (already filtered, scoped and sorted) after the cursor, of ``size`` rows at most:
    one query for the rows (one more read to know whether a next page exists), and one to read the cursor's row
    keys again when there is a cursor."""
    keys = order_of(queryset)
    queryset = queryset.order_by(*keys)
    pk = read_cursor(name, keys, cursor)
    is_first = True
    if pk is not None:
        names = [key.lstrip("-") for key in keys]
        values = queryset.filter(pk=pk).values(*names).first()
        if values is not None and all(value is not None for value in values.values()):
            queryset = queryset.filter(after(keys, values))
            is_first = False
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = cursor_for(name, keys, rows[-1].pk) if more and rows else None
    return KeysetPage(object_list=rows, next_cursor=next_cursor, is_first=is_first)
