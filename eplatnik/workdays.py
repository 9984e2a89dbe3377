"""Working days and deadlines: Polish statutory days off and the monthly payment deadline.

Rules (../shared/domain/deadlines.md): budget units file and pay by the 5th, payers with legal
personality by the 15th, all others by the 20th of the month after the settlement month; a deadline
falling on a Saturday, Sunday or statutory holiday moves to the next day that is none of those
(art. 12 § 5 Ordynacji podatkowej via art. 31 SUS). Holidays come from the ``holidays`` package,
which includes Wigilia (24 December) from 2025.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from functools import lru_cache

from .errors import UserFacingError
from .i18n import Text, t
from .period import Period


class PayerType(enum.StrEnum):
    BUDGET = "budget"   # jednostka budżetowa / samorządowy zakład budżetowy → 5th
    LEGAL = "legal"     # osoba prawna (sp. z o.o., S.A., spółdzielnia, fundacja…) → 15th
    OTHER = "other"     # JDG, spółki osobowe, s.c. → 20th

    @property
    def due_day(self) -> int:
        return {PayerType.BUDGET: 5, PayerType.LEGAL: 15, PayerType.OTHER: 20}[self]

    @property
    def label(self) -> Text:
        return {
            PayerType.BUDGET: t("jednostka budżetowa (do 5.)", "budget unit (by the 5th)"),
            PayerType.LEGAL: t("osoba prawna (do 15.)", "legal person (by the 15th)"),
            PayerType.OTHER: t("pozostali (do 20.)", "other payers (by the 20th)"),
        }[self]

    @classmethod
    def parse(cls, value: str) -> PayerType:
        try:
            return cls(value)
        except ValueError:
            raise UserFacingError(
                t("Nieznany typ płatnika „{v}”.", "Unknown payer type '{v}'.")(v=value),
                hint=t("Dozwolone: budget, legal, other.", "Allowed: budget, legal, other.")) from None


def _poland(year: int, language: str | None = None):
    # imported on first use: the holidays package is large and the GUI must start fast
    from holidays.countries.poland import Poland

    return Poland(years=year, language=language)


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[date]:
    return frozenset(_poland(year).keys())


def is_holiday(d: date) -> bool:
    return d in _holidays_for(d.year)


def holiday_name(d: date, lang: str = "pl") -> str | None:
    names = _poland(d.year, "en_US" if lang == "en" else "pl")
    return names.get(d)


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and not is_holiday(d)


def roll_forward(d: date) -> date:
    """Move ``d`` to the first day that is not a Saturday, Sunday or statutory holiday."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def working_days(start: date, count: int) -> list[date]:
    """``count`` working days starting at ``start`` (inclusive)."""
    result: list[date] = []
    d = start
    while len(result) < count:
        if is_working_day(d):
            result.append(d)
        d += timedelta(days=1)
    return result


def nominal_deadline(payer_type: PayerType, period: Period) -> date:
    nxt = period.next()
    return date(nxt.year, nxt.month, payer_type.due_day)


def monthly_deadline(payer_type: PayerType, period: Period) -> date:
    """The date by which the DRA/RCA/RSA for ``period`` must reach ZUS and be paid."""
    return roll_forward(nominal_deadline(payer_type, period))


def registration_deadline(event_day: date, saturday_extends: bool = False) -> date:
    """ZUA/ZZA/ZWUA: 7 calendar days from the day after the event; Sunday/holiday moves it on.

    By default a Saturday does not extend the term (biznes.gov.pl reading, the safer date);
    see deadlines.md §4.
    """
    d = event_day + timedelta(days=7)
    while d.weekday() == 6 or is_holiday(d) or (saturday_extends and d.weekday() == 5):
        d += timedelta(days=1)
    return d
