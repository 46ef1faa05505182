"""Small-cell protection for every breakdown a dashboard shows (no database).

A count from 1 to 4 in a breakdown can single a person out (« la seule agente de catégorie A+ partie en
mission »): it is *suppressed* (shown as « < 5 », the same mark for every hidden cell). A suppressed cell must
not be recomputable from what is shown either: when a line (a row or a column whose total is shown) holds a
single suppressed cell, the total minus the others would give it back, so the next smallest cell of that line
is hidden too (*complementary* suppression), until every line with a shown total holds none or at least two
hidden cells. A line with a single cell hides its total instead. Zero is shown: it singles nobody out — unless
it is picked as a complement.

Totals are computed from the true values before hiding (a total is an honest count), and a total itself under
5 is hidden as well: a breakdown of three people shows no figure at all.
"""

from dataclasses import dataclass

THRESHOLD = 5


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


@dataclass
class Protected:
    """A protected table: ``cells[r][c]``, ``row_totals[r]``, ``column_totals[c]`` and ``total`` hold the
    count, or None where it is hidden."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    @property
    def hidden_count(self) -> int:
        return sum(value is None for row in self.cells for value in row)


def _complement(line: list[tuple[int, int]], hidden: set, values) -> bool:
    """Hide one more cell of ``line`` (positions) when exactly one is hidden; True if something changed."""
    hidden_here = [pos for pos in line if pos in hidden]
    if len(hidden_here) != 1:
        return False
    candidates = [pos for pos in line if pos not in hidden]
    if not candidates:
        return False
    # The smallest other cell costs the least information; ties go to the first, for a stable result.
    hidden.add(min(candidates, key=lambda pos: (values[pos[0]][pos[1]], pos)))
    return True


def protect_table(
    values: list[list[int]], *, row_totals_shown: bool = True, column_totals_shown: bool = True
):
    """Protect a two-way table of counts (rows × columns), with its row totals, column totals and grand total.

    A one-way breakdown is a table of one row (``protect_counts``).
    """
    rows = len(values)
    columns = len(values[0]) if rows else 0
    hidden = {(r, c) for r in range(rows) for c in range(columns) if is_small(values[r][c])}
    row_sums = [sum(row) for row in values]
    column_sums = [sum(values[r][c] for r in range(rows)) for c in range(columns)]
    grand = sum(row_sums)
    hidden_row_totals = {r for r in range(rows) if is_small(row_sums[r])}
    hidden_column_totals = {c for c in range(columns) if is_small(column_sums[c])}
    changed = True
    while changed:
        changed = False
        for r in range(rows):
            line = [(r, c) for c in range(columns)]
            if row_totals_shown and r not in hidden_row_totals:
                if columns == 1 and (r, 0) in hidden:
                    hidden_row_totals.add(r)
                    changed = True
                else:
                    changed |= _complement(line, hidden, values)
        for c in range(columns):
            line = [(r, c) for r in range(rows)]
            if column_totals_shown and c not in hidden_column_totals:
                if rows == 1 and (0, c) in hidden:
                    hidden_column_totals.add(c)
                    changed = True
                else:
                    changed |= _complement(line, hidden, values)
        # A hidden total is a hidden cell of the line of totals (shown with the grand total).
        if row_totals_shown and rows > 1 and len(hidden_row_totals) == 1:
            others = [r for r in range(rows) if r not in hidden_row_totals]
            hidden_row_totals.add(min(others, key=lambda r: (row_sums[r], r)))
            changed = True
        if column_totals_shown and columns > 1 and len(hidden_column_totals) == 1:
            others = [c for c in range(columns) if c not in hidden_column_totals]
            hidden_column_totals.add(min(others, key=lambda c: (column_sums[c], c)))
            changed = True
    return Protected(
        cells=[[None if (r, c) in hidden else values[r][c] for c in range(columns)] for r in range(rows)],
        row_totals=[None if r in hidden_row_totals else row_sums[r] for r in range(rows)],
        column_totals=[None if c in hidden_column_totals else column_sums[c] for c in range(columns)],
        total=None if is_small(grand) else grand,
    )


def protect_counts(counts: list[int]) -> tuple[list[int | None], int | None]:
    """A one-way breakdown (one count per category) and its total: (shown counts, shown total)."""
    table = protect_table([list(counts)], row_totals_shown=True, column_totals_shown=False)
    return table.cells[0] if table.cells else [], table.total
