"""The headline measures of a scope (insights/catalogue.py): the funnel, participants, days, satisfaction.

Every value is computed by the database or from a few columns per engagement, never by loading objects, so
that an organisation of 100,000 agents gets its dashboard in well under a second (``make bench``:
dashboard_p95_ms). Definitions (docs/tableaux-de-bord.md):

- the period applies to when things happened: missions *published* in it, engagements *opened* in it (the
  funnel follows that cohort step by step), mission days *falling* in it, evaluations *submitted* in it;
- days are working days (Monday to Friday, public holidays excluded) times the engagement's time share, for
  engagements that started (the days planned, not the time logged);
- a first participation is an agent's first agreed mission ever; satisfaction is the mean of every Likert
  answer (1 to 5) of the evaluations;
- small help (issue 19): the light path's agreed half-days and the agreed immersions *falling* in the period,
  in the agent's organisation (the only one: small help stays inside one employer); none in a programme.
"""

import datetime
import statistics
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from passerelles.commons.models import TimeGift
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.evaluations.models import Evaluation
from passerelles.facilitation.models import CallState, FacilitationCall
from passerelles.foundation.calendar_fr import working_days_between
from passerelles.insights import stages
from passerelles.insights.catalogue import Metric
from passerelles.insights.scope import Scope
from passerelles.missions.models import Mission
from passerelles.smallhelp.models import HalfDay, Immersion
from passerelles.smallhelp.rules import HelpState, ImmersionState


def _round(value, places: str = "0.1") -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    return _round(Decimal(100) * part / whole) if whole else None


def published_missions(scope: Scope):
    return Mission.objects.filter(
        scope.mission_filter(), scope.within("published_at"), published_at__isnull=False
    )


def opened_engagements(scope: Scope):
    """The engagements opened in the period: the funnel's cohort."""
    return Engagement.objects.filter(scope.engagement_filter(), scope.within("created_at"))


def funnel(scope: Scope) -> dict[str, int]:
    """Published → interest → met → agreed → completed → evaluated, in one query for the engagements."""
    counts = opened_engagements(scope).aggregate(
        interested=Count("pk"),
        met=Count("pk", filter=stages.met()),
        agreed=Count("pk", filter=stages.agreed()),
        completed=Count("pk", filter=stages.completed()),
        evaluated=Count("pk", filter=stages.evaluated()),
    )
    return {Metric.MISSIONS_PUBLISHED: published_missions(scope).count(), **counts}


def mission_periods(scope: Scope):
    """(agent_id, agent's organisation, host organisation, start, end, percent) of the engagements that started
    and meet the period, clipped to it."""
    rows = (
        Engagement.objects.filter(scope.engagement_filter(), stages.started(), scope.overlaps())
        .values_list(
            "agent_id",
            "agent__organisation_id",
            "mission__organisation_id",
            "start_date",
            "end_date",
            "percent",
        )
        .order_by()
    )
    for agent_id, origin, host, start, end, percent in rows.iterator(chunk_size=2000):
        if scope.start is not None:
            start = max(start, scope.start)
        if scope.end is not None:
            end = min(end, scope.end)
        yield agent_id, origin, host, start, end, percent


def engagement_days(start: datetime.date, end: datetime.date, percent: int) -> Decimal:
    return Decimal(working_days_between(start, end) * percent) / 100


def days(scope: Scope) -> dict[str, Decimal]:
    """Days given (the agent comes from the scope) and received (the mission is hosted in it)."""
    orgs = set(scope.organisation_ids or ())
    given = received = total = Decimal(0)
    for _agent, origin, host, start, end, percent in mission_periods(scope):
        value = engagement_days(start, end, percent)
        total += value
        if scope.organisation_ids is None or origin in orgs:
            given += value
        if scope.organisation_ids is None or host in orgs:
            received += value
    return {"given": _round(given), "received": _round(received), "total": _round(total)}


def participants(scope: Scope) -> dict[str, int]:
    """Agents of the scope with an agreed mission starting in the period; how many had none before (first
    participations) and how many had more than one up to the period's end (repeat participants)."""
    agreed = Engagement.objects.filter(stages.agreed())
    in_period = agreed.filter(scope.engagement_filter(), scope.overlaps()).values("agent_id").distinct()
    end = scope.end or timezone.localdate()
    history = (
        agreed.filter(agent_id__in=in_period, start_date__lte=end)
        .values("agent_id")
        .annotate(first=Min("start_date"), count=Count("pk"))
        .order_by()
    )
    total = first = repeat = 0
    for row in history:
        total += 1
        if scope.start is None or row["first"] >= scope.start:
            first += 1
        if row["count"] > 1:
            repeat += 1
    return {"participants": total, "first_timers": first, "repeat": repeat}


def early_ends(scope: Scope) -> dict[str, int]:
    """Completed engagements ending in the period, and how many ended early."""
    ended = Engagement.objects.filter(scope.engagement_filter(), stages.completed(), scope.within("end_date"))
    return ended.aggregate(completed=Count("pk"), early=Count("pk", filter=stages.ended_early()))


def days_to_ready(scope: Scope) -> Decimal | None:
    """Median days from the mission's publication to its engagements' « prête à démarrer », for those that got
    there in the period."""
    rows = (
        EngagementEvent.objects.filter(to_state=State.READY, engagement__mission__published_at__isnull=False)
        .filter(Q(engagement__in=Engagement.objects.filter(scope.engagement_filter())), scope.within("at"))
        .values("engagement_id")
        .annotate(ready_at=Min("at"))
        .values_list("ready_at", "engagement__mission__published_at")
        .order_by()
    )
    delays = [max((ready - published).total_seconds() / 86400, 0) for ready, published in rows]
    return _round(statistics.median(delays)) if delays else None


def evaluations(scope: Scope):
    return Evaluation.objects.filter(
        scope.within("submitted_at"),
        engagement__in=Engagement.objects.filter(scope.engagement_filter()),
    )


def satisfaction(scope: Scope) -> Decimal | None:
    """The mean of every Likert answer (1 to 5) of the evaluations submitted in the period."""
    total = count = 0
    for questions, answers in evaluations(scope).values_list("questions", "answers").iterator(chunk_size=500):
        for index, question in enumerate(questions):
            value = answers.get(str(index))
            if question.get("kind") == "likert" and str(value).isdigit() and 1 <= int(value) <= 5:
                total += int(value)
                count += 1
    return _round(total / count) if count else None


def facilitation(scope: Scope) -> dict[str, Decimal | int | None]:
    """Hours of facilitation recognised (issue 19): calls of the facilitators' pool that took place in the period,
    by volunteers of the scope's organisations, and how many volunteers gave them. Not tied to a programme: a
    programme's scope counts none (None)."""
    if scope.programme_id is not None:
        return {"hours": None, "facilitators": 0}
    calls = FacilitationCall.objects.filter(scope.within("starts_at"), state=CallState.HELD)
    if scope.organisation_ids is not None:
        calls = calls.filter(facilitator__agent__organisation_id__in=scope.organisation_ids)
    found = calls.aggregate(minutes=Sum("duration_minutes"), facilitators=Count("facilitator", distinct=True))
    return {"hours": _round(Decimal(found["minutes"] or 0) / 60), "facilitators": found["facilitators"]}


def small_help(scope: Scope) -> dict[str, int]:
    """Light-path half-days and immersions agreed, falling in the period (two counts by the database)."""
    if scope.programme_id is not None:  # small help belongs to no programme
        return {Metric.LIGHT_HALF_DAYS: 0, Metric.IMMERSIONS: 0}
    half_days = HalfDay.objects.filter(scope.within("date"), help__state=HelpState.AGREED)
    immersions = Immersion.objects.filter(scope.within("date"), state=ImmersionState.AGREED)
    if scope.organisation_ids is not None:
        half_days = half_days.filter(help__organisation_id__in=scope.organisation_ids)
        immersions = immersions.filter(organisation_id__in=scope.organisation_ids)
    return {Metric.LIGHT_HALF_DAYS: half_days.count(), Metric.IMMERSIONS: immersions.count()}


def gifts(scope: Scope) -> dict[str, int | None]:
    """Hours given on the solidarity days (issue 22), in the period, and by how many agents. Not tied to a
    programme: a programme's scope counts none (None)."""
    if scope.programme_id is not None:
        return {"hours": None, "givers": 0}
    given = TimeGift.objects.filter(scope.within("day"))
    if scope.organisation_ids is not None:
        given = given.filter(organisation_id__in=scope.organisation_ids)
    found = given.aggregate(hours=Sum("hours"), givers=Count("agent", distinct=True))
    return {"hours": found["hours"] or 0, "givers": found["givers"]}


def values(scope: Scope) -> dict[str, Decimal | int | None]:
    """Every automatic measure of the catalogue for one scope (a programme's indicators, the headline tiles)."""
    steps = funnel(scope)
    people = participants(scope)
    ends = early_ends(scope)
    return {
        **steps,
        Metric.PARTICIPANTS: people["participants"],
        Metric.FIRST_TIMER_SHARE: _share(people["first_timers"], people["participants"]),
        Metric.DAYS_GIVEN: days(scope)["total"],
        Metric.SATISFACTION: satisfaction(scope),
        Metric.EARLY_END_SHARE: _share(ends["early"], ends["completed"]),
        Metric.DAYS_TO_READY: days_to_ready(scope),
        Metric.FACILITATION_HOURS: facilitation(scope)["hours"],
        **small_help(scope),
        Metric.GIFT_HOURS: gifts(scope)["hours"],
    }
