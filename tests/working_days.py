"""A working day to come, for tests whose dates the rules want on a working day (forums, rencontres)."""

import datetime

from django.utils import timezone

from passerelles.foundation.calendar_fr import is_working_day


def working_day(days_ahead: int) -> datetime.date:
    """The first working day at least ``days_ahead`` days from today (weekends and public holidays skipped)."""
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
