"""Demo data for the lists and HR's exports (issue 16): the engagements that ended or were evaluated get the
half-days their agent logged, so that « Temps passé du mois » and the payroll export show past months too
(not only the current one, where the follow-up journey already logs a few days)."""

import datetime

from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.followup.models import TimeEntry

WEEKS = 4  # at most one day a week, the first four weeks: a handful of rows, generated in milliseconds


def create_demo_time_entries() -> int:
    """One or two half-days a week on the first working day of each of the first weeks of every ended or
    evaluated engagement without any time logged. Returns the number of entries written."""
    entries = []
    done = (
        Engagement.objects.filter(state__in=[State.ENDED, State.EVALUATED], time_entries__isnull=True)
        .select_related("agent")
        .order_by("pk")
    )
    for engagement in done:
        for week in range(WEEKS):
            day = engagement.start_date + datetime.timedelta(weeks=week)
            day += datetime.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() > 4 else 0)
            if day > engagement.end_date:
                break
            entries.append(
                TimeEntry(engagement=engagement, day=day, half_days=1 + week % 2, by=engagement.agent.user)
            )
    TimeEntry.objects.bulk_create(entries, ignore_conflicts=True)
    return len(entries)
