"""Allocation as ZUS does it and late-payment interest, on hand-made dues and payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from eplatnik.account.allocation import MonthDues, allocate
from eplatnik.account.funds import FundAmounts
from eplatnik.account.interest import load_interest_table
from eplatnik.period import Period

D = Decimal
TABLE = load_interest_table()


def month(period: str, deadline: str, fus: str, fuz: str = "0", fp: str = "0") -> MonthDues:
    return MonthDues(Period.parse(period), date.fromisoformat(deadline), FundAmounts(D(fus), D(fuz), D(fp)))


def test_a_payment_covers_the_oldest_month_first_and_splits_in_the_declarations_proportion():
    dues = [month("2026-09", "2026-10-20", "1000.00", "400.00", "100.00"),
            month("2026-10", "2026-11-20", "1000.00", "400.00", "100.00")]
    ledger = allocate(dues, [(date(2026, 11, 19), D("750.00"))], date(2026, 11, 19), TABLE)
    sept, october = ledger.months
    assert sept.paid == FundAmounts(D("500.00"), D("200.00"), D("50.00"))
    assert october.paid_total == 0
    assert ledger.arrears == D("750.00")          # September is past its deadline
    assert ledger.not_yet_due == D("1500.00")     # October is not yet


def test_an_overpayment_carries_forward_to_the_next_month():
    dues = [month("2026-09", "2026-10-20", "1000.00"), month("2026-10", "2026-11-20", "1000.00")]
    ledger = allocate(dues, [(date(2026, 10, 10), D("1600.00"))], date(2026, 11, 25), TABLE)
    assert [m.paid_total for m in ledger.months] == [D("1000.00"), D("600.00")]
    assert ledger.overpayment == 0
    more = allocate(dues, [(date(2026, 10, 10), D("2100.00"))], date(2026, 11, 25), TABLE)
    assert more.overpayment == D("100.00") and more.arrears == 0


def test_a_payment_before_the_month_ends_waits_as_credit_for_that_month():
    dues = [month("2026-10", "2026-11-20", "500.00")]
    ledger = allocate(dues, [(date(2026, 10, 28), D("500.00"))], date(2026, 12, 1), TABLE)
    assert ledger.months[0].balance == 0 and ledger.arrears == 0 and ledger.interest == 0


def test_interest_runs_from_the_day_after_the_deadline_to_the_payment_day_inclusive():
    # 36 412,07 due 15.10.2026, paid 20.11.2026: 36 days at 11 % → 395,05 → 395 zł (full złoty)
    dues = [month("2026-09", "2026-10-15", "36412.07")]
    ledger = allocate(dues, [(date(2026, 11, 20), D("36412.07"))], date(2026, 12, 31), TABLE)
    assert ledger.months[0].interest == D("395")
    assert ledger.arrears == 0


def test_interest_under_one_percent_of_the_minimum_wage_is_not_charged():
    # 2 000 zł 40 days late at 11 %: 24,11 zł ≤ 48,06 zł (1 % of the 2026 minimum wage)
    dues = [month("2026-09", "2026-10-20", "2000.00")]
    ledger = allocate(dues, [], date(2026, 11, 29), TABLE)
    assert ledger.months[0].interest_raw > D("24") and ledger.months[0].interest == 0
    assert ledger.arrears == D("2000.00")


def test_interest_follows_rate_changes_and_partial_payments():
    # 10 000 zł due 20.11.2025: 14 days at 11.5 % (to 3.12) + 1 day at 11 %… then half paid on 20.12.2025
    dues = [month("2025-10", "2025-11-20", "10000.00")]
    ledger = allocate(dues, [(date(2025, 12, 20), D("5000.00"))], date(2026, 1, 19), TABLE)
    expected = (D(10000) * D("11.50") * 13 / 36500 + D(10000) * D("11.00") * 17 / 36500
                + D(5000) * D("11.00") * 30 / 36500)
    assert abs(ledger.months[0].interest_raw - expected) < D("0.0001")
    assert ledger.months[0].interest == expected.quantize(D(1))
    assert TABLE.rate_on(date(2025, 12, 3)) == D("11.50") and TABLE.rate_on(date(2025, 12, 4)) == D("11.00")


def test_a_correction_lowering_the_dues_turns_the_excess_into_overpayment():
    paid = [(date(2026, 11, 10), D("1000.00"))]
    ledger = allocate([month("2026-10", "2026-11-20", "800.00")], paid, date(2026, 11, 25), TABLE)
    assert ledger.months[0].balance == 0 and ledger.overpayment == D("200.00")


def test_fund_split_never_loses_a_grosz():
    left = FundAmounts(D("333.33"), D("333.33"), D("333.34"))
    part = left.split(D("100.00"), left)
    assert part.total == D("100.00") and all(p <= q for p, q in zip(part, left))


def test_totals_only_allocation_gives_the_same_arrears_and_interest():
    dues = [month("2025-09", "2025-10-15", "36412.07", "900.00", "50.00"),
            month("2025-10", "2025-11-17", "36412.07", "900.00", "50.00")]
    paid = [(date(2025, 11, 20), D("30000.00")), (date(2025, 12, 30), D("20000.00"))]
    full = allocate(dues, paid, date(2026, 2, 1), TABLE)
    quick = allocate(dues, paid, date(2026, 2, 1), TABLE, by_fund=False)
    assert (full.arrears, full.interest, full.overpayment) == (quick.arrears, quick.interest, quick.overpayment)
    assert full.interest > 0
