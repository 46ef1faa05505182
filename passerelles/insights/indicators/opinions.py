"""What people said and what the law does not cover yet: satisfaction per question, boussole answers with no
framework."""

import datetime
from collections import Counter

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.frameworks.models import UncoveredSituation
from passerelles.insights import measures
from passerelles.insights.indicators.base import (
    UNKNOWN,
    Context,
    Indicator,
    _count,
    _share,
    one_way,
)
from passerelles.insights.suppression import THRESHOLD, protect_counts

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
