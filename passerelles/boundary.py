"""Reading values from a query string or a form at the boundary: a hostile value is refused, never a 500.

A foundation module (like env.py for settings): every app may import it, it imports no app.

``str.isdigit()`` is not a test for ``int()``: « ² » and « ٣ » are digits to it, and a 30-digit number passes
it but overflows the database's integers. Dates have the same trap: « 0001-01 » and « 9999-12 » parse, and
the month before or after them does not exist. Views read ids, months and dates through here, and forms use
the field below for multiple choices of objects.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # the largest key of a BigAutoField in SQLite and PostgreSQL
_ID = re.compile(r"[0-9]{1,19}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEAR = re.compile(r"[0-9]{4}")
FIRST_YEAR, LAST_YEAR = 1900, 2200  # dates outside are typing mistakes or attacks, not missions


def object_id(value) -> int | None:
    """A database id written in ASCII digits, or None."""
    text = str(value or "").strip()
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def month(value) -> datetime.date | None:
    """The first day of a month written « AAAA-MM », within years that make sense, or None."""
    match = _MONTH.fullmatch(str(value or "").strip())
    if not match:
        return None
    year, number = int(match.group(1)), int(match.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= number <= 12):
        return None
    return datetime.date(year, number, 1)


def year(value) -> int | None:
    """A year written « AAAA », within years that make sense, or None."""
    text = str(value or "").strip()
    if not _YEAR.fullmatch(text):
        return None
    number = int(text)
    return number if FIRST_YEAR <= number <= LAST_YEAR else None


def date(value) -> datetime.date | None:
    """A date written « AAAA-MM-JJ », within years that make sense, or None."""
    try:
        day = datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of objects, refusing values that are not ids before querying.

    Django guards single lookups against integers beyond the database's range, but not ``pk__in``: a
    30-digit « id » in a hostile POST overflows SQLite's integers (a server error) instead of being an
    invalid choice.
    """

    def _check_values(self, value):
        for pk in value:
            if object_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
