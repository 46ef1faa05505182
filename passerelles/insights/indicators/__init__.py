"""The dashboards' indicators: each one a protected table (the truth) and the data of its chart.

Every figure is counted by the database (GROUP BY) or folded from a few columns per row, never by loading
objects: the organisation dashboard of a 100,000-agent network answers in well under half a second
(``make bench``: dashboard_p95_ms). Every breakdown of people goes through insights/suppression.py before it
leaves this module, so the page, the CSV, the XLSX and the chart show the same protected figures.

Definitions (docs/tableaux-de-bord.md) follow insights/measures.py: missions *published* in the period,
engagements *opened* in it, participants = agents with an agreed mission meeting the period.


The indicators live by theme in this package (base, activity, flows, reach, opinions); the catalogue below is
the page's order.
"""

from passerelles.insights.indicators.activity import (
    days,
    early_ends,
    engagements_by_state,
    funnel,
    missions_by_purpose,
    time_to_ready,
)
from passerelles.insights.indicators.base import LEGEND, MASKED, SMALL, Context, Indicator
from passerelles.insights.indicators.flows import directions_reached, flows
from passerelles.insights.indicators.opinions import satisfaction, uncovered_by_month, uncovered_by_reason
from passerelles.insights.indicators.reach import reach, recurrence

__all__ = [
    "LEGEND",
    "MASKED",
    "SMALL",
    "CATALOGUE",
    "Context",
    "Indicator",
    "compute",
    "compute_all",
    "directions_reached",
]

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
