"""Small-cell protection for every breakdown a dashboard shows (no database).

A count from 1 to 4 in a breakdown can single a person out (« la seule agente de catégorie A+ partie en
mission »): it is *suppressed* (shown as « < 5 », the same mark for every hidden cell). A suppressed cell must
not be recomputable from what is shown either: when a line (a row or a column whose total is shown) holds a
single suppressed cell, the total minus the others would give it back, so the next smallest cell of that line
is hidden too (*complementary* suppression), until every line with a shown total holds none or at least two
hidden entries — a line's total counting as one of its entries (see ``protect_table``). Zero is shown: it
singles nobody out — unless it is picked as a complement.

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


def _complement(line: list, hidden: set, grid: dict) -> bool:
    """Hide one more entry of ``line`` (positions) when exactly one is hidden; True if something changed."""
    hidden_here = [pos for pos in line if pos in hidden]
    if len(hidden_here) != 1:
        return False
    candidates = [pos for pos in line if pos not in hidden]
    if not candidates:
        return False
    # The smallest other entry costs the least information; ties go to the first, for a stable result.
    hidden.add(min(candidates, key=lambda pos: (grid[pos], pos)))
    return True


def protect_table(
    values: list[list[int]], *, row_totals_shown: bool = True, column_totals_shown: bool = True
):
    """Protect a two-way table of counts (rows × columns), with its row totals, column totals and grand total.

    The table is read with its margins: row ``r`` is its cells and its total, column ``c`` its cells and its
    total, and the line of totals holds the grand total too. Each such line is an equation (the cells add up
    to the total), so each must hold no hidden entry or at least two, whichever entries they are: a hidden
    row total whose cells are all shown would be no secret, and would give away the cell hidden beside it.
    A one-way breakdown is a table of one row (``protect_counts``).
    """
    rows = len(values)
    columns = len(values[0]) if rows else 0
    grid = {(r, c): values[r][c] for r in range(rows) for c in range(columns)}
    row_sums = [sum(row) for row in values]
    column_sums = [sum(values[r][c] for r in range(rows)) for c in range(columns)]
    grand = sum(row_sums)
    lines = []
    if row_totals_shown:
        for r in range(rows):
            grid[(r, columns)] = row_sums[r]
            lines.append([(r, c) for c in range(columns + 1)])
    if column_totals_shown:
        for c in range(columns):
            grid[(rows, c)] = column_sums[c]
            lines.append([(r, c) for r in range(rows + 1)])
    grid[(rows, columns)] = grand
    if row_totals_shown:
        lines.append([(r, columns) for r in range(rows + 1)])
    if column_totals_shown:
        lines.append([(rows, c) for c in range(columns + 1)])
    hidden = {pos for pos, value in grid.items() if is_small(value)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            changed |= _complement(line, hidden, grid)

    def shown(pos):
        return None if pos in hidden else grid[pos]

    return Protected(
        cells=[[shown((r, c)) for c in range(columns)] for r in range(rows)],
        row_totals=[shown((r, columns)) if row_totals_shown else row_sums[r] for r in range(rows)],
        column_totals=[shown((rows, c)) if column_totals_shown else column_sums[c] for c in range(columns)],
        total=shown((rows, columns)),
    )


def protect_counts(counts: list[int]) -> tuple[list[int | None], int | None]:
    """A one-way breakdown (one count per category) and its total: (shown counts, shown total)."""
    table = protect_table([list(counts)], row_totals_shown=True, column_totals_shown=False)
    return table.cells[0] if table.cells else [], table.total
