"""A crisis shift in words and minutes: what the publication's messages, the documents, the roll call and the
RETEX all say the same way (a module of its own, so that each reads it without importing the others)."""

import datetime

from django.utils.translation import gettext as _


def shift_window(need) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(need.date, need.start_time)
    end = datetime.datetime.combine(need.date, need.end_time)
    return start, end + datetime.timedelta(days=1) if end <= start else end


def shift_minutes(need) -> int:
    start, end = shift_window(need)
    return int((end - start).total_seconds() // 60)


def shift_label(need) -> str:
    where = need.site.name if need.site_id else need.unit.name
    if need.place:
        where += f", {need.place}"
    return _("%(date)s de %(start)s à %(end)s — %(title)s (%(where)s)") % {
        "date": need.date.strftime("%d/%m/%Y"),
        "start": need.start_time.strftime("%H:%M"),
        "end": need.end_time.strftime("%H:%M"),
        "title": need.title,
        "where": where,
    }
