"""Money for the account area: Decimal to the grosz, shown in Polish form (1 234,56)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def pl_amount(value: Decimal, *, currency: bool = False) -> str:
    """``Decimal("1234.5")`` → ``"1 234,50"`` — the program's one formatter (formatting.money) in
    Polish (a plain space between thousands: PDFs and CSVs must show it as such)."""
    from ..formatting import money

    return money(value, "pl", unit=currency)


def parse_amount(text: str) -> Decimal:
    """``"1 234,56"``, ``"1234.56"``, ``"-1.234,56"`` → Decimal; ValueError when it is not an amount."""
    raw = (text or "").strip().replace("\xa0", "").replace(" ", "").replace("'", "")
    if raw.upper().endswith(("PLN", "ZŁ")):
        raw = raw[:-3] if raw.upper().endswith("PLN") else raw[:-2]
    if not raw:
        raise ValueError("empty amount")
    if "," in raw and "." in raw:  # the later one is the decimal mark
        raw = raw.replace(".", "").replace(",", ".") if raw.rfind(",") > raw.rfind(".") else raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    if raw.count(".") > 1:
        raise ValueError(text)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value
