"""Who takes part: participants by category, direction, site, age band and gender against the organisation's
make-up; first-timers and repeat participants."""

from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _

from passerelles.insights.indicators.base import (
    AGE_BANDS,
    MASKED,
    SMALL,
    UNKNOWN,
    Context,
    Indicator,
    _count,
    _share,
    chart_number,
    one_way,
    side_label,
    sorted_keys,
)
from passerelles.insights.suppression import is_small, protect_counts
from passerelles.organisations.models import WorkSite
from passerelles.people.models import Category, Gender

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
        keys = sorted_keys(context, {k for k in set(base) | set(part) if k is not None})
        labels = [side_label(context, k) for k in keys]
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
                {
                    "name": str(_("Part des participant·es (%)")),
                    "data": [chart_number(row[2]) for row in rows],
                },
                {"name": str(_("Part des agents (%)")), "data": [chart_number(row[4]) for row in rows]},
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
