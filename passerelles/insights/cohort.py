"""A dashboard's engagements, read once: one query for every engagement of the scope with the few columns and
funnel steps the indicators need, then counted in Python.

Each indicator asking the database on its own cost about 100 ms on the 100,000-agent network (every query
joins the agents to tell the scope's engagements apart); read once, the whole page's engagements cost one such
query (``make bench``: dashboard_p95_ms). The steps (met, agreed, started, evaluated, ended early) are the
database conditions of insights/stages.py, evaluated by the database for each row: the rules stay in one place.
tests/test_insights_measures.py checks that the headline figures counted here equal insights/measures.py's.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Min, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.insights import stages
from passerelles.insights.scope import Scope


@dataclass(frozen=True, slots=True)
class Row:
    pk: int
    agent: int
    agent_org: int
    agent_unit: int | None
    category: str
    gender: str
    birth_year: int | None
    site: int | None
    host_org: int
    host_unit: int
    state: str
    start: datetime.date
    end: datetime.date
    percent: int
    created: datetime.date  # local date
    end_reason: str
    published_at: datetime.datetime | None
    first_ready_at: datetime.datetime | None
    met: bool
    agreed: bool
    started: bool
    completed: bool
    evaluated: bool
    early: bool


def _flag(q):
    return ExpressionWrapper(q, output_field=BooleanField())


COLUMNS = (
    "pk",
    "agent_id",
    "agent__organisation_id",
    "agent__unit_id",
    "agent__category",
    "agent__gender",
    "agent__birth_year",
    "agent__site_id",
    "mission__organisation_id",
    "mission__host_unit_id",
    "state",
    "start_date",
    "end_date",
    "percent",
    "created_day",
    "end_reason",
    "mission__published_at",
    "first_ready_at",
    "is_met",
    "is_agreed",
    "is_started",
    "is_completed",
    "is_evaluated",
    "is_early",
)


def load(scope: Scope) -> list[Row]:
    """The engagements of the scope that some indicator counts (each applies the period its own way)."""
    first_ready = (
        EngagementEvent.objects.filter(engagement=OuterRef("pk"), to_state=State.READY)
        .values("engagement")
        .annotate(first=Min("at"))
        .values("first")
    )
    rows = (
        Engagement.objects.filter(scope.engagement_filter())
        .annotate(first_ready_at=Subquery(first_ready))
        # what any indicator counts: opened in the period, under way in it, or ready in it
        .filter(scope.within("created_at") | scope.overlaps() | scope.within("first_ready_at"))
        .annotate(
            created_day=TruncDate(
                "created_at"
            ),  # a date is cheaper to read than a date-time, in the local zone
            is_met=_flag(stages.met()),
            is_agreed=_flag(stages.agreed()),
            is_started=_flag(stages.started()),
            is_completed=_flag(stages.completed()),
            is_evaluated=_flag(stages.evaluated()),
            is_early=_flag(stages.ended_early()),
        )
        .values_list(*COLUMNS)
        .order_by()
    )
    # one fetch: a server-side cursor costs more than the few thousand rows it spares
    return [Row(*values) for values in rows]


def in_period(scope: Scope, day: datetime.date | None) -> bool:
    if day is None:
        return False
    return (scope.start is None or day >= scope.start) and (scope.end is None or day <= scope.end)


def meets(scope: Scope, start: datetime.date, end: datetime.date) -> bool:
    return (scope.end is None or start <= scope.end) and (scope.start is None or end >= scope.start)


def local_day(moment: datetime.datetime | None) -> datetime.date | None:
    if moment is None:
        return None
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
