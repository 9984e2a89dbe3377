"""Accident-rate limits for places that check a rate without a settlement month (the register).

A payer's own rate is its group rate × a correction factor, possibly raised by ZUS; so the rates a
payer can have run from (lowest group rate × lowest factor) to (highest group rate × highest factor ×
the raise). The group-rate range itself only tells which rates are usual. All from the data files:
the year of ``period`` when the program has it, otherwise the nearest earlier (or the latest) year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from ..period import Period
from .store import ParamsStore, packaged_store


@dataclass(frozen=True)
class AccidentLimits:
    lowest: Decimal        # the lowest rate any payer can have
    highest: Decimal       # the highest
    group_min: Decimal     # the usual range: the group rates
    group_max: Decimal
    uniform: Decimal       # payers with up to 9 insured


def _year_for(store: ParamsStore, period: Period | None) -> Period:
    years = store.years()
    if period is not None and period.year in years:
        return period
    earlier = [y for y in years if period is None or y <= period.year]
    year = max(earlier) if earlier else max(years)
    return Period(year, 12) if period is None or year != period.year else period


def accident_limits(store: ParamsStore | None = None, period: Period | None = None) -> AccidentLimits:
    store = store or packaged_store()
    at = _year_for(store, period)
    data = store.year_data(at.year)

    def d(figure: str) -> Decimal:
        return Decimal(str(data.entry(figure, at).value))

    low = (d("accident.group_rate_min") * d("accident.correction_min")).quantize(Decimal("0.01"), ROUND_FLOOR)
    high = (d("accident.group_rate_max") * d("accident.correction_max")
            * (1 + d("accident.raise_max_percent") / 100)).quantize(Decimal("0.01"), ROUND_CEILING)
    return AccidentLimits(low, high, d("accident.group_rate_min"), d("accident.group_rate_max"),
                          d("accident.default_rate"))
