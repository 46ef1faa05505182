"""The dashboards' tables as CSV and XLSX (tablib): the same protected figures as the page, nothing more.

A text cell that a spreadsheet would read as a formula (« = + - @ », and the tab or carriage return some
spreadsheets also read) gets a leading apostrophe: a direction named « =HYPERLINK(…) » stays a name.
"""

import datetime
from decimal import Decimal

import tablib
from django.utils.translation import gettext as _

from passerelles.foundation.tables import safe_cell
from passerelles.insights.indicators import LEGEND, Indicator


def safe(cell):
    """A cell as a spreadsheet should store it: numbers as numbers, text neutralised."""
    if isinstance(cell, bool):
        return _("oui") if cell else _("non")
    if isinstance(cell, Decimal):
        return float(cell)
    if isinstance(cell, int | float) or cell is None:
        return cell
    return safe_cell(cell)


def dataset(indicator: Indicator) -> tablib.Dataset:
    lines = indicator.lines()
    data = tablib.Dataset(headers=[str(safe(h)) for h in lines[0]], title=_sheet_title(indicator.title))
    width = len(lines[0])
    for line in lines[1:]:
        cells = [safe(cell) for cell in line] + [""] * (width - len(line))
        data.append(cells[:width])
    return data


def _sheet_title(title: str) -> str:
    """Excel sheet names: 31 characters at most, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title))
    return cleaned[:31].strip() or "Feuille"


def csv_bytes(indicator: Indicator) -> bytes:
    # A BOM and semicolons: what French spreadsheets open without an import dialog.
    return ("\ufeff" + dataset(indicator).export("csv", delimiter=";")).encode("utf-8")


def xlsx_bytes(indicator: Indicator) -> bytes:
    return dataset(indicator).export("xlsx")


def about_sheet(*, scope_label: str, period_label: str, programme_label: str, today: datetime.date):
    data = tablib.Dataset(headers=[_("Élément"), _("Valeur")], title=_sheet_title(_("À propos")))
    for label, value in (
        (_("Périmètre"), scope_label),
        (_("Période"), period_label),
        (_("Programme"), programme_label),
        (_("Exporté le"), today.strftime("%d/%m/%Y")),
        (_("Règle de protection"), str(LEGEND)),
    ):
        data.append([safe(label), safe(value)])
    return data


def workbook_bytes(indicators: list[Indicator], **about) -> bytes:
    """The whole dashboard: a first sheet saying what it counts, then one sheet per indicator."""
    book = tablib.Databook()
    book.add_sheet(about_sheet(**about))
    seen = set()
    for indicator in indicators:
        sheet = dataset(indicator)
        title, n = sheet.title, 2
        while title in seen:  # unique sheet names, still at most 31 characters
            suffix = f" ({n})"
            title, n = sheet.title[: 31 - len(suffix)] + suffix, n + 1
        seen.add(title)
        sheet.title = title
        book.add_sheet(sheet)
    return book.export("xlsx")
