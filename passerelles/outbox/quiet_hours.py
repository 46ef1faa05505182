"""Quiet hours for text messages: no SMS that can wait rings a phone at night, on a Sunday or a public holiday.

An agent's mobile is often their personal phone: a « new mission » text at 22:00 or on 14 July is an
intrusion, however useful. A message written during quiet hours waits for their end (``quiet_until``); account
codes and crisis calls (``urgent``) go at once. Plain functions of a moment and the setting, no database, so
that the rule is tested on frozen dates (tests/test_sms_rules.py).

The quiet hours are read in the platform's time zone (``TIME_ZONE``, Europe/Paris by default); holidays are
France's national public holidays (the ``holidays`` library).
"""

import datetime
import re
from functools import cache

from passerelles.env import ConfigurationError

_WINDOW = re.compile(r"^\s*([01]?\d|2[0-3])[:hH]([0-5]\d)\s*-\s*([01]?\d|2[0-3])[:hH]([0-5]\d)\s*$")

# Guard against a loop: a window can at most push a moment over a long weekend of holidays.
_MAX_STEPS = 20


def parse_quiet_hours(text: str | None) -> tuple[datetime.time, datetime.time] | None:
    """``"20:00-08:00"`` → (start, end). A window that ends before it starts runs over midnight. ``aucune``
    (or empty) turns quiet hours off entirely, Sundays and holidays included (the tests' default)."""
    if (text or "").strip().lower() in {"", "aucune", "none"}:
        return None
    match = _WINDOW.match(text or "")
    if not match:
        raise ConfigurationError(
            f"SMS_QUIET_HOURS doit être une plage d'heures comme « 20:00-08:00 », pas « {text} »."
        )
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    start, end = datetime.time(start_h, start_m), datetime.time(end_h, end_m)
    if start == end:
        raise ConfigurationError(
            "SMS_QUIET_HOURS : le début et la fin de la plage sont identiques ; donnez une plage comme « 20:00-08:00 »."
        )
    return start, end


@cache
def _french_holidays(year: int):
    import holidays

    return holidays.country_holidays("FR", years=year)


def is_rest_day(day: datetime.date) -> bool:
    """Sunday or a French public holiday."""
    return day.weekday() == 6 or day in _french_holidays(day.year)


def _in_window(moment: datetime.time, start: datetime.time, end: datetime.time) -> bool:
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def _window_end(local: datetime.datetime, start: datetime.time, end: datetime.time) -> datetime.datetime:
    """The end of the window ``local`` is in: today at ``end``, or tomorrow when the window runs over
    midnight and we are before it."""
    day = local.date()
    if start > end and local.time() >= start:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, end, tzinfo=local.tzinfo)


def quiet_until(
    moment: datetime.datetime, window: tuple[datetime.time, datetime.time] | None, zone: datetime.tzinfo
) -> datetime.datetime | None:
    """When a message that can wait, written at ``moment`` (aware), may leave: None if it may leave now,
    otherwise the first moment outside the window and outside rest days."""
    if window is None:
        return None
    start, end = window
    local = moment.astimezone(zone)
    candidate = local
    for _step in range(_MAX_STEPS):
        if is_rest_day(candidate.date()):
            next_day = candidate.date() + datetime.timedelta(days=1)
            candidate = datetime.datetime.combine(next_day, datetime.time(0, 0), tzinfo=zone)
            continue
        if _in_window(candidate.time(), start, end):
            candidate = _window_end(candidate, start, end)
            continue
        break
    if candidate == local:
        return None
    # A wall-clock time that does not exist (a change to summer time at 02:00) is normalised by the round trip.
    return candidate.astimezone(datetime.UTC).astimezone(zone)
