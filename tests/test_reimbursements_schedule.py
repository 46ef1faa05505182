"""The schedule's arithmetic and the waiver rules, without a database (passerelles/reimbursements/schedule.py,
rules.py): periods cut to the dates, pro rata of days, the sum of the lines equal to the total to the cent,
and a recomputation that leaves the kept windows alone."""

import datetime
import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from passerelles.reimbursements import rules, schedule
from passerelles.reimbursements.models import WaiverReason

D = datetime.date


def test_quarters_follow_the_calendar_and_cut_the_first_and_last():
    periods = schedule.periods(D(2026, 2, 15), D(2026, 11, 10), schedule.QUARTER)
    assert [(p.window_start, p.start, p.end) for p in periods] == [
        (D(2026, 1, 1), D(2026, 2, 15), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 10, 1), D(2026, 11, 10)),
    ]


def test_months_across_a_year_end():
    periods = schedule.periods(D(2026, 12, 20), D(2027, 2, 1), schedule.MONTH)
    assert [(p.start, p.end) for p in periods] == [
        (D(2026, 12, 20), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 1, 31)),
        (D(2027, 2, 1), D(2027, 2, 1)),
    ]


def test_a_full_quarter_is_a_quarter_of_the_yearly_share_whatever_its_days():
    lines = schedule.compute(
        D(2026, 1, 1), D(2026, 12, 31), yearly_cost=Decimal("40000"), percent=20, frequency=schedule.QUARTER
    )
    assert [line.amount for line in lines] == [Decimal("2000.00")] * 4


def test_a_partial_month_counts_its_covered_days():
    # April has 30 days: 15 covered of 30 → half of a twelfth of 36,000 € × 50 % = 750 €
    (line,) = schedule.compute(
        D(2026, 4, 16), D(2026, 4, 30), yearly_cost=Decimal("36000"), percent=50, frequency=schedule.MONTH
    )
    assert line.amount == Decimal("750.00")
    # February 2028 has 29 days: 1 covered → 1/29 of 1,000 € = 34.48 €
    (line,) = schedule.compute(
        D(2028, 2, 10), D(2028, 2, 10), yearly_cost=Decimal("12000"), percent=100, frequency=schedule.MONTH
    )
    assert line.amount == Decimal("34.48")


def test_the_sum_of_the_lines_is_the_total_exactly():
    """Odd costs, odd time shares, odd dates: never a cent lost or invented."""
    rng = random.Random(18)
    for _ in range(300):
        start = D(2026, 1, 1) + datetime.timedelta(days=rng.randrange(700))
        end = start + datetime.timedelta(days=rng.randrange(1, 1100))
        cost = Decimal(rng.randrange(100, 9_000_000)) / 100
        percent = rng.randrange(1, 101)
        frequency = rng.choice([schedule.MONTH, schedule.QUARTER])
        lines = schedule.compute(start, end, yearly_cost=cost, percent=percent, frequency=frequency)
        total = schedule.total(start, end, yearly_cost=cost, percent=percent)
        assert sum(line.amount for line in lines) == total
        assert all(
            line.amount >= 0 and line.amount == line.amount.quantize(Decimal("0.01")) for line in lines
        )


def test_thirds_of_a_cent_do_not_drift():
    # 100 € a year at 1 %: 1 € a year; a third of a year's months would each round to 0.08: the total still 1.00
    lines = schedule.compute(
        D(2026, 1, 1), D(2026, 12, 31), yearly_cost=Decimal("100"), percent=1, frequency=schedule.MONTH
    )
    assert sum(line.amount for line in lines) == Decimal("1.00")
    assert {line.amount for line in lines} <= {Decimal("0.08"), Decimal("0.09")}


def test_recompute_leaves_the_kept_windows_alone():
    kept = {D(2026, 1, 1)}
    lines = schedule.recompute(
        D(2026, 1, 1),
        D(2026, 9, 30),
        yearly_cost=Decimal("40000"),
        percent=30,
        frequency=schedule.QUARTER,
        kept_windows=kept,
    )
    assert [line.period.window_start for line in lines] == [D(2026, 4, 1), D(2026, 7, 1)]
    assert [line.amount for line in lines] == [Decimal("3000.00")] * 2


def test_a_line_is_due_the_day_after_its_period():
    assert schedule.due_on(D(2026, 3, 31)) == D(2026, 4, 1)


def test_end_before_start_is_refused():
    with pytest.raises(ValueError):
        schedule.periods(D(2026, 3, 1), D(2026, 2, 1), schedule.MONTH)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("42 000,50", "42000.50"), ("42000.5", "42000.5"), ("41\u202f850,00 €", "41850.00"), ("7", "7")],
)
def test_amounts_as_people_type_them(typed, amount):
    assert rules.parse_amount(typed) == (Decimal(amount), "")


@pytest.mark.parametrize("typed", ["", "abc", "-5", "0", "1,234", "NaN", "Infinity", "1e9", "12,345"])
def test_amounts_refused_with_a_french_reason(typed):
    amount, error = rules.parse_amount(typed)
    if typed in ("1,234", "12,345"):  # three decimals: not a cent
        assert amount is None and "centime" in error
    else:
        assert amount is None and error


def _org(pk, kind="commune", attached_to=None):
    return SimpleNamespace(pk=pk, kind=kind, attached_to_id=attached_to, display_name=f"Org {pk}")


def test_the_attached_waiver_needs_organisations_really_attached():
    ville, ccas, departement = _org(1), _org(2, "ccas", attached_to=1), _org(3, "departement")
    ok = {"reason": WaiverReason.ATTACHED, "detail": "", "framework_code": "mise_a_disposition"}
    assert rules.waiver_refusal(origin=ville, host=ccas, **ok) == ""
    assert rules.waiver_refusal(origin=ccas, host=ville, **ok) == ""
    assert "ne sont pas rattachés" in rules.waiver_refusal(origin=ville, host=departement, **ok)


def test_other_waiver_needs_a_written_reason_and_unknown_reasons_are_refused():
    ville, departement = _org(1), _org(3, "departement")
    common = {"origin": ville, "host": departement, "framework_code": "mise_a_disposition"}
    assert "Précisez" in rules.waiver_refusal(reason=WaiverReason.OTHER, detail="  ", **common)
    assert (
        rules.waiver_refusal(reason=WaiverReason.OTHER, detail="Convention cadre du réseau", **common) == ""
    )
    assert "motif légal" in rules.waiver_refusal(reason="parce-que", detail="x", **common)


def test_an_association_is_always_reimbursed_unless_a_mecenat():
    ville, association = _org(1), _org(4, "association", attached_to=1)
    refusal = rules.waiver_refusal(
        reason=WaiverReason.ATTACHED,
        detail="",
        origin=ville,
        host=association,
        framework_code="mise_a_disposition",
    )
    assert "toujours remboursée" in refusal
    assert (
        rules.waiver_refusal(
            reason=WaiverReason.OTHER,
            detail="Mécénat gratuit : vaut subvention",
            origin=ville,
            host=association,
            framework_code="mecenat_competences",
        )
        == ""
    )
