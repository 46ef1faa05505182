"""What happened: missions by purpose, engagements by step, the funnel, days given and received, the time from
publication to ready, early ends."""

import statistics
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from passerelles.engagements.lifecycle import EndReason, State
from passerelles.insights import cohort, measures
from passerelles.insights.indicators.base import (
    MASKED,
    READY_BANDS,
    Context,
    Indicator,
    _count,
    _share,
    chart_number,
    one_way,
    side,
    side_label,
    sorted_keys,
    two_way,
)
from passerelles.insights.suppression import THRESHOLD, is_small, protect_counts
from passerelles.missions.lifecycle import MissionStatus
from passerelles.missions.models import Purpose


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
        source, target = side(context, agent_unit, origin), side(context, host_unit, host)
        if source is not None:
            given[source] += 1
            given_days[source] += value
        if target is not None:
            received[target] += 1
            received_days[target] += value
    keys = sorted_keys(context, set(given) | set(received))
    shown_given, total_given = protect_counts([given[k] for k in keys])
    shown_received, total_received = protect_counts([received[k] for k in keys])
    table = []
    for k, g, r in zip(keys, shown_given, shown_received, strict=True):
        table.append(
            [
                side_label(context, k),
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
                {"name": str(_("Jours donnés")), "data": [chart_number(row[2]) for row in table]},
                {"name": str(_("Jours reçus")), "data": [chart_number(row[4]) for row in table]},
            ],
        },
        _(
            "Jours ouvrés de mission pendant la période (hors week-ends et jours fériés) multipliés par la "
            "quotité, pour les missions commencées. Donnés : par les agents de la ligne ; reçus : par les "
            "missions qu'elle accueille."
        ),
    )


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
