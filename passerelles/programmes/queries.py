"""The read side of the programme pages (issue 16): fetching a programme for a person (outsiders get a 404,
insiders without the right a 403), the indicators against their targets, the aggregated answers, the review.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from passerelles.access.actor import get_actor
from passerelles.evaluations.models import RESPONDENT_CHOICES, Evaluation
from passerelles.insights import measures
from passerelles.insights.catalogue import Metric
from passerelles.insights.scope import Scope
from passerelles.insights.suppression import is_small
from passerelles.missions.models import Programme
from passerelles.programmes import rules
from passerelles.programmes.models import ParticipantResponse, ProgrammeIndicator
from passerelles.programmes.services import is_participant, participant_engagements
from passerelles.stories.models import Audience, Story, StoryStatus

READ, MANAGE, TAKE_PART = "read", "manage", "take_part"


def programme_for(user, programme_id, *, need: str = READ) -> Programme:
    """The programme, for a person of its organisation (anyone else: 404, as if it did not exist) who may
    ``need`` it — read it (HR, administrator, signatory), run it (HR, administrator), or take part (an agent
    with an engagement in it) — else 403."""
    programme = (
        (
            Programme.objects.filter(organisation_id__in=get_actor(user).org_ids()).select_related(
                "organisation"
            )
        )
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        if need == TAKE_PART and _participant_programme(user, programme_id):
            return _participant_programme(user, programme_id)
        raise Http404
    allowed = {
        READ: rules.can_read,
        MANAGE: rules.can_manage,
        TAKE_PART: is_participant,
    }[need](user, programme)
    if not allowed:
        raise PermissionDenied
    return programme


def _participant_programme(user, programme_id):
    """A participant from another organisation of the network answers the questionnaire of a programme that
    is not their employer's."""
    programme = Programme.objects.select_related("organisation").filter(pk=programme_id).first()
    return programme if programme is not None and is_participant(user, programme) else None


def organisation_programmes(organisation):
    return Programme.objects.filter(organisation=organisation).annotate(
        mission_count=Count("missions", distinct=True)
    )


def scope_of(programme: Programme) -> Scope:
    """A programme's figures: its own missions and engagements, wherever its participants come from, over its
    whole life (a mission prepared before the official start counts too) up to today."""
    return Scope(None, None, None, programme.pk)


@dataclass
class IndicatorLine:
    indicator: ProgrammeIndicator
    value: Decimal | int | None
    state: str


def indicator_lines(programme: Programme, values: dict | None = None) -> list[IndicatorLine]:
    indicators = list(programme.indicators.all())
    if values is None and any(i.metric != Metric.MANUAL for i in indicators):
        values = measures.values(scope_of(programme))
    lines = []
    for indicator in indicators:
        value = (
            indicator.manual_value
            if indicator.metric == Metric.MANUAL
            else (values or {}).get(indicator.metric)
        )
        lines.append(
            IndicatorLine(
                indicator, value, rules.indicator_state(value, indicator.direction, indicator.target)
            )
        )
    return lines


def questionnaire_results(programme: Programme) -> tuple[int, list[rules.QuestionResult]]:
    rows = list(ParticipantResponse.objects.filter(programme=programme).values_list("questions", "answers"))
    return len(rows), rules.aggregate_answers(rows)


def evaluation_results(programme: Programme) -> list[dict]:
    """The three-sided evaluations of the programme's missions, aggregated per respondent and question."""
    labels = dict(RESPONDENT_CHOICES)
    found = []
    for respondent, label in labels.items():
        rows = list(
            Evaluation.objects.filter(
                engagement__mission__programme=programme, respondent=respondent
            ).values_list("questions", "answers")
        )
        if rows:
            found.append({"label": label, "count": len(rows), "results": rules.aggregate_answers(rows)})
    return found


def published_stories(programme: Programme, limit: int = 3):
    """Up to three stories of the programme's engagements that their authors agreed to publish, and that the
    programme's organisation may read (its own agents' stories, or those published to the network or to
    everyone)."""
    return (
        Story.objects.filter(
            engagement__mission__programme=programme,
            status=StoryStatus.PUBLISHED,
            consent_at__isnull=False,
        )
        .filter(
            Q(audience__in=[Audience.NETWORK, Audience.PUBLIC])
            | Q(agent__organisation=programme.organisation)
        )
        .select_related("agent")
        .order_by("-published_at")[:limit]
    )


FUNNEL = [
    Metric.MISSIONS_PUBLISHED,
    Metric.INTERESTED,
    Metric.MET,
    Metric.AGREED,
    Metric.COMPLETED,
    Metric.EVALUATED,
]
HEADLINES = [
    Metric.PARTICIPANTS,
    Metric.FIRST_TIMER_SHARE,
    Metric.DAYS_GIVEN,
    Metric.SATISFACTION,
    Metric.EARLY_END_SHARE,
    Metric.DAYS_TO_READY,
]


PEOPLE_HEADLINES = (
    Metric.PARTICIPANTS,
    Metric.FIRST_TIMER_SHARE,
    Metric.SATISFACTION,
    Metric.EARLY_END_SHARE,
)


def review(programme: Programme) -> dict:
    """Everything the review says, for the web page and the PDF alike."""
    values = measures.values(scope_of(programme))
    # The steps nest (no total is shown): each count of people from 1 to 4 is hidden, as in every breakdown;
    # missions published count no one.
    funnel_counts = [
        (values[m] or 0) if m == Metric.MISSIONS_PUBLISHED or not is_small(values[m] or 0) else None
        for m in FUNNEL
    ]
    # From one to four participants, what describes them (how many, first-timers, satisfaction, early ends)
    # would single them out: hidden too.
    few = PEOPLE_HEADLINES if is_small(values[Metric.PARTICIPANTS] or 0) else ()
    answered, questionnaire = questionnaire_results(programme)
    labels = dict(Metric.choices)
    return {
        "programme": programme,
        "today": timezone.localdate(),
        "expired": rules.is_expired(programme, timezone.localdate()),
        "indicators": indicator_lines(programme, values),
        "funnel": [(labels[m], count) for m, count in zip(FUNNEL, funnel_counts, strict=True)],
        "headlines": [(labels[m], None if m in few else values[m], m in few) for m in HEADLINES],
        "evaluations": evaluation_results(programme),
        "questionnaire": questionnaire,
        "answered": answered,
        "stories": list(published_stories(programme)),
        "log_entries": list(programme.log_entries.select_related("by")),
        "decisions": list(programme.decisions.select_related("decided_by")),
        "participants": participant_engagements(programme).values("agent_id").distinct().count(),
    }
