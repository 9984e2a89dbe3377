"""The funds ZUS books a payer's contributions to, and an amount per fund.

DRA fields → funds: IV p37 social insurance → FUS; VI health → FUZ (ZUS passes it to the NFZ);
VII p1 → Fundusz Pracy + Fundusz Solidarnościowy; VII p2 → FGŚP; VIII p3 → FEP."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from ..i18n import t
from .money import ZERO

FUNDS = ("fus", "fuz", "fp_fs", "fgsp", "fep")
FUND_LABELS = {
    "fus": t("FUS — ubezpieczenia społeczne", "FUS — social insurance"),
    "fuz": t("FUZ — ubezpieczenie zdrowotne", "FUZ — health insurance"),
    "fp_fs": t("FP + FS", "FP + FS (Labour and Solidarity Funds)"),
    "fgsp": t("FGŚP", "FGŚP (Guaranteed Employee Benefits Fund)"),
    "fep": t("FEP", "FEP (Bridging Pension Fund)"),
}


class FundAmounts(NamedTuple):
    fus: Decimal = ZERO
    fuz: Decimal = ZERO
    fp_fs: Decimal = ZERO
    fgsp: Decimal = ZERO
    fep: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum(self, ZERO)

    def minus(self, other: FundAmounts) -> FundAmounts:
        return FundAmounts(*(a - b for a, b in zip(self, other)))

    def plus(self, other: FundAmounts) -> FundAmounts:
        return FundAmounts(*(a + b for a, b in zip(self, other)))

    def split(self, amount: Decimal, proportion: FundAmounts) -> FundAmounts:
        """``amount`` (≤ this total) spread over the funds in ``proportion`` (the declaration's amounts),
        never more than what is left on a fund; the grosze lost to rounding go to the funds in order."""
        if amount >= self.total:
            return self
        weights = [p if left > 0 else ZERO for p, left in zip(proportion, self)]
        base = sum(weights, ZERO) or self.total
        if not sum(weights, ZERO):
            weights = list(self)
        parts = [min(left, (amount * w / base).quantize(Decimal("0.01"), ROUND_DOWN)) for w, left in zip(weights, self)]
        rest = amount - sum(parts, ZERO)
        while rest > 0:  # hand out what rounding left, one grosz at a time, to funds with room
            moved = False
            for i, left in enumerate(self):
                if rest > 0 and parts[i] < left:
                    step = min(rest, left - parts[i])
                    parts[i] += step
                    rest -= step
                    moved = True
            if not moved:
                break
        return FundAmounts(*parts)
