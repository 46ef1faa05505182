"""A dashboard's figures, kept a short while (settings.INSIGHTS_CACHE_SECONDS) in Django's cache.

Counting a dashboard reads every engagement of its scope and every active agent of its organisations: about
300 ms for a network of 100,000 agents, for figures that move a few times an hour and that several people
read in the same minutes (the HR team, the signatory, the administrator). So the figures of one question —
the same organisations, period, programme, day and language — are computed once and kept; the page says when
they were counted. They hold no person: only the protected counts every reader of that dashboard may see
(the permission is checked before, per request), and what changes the question (a member that stops sharing,
another period) changes the key. 0 keeps nothing (the test suite's default: a test reads its own writes).
A cache that fails (Redis down) is a cache miss: the figures are counted, never lost.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from passerelles.insights import indicators

logger = logging.getLogger(__name__)
VERSION = 1  # bump when what is kept changes meaning


@dataclass
class Figures:
    indicators: list  # indicators.Indicator
    tiles: list[tuple[str, object]]
    computed_at: datetime.datetime


# The shape of what is kept, in the key: figures kept by the previous version of the code, with other fields,
# are never read back by this one after a deployment (they expire unread).
SHAPE = (tuple(indicators.Indicator.__dataclass_fields__), tuple(Figures.__dataclass_fields__))


def key(board) -> str:
    scope = board.scope
    question = repr(
        (
            VERSION,
            SHAPE,
            scope.organisation_ids,
            scope.start,
            scope.end,
            scope.programme_id,
            scope.both_sides,
            board.network,
            board.today,
            get_language(),
        )
    )
    return "insights:figures:" + hashlib.sha256(question.encode()).hexdigest()


def figures(board) -> Figures:
    """The board's figures, counted now or a moment ago (see the module's docstring)."""
    seconds = settings.INSIGHTS_CACHE_SECONDS
    if seconds:
        try:
            kept = cache.get(key(board))
        except Exception:  # noqa: BLE001 — a cache down is a miss, the page still answers
            logger.warning("insights cache unavailable", exc_info=True)
            kept = None
        if isinstance(kept, Figures):
            return kept
    counted = Figures(
        indicators=indicators.compute_all(board.context), tiles=board.tiles(), computed_at=timezone.now()
    )
    if seconds:
        try:
            cache.set(key(board), counted, seconds)
        except Exception:  # noqa: BLE001
            logger.warning("insights cache unavailable", exc_info=True)
    return counted


def drawn(board, counted: Figures, template: str, context: dict) -> str:
    """The figures' part of the page (key figures, each indicator's table and chart data) drawn from ``counted``,
    and kept beside them in this machine's cache of results (settings.CACHES["local"]): about 1,300 cells
    through the template language were most of a dashboard's time once its figures were kept. The key holds
    the question's (the language among it), the time the figures were counted and the links' address and
    filters; the HTML holds nothing but those figures, as every reader of the dashboard may see them."""

    def draw() -> str:
        charts = {i.slug: {**i.chart, "title": str(i.title)} for i in counted.indicators if i.chart}
        charts.update(
            {f"{i.slug}-flux": {**i.sankey, "title": str(i.title)} for i in counted.indicators if i.sankey}
        )
        return render_to_string(template, {**context, "charts": charts})

    if not settings.INSIGHTS_CACHE_SECONDS:
        return draw()
    address = repr(
        (key(board), counted.computed_at.isoformat(), template, context["base_url"], context["query"])
    )
    html_key = "insights:drawn:" + hashlib.sha256(address.encode()).hexdigest()
    local = caches["local"]
    try:
        html = local.get(html_key)
    except Exception:  # noqa: BLE001 — a cache that fails is a miss
        logger.warning("insights: drawn figures not read", exc_info=True)
        html = None
    if html is None:
        html = draw()
        try:
            local.set(html_key, html, settings.INSIGHTS_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("insights: drawn figures not kept", exc_info=True)
    return mark_safe(html)  # noqa: S308 — rendered by our template, autoescaped
