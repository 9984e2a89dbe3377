"""Absences and benefits entered for insured persons (sick leave, maternity, unpaid leave …).

They become ZUS RSA blocks of the month they fall in: an absence crossing months is split at the
month's edges, each part in its own month's RSA (RSA III.B p3/p4 dates, p5 days).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import FieldError, ValidationFailed
from ..i18n import t
from ..period import Period
from .model import InsuranceTitle, RsaItem

if TYPE_CHECKING:
    from ..app import App

BAD_CODE = t("Kod świadczenia/przerwy to 3 cyfry, np. 331.", "A benefit/absence code is 3 digits, e.g. 331.")
BAD_DATES = t("Data „do” nie może być wcześniejsza niż „od”.", "The 'to' date cannot be before 'from'.")
NEGATIVE = t("Kwota nie może być ujemna.", "The amount cannot be negative.")


@dataclass
class Absence:
    insured_id: int
    code: str
    date_from: date
    date_to: date
    amount: Decimal | None = None
    payer_id: int | None = None
    id: int | None = None

    def validate(self) -> list[FieldError]:
        errors = []
        if not re.fullmatch(r"\d{3}", self.code or ""):
            errors.append(FieldError("code", BAD_CODE))
        if self.date_to < self.date_from:
            errors.append(FieldError("date_to", BAD_DATES))
        if self.amount is not None and self.amount < 0:
            errors.append(FieldError("amount", NEGATIVE))
        return errors

    def part_in(self, period: Period, title: InsuranceTitle) -> RsaItem | None:
        """The RSA line of this absence within ``period`` (None when it lies outside)."""
        start, end = max(self.date_from, period.first_day()), min(self.date_to, period.last_day())
        if end < start:
            return None
        whole = self.date_from >= period.first_day() and self.date_to <= period.last_day()
        return RsaItem(title=title, code=self.code, date_from=start, date_to=end,
                       days=(end - start).days + 1, amount=self.amount if whole or start == self.date_from else None)


def _row(r: sqlite3.Row) -> Absence:
    return Absence(insured_id=r["insured_id"], code=r["code"], date_from=date.fromisoformat(r["date_from"]),
                   date_to=date.fromisoformat(r["date_to"]), amount=Decimal(r["amount"]) if r["amount"] else None,
                   payer_id=r["payer_id"], id=r["id"])


class AbsenceStore:
    def __init__(self, app: App) -> None:
        self.app = app

    def add(self, absence: Absence) -> Absence:
        errors = absence.validate()
        if errors:
            raise ValidationFailed(errors)
        person = self.app.register.get_insured(absence.insured_id)
        absence.payer_id = person.payer_id
        amount = f"{absence.amount:.2f}" if absence.amount is not None else ""

        def tx(conn: sqlite3.Connection) -> int:
            cur = conn.execute("INSERT INTO absences (payer_id, insured_id, code, date_from, date_to, amount, "
                               "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               (absence.payer_id, absence.insured_id, absence.code, absence.date_from.isoformat(),
                                absence.date_to.isoformat(), amount, self.app.actor, self.app.clock.now_iso()))
            return int(cur.lastrowid)  # type: ignore[arg-type]

        absence.id = self.app.db.transaction(tx)
        return absence

    def delete(self, absence_id: int) -> None:
        self.app.db.transaction(lambda c: c.execute("DELETE FROM absences WHERE id = ?", (absence_id,)))

    def in_period(self, payer_id: int, period: Period) -> list[Absence]:
        rows = self.app.db.query("SELECT * FROM absences WHERE payer_id = ? AND date_from <= ? AND date_to >= ? "
                                 "ORDER BY date_from, id",
                                 (payer_id, period.last_day().isoformat(), period.first_day().isoformat()))
        return [_row(r) for r in rows]
