"""Late-payment interest (odsetki za zwłokę) from dated data (resources/params/late_interest.json).

Interest runs for each day from the day after the deadline to the day of payment inclusive, at the
rate in force on that day: amount × rate × days / 365. Per settlement month it is not charged when
it does not exceed 1 % of the minimum wage (art. 23 ust. 1a SUS), else rounded to full złoty
(art. 63 § 1 Ordynacji podatkowej). Sources: the data file and docs/account.md."""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources

DAYS_IN_YEAR = Decimal(365)


@dataclass(frozen=True)
class InterestTable:
    starts: tuple[date, ...]
    rates: tuple[Decimal, ...]          # percent a year
    threshold_starts: tuple[date, ...]
    thresholds: tuple[Decimal, ...]
    prolongation_share: Decimal

    def rate_on(self, day: date) -> Decimal:
        i = bisect_right(self.starts, day) - 1
        return self.rates[max(i, 0)]

    def threshold_on(self, day: date) -> Decimal:
        i = bisect_right(self.threshold_starts, day) - 1
        return self.thresholds[max(i, 0)]

    def accrue(self, amount: Decimal, start: date, end: date) -> Decimal:
        """Unrounded interest on ``amount`` for the days after ``start`` up to ``end`` inclusive."""
        if amount <= 0 or end <= start:
            return Decimal(0)
        total = Decimal(0)
        day = start + timedelta(days=1)
        while day <= end:
            i = bisect_right(self.starts, day) - 1
            nxt = self.starts[i + 1] if i + 1 < len(self.starts) else end + timedelta(days=1)
            segment_end = min(end, nxt - timedelta(days=1))
            days = (segment_end - day).days + 1
            total += amount * self.rates[max(i, 0)] * days / (DAYS_IN_YEAR * 100)
            day = segment_end + timedelta(days=1)
        return total

    def charged(self, raw: Decimal, on: date) -> Decimal:
        """What is due for a month's unrounded interest: 0 up to the threshold, else full złoty."""
        if raw <= self.threshold_on(on):
            return Decimal(0)
        return raw.quantize(Decimal(1), ROUND_HALF_UP)

    def prolongation_rate(self, on: date) -> Decimal:
        return self.rate_on(on) * self.prolongation_share


@lru_cache(maxsize=1)
def load_interest_table() -> InterestTable:
    data = json.loads(resources.files("eplatnik").joinpath("resources/params/late_interest.json")
                      .read_text(encoding="utf-8"))
    minimum = Decimal(data["minimum_rate"])
    rates = sorted((date.fromisoformat(r["from"]), max(Decimal(r["rate"]), minimum)) for r in data["rates"])
    thresholds = sorted((date.fromisoformat(r["from"]), Decimal(r["amount"])) for r in data["threshold"])
    return InterestTable(tuple(d for d, _ in rates), tuple(r for _, r in rates), tuple(d for d, _ in thresholds),
                         tuple(a for _, a in thresholds), Decimal(data["prolongation_fee"]["share_of_interest_rate"]))
