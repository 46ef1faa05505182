"""The organisation's dashboard as data: its headline figures and each table, with the same filters and the
same protection against small counts as the page (a count of 1 to 4 is « < 5 »; a share of too few people is
« — »). Nothing here is per person."""

import datetime
from decimal import Decimal

from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from passerelles.access import policies
from passerelles.api.errors import ERROR_CODES, ApiProblem, ErrorOut
from passerelles.insights import indicators
from passerelles.insights.board import Board
from passerelles.insights.forms import PERIODS
from passerelles.organisations.models import Organisation

router = Router(tags=["indicators"])
Cell = int | float | str | None


class IndicatorQuery(Schema):
    periode: str | None = Field(None, description=" / ".join(code for code, _label in PERIODS))
    du: datetime.date | None = Field(None, description="avec periode=dates : le premier jour compté")
    au: datetime.date | None = Field(None, description="avec periode=dates : le dernier jour compté")
    programme: int | None = Field(None, ge=1)


class HeadlineOut(Schema):
    label: str
    value: Cell


class IndicatorSummary(Schema):
    slug: str
    title: str


class HeadlinesOut(Schema):
    organisation_id: int
    start: datetime.date | None
    end: datetime.date | None
    headlines: list[HeadlineOut]
    tables: list[IndicatorSummary]


class TableOut(Schema):
    slug: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None
    note: str


def _cell(value) -> Cell:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool) or value is None:
        return value if value is None else int(value)
    if isinstance(value, int | float):
        return value
    return str(value)


def _board(request, params: IndicatorQuery) -> Board:
    organisation = Organisation.objects.get(pk=request.api_key.organisation_id)
    if not policies.can_view_organisation_dashboard(request.user, organisation):
        raise ApiProblem(403, "forbidden", _("Cette clé ne permet pas cette action."))
    query = QueryDict(mutable=True)
    for name, value in params.model_dump().items():
        if value is not None:
            query[name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    board = Board(query, organisation_ids=[organisation.pk], network=False, label=organisation.name)
    if query and not board.form.is_valid():  # the page falls back on its defaults; a program is told
        raise ApiProblem(
            422,
            "invalid",
            _("Certaines valeurs sont invalides : rien n'a été fait."),
            [
                {"location": "query", "field": field, "message": str(message)}
                for field, messages in board.form.errors.items()
                for message in messages
            ],
        )
    return board


@router.get("/indicators", response={200: HeadlinesOut, ERROR_CODES: ErrorOut})
def headline_indicators(request, params: Query[IndicatorQuery]):
    board = _board(request, params)
    return {
        "organisation_id": request.api_key.organisation_id,
        "start": board.scope.start,
        "end": board.scope.end,
        "headlines": [{"label": str(label), "value": _cell(value)} for label, value in board.tiles()],
        "tables": [
            {"slug": slug, "title": str(indicators.compute(board.context, slug).title)}
            for slug in indicators.CATALOGUE
        ],
    }


@router.get("/indicators/{slug}", response={200: TableOut, ERROR_CODES: ErrorOut})
def indicator_table(request, slug: str, params: Query[IndicatorQuery]):
    if slug not in indicators.CATALOGUE:
        raise ApiProblem(404, "not_found", _("Indicateur inconnu."))
    board = _board(request, params)
    table = indicators.compute(board.context, slug)
    return {
        "slug": table.slug,
        "title": str(table.title),
        "headers": [str(h) for h in table.headers],
        "rows": [[_cell(c) for c in row] for row in table.rows],
        "total": [_cell(c) for c in table.total] if table.total else None,
        "note": str(table.note),
    }
