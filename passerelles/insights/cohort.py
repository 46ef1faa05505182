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

from django.db.models import BooleanField, ExpressionWrapper, FloatField, Func, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.foundation import lookups  # noqa: F401 (field__among)
from passerelles.insights import stages
from passerelles.insights.scope import Scope
from passerelles.people.models import Agent


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
    ready_day: datetime.date | None  # local date of the first « prête à démarrer »
    ready_delay: float | None  # days from the mission's publication to that moment
    met: bool
    agreed: bool
    started: bool
    completed: bool
    evaluated: bool
    early: bool


def _flag(q):
    return ExpressionWrapper(q, output_field=BooleanField())


class DaysSince(Func):
    """Days (with their fraction) from the second date-time to the first, computed by the database: reading two
    date-times per row costs more than the rest of the row (Django parses them in Python)."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):  # SQLite and the others
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra_context,
        )


AGENT_COLUMNS = ("organisation_id", "unit_id", "category", "gender", "birth_year", "site_id")
COLUMNS = (
    "pk",
    "agent_id",
    "mission__organisation_id",
    "mission__host_unit_id",
    "state",
    "start_date",
    "end_date",
    "percent",
    "created_day",
    "end_reason",
    "ready_day",
    "ready_delay",
    "is_met",
    "is_agreed",
    "is_started",
    "is_completed",
    "is_evaluated",
    "is_early",
)


def load(scope: Scope) -> list[Row]:
    """The engagements of the scope that some indicator counts (each applies the period its own way)."""
    first_ready = Subquery(
        EngagementEvent.objects.filter(engagement=OuterRef("pk"), to_state=State.READY)
        .values("engagement")
        .annotate(first=Min("at"))
        .values("first")
    )
    # ready in the period: one set read once, not the first-ready date-time computed for every engagement
    ready_in_period = EngagementEvent.objects.filter(Q(to_state=State.READY), scope.within("at")).values(
        "engagement_id"
    )
    rows = (
        Engagement.objects.filter(scope.engagement_filter())
        # what any indicator counts: opened in the period, under way in it, or ready in it (all without a period)
        .filter(
            scope.within("created_at") | scope.overlaps() | Q(pk__in=ready_in_period)
            if scope.start is not None or scope.end is not None
            else Q()
        )
        .annotate(
            created_day=TruncDate(
                "created_at"
            ),  # a date is cheaper to read than a date-time, in the local zone
            ready_day=TruncDate(first_ready),
            ready_delay=DaysSince(first_ready, "mission__published_at"),
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
    rows = list(rows)
    # the agents' attributes apart, by their ids: joined above, the database would read every agent
    agents = {
        pk: attributes
        for pk, *attributes in Agent.objects.filter(pk__among={row[1] for row in rows})
        .values_list("pk", *AGENT_COLUMNS)
        .order_by()
    }
    return [Row(pk, agent, *agents[agent], *rest) for pk, agent, *rest in rows]


def in_period(scope: Scope, day: datetime.date | None) -> bool:
    if day is None:
        return False
    return (scope.start is None or day >= scope.start) and (scope.end is None or day <= scope.end)


def meets(scope: Scope, start: datetime.date, end: datetime.date) -> bool:
    return (scope.end is None or start <= scope.end) and (scope.start is None or end >= scope.start)
