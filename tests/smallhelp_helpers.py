"""Shared by the small-help tests: working days to come, in one month, and reading a PDF back."""

import datetime

from django.utils import timezone

from passerelles.foundation.calendar_fr import is_working_day


def working_days_of_a_coming_month(count: int = 6, months_ahead: int = 2) -> list[datetime.date]:
    """``count`` working days, all in the same calendar month, at least a month from today."""
    today = timezone.localdate()
    year, month = today.year, today.month + months_ahead
    while month > 12:
        year, month = year + 1, month - 12
    day = datetime.date(year, month, 1)
    found = []
    while len(found) < count:
        if is_working_day(day):
            found.append(day)
        day += datetime.timedelta(days=1)
    assert found[-1].month == month
    return found


def pdf_text(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(pdf[index].get_textpage().get_text_range() for index in range(len(pdf)))
