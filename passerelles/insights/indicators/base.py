"""What every indicator shares: the marks of hidden figures, the table of one indicator, the page's
context (scope, organisations, directions) and the one-way / two-way protected tables."""

import datetime
import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.engagements.models import Engagement
from passerelles.foundation import lookups  # noqa: F401 (field__among)
from passerelles.insights import cohort, measures, stages
from passerelles.insights.catalogue import Metric
from passerelles.insights.scope import Scope
from passerelles.insights.suppression import protect_counts, protect_table
from passerelles.organisations.models import Organisation, OrgUnit, UnitKind
from passerelles.people.models import Agent

SMALL = "< 5"  # a hidden count: the same mark everywhere
MASKED = "—"  # a share or a mean computed on a hidden count
LEGEND = gettext_lazy(
    "« < 5 » : effectif trop petit pour être montré sans risquer de reconnaître une personne. Une autre "
    "case peut être masquée aussi pour qu'aucun total ne permette de la retrouver ; une part ou une moyenne "
    "calculée sur un effectif masqué est remplacée par « — »."
)
AGE_BANDS = [
    (0, 29, gettext_lazy("moins de 30 ans")),
    (30, 39, gettext_lazy("30 à 39 ans")),
    (40, 49, gettext_lazy("40 à 49 ans")),
    (50, 59, gettext_lazy("50 à 59 ans")),
    (60, 200, gettext_lazy("60 ans et plus")),
]
READY_BANDS = [
    (0, 30, gettext_lazy("30 jours ou moins")),
    (31, 60, gettext_lazy("31 à 60 jours")),
    (61, 90, gettext_lazy("61 à 90 jours")),
    (91, 180, gettext_lazy("91 à 180 jours")),
    (181, 100_000, gettext_lazy("plus de 180 jours")),
]
UNKNOWN = gettext_lazy("Non renseigné")
OUTSIDE = gettext_lazy("Autres organisations")


@dataclass
class Indicator:
    """One table of a dashboard: ``rows`` of cells (a number, a text, SMALL or MASKED), ``total`` its last
    line (or None), ``chart`` what charts.js draws (built from the same protected figures)."""

    slug: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    chart: dict | None = None
    note: str = ""
    sankey: dict | None = None  # the flows' second chart

    @property
    def protected(self) -> bool:
        lines = self.rows + ([self.total] if self.total else [])
        return any(cell in (SMALL, MASKED) for line in lines for cell in line)

    def lines(self) -> list[list]:
        """Headers, rows and total: what the exports write."""
        return [self.headers, *self.rows, *([self.total] if self.total else [])]


@dataclass(eq=False)
class Context:
    """What the indicators of one page share: the scope, whether it is a network, the organisations' names and
    the directions of their units (computed once per page)."""

    scope: Scope
    network: bool
    organisations: dict[int, str]
    directions: dict[int, int]  # unit id → the unit that stands for its direction
    direction_names: dict[int, str]
    today: datetime.date

    @classmethod
    def build(cls, scope: Scope, *, network: bool, today: datetime.date | None = None) -> "Context":
        ids = scope.organisation_ids or ()
        organisations = {
            pk: short or name
            for pk, short, name in Organisation.objects.filter(pk__in=ids).values_list(
                "pk", "short_name", "name"
            )
        }
        directions, names = direction_map(ids) if not network else ({}, {})
        return cls(scope, network, organisations, directions, names, today or timezone.localdate())

    @property
    def end(self) -> datetime.date:
        return self.scope.end or self.today

    @cached_property
    def rows(self) -> list[cohort.Row]:
        return cohort.load(self.scope)

    def opened(self) -> list[cohort.Row]:
        """The funnel's cohort: engagements opened in the period."""
        return [r for r in self.rows if cohort.in_period(self.scope, r.created)]

    def agreed_meeting_period(self) -> list[cohort.Row]:
        return [r for r in self.rows if r.agreed and cohort.meets(self.scope, r.start, r.end)]

    @cached_property
    def published_missions(self) -> int:
        return measures.published_missions(self.scope).count()

    def funnel_counts(self) -> dict[str, int]:
        """measures.funnel, counted on the rows read once."""
        opened = self.opened()
        return {
            Metric.MISSIONS_PUBLISHED: self.published_missions,
            "interested": len(opened),
            "met": sum(r.met for r in opened),
            "agreed": sum(r.agreed for r in opened),
            "completed": sum(r.completed for r in opened),
            "evaluated": sum(r.evaluated for r in opened),
        }

    @cached_property
    def people(self) -> dict[str, int]:
        """measures.participants: the participants from the rows, their history in one query (all their agreed
        engagements, wherever they were)."""
        in_period = {r.agent for r in self.agreed_meeting_period()}
        history: dict[int, list[datetime.date]] = defaultdict(list)
        if in_period:
            rows = (
                Engagement.objects.filter(
                    stages.agreed(), agent_id__among=in_period, start_date__lte=self.end
                )
                .values_list("agent_id", "start_date")
                .order_by()
            )
            for agent, start in rows:
                history[agent].append(start)
        first = sum(
            1 for starts in history.values() if self.scope.start is None or min(starts) >= self.scope.start
        )
        repeat = sum(1 for starts in history.values() if len(starts) > 1)
        return {"participants": len(history), "first_timers": first, "repeat": repeat}

    @cached_property
    def ready_delays(self) -> list[float]:
        """Days from the mission's publication to the engagement's first « prête à démarrer », when that falls in
        the period."""
        return [
            max(r.ready_delay, 0)
            for r in self.rows
            if r.ready_delay is not None and cohort.in_period(self.scope, r.ready_day)
        ]

    @cached_property
    def make_up(self) -> list[tuple]:
        """The organisations' active agents, counted by all the reach's attributes at once (one query)."""
        rows = (
            Agent.objects.filter(organisation_id__in=self.scope.organisation_ids or (), is_active=True)
            .values_list("category", "gender", "birth_year", "site_id", "unit_id", "organisation_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return [(tuple(row[:6]), row[6]) for row in rows]

    @cached_property
    def evaluation_rows(self) -> list[tuple]:
        """(respondent, questions as text, answers) of the evaluations submitted in the period. The questions
        are copied into each evaluation, so thousands of rows carry a handful of distinct questionnaires: read
        as text, each is decoded once (``_asked``) instead of once per row."""
        return list(
            measures.evaluations(self.scope).values_list(
                "respondent", Cast("questions", TextField()), "answers"
            )
        )

    @cached_property
    def answers(self) -> dict[tuple, Counter]:
        """(respondent, kind, question) → how many gave each answer (1 to 5, « oui », « non »), read once for
        the satisfaction table and the headline mean; free text is never read."""
        answers = defaultdict(Counter)
        asked = {}
        for respondent, questions, given in self.evaluation_rows:
            if questions not in asked:
                asked[questions] = _asked(questions)
            given = given or {}
            for index, kind, text in asked[questions]:
                value = str(given.get(index, ""))
                if kind == "likert" and value in ("1", "2", "3", "4", "5"):
                    answers[(respondent, kind, text)][int(value)] += 1
                elif kind == "yesno" and value in ("oui", "non"):
                    answers[(respondent, kind, text)][value] += 1
        return answers

    def days(self) -> Decimal:
        total = Decimal(0)
        for r in self.rows:
            if r.started and cohort.meets(self.scope, r.start, r.end):
                start = max(r.start, self.scope.start) if self.scope.start else r.start
                end = min(r.end, self.scope.end) if self.scope.end else r.end
                total += measures.engagement_days(start, end, r.percent)
        return measures._round(total)

    def headline(self) -> dict:
        """measures.values, from the rows read once (tests/test_insights_measures.py checks they agree)."""
        steps = self.funnel_counts()
        people = self.people
        ended = [r for r in self.rows if r.completed and cohort.in_period(self.scope, r.end)]
        likert = [counter for (_who, kind, _text), counter in self.answers.items() if kind == "likert"]
        likert_count = sum(sum(counter.values()) for counter in likert)
        likert_sum = sum(value * n for counter in likert for value, n in counter.items())
        delays = self.ready_delays
        facilitation = measures.facilitation(self.scope)
        gifts = measures.gifts(self.scope)
        return {
            **steps,
            Metric.PARTICIPANTS: people["participants"],
            Metric.FIRST_TIMER_SHARE: measures._share(people["first_timers"], people["participants"]),
            Metric.DAYS_GIVEN: self.days(),
            Metric.SATISFACTION: measures._round(likert_sum / likert_count) if likert_count else None,
            Metric.EARLY_END_SHARE: measures._share(sum(r.early for r in ended), len(ended)),
            Metric.DAYS_TO_READY: measures._round(statistics.median(delays)) if delays else None,
            Metric.FACILITATION_HOURS: facilitation["hours"],
            "facilitators": facilitation["facilitators"],
            **measures.small_help(self.scope),
            Metric.GIFT_HOURS: gifts["hours"],
            "givers": gifts["givers"],
            "evaluations": len(self.evaluation_rows),
            "ready": len(delays),
        }


def _asked(questions: str | None) -> list[tuple[str, str, str]]:
    """(answer key, kind, text) of a questionnaire's questions that are counted (free text is not)."""
    decoded = json.loads(questions) if questions else []
    return [
        (str(index), question.get("kind"), question.get("text", ""))
        for index, question in enumerate(decoded or [])
        if question.get("kind") in ("likert", "yesno")
    ]


def direction_map(organisation_ids) -> tuple[dict[int, int], dict[int, str]]:
    """Each unit's direction: its topmost « Direction » ancestor, else the unit itself (one query)."""
    units = {
        pk: (parent, kind, name)
        for pk, parent, kind, name in OrgUnit.objects.filter(
            organisation_id__in=organisation_ids
        ).values_list("pk", "parent_id", "kind", "name")
    }
    mapping = {}
    for pk in units:
        found, current, seen = None, pk, set()
        while current is not None and current in units and current not in seen:
            seen.add(current)
            parent, kind, _name = units[current]
            if kind == UnitKind.DIRECTION:
                found = current
            current = parent
        mapping[pk] = found if found is not None else pk
    return mapping, {pk: units[pk][2] for pk in set(mapping.values())}


def all_directions(context: Context) -> list[int]:
    """The organisation's directions (the denominator of « 7 directions sur 30 »)."""
    return sorted(
        {d for d in context.directions.values() if d is not None},
        key=lambda pk: context.direction_names[pk].lower(),
    )


def _count(value):
    return SMALL if value is None else value


def _share(part, whole) -> Decimal | str:
    if part is None or whole is None or part == SMALL or whole == SMALL:
        return MASKED
    return measures._share(part, whole) if whole else Decimal(0)


def one_way(
    slug, title, label_header, labels, counts, *, count_header=None, chart="bar", with_share=True, note=""
) -> Indicator:
    """A breakdown of people over categories: counts protected, shares of hidden counts hidden."""
    shown, total = protect_counts(counts)
    headers = [label_header, count_header or _("Nombre")] + ([_("Part (%)")] if with_share else [])
    rows = []
    for label, value in zip(labels, shown, strict=True):
        row = [str(label), _count(value)]
        if with_share:
            row.append(_share(value, total))
        rows.append(row)
    total_row = [_("Total"), _count(total)] + ([Decimal(100) if total else MASKED] if with_share else [])
    return Indicator(
        slug,
        title,
        headers,
        rows,
        total_row,
        chart={
            "type": chart,
            "categories": [str(label) for label in labels],
            "series": [{"name": str(count_header or _("Nombre")), "data": list(shown)}],
        },
        note=note,
    )


def two_way(slug, title, corner, row_labels, column_labels, values, *, chart="stacked", note="") -> Indicator:
    """A cross table (rows × columns) with its totals, protected as a whole."""
    table = protect_table(values)
    headers = [corner, *map(str, column_labels), _("Total")]
    rows = [
        [str(label), *map(_count, cells), _count(row_total)]
        for label, cells, row_total in zip(row_labels, table.cells, table.row_totals, strict=True)
    ]
    total = [_("Total"), *map(_count, table.column_totals), _count(table.total)]
    if chart == "stacked":
        spec = {
            "type": "bar",
            "stacked": True,
            "categories": [str(label) for label in row_labels],
            "series": [
                {"name": str(column), "data": [row[c] for row in table.cells]}
                for c, column in enumerate(column_labels)
            ],
        }
    else:
        spec = None
    return Indicator(slug, title, headers, rows, total, spec, note)


# --- missions and engagements -------------------------------------------------------------------------------


def side(context: Context, unit_id, organisation_id):
    """The line an agent or a host falls on: its direction (organisation page) or its organisation (network);
    None when it is outside the scope."""
    if context.network:
        return organisation_id if organisation_id in context.organisations else None
    if organisation_id not in context.organisations:
        return None
    return context.directions.get(unit_id)


def side_label(context: Context, key) -> str:
    if key is None:
        return str(OUTSIDE)
    return context.organisations[key] if context.network else context.direction_names[key]


def sorted_keys(context: Context, keys) -> list:
    return sorted(keys, key=lambda k: (k is None, side_label(context, k).lower()))


def chart_number(cell):
    return float(cell) if isinstance(cell, Decimal | int) else None
