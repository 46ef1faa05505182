"""Small-cell protection (insights/suppression.py and the indicators' tables): no count from 1 to 4 is shown,
and no shown total lets a hidden cell be recomputed."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from passerelles.insights.indicators.base import MASKED, SMALL, one_way, two_way
from passerelles.insights.suppression import protect_counts, protect_table

counts = st.one_of(st.integers(0, 6), st.integers(0, 40))
tables = st.integers(1, 6).flatmap(
    lambda columns: st.lists(st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=6)
)


def check(values, table):
    rows, columns = len(values), len(values[0])
    shown = [v for line in table.cells for v in line if v is not None]
    shown += [v for v in table.row_totals + table.column_totals + [table.total] if v is not None]
    assert not [v for v in shown if 1 <= v <= 4], "a count from 1 to 4 is shown"
    for r in range(rows):  # what is shown is true
        for c in range(columns):
            assert table.cells[r][c] in (None, values[r][c])
    for r in range(rows):
        hidden = sum(table.cells[r][c] is None for c in range(columns))
        if table.row_totals[r] is not None:
            assert hidden != 1, f"row {r}: a single hidden cell is its total minus the others"
            assert table.row_totals[r] == sum(values[r])
        else:  # a hidden total whose cells are all shown would be no secret (and give away another cell)
            assert hidden >= 1, f"row {r}: hidden total, every cell shown"
    for c in range(columns):
        hidden = sum(table.cells[r][c] is None for r in range(rows))
        if table.column_totals[c] is not None:
            assert hidden != 1, f"column {c}: a single hidden cell is its total minus the others"
        else:
            assert hidden >= 1, f"column {c}: hidden total, every cell shown"
    hidden_row_totals = sum(t is None for t in table.row_totals)
    hidden_column_totals = sum(t is None for t in table.column_totals)
    if table.total is not None:
        assert hidden_row_totals != 1 and hidden_column_totals != 1
    else:
        assert hidden_row_totals >= 1 or rows == 1 or sum(map(sum, values)) in range(1, 5)


@settings(max_examples=400, deadline=None)
@given(tables)
def test_random_tables_hide_small_counts_and_leave_nothing_recomputable(values):
    check(values, protect_table(values))


@settings(max_examples=300, deadline=None)
@given(st.lists(counts, min_size=1, max_size=10))
def test_random_one_way_breakdowns(values):
    shown, total = protect_counts(values)
    hidden = sum(v is None for v in shown)
    assert not [v for v in shown if v is not None and 1 <= v <= 4]
    assert total is None or (total == sum(values) and hidden != 1 and not 1 <= total <= 4)


def test_hand_checked_examples():
    # « la seule agente de catégorie A+ » (1) is hidden, and the next smallest cell with her
    shown, total = protect_counts([1, 12, 30, 8])
    assert shown == [None, 12, 30, None] and total == 51
    # nothing small: everything shown, zero included
    assert protect_counts([0, 5, 9]) == ([0, 5, 9], 14)
    # three people in all: no figure at all
    shown, total = protect_counts([2, 1, 0])
    assert total is None and shown[0] is None and shown[1] is None
    # a cross table: the hidden 3 is complemented in its row and in its column
    table = protect_table([[3, 10, 7], [6, 8, 9]])
    assert table.cells == [[None, 10, None], [None, 8, None]]
    assert table.row_totals == [20, 23] and table.column_totals == [9, 18, 16] and table.total == 43


def test_a_hidden_total_is_an_entry_of_its_line():
    """Two agents of the « Cabinet » gone to another organisation: their row total (2) is hidden; hiding the
    next row total alone (the « Culture » row, 5) would tell nothing, its cells being shown — and 13 − 6 − 5
    would give the 2 back. The rule reads each total as an entry of its lines, so a cell goes with it."""
    table = protect_table([[0, 0, 2], [0, 5, 0], [6, 0, 0]])
    check([[0, 0, 2], [0, 5, 0], [6, 0, 0]], table)
    assert table.cells[0][2] is None and table.row_totals[0] is None and table.column_totals[2] is None
    assert table.total == 13


def test_the_indicators_tables_mark_hidden_counts_and_mask_their_shares():
    indicator = one_way("x", "Titre", "Catégorie", ["A+", "A", "B", "C"], [2, 10, 20, 30])
    assert indicator.rows[0] == ["A+", SMALL, MASKED]
    assert indicator.rows[1] == ["A", SMALL, MASKED]  # the complement: 2 = 62 - 10 - 20 - 30 otherwise
    assert indicator.rows[2] == ["B", 20, Decimal("32.3")]
    assert indicator.total == ["Total", 62, Decimal(100)]
    assert indicator.protected
    cross = two_way("y", "Titre", "coin", ["r1", "r2"], ["c1", "c2"], [[5, 6], [7, 8]])
    assert not cross.protected and cross.total == ["Total", 12, 14, 26]
