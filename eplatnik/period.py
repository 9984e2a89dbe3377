"""The settlement period (okres rozliczeniowy): a year and a month as one value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import UserFacingError
from .i18n import t

_PERIOD_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_KEDU_RE = re.compile(r"^\s*(\d{2})(\d{4})\s*$")  # KEDU writes periods as MMRRRR
_DOTTED_RE = re.compile(r"^\s*(\d{1,2})\.(\d{4})\s*$")  # as people and ZUS forms write them: 10.2026


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not (1 <= self.month <= 12) or not (1990 <= self.year <= 2100):
            raise UserFacingError(
                t("Niepoprawny okres rozliczeniowy {y}-{m}.", "Invalid settlement period {y}-{m}.")(
                    y=self.year, m=self.month),
                hint=t("Podaj okres w formacie RRRR-MM, np. 2026-10.",
                       "Give the period as YYYY-MM, e.g. 2026-10."))

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PERIOD_RE.match(text or "")
        if not m:
            m2 = _KEDU_RE.match(text or "") or _DOTTED_RE.match(text or "")
            if m2:
                return cls(int(m2.group(2)), int(m2.group(1)))
            raise UserFacingError(
                t("Niepoprawny okres rozliczeniowy „{text}”.", "Invalid settlement period '{text}'.")(
                    text=text),
                hint=t("Podaj okres jako MM.RRRR albo RRRR-MM, np. 10.2026.",
                       "Give the period as MM.YYYY or YYYY-MM, e.g. 10.2026."))
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, d: date) -> Period:
        return cls(d.year, d.month)

    @classmethod
    def previous_of(cls, d: date) -> Period:
        """The period whose documents are due in the month of ``d``."""
        return cls.of(d).prev()

    def next(self) -> Period:
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def prev(self) -> Period:
        return Period(self.year - (self.month == 1), 12 if self.month == 1 else self.month - 1)

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        return self.next().first_day() - timedelta(days=1)

    def kedu(self) -> str:
        """The KEDU form "MMRRRR"."""
        return f"{self.month:02d}{self.year:04d}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
