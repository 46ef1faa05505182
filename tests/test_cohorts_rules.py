"""The cohort programmes' calculations, without the database: the goal's progress, what counts as a move, and
the side-by-side sheet of what changes on a move (issue 18)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from passerelles.cohorts import rules

END = datetime.date(2029, 6, 30)
LABELS = {
    key: key
    for key in (
        "employer",
        "position",
        "grade",
        "grade_equivalence",
        "gross_monthly_pay",
        "ri_monthly",
        "ri_yearly_bonus",
        "total",
        "notes",
    )
}


def side(pay, ri, cia="0", **extra):
    values = {
        "organisation": "Ville",
        "position": "Cheffe de service",
        "grade": "Attachée principale",
        "grade_equivalence": "",
        "gross_monthly_pay": Decimal(pay),
        "ri_monthly": Decimal(ri),
        "ri_yearly_bonus": Decimal(cia),
        "notes": "",
    }
    values.update(extra)
    return SimpleNamespace(**values)


def test_progress_counts_toward_the_goal_and_caps_the_percentage():
    half = rules.progress(moves=3, goal=6, end_on=END, today=datetime.date(2027, 1, 1))
    assert (half.percent, half.reached, half.over) == (50, False, False)
    beyond = rules.progress(moves=8, goal=6, end_on=END, today=END)
    assert (beyond.percent, beyond.reached, beyond.days_left) == (100, True, 0)
    late = rules.progress(moves=1, goal=6, end_on=END, today=END + datetime.timedelta(days=1))
    assert late.over and late.percent == 17


def test_only_an_accepted_opportunity_by_the_goal_date_is_a_move():
    assert rules.counts_as_move(state="accepted", accepted_on=END, end_on=END)
    assert not rules.counts_as_move(
        state="accepted", accepted_on=END + datetime.timedelta(days=1), end_on=END
    )
    assert not rules.counts_as_move(state="declined", accepted_on=None, end_on=END)
    assert not rules.counts_as_move(state="offered", accepted_on=None, end_on=END)


def test_the_sheet_puts_both_employers_side_by_side_with_the_monthly_difference():
    rows = {row.label: row for row in rules.compare(side("3200", "650", "1200"), side("3350", "800"), LABELS)}
    assert rows["gross_monthly_pay"].difference == Decimal("150")
    assert rows["ri_monthly"].difference == Decimal("150")
    assert rows["ri_yearly_bonus"].difference == Decimal("-1200")
    # the CIA is spread over twelve months in the total: 3200 + 650 + 100 against 3350 + 800
    assert rows["total"].origin == Decimal("3950.00") and rows["total"].host == Decimal("4150.00")
    assert rows["total"].difference == Decimal("200.00")
    assert rows["employer"].difference is None


def test_a_column_not_entered_yet_shows_nothing_and_no_difference():
    rows = {row.label: row for row in rules.compare(side("3200", "650"), None, LABELS)}
    assert rows["gross_monthly_pay"].host is None and rows["gross_monthly_pay"].difference is None
    assert rows["total"].origin == Decimal("3850.00") and rows["total"].difference is None
