"""Lists people can work with: sortable, paged django-tables2 tables, django-filter filtersets that say in French
what they ignored, and CSV / XLSX exports that a spreadsheet never runs as formulas.

A foundation module: any app (the interface's lists, the programmes' own list) imports it; it imports no app.
How to use it (docs/listes-et-exports.md):

    table = MyTable(filterset.qs)
    configure(request, table)                    # ?tri= (unknown column: ignored), ?page= (out of range: last)
    if fmt := export_format(request):            # ?export=csv|xlsx: the whole filtered list, every column
        return export_response(table, fmt, "missions-ville")

Every export goes through ``rows_response``: UTF-8 with a byte order mark and « ; » between cells for the CSV
(what French Excel opens as is, the convention of the engagements CSV since issue 13), an XLSX written by
openpyxl; in both, a text cell starting with = + - @ (or a tab, a carriage return) gets a leading apostrophe.
"""

import csv
import datetime
import inspect
import io
from decimal import Decimal
from functools import partial

import django_filters
import django_tables2 as tables
from django import forms
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import models
from django.http import HttpResponse
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import Accessor as A
from django_tables2.utils import AttributeDict, signature

from passerelles import boundary
from passerelles.foundation import keyset
from passerelles.foundation.quick_select import QuickSelect

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SORT_PARAM, PAGE_PARAM, EXPORT_PARAM = "tri", "page", "export"


def safe_cell(value) -> str:
    """A spreadsheet never runs a cell as a formula: text starting like one gets an apostrophe in front."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value, fmt: str):
    """A value as the file writes it: numbers and dates stay numbers and dates in XLSX; the rest is text."""
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, int | float | Decimal):
        return value if fmt == "xlsx" else str(value).replace(".", ",")
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value if fmt == "xlsx" else f"{value:%d/%m/%Y}"
    return safe_cell(value)


class Table(tables.Table):
    """Our tables: our own template (caption, headers that sort, a scroll box named for screen readers), French
    texts, and ``?tri=`` / ``?page=``. ``count_label`` and ``region_label`` are set per table."""

    region_label = _("Liste")

    def count_label(self, count: int) -> str:
        """The caption: how many lines the filtered list holds (« 3 engagements »)."""
        return ""

    @property
    def caption(self) -> str:
        if getattr(self, "keyset", False):  # pages by key: nothing counts the whole list on each view
            return str(self.region_label)
        return self.count_label(self.paginator.count) if hasattr(self, "paginator") else ""

    class Meta:
        template_name = "lists/_table.html"
        order_by_field = SORT_PARAM
        page_field = PAGE_PARAM
        per_page = 50
        empty_text = _("Aucune ligne ne correspond à ces filtres.")

    def body_rows(self):
        """The page's rows, each one piece of HTML (``<tr>`` and its cells). Drawn by the template, a page of 50
        rows took ~19 ms of processor (the directory: most of its time at 100,000 agents): a template loop per
        cell, and django-tables2 recomputing each column's cell attributes for every cell. Here the cells are
        still django-tables2's own (``render_<column>``, a choice's label, links), localised and escaped as
        ``{{ cell }}`` did; a column's attributes are computed once unless they depend on the row."""
        columns = list(self.columns)
        per_row = {column.name for column in columns if _depends_on_row(self.attrs, column.column.attrs)}
        fixed = {
            column.name: column.attrs["td"].as_html() for column in columns if column.name not in per_row
        }
        renderers = {column.name: _cell_renderer(column) for column in columns}
        row_attrs = _row_attrs_renderer(self)
        quick = self.quick_cells() or {}
        for row in self.paginated_rows:
            cells = []
            for column in columns:
                if column.name in quick:  # the table's own reading of this cell (``quick_cells``)
                    value = quick[column.name](row.record)
                    if value in column.column.empty_values:
                        value = column.default
                else:  # BoundRow.get_cell, with the column's own renderer
                    value = row._get_and_render_with(
                        column, partial(renderers[column.name], row), column.default
                    )
                if column.name in per_row:
                    column.current_value, column.current_record = value, row.record
                    attributes = column.attrs["td"].as_html()
                else:
                    attributes = fixed[column.name]
                cells.append(
                    f"<td {attributes}>{conditional_escape(localize(template_localtime(value)))}</td>"
                )
            yield mark_safe(f"<tr {row_attrs(row)}>{''.join(cells)}</tr>")  # noqa: S308 — escaped above

    def quick_cells(self) -> dict | None:
        """For a list drawn at every view of a large organisation: ``{column name: function(record) → cell}``,
        the cells read straight from the record instead of through django-tables2's accessor and renderer (a
        dozen calls per cell: ~7 ms of the directory's 50 rows at 100,000 agents). Empty values still give the
        column's default, and every cell is escaped as the others. The HTML must be the one django-tables2
        draws: a table that defines this has a test drawing its page both ways."""
        return None

    def export_rows(self) -> tuple[list[str], list[list]]:
        """The headers and every row (not only the page) of the columns not excluded from exports; cells are
        the values (``value_<column>`` when the table defines it), not the page's HTML — what django-tables2's
        ``as_values()`` gives, without its per-cell introspection (a 30,000-agent export stays seconds, not
        minutes)."""
        columns = [column for column in self.columns.iterall() if not column.column.exclude_from_export]
        headers = [str(column.header) for column in columns]
        getters = [self._export_getter(column) for column in columns]
        return headers, [[get(record) for get in getters] for record in self.data]

    def _export_getter(self, bound_column):
        """One function per column, worked out once: the accessor's value (a choice's label, as django-tables2
        shows it), then the table's ``value_<column>`` or the column's own ``value``."""
        accessor = A(bound_column.accessor)
        column = bound_column.column
        method = getattr(self, f"value_{bound_column.name}", None)
        if method is None and hasattr(self, f"render_{bound_column.name}"):
            # HTML on the page and no export value given: django-tables2's own (slower) way, for this column
            return lambda record: BoundRow(record, table=self).get_cell_value(bound_column.name)
        if method is None and type(column).value is not tables.Column.value:
            method = column.value
        wanted = set(inspect.signature(method).parameters) if method is not None else set()

        path = str(accessor).replace(".", "__").split("__")

        def value_of(record):
            # the accessor's path followed attribute by attribute (dict keys too); the last step of a model
            # field with choices gives its label, as django-tables2 shows it
            target = record
            for step in path[:-1]:
                target = target.get(step) if isinstance(target, dict) else getattr(target, step, None)
                if target is None:
                    return None
            last = path[-1]
            if isinstance(target, dict):
                return target.get(last)
            if isinstance(target, models.Model):
                display = getattr(target, f"get_{last}_display", None)
                if display is not None:
                    return display()
            try:
                return getattr(target, last)
            except Exception:  # noqa: BLE001 — as django-tables2: a value that cannot be reached is empty
                return None

        def get(record):
            value = value_of(record)
            if value in column.empty_values:
                return None
            if method is None:
                return value
            return method(
                **{name: arg for name, arg in (("value", value), ("record", record)) if name in wanted}
            )

        return get


def _cell_renderer(bound_column):
    """django-tables2's ``BoundRow._call_render`` for one column, with the arguments its ``render`` takes worked
    out once (``inspect.signature`` at every cell was a quarter of the rows' time)."""
    call = _caller(bound_column.render)

    def render(row, bound_column, value=None):
        given = row._optional_cell_arguments(bound_column, value)
        content = call(given)
        return bound_column.link(content, **given) if bound_column.link else content

    return render


def _caller(function):
    """django-tables2's ``call_with_appropriate`` for ``function``, its signature read once: called with the
    arguments it takes among those given, or not at all (None) when one it needs is missing."""
    arguments, catch_all = signature(function)

    def call(given: dict):
        if catch_all:
            return function(**given)
        if all(name in given for name in arguments):
            return function(**{name: given[name] for name in arguments})
        return None

    return call


def _row_attrs_renderer(table):
    """django-tables2's ``BoundRow.attrs.as_html()`` for each row, with the arguments of the table's callable
    ``row_attrs`` worked out once (``inspect.signature`` at every row was 2 ms of a 50-row page). Nested
    values keep django-tables2's own way."""
    plan = []
    for key, value in dict(table.row_attrs).items():
        if isinstance(value, dict):
            return lambda row: row.attrs.as_html()
        plan.append((key, _caller(value) if callable(value) else (lambda given, value=value: value)))

    def attributes(row):
        given = {"table": table, "record": row.record}
        values = {key: compute(given) for key, compute in plan}
        css = row.get_even_odd_css_class()
        values["class"] = f"{values['class']} {css}" if values.get("class") else css
        # AttributeDict.as_html(), without format_html_join's machinery at every row
        return " ".join(
            f'{conditional_escape(key)}="{conditional_escape(value)}"'
            for key, value in values.items()
            if key not in AttributeDict.blacklist and value is not None
        )

    return attributes


def _depends_on_row(table_attrs, column_attrs) -> bool:
    """Whether a column's cell attributes are computed from each row (a callable among them)."""
    merged = {**dict(table_attrs), **dict(column_attrs)}
    cell = merged.get("td", merged.get("cell", {}))
    return callable(cell) or any(callable(value) for value in dict(cell).values())


def sort(request, table: Table) -> Table:
    """Sort the table from ``?tri=``: an unknown column is ignored (django-tables2 keeps only orderable column
    names); the primary key breaks ties so that pages never overlap."""
    requested = request.GET.get(SORT_PARAM, "").strip()[:100]
    # only our orderable columns' names reach django-tables2 (it would read anything else as an accessor path)
    orderable = {column.name for column in table.columns.iterorderable()}
    names = [name.strip() for name in requested.split(",")]
    requested = [name for name in names if name.removeprefix("-") in orderable]
    if requested:
        try:
            table.order_by = requested
        except FieldError:  # a column whose accessor the database cannot sort by: the order asked is ignored
            table.order_by = ()
    data = getattr(table.data, "data", None)
    if table.order_by and hasattr(data, "query"):
        table.data.data = data.order_by(*data.query.order_by, "pk")
    return table


def configure(request, table: Table, per_page: int | None = None) -> Table:
    """Sort and page the table from the query string: a page that is not a number shows the first page, one
    out of range the last; the page size is ours, never the query string's."""
    sort(request, table)
    page = boundary.object_id(request.GET.get(PAGE_PARAM)) or 1
    table.request = request
    try:
        table.paginate(per_page=per_page or settings.PAGE_SIZE, page=page)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


def keyset_configure(request, table: Table, name: str, per_page: int | None = None) -> Table:
    """Sort the table from ``?tri=`` and show the page after ``?apres=`` (foundation/keyset.py): the database
    reads one page from an index whatever the list's length, and nothing counts it. The page has « page
    suivante » (and « première page »), never « page 3 sur 812 »."""
    sort(request, table)
    page = keyset.paginate(
        table.data.data,
        request.GET.get(keyset.CURSOR_PARAM),
        name=name,
        size=per_page or settings.PAGE_SIZE,
    )
    page.object_list = list(BoundRows(data=page.object_list, table=table))
    table.request = request
    table.page = page
    table.keyset = True
    return table


def export_format(request) -> str | None:
    """``?export=csv`` or ``?export=xlsx``; anything else is no export (the page is shown)."""
    fmt = request.GET.get(EXPORT_PARAM, "")
    return fmt if fmt in EXPORT_FORMATS else None


def export_response(table: Table, fmt: str, name: str) -> HttpResponse:
    headers, rows = table.export_rows()
    return rows_response(headers, rows, fmt, name)


def rows_response(headers, rows, fmt: str, name: str) -> HttpResponse:
    """The file to download: ``name`` gets the extension of ``fmt`` (csv or xlsx)."""
    content = csv_bytes(headers, rows) if fmt == "csv" else xlsx_bytes(headers, rows, title=name)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def csv_bytes(headers, rows) -> bytes:
    """UTF-8 with a byte order mark and « ; » between cells: French Excel opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
        writer.writerow([_cell(value, "csv") for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(headers, rows, *, title: str = "") -> bytes:
    """One sheet, headers in bold and frozen, dates as dates (JJ/MM/AAAA), numbers as numbers; written row
    by row (openpyxl's write-only mode: a 100,000-line export does not hold every cell object in memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_cell(value, "xlsx"))
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    """Excel refuses []:*?/\\ in a sheet's name and more than 31 characters."""
    cleaned = "".join("-" if char in "[]:*?/\\" else char for char in str(name or "Liste"))
    return cleaned[:31] or "Liste"


class FilterSet(django_filters.FilterSet):
    """A filterset whose bad values are ignored one by one, each with a French sentence (``messages``: the
    filter's name → the sentence; ``problems()`` lists those of the values given), never a server error. A
    check across filters (a period upside down) raises ``ValidationError(sentence, code="said")`` in the form."""

    messages: dict = {}  # may hold %(value)s: the value given, cut to 20 characters
    default_message = _("Valeur inconnue : ce filtre est ignoré.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the lists' choices drawn without a template per option (foundation/quick_select.py), same HTML
        for item in self.filters.values():
            if "widget" not in item.extra and getattr(item.field_class, "widget", None) is forms.Select:
                item.extra["widget"] = QuickSelect

    def problems(self) -> list[str]:
        self.form.is_valid()  # validates the form
        said = []
        for name, errors in self.form.errors.as_data().items():
            for error in errors:
                if error.code == "said" or name not in self.filters:
                    message = " ".join(str(m) for m in error.messages)
                else:
                    value = str(self.data.get(name, ""))[:20]
                    message = str(self.messages.get(name, self.default_message)) % {"value": value}
                if message not in said:
                    said.append(message)
        return said

    @property
    def active(self) -> bool:
        self.form.is_valid()
        return any(value not in (None, "", []) for value in self.form.cleaned_data.values())

    def display_form(self):
        """The form to show again: the values kept, those ignored left empty (they filter nothing)."""
        self.form.is_valid()
        data = self.data.copy() if hasattr(self.data, "copy") else dict(self.data)
        for name in self.form.errors:
            data.pop(name, None)
        return self.form.__class__(data=data, prefix=self.form.prefix, auto_id="%s")


class DayField(forms.Field):
    """A date « AAAA-MM-JJ » read through ``boundary.date`` (years 1900–2200), shown as a date picker."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def to_python(self, value):
        if value in (None, ""):
            return None
        day = boundary.date(value)
        if day is None:
            raise forms.ValidationError(_("Date illisible"), code="invalid")
        return day


class DayFilter(django_filters.Filter):
    field_class = DayField


class DayColumn(tables.Column):
    """A date shown JJ/MM/AAAA on the page, kept a date in exports (a date cell in XLSX)."""

    def render(self, value):
        return date_format(value, "d/m/Y")

    def value(self, value):
        return value


def list_response(
    request, template: str, *, table: Table, filterset=None, export_name: str, context=None, keyset_name=None
):
    """A list page and its exports in one view: ``?export=csv|xlsx`` downloads the whole filtered list (every
    row in the order asked, the export's columns); otherwise the page, sorted and paged, with the filters' French sentences about
    what they ignored. With ``keyset_name`` the page is read by key (``keyset_configure``), for lists as long
    as an organisation's staff."""
    from django.contrib import messages
    from django.shortcuts import render

    if fmt := export_format(request):
        return export_response(sort(request, table), fmt, export_name)
    if filterset is not None:
        for problem in filterset.problems():
            messages.error(request, problem)
    if keyset_name:
        keyset_configure(request, table, keyset_name)
    else:
        configure(request, table)
    return render(
        request,
        template,
        {
            "table": table,
            "filter_form": filterset.display_form() if filterset is not None else None,
            "filters_active": filterset.active if filterset is not None else False,
            **(context or {}),
        },
    )
