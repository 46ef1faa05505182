"""The dashboards' indicators: each one a protected table (the truth) and the data of its chart.

Every figure is counted by the database (GROUP BY) or folded from a few columns per row, never by loading
objects: the organisation dashboard of a 100,000-agent network answers in well under half a second
(``make bench``: dashboard_p95_ms). Every breakdown of people goes through insights/suppression.py before it
leaves this module, so the page, the CSV, the XLSX and the chart show the same protected figures.

Definitions (docs/tableaux-de-bord.md) follow insights/measures.py: missions *published* in the period,
engagements *opened* in it, participants = agents with an agreed mission meeting the period.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.engagements.lifecycle import EndReason, State
from passerelles.engagements.models import Engagement
from passerelles.frameworks.models import UncoveredSituation
from passerelles.insights import cohort, measures, stages
from passerelles.insights.catalogue import Metric
from passerelles.insights.scope import Scope
from passerelles.insights.suppression import THRESHOLD, is_small, protect_counts, protect_table
from passerelles.missions.lifecycle import MissionStatus
from passerelles.missions.models import Purpose
from passerelles.organisations.models import Organisation, OrgUnit, UnitKind, WorkSite
from passerelles.people.models import Agent, Category, Gender

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
                Engagement.objects.filter(stages.agreed(), agent_id__in=in_period, start_date__lte=self.end)
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
            max((r.first_ready_at - r.published_at).total_seconds() / 86400, 0)
            for r in self.rows
            if r.published_at is not None and cohort.in_period(self.scope, cohort.local_day(r.first_ready_at))
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
        return list(measures.evaluations(self.scope).values_list("respondent", "questions", "answers"))

    @cached_property
    def answers(self) -> dict[tuple, Counter]:
        """(respondent, kind, question) → how many gave each answer (1 to 5, « oui », « non »), read once for
        the satisfaction table and the headline mean; free text is never read."""
        answers = defaultdict(Counter)
        for respondent, questions, given in self.evaluation_rows:
            given = given or {}
            for index, question in enumerate(questions or []):
                kind = question.get("kind")
                if kind == "text":
                    continue
                value = str(given.get(str(index), ""))
                if kind == "likert" and value in ("1", "2", "3", "4", "5"):
                    answers[(respondent, kind, question.get("text", ""))][int(value)] += 1
                elif kind == "yesno" and value in ("oui", "non"):
                    answers[(respondent, kind, question.get("text", ""))][value] += 1
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
        return {
            **steps,
            Metric.PARTICIPANTS: people["participants"],
            Metric.FIRST_TIMER_SHARE: measures._share(people["first_timers"], people["participants"]),
            Metric.DAYS_GIVEN: self.days(),
            Metric.SATISFACTION: measures._round(likert_sum / likert_count) if likert_count else None,
            Metric.EARLY_END_SHARE: measures._share(sum(r.early for r in ended), len(ended)),
            Metric.DAYS_TO_READY: measures._round(statistics.median(delays)) if delays else None,
            "evaluations": len(self.evaluation_rows),
            "ready": len(delays),
        }


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


def missions_by_purpose(context: Context) -> Indicator:
    rows = measures.published_missions(context.scope).values_list("purpose", "status").annotate(n=Count("pk"))
    counts = {(purpose, status): n for purpose, status, n in rows.order_by()}
    statuses = [s for s in MissionStatus if any(key[1] == s for key in counts)] or [MissionStatus.PUBLISHED]
    purposes = list(Purpose)
    values = [[counts.get((p, s), 0) for s in statuses] for p in purposes]
    return two_way(
        "missions",
        _("Missions publiées, par objet et par statut"),
        _("Objet"),
        [p.label for p in purposes],
        [s.label for s in statuses],
        values,
        note=_("Missions publiées pendant la période, selon leur statut aujourd'hui."),
    )


ENGAGEMENT_STATES = [
    State.INTEREST,
    State.PROPOSAL,
    State.MEETING,
    State.AGREEMENTS,
    State.READY,
    State.ACTIVE,
    State.ENDED,
    State.EVALUATED,
    State.DECLINED,
    State.WITHDRAWN,
]


def engagements_by_state(context: Context) -> Indicator:
    counts = Counter(r.state for r in context.opened())
    return one_way(
        "engagements",
        _("Engagements par étape"),
        _("Étape aujourd'hui"),
        [s.label for s in ENGAGEMENT_STATES],
        [counts.get(s, 0) for s in ENGAGEMENT_STATES],
        count_header=_("Engagements"),
        note=_("Engagements ouverts pendant la période, à l'étape où ils sont aujourd'hui."),
    )


def funnel(context: Context) -> Indicator:
    """Each step with its count and the share of the step before (hidden when either count is)."""
    steps = context.funnel_counts()
    labels = [
        _("Missions publiées"),
        _("Intérêts exprimés"),
        _("Rencontres tenues"),
        _("Accords obtenus"),
        _("Missions terminées"),
        _("Missions évaluées"),
    ]
    values = list(steps.values())
    shown = [None if is_small(v) else v for v in values]
    rows = []
    for index, (label, value) in enumerate(zip(labels, shown, strict=True)):
        if index < 2:  # from missions to interests is no conversion: a mission takes several people
            rows.append([str(label), _count(value), ""])
        else:
            rows.append([str(label), _count(value), _share(value, shown[index - 1])])
    return Indicator(
        "entonnoir",
        _("Entonnoir : de la mission publiée à l'évaluation"),
        [_("Étape"), _("Nombre"), _("Taux depuis l'étape précédente (%)")],
        rows,
        None,
        {
            "type": "bar",
            "horizontal": True,
            "categories": [str(label) for label in labels],
            "series": [{"name": str(_("Nombre")), "data": shown}],
        },
        _(
            "Les missions publiées pendant la période ; les engagements ouverts pendant la période, suivis "
            "étape par étape (un engagement retiré après les accords compte parmi les accords)."
        ),
    )


# --- days, delays --------------------------------------------------------------------------------------------


def _side(context: Context, unit_id, organisation_id):
    """The line an agent or a host falls on: its direction (organisation page) or its organisation (network);
    None when it is outside the scope."""
    if context.network:
        return organisation_id if organisation_id in context.organisations else None
    if organisation_id not in context.organisations:
        return None
    return context.directions.get(unit_id)


def _side_label(context: Context, key) -> str:
    if key is None:
        return str(OUTSIDE)
    return context.organisations[key] if context.network else context.direction_names[key]


def _sorted_keys(context: Context, keys) -> list:
    return sorted(keys, key=lambda k: (k is None, _side_label(context, k).lower()))


def days(context: Context) -> Indicator:
    """Days given (agents of the line) and received (missions hosted by the line), with their engagements."""
    rows = [
        (r.agent_unit, r.agent_org, r.host_unit, r.host_org, r.start, r.end, r.percent)
        for r in context.rows
        if r.started and cohort.meets(context.scope, r.start, r.end)
    ]
    given, given_days = Counter(), defaultdict(Decimal)
    received, received_days = Counter(), defaultdict(Decimal)
    for agent_unit, origin, host_unit, host, start, end, percent in rows:
        if context.scope.start is not None:
            start = max(start, context.scope.start)
        if context.scope.end is not None:
            end = min(end, context.scope.end)
        value = measures.engagement_days(start, end, percent)
        source, target = _side(context, agent_unit, origin), _side(context, host_unit, host)
        if source is not None:
            given[source] += 1
            given_days[source] += value
        if target is not None:
            received[target] += 1
            received_days[target] += value
    keys = _sorted_keys(context, set(given) | set(received))
    shown_given, total_given = protect_counts([given[k] for k in keys])
    shown_received, total_received = protect_counts([received[k] for k in keys])
    table = []
    for k, g, r in zip(keys, shown_given, shown_received, strict=True):
        table.append(
            [
                _side_label(context, k),
                _count(g),
                MASKED if g is None else measures._round(given_days[k]),
                _count(r),
                MASKED if r is None else measures._round(received_days[k]),
            ]
        )
    total = [
        _("Total"),
        _count(total_given),
        MASKED if total_given is None else measures._round(sum(given_days.values(), Decimal(0))),
        _count(total_received),
        MASKED if total_received is None else measures._round(sum(received_days.values(), Decimal(0))),
    ]
    line = _("Organisation") if context.network else _("Direction")
    return Indicator(
        "jours",
        _("Jours donnés et reçus"),
        [line, _("Missions données"), _("Jours donnés"), _("Missions reçues"), _("Jours reçus")],
        table,
        total,
        {
            "type": "bar",
            "categories": [row[0] for row in table],
            "series": [
                {"name": str(_("Jours donnés")), "data": [_number(row[2]) for row in table]},
                {"name": str(_("Jours reçus")), "data": [_number(row[4]) for row in table]},
            ],
        },
        _(
            "Jours ouvrés de mission pendant la période (hors week-ends et jours fériés) multipliés par la "
            "quotité, pour les missions commencées. Donnés : par les agents de la ligne ; reçus : par les "
            "missions qu'elle accueille."
        ),
    )


def _number(cell):
    return float(cell) if isinstance(cell, Decimal | int) else None


def time_to_ready(context: Context) -> Indicator:
    delays = context.ready_delays
    counts = [sum(low <= int(d) <= high for d in delays) for low, high, _label in READY_BANDS]
    indicator = one_way(
        "delai",
        _("Délai de la publication à « prête à démarrer »"),
        _("Délai"),
        [label for _low, _high, label in READY_BANDS],
        counts,
        count_header=_("Engagements"),
    )
    median = measures._round(statistics.median(delays)) if len(delays) >= THRESHOLD else None
    indicator.note = (
        _("Délai médian : %(days)s jours.") % {"days": median}
        if median is not None
        else _("Délai médian : trop peu d'engagements pour le montrer.")
    )
    return indicator


# --- flows ---------------------------------------------------------------------------------------------------


def flows(context: Context) -> Indicator:
    """Who lends to whom: agreed missions meeting the period, from the agent's line to the host's line."""
    pairs = Counter()
    for r in context.agreed_meeting_period():
        pairs[(_side(context, r.agent_unit, r.agent_org), _side(context, r.host_unit, r.host_org))] += 1
    sources = _sorted_keys(context, {s for s, _t in pairs})
    targets = _sorted_keys(context, {t for _s, t in pairs})
    values = [[pairs.get((s, t), 0) for t in targets] for s in sources]
    source_labels = [_side_label(context, s) for s in sources]
    target_labels = [_side_label(context, t) for t in targets]
    if context.network:
        title = _("Flux entre organisations")
        corner = _("Organisation d'origine ↓ / d'accueil →")
    else:
        title = _("Flux entre directions")
        corner = _("Direction d'origine ↓ / d'accueil →")
    indicator = two_way("flux", title, corner, source_labels, target_labels, values, chart=None)
    protected = protect_table(values) if values else None
    heat, links = [], []
    if protected:
        for r, line in enumerate(protected.cells):
            for c, value in enumerate(line):
                heat.append([c, r, value])
                if value:
                    links.append(
                        {"source": f"{source_labels[r]} ›", "target": f"› {target_labels[c]}", "value": value}
                    )
    used = {link["source"] for link in links} | {link["target"] for link in links}
    indicator.chart = {
        "type": "heatmap",
        "x": target_labels,
        "y": source_labels,
        "data": heat,
        "label_x": str(_("Accueil")),
        "label_y": str(_("Origine")),
    }
    # Nothing to draw when every flow is hidden: the table says why (« < 5 »).
    indicator.sankey = (
        {"type": "sankey", "nodes": [{"name": name} for name in sorted(used)], "links": links}
        if links
        else None
    )
    indicator.note = _(
        "Missions accordées qui se déroulent pendant la période : en ligne, d'où vient l'agent ; en colonne, qui "
        "l'accueille. Le diagramme de flux ne montre que les cases affichées du tableau."
    )
    return indicator


def directions_reached(context: Context) -> tuple[Indicator, dict]:
    """« 7 directions sur 30 ont laissé partir un agent et 11 en ont accueilli » (organisation dashboard)."""
    rows = {(r.agent_unit, r.agent_org, r.host_unit, r.host_org) for r in context.agreed_meeting_period()}
    lent, hosted = set(), set()
    for agent_unit, origin, host_unit, host in rows:
        source, target = _side(context, agent_unit, origin), _side(context, host_unit, host)
        if source is not None:
            lent.add(source)
        if target is not None:
            hosted.add(target)
    if context.network:
        keys = sorted(context.organisations, key=lambda k: context.organisations[k].lower())
    else:
        keys = all_directions(context)
    yes, no = _("oui"), _("non")
    table = [[_side_label(context, k), yes if k in lent else no, yes if k in hosted else no] for k in keys]
    summary = {
        "lent": len(lent & set(keys)),
        "hosted": len(hosted & set(keys)),
        "all": len(keys),
    }
    line = _("Organisation") if context.network else _("Direction")
    indicator = Indicator(
        "directions",
        _("Qui laisse partir, qui accueille"),
        [line, _("A laissé partir au moins un agent"), _("A accueilli au moins un agent")],
        table,
        None,
        {
            "type": "bar",
            "categories": [str(_("A laissé partir")), str(_("A accueilli")), str(_("Ni l'un ni l'autre"))],
            "series": [
                {
                    "name": str(line),
                    "data": [
                        summary["lent"],
                        summary["hosted"],
                        len(set(keys) - lent - hosted),
                    ],
                }
            ],
        },
        _(
            "%(lent)s sur %(all)s ont laissé partir au moins un agent ; %(hosted)s sur %(all)s en ont accueilli."
        )
        % summary,
    )
    return indicator, summary


# --- reach ---------------------------------------------------------------------------------------------------


# the agent's attributes, in the order of cohort.Row's and of the make-up's columns
ATTRIBUTES = {"category": 0, "gender": 1, "birth_year": 2, "site_id": 3, "unit_id": 4, "organisation_id": 5}


def _participants(context: Context) -> list[tuple]:
    """The agents of the scope's organisations with an agreed mission meeting the period, with their
    attributes (one line each)."""
    ids = set(context.scope.organisation_ids or ())
    people = {}
    for r in context.agreed_meeting_period():
        if r.agent_org in ids:
            people[r.agent] = (r.category, r.gender, r.birth_year, r.site, r.agent_unit, r.agent_org)
    return [(attributes, 1) for attributes in people.values()]


def _grouped(lines: list[tuple], column: str) -> Counter:
    counts = Counter()
    for attributes, n in lines:
        counts[attributes[ATTRIBUTES[column]]] += n
    return counts


def reach(context: Context, dimension: str) -> Indicator:
    """Participants against the organisation's active agents, by one dimension: counts and shares side by
    side (both protected: a site of three agents is as recognisable as a participant)."""
    participants, make_up = _participants(context), context.make_up
    if dimension == "categorie":
        keys = list(Category)
        labels = [c.label for c in keys]
        part, base = _grouped(participants, "category"), _grouped(make_up, "category")
        title, header = _("Portée par catégorie"), _("Catégorie")
    elif dimension == "genre":
        keys = [*Gender, ""]
        labels = [g.label for g in Gender] + [UNKNOWN]
        part, base = _grouped(participants, "gender"), _grouped(make_up, "gender")
        title, header = _("Portée par genre (quand le SIRH le donne)"), _("Genre")
    elif dimension == "age":
        keys = [*range(len(AGE_BANDS)), None]
        labels = [label for _low, _high, label in AGE_BANDS] + [UNKNOWN]
        part = _bands(_grouped(participants, "birth_year"), context.end.year)
        base = _bands(_grouped(make_up, "birth_year"), context.end.year)
        title, header = _("Portée par âge (quand le SIRH le donne)"), _("Âge")
    elif dimension == "site":
        part, base = _grouped(participants, "site_id"), _grouped(make_up, "site_id")
        names = dict(WorkSite.objects.filter(pk__in=set(base) | set(part)).values_list("pk", "name"))
        keys = sorted((k for k in set(base) | set(part) if k is not None), key=lambda k: names[k].lower()) + [
            None
        ]
        labels = [names[k] for k in keys[:-1]] + [UNKNOWN]
        title, header = _("Portée par site"), _("Site")
    else:  # direction (organisation) or organisation (network)
        if context.network:
            part, base = _grouped(participants, "organisation_id"), _grouped(make_up, "organisation_id")
            title, header = _("Portée par organisation"), _("Organisation")
        else:
            part = _fold(_grouped(participants, "unit_id"), context.directions)
            base = _fold(_grouped(make_up, "unit_id"), context.directions)
            title, header = _("Portée par direction"), _("Direction")
        keys = _sorted_keys(context, {k for k in set(base) | set(part) if k is not None})
        labels = [_side_label(context, k) for k in keys]
    part_shown, part_total = protect_counts([part.get(k, 0) for k in keys])
    base_shown, base_total = protect_counts([base.get(k, 0) for k in keys])
    rows = []
    for label, p, b in zip(labels, part_shown, base_shown, strict=True):
        rows.append([str(label), _count(p), _share(p, part_total), _count(b), _share(b, base_total)])
    total = [_("Total"), _count(part_total), Decimal(100) if part_total else MASKED, _count(base_total)]
    total.append(Decimal(100) if base_total else MASKED)
    return Indicator(
        f"portee-{dimension}",
        title,
        [
            header,
            _("Participant·es"),
            _("Part des participant·es (%)"),
            _("Agents actifs"),
            _("Part des agents (%)"),
        ],
        rows,
        total,
        {
            "type": "bar",
            "categories": [str(label) for label in labels],
            "series": [
                {"name": str(_("Part des participant·es (%)")), "data": [_number(row[2]) for row in rows]},
                {"name": str(_("Part des agents (%)")), "data": [_number(row[4]) for row in rows]},
            ],
        },
        _(
            "Les agents partis en mission pendant la période (une mission accordée), comparés aux agents actifs "
            "de l'organisation : une part bien plus forte que dans l'effectif dit qui en profite le plus."
        ),
    )


def _bands(by_year: Counter, year: int) -> Counter:
    bands = Counter()
    for birth_year, n in by_year.items():
        if birth_year is None:
            bands[None] += n
            continue
        age = year - birth_year
        index = next((i for i, (low, high, _label) in enumerate(AGE_BANDS) if low <= age <= high), None)
        bands[index] += n
    return bands


def _fold(by_unit: Counter, directions: dict[int, int]) -> Counter:
    folded = Counter()
    for unit, n in by_unit.items():
        folded[directions.get(unit)] += n
    return folded


def recurrence(context: Context) -> Indicator:
    """First participations and agents back for another mission (measures.participants)."""
    people = context.people
    first = people["first_timers"]
    again = people["participants"] - first
    indicator = one_way(
        "recurrence",
        _("Premières participations et participations répétées"),
        _("Participant·es"),
        [_("Première mission"), _("Déjà parti·e avant la période")],
        [first, again],
        count_header=_("Agents"),
    )
    repeat = people["repeat"]
    indicator.rows.append(
        [str(_("Dont plus d'une mission en tout")), SMALL if is_small(repeat) else repeat, ""]
    )
    indicator.note = _(
        "Une première participation : la première mission accordée de l'agent commence pendant la période."
    )
    return indicator


# --- satisfaction, early ends, uncovered situations -------------------------------------------------------------

RESPONDENT_LABELS = {
    "agent": gettext_lazy("Agent"),
    "host": gettext_lazy("Accueil"),
    "manager": gettext_lazy("Encadrant·e d'origine"),
}


def satisfaction(context: Context) -> Indicator:
    """Per respondent and question: Likert mean and distribution, or the share of « oui »; a question with
    fewer than 5 answers is left out, free text is never read."""
    answers = context.answers
    order = list(RESPONDENT_LABELS)
    table, means, hidden = [], [], 0
    for (respondent, kind, text), counter in sorted(
        answers.items(), key=lambda item: (order.index(item[0][0]) if item[0][0] in order else 9, item[0][2])
    ):
        n = sum(counter.values())
        if n < THRESHOLD:
            hidden += 1
            continue
        who = str(RESPONDENT_LABELS.get(respondent, respondent))
        if kind == "likert":
            shown, _total = protect_counts([counter.get(v, 0) for v in range(1, 6)])
            mean = measures._round(sum(v * c for v, c in counter.items()) / n)
            table.append([who, text, n, mean, *map(_count, shown), ""])
            means.append((f"{who} — {text}", float(mean)))
        else:
            shown, _total = protect_counts([counter.get("oui", 0), counter.get("non", 0)])
            table.append(
                [who, text, n, "", "", "", "", "", "", _share(shown[0], n if shown[0] is not None else None)]
            )
    note = _(
        "Réponses des évaluations remplies pendant la période ; les réponses libres ne sont jamais montrées."
    )
    if hidden:
        note += " " + _("%(count)s question(s) avec moins de 5 réponses ne sont pas montrées.") % {
            "count": hidden
        }
    return Indicator(
        "satisfaction",
        _("Satisfaction, question par question"),
        [
            _("Répondant·e"),
            _("Question"),
            _("Réponses"),
            _("Moyenne (1 à 5)"),
            "1",
            "2",
            "3",
            "4",
            "5",
            _("Part de « oui » (%)"),
        ],
        table,
        None,
        {
            "type": "bar",
            "horizontal": True,
            "max": 5,
            "categories": [label for label, _mean in means],
            "series": [{"name": str(_("Moyenne (1 à 5)")), "data": [mean for _label, mean in means]}],
        },
        note,
    )


EARLY_REASONS = [reason for reason in EndReason if reason != EndReason.ACCOMPLISHED]


def early_ends(context: Context) -> Indicator:
    counts = Counter(r.end_reason for r in context.rows if r.early and cohort.in_period(context.scope, r.end))
    return one_way(
        "fins-anticipees",
        _("Fins anticipées, par motif"),
        _("Motif"),
        [r.label for r in EARLY_REASONS],
        [counts.get(r, 0) for r in EARLY_REASONS],
        count_header=_("Missions"),
        note=_(
            "Missions terminées avant leur terme pendant la période, pour une autre raison que « mission accomplie »."
        ),
    )


def _uncovered(context: Context):
    situations = UncoveredSituation.objects.filter(organisation_id__in=context.scope.organisation_ids or ())
    situations = situations.filter(context.scope.within("created_at"))
    if context.scope.programme_id is not None:
        situations = situations.filter(engagement__mission__programme_id=context.scope.programme_id)
    return situations


def uncovered_by_month(context: Context) -> Indicator:
    months = (
        _uncovered(context)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    pairs = [(month, n) for month, n in months]
    labels = [_month_label(month) for month, _n in pairs]
    return one_way(
        "sans-dispositif",
        _("Situations sans dispositif, par mois"),
        _("Mois"),
        labels,
        [n for _month, n in pairs],
        count_header=_("Situations"),
        chart="line",
        note=_(
            "Chaque fois que la boussole n'a trouvé aucun dispositif pour un engagement (une fois par situation) : "
            "les cas que le droit ne couvre pas encore."
        ),
    )


def uncovered_by_reason(context: Context) -> Indicator:
    """What blocked: each situation counts once per distinct reason a framework gave for not fitting."""
    counter = Counter()
    for reasons in _uncovered(context).values_list("reasons", flat=True).iterator(chunk_size=500):
        for reason in set((reasons or {}).values()):
            counter[str(reason)] += 1
    labels = sorted(counter, key=lambda r: (-counter[r], r))
    return one_way(
        "sans-dispositif-motifs",
        _("Situations sans dispositif, par motif d'exclusion"),
        _("Ce qui bloque"),
        labels,
        [counter[r] for r in labels],
        count_header=_("Situations"),
        with_share=False,
        note=_("Une situation compte une fois pour chacun des motifs qui ont écarté un dispositif."),
    )


def _month_label(month) -> str:
    if isinstance(month, datetime.datetime):
        month = timezone.localtime(month) if timezone.is_aware(month) else month
    return f"{month:%m/%Y}" if month else str(UNKNOWN)


# --- the page --------------------------------------------------------------------------------------------------

# slug → (function, for the network too)
CATALOGUE = {
    "missions": missions_by_purpose,
    "engagements": engagements_by_state,
    "entonnoir": funnel,
    "jours": days,
    "delai": time_to_ready,
    "flux": flows,
    "directions": lambda context: directions_reached(context)[0],
    "portee-categorie": lambda context: reach(context, "categorie"),
    "portee-direction": lambda context: reach(context, "direction"),
    "portee-site": lambda context: reach(context, "site"),
    "portee-age": lambda context: reach(context, "age"),
    "portee-genre": lambda context: reach(context, "genre"),
    "recurrence": recurrence,
    "satisfaction": satisfaction,
    "fins-anticipees": early_ends,
    "sans-dispositif": uncovered_by_month,
    "sans-dispositif-motifs": uncovered_by_reason,
}


def compute(context: Context, slug: str) -> Indicator:
    return CATALOGUE[slug](context)


def compute_all(context: Context) -> list[Indicator]:
    return [function(context) for function in CATALOGUE.values()]
