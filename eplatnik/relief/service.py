"""Drafting a relief application from the account.

* **Instalments** (RSR): the arrears month by month with their interest up to the application date
  (ZUS charges no interest from the day after it receives the application, art. 29 ust. 5a SUS via
  relief-and-evisits.md §1), spread over N monthly instalments due on the last day of each month from
  the month after the application; each carries an estimated prolongation fee (50 % of the interest
  rate, for the days from the application to the instalment's date, full złoty).
* **Deferral** (RSO): only contributions not yet due can be deferred (the application is filed no
  later than the deadline); the new deadline defaults to three months after the original one."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..clock import Clock
from ..errors import UserFacingError
from ..i18n import t
from .model import KINDS, ArrearsMonth, Instalment, ReliefDraft, ReliefPayer

NO_ARREARS = t("Płatnik {name} nie ma zaległości na dzień {day} — nie ma czego rozkładać na raty.",
               "The payer {name} has no arrears on {day} — there is nothing to spread into instalments.")
NO_ARREARS_HINT = t("Sprawdź wpłaty (eplatnik-cli payments import …) albo konto (eplatnik-cli account --payer NIP).",
                    "Check the payments (eplatnik-cli payments import …) or the account (eplatnik-cli account "
                    "--payer NIP).")
NOTHING_TO_DEFER = t("Płatnik {name} nie ma składek przed terminem płatności — odroczyć można tylko składki, "
                     "których termin jeszcze nie minął.", "The payer {name} has no contributions before their "
                     "deadline — only contributions not yet due can be deferred.")
NOTHING_TO_DEFER_HINT = t("Zaległości można rozłożyć na raty: --kind instalments.",
                          "Arrears can be spread into instalments: --kind instalments.")
BAD_KIND = t("Nieznany rodzaj wniosku „{kind}” (instalments albo deferral).",
             "Unknown application kind '{kind}' (instalments or deferral).")
BAD_COUNT = t("Liczba rat musi być od 2 do 120 (podano {count}).", "The number of instalments must be 2 to 120 "
              "(given {count}).")
REASON_TEMPLATE = t(
    "Z powodu przejściowych trudności finansowych nie mogę zapłacić całej należności jednorazowo. "
    "Zapłata w ratach (w terminie odroczonym) pozwoli mi regulować bieżące składki i prowadzić działalność.",
    "Because of temporary financial difficulties I cannot pay the whole amount at once. Paying in instalments "
    "(by a deferred deadline) will let me pay current contributions and keep the business going.")


class InvalidRelief(UserFacingError):
    exit_code = 2


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _fee(amount: Decimal, start: date, end: date, rate: Decimal) -> Decimal:
    days = max(0, (end - start).days)
    return (amount * rate * days / Decimal(36500)).quantize(Decimal(1), ROUND_HALF_UP)


class ReliefService:
    def __init__(self, ledger_for_nip: Callable, clock: Clock, interest_table: Callable) -> None:
        self.ledger_for_nip = ledger_for_nip
        self.clock = clock
        self.interest_table = interest_table

    def draft(self, nip: str, kind: str, *, instalments: int = 12, until: date | None = None,
              reason: str = "") -> ReliefDraft:
        if kind not in KINDS:
            raise InvalidRelief(BAD_KIND(kind=kind))
        today = self.clock.today()
        payer, ledger = self.ledger_for_nip(nip, today)
        table = self.interest_table()
        who = ReliefPayer(payer.nip, payer.full_name or payer.short_name, payer.short_name, payer.regon or "",
                          payer.pesel or "", _address(payer), payer.phone, payer.email)
        rate = table.rate_on(today)
        fee_rate = table.prolongation_rate(today)
        text = reason.strip() or REASON_TEMPLATE.render()
        if kind == "instalments":
            months = ledger.arrears_months
            if not months:
                raise InvalidRelief(NO_ARREARS(name=payer.short_name, day=f"{today:%d.%m.%Y}"), hint=NO_ARREARS_HINT)
            if not 2 <= instalments <= 120:
                raise InvalidRelief(BAD_COUNT(count=instalments))
            arrears = [ArrearsMonth(str(m.period), m.dues.deadline, m.balance, m.interest,
                                    dict(zip(m.left._fields, m.left))) for m in months]
            total = sum((m.principal + m.interest for m in arrears), Decimal("0.00"))
            base = (total / instalments).quantize(Decimal("0.01"), ROUND_HALF_UP)
            schedule = []
            for n in range(1, instalments + 1):
                amount = base if n < instalments else total - base * (instalments - 1)
                month = _add_months(today.replace(day=1), n)
                due = _month_end(month.year, month.month)
                schedule.append(Instalment(n, due, amount, _fee(amount, today, due, fee_rate)))
            return ReliefDraft("instalments", who, today, arrears, schedule, rate, fee_rate, text, "RSR")
        months = [m for m in ledger.months if m.balance > 0 and m.dues.deadline >= today]
        if not months:
            raise InvalidRelief(NOTHING_TO_DEFER(name=payer.short_name), hint=NOTHING_TO_DEFER_HINT)
        arrears = [ArrearsMonth(str(m.period), m.dues.deadline, m.balance, Decimal("0.00"),
                                dict(zip(m.left._fields, m.left))) for m in months]
        schedule = []
        for n, m in enumerate(arrears, 1):
            new_date = until or _add_months(m.deadline, 3)
            if new_date <= m.deadline:
                new_date = m.deadline + timedelta(days=1)
            schedule.append(Instalment(n, new_date, m.principal, _fee(m.principal, m.deadline, new_date, fee_rate)))
        return ReliefDraft("deferral", who, today, arrears, schedule, rate, fee_rate, text, "RSO")


def _address(payer: Any) -> str:   # register.models.Payer (not imported: relief stays off the register)
    line1 = " ".join(p for p in (payer.street, payer.house_no) if p)
    if payer.flat_no:
        line1 += f"/{payer.flat_no}"
    line2 = " ".join(p for p in (payer.postal_code, payer.city) if p)
    return ", ".join(p for p in (line1, line2) if p)
