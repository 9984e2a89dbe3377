"""Absences and benefits entered for insured persons (sick leave, maternity, unpaid leave …).

They become ZUS RSA blocks of the month they fall in: an absence crossing months is split at the
month's edges, each part in its own month's RSA (RSA III.B p3/p4 dates, p5 days).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..errors import FieldError, ValidationFailed
from ..i18n import t
from ..period import Period
from .model import InsuranceTitle, RsaItem

if TYPE_CHECKING:
    from ..clock import Clock
    from .ports import RegisterReader
    from .store import DocumentStore

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


class AbsenceService:
    """Absences of the insured (``app.documents.absences``): checked, tied to the person's payer, stored."""

    def __init__(self, store: DocumentStore, *, register: RegisterReader, clock: Clock,
                 actor: Callable[[], str]) -> None:
        self.store = store
        self.register = register
        self.clock = clock
        self.actor = actor

    def add(self, absence: Absence) -> Absence:
        errors = absence.validate()
        if errors:
            raise ValidationFailed(errors)
        absence.payer_id = self.register.get_insured(absence.insured_id).payer_id
        absence.id = self.store.add_absence(absence, actor=self.actor(), now=self.clock.now_iso())
        return absence

    def delete(self, absence_id: int) -> None:
        self.store.delete_absence(absence_id)

    def in_period(self, payer_id: int, period: Period) -> list[Absence]:
        return self.store.absences_between(payer_id, period.first_day(), period.last_day())
