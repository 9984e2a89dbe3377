"""Allocation of payments to dues as ZUS does it (sources in docs/account.md):

* a payment to the NRS covers the **oldest** unpaid month first (the earliest deadline), then the next;
* within a month it is split across the funds (FUS, FUZ, FP + FS, FGŚP, FEP) in the proportion of
  that month's declaration — the last one ZUS accepted, so a correction replaces what it corrects;
* what is left after every month due so far is an **overpayment**: it is carried forward and covers
  the next month's dues as soon as they arise (the day after the settlement month ends);
* interest runs on each month's unpaid part from the day after its deadline to the day of payment
  (or to the clock's today for what is still unpaid).

A pure function of its inputs (no database, no clock): the service passes ``today``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..period import Period
from .funds import FundAmounts
from .interest import InterestTable
from .money import ZERO


@dataclass(frozen=True)
class MonthDues:
    period: Period
    deadline: date
    amounts: FundAmounts
    set_id: int = 0
    number: str = "01"


@dataclass
class MonthLedger:
    dues: MonthDues
    paid: FundAmounts = field(default_factory=FundAmounts)
    interest_raw: Decimal = ZERO
    interest: Decimal = ZERO
    payments: list[tuple[date, Decimal]] = field(default_factory=list)
    _since: date | None = None           # the unpaid part has not changed since this day
    # kept as plain numbers (not recomputed from the funds): the dashboard runs this for 300 × 24 months
    due: Decimal = ZERO
    paid_total: Decimal = ZERO
    balance: Decimal = ZERO

    def __post_init__(self) -> None:
        self.due = self.dues.amounts.total
        self.paid_total = self.paid.total
        self.balance = self.due - self.paid_total

    def pay(self, part: FundAmounts, on: date) -> None:
        total = part.total
        self.paid = self.paid.plus(part)
        self.paid_total += total
        self.balance -= total
        self.payments.append((on, total))

    @property
    def period(self) -> Period:
        return self.dues.period

    @property
    def left(self) -> FundAmounts:
        return self.dues.amounts.minus(self.paid)

    def days_late(self, today: date) -> int:
        if self.balance <= 0:
            last = self.payments[-1][0] if self.payments else self.dues.deadline
            return max(0, (last - self.dues.deadline).days)
        return max(0, (today - self.dues.deadline).days)


@dataclass
class Ledger:
    today: date
    months: list[MonthLedger]
    overpayment: Decimal
    unallocated_payments: Decimal        # paid before any dues existed and still unused (part of overpayment)

    @property
    def due(self) -> Decimal:
        return sum((m.due for m in self.months), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((m.paid_total for m in self.months), ZERO)

    @property
    def arrears(self) -> Decimal:
        """Unpaid dues whose deadline has passed (zaległość)."""
        return sum((m.balance for m in self.months if m.dues.deadline < self.today and m.balance > 0), ZERO)

    @property
    def not_yet_due(self) -> Decimal:
        return sum((m.balance for m in self.months if m.dues.deadline >= self.today and m.balance > 0), ZERO)

    @property
    def interest(self) -> Decimal:
        return sum((m.interest for m in self.months), ZERO)

    @property
    def arrears_months(self) -> list[MonthLedger]:
        return [m for m in self.months if m.dues.deadline < self.today and m.balance > 0]


def _accrue(month: MonthLedger, until: date, table: InterestTable) -> None:
    """Interest on the month's current unpaid part from where it was last settled up to ``until``."""
    start = max(month.dues.deadline, month._since or month.dues.deadline)
    if until > start and month.balance > 0:
        month.interest_raw += table.accrue(month.balance, start, until)
    month._since = max(until, month._since or until)


def allocate(dues: list[MonthDues], payments: list[tuple[date, Decimal]], today: date,
             table: InterestTable, *, by_fund: bool = True) -> Ledger:
    """``by_fund=False`` keeps only the month totals (what the dashboard needs; the totals, arrears and
    interest are the same, the per-fund split is left empty)."""
    months = [MonthLedger(d) for d in sorted(dues, key=lambda d: (d.deadline, d.period))]
    # (day, 0 = the month's dues arise / 1 = a payment, index)
    events = [(m.period.next().first_day(), 0, i) for i, m in enumerate(months)]
    events += [(day, 1, i) for i, (day, _amount) in enumerate(payments)]
    events.sort()
    open_months: list[MonthLedger] = []
    credit = ZERO
    for day, kind, index in events:
        if kind == 0:
            open_months.append(months[index])
            open_months.sort(key=lambda m: (m.dues.deadline, m.period))
            amount, source_day = credit, day
            credit = ZERO
        else:
            amount, source_day = payments[index][1], day
        for month in open_months:
            if amount <= 0:
                break
            if month.balance <= 0:
                continue
            _accrue(month, source_day, table)
            if not by_fund:
                paid = min(amount, month.balance)
                month.paid_total += paid
                month.balance -= paid
                month.payments.append((source_day, paid))
                amount -= paid
                continue
            left = month.left
            part = left if amount >= month.balance else left.split(amount, month.dues.amounts)
            month.pay(part, source_day)
            amount -= part.total
        open_months = [m for m in open_months if m.balance > 0]
        credit += amount
    for month in months:
        _accrue(month, today, table)
        settled = month.payments[-1][0] if month.balance <= 0 and month.payments else today
        month.interest = table.charged(month.interest_raw, settled)
    unallocated = credit if not months else ZERO
    return Ledger(today, months, credit, unallocated)

