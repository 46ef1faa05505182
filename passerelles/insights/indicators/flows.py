"""Who lends to whom: flows between directions or organisations, and the « 7 sur 30 » view of the directions
that let people go and those that hosted."""

from collections import Counter

from django.utils.translation import gettext as _

from passerelles.insights.indicators.base import (
    Context,
    Indicator,
    all_directions,
    side,
    side_label,
    sorted_keys,
    two_way,
)
from passerelles.insights.suppression import protect_table


def flows(context: Context) -> Indicator:
    """Who lends to whom: agreed missions meeting the period, from the agent's line to the host's line."""
    pairs = Counter()
    for r in context.agreed_meeting_period():
        pairs[(side(context, r.agent_unit, r.agent_org), side(context, r.host_unit, r.host_org))] += 1
    sources = sorted_keys(context, {s for s, _t in pairs})
    targets = sorted_keys(context, {t for _s, t in pairs})
    values = [[pairs.get((s, t), 0) for t in targets] for s in sources]
    source_labels = [side_label(context, s) for s in sources]
    target_labels = [side_label(context, t) for t in targets]
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
        source, target = side(context, agent_unit, origin), side(context, host_unit, host)
        if source is not None:
            lent.add(source)
        if target is not None:
            hosted.add(target)
    if context.network:
        keys = sorted(context.organisations, key=lambda k: context.organisations[k].lower())
    else:
        keys = all_directions(context)
    yes, no = _("oui"), _("non")
    table = [[side_label(context, k), yes if k in lent else no, yes if k in hosted else no] for k in keys]
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
