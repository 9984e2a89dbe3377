"""Year parameters of the contributions calculator, read from one data file per year.

``resources/params/<year>.json`` holds every figure for a year (minimum wage, forecast average pay,
the 30× cap, scheme bases, rates, FP/FGŚP/FEP rules, health rules) with a ``source`` note citing
the domain notes (shared/domain/contributions.md). Nothing here is a figure; this module only
types and checks the data, so a new year is a new file, not a code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import UserFacingError
from ..i18n import t
from ..period import Period

NO_DATA = t("Brak parametrów składek na rok {year} (dostępne lata: {years}).",
            "No contribution parameters for {year} (available years: {years}).")
NO_DATA_HINT = t("Wybierz jeden z dostępnych lat albo zaktualizuj program o plik parametrów na ten rok.",
                 "Pick one of the available years or update the program with that year's parameter file.")
BAD_DATA = t("Plik parametrów składek na rok {year} jest uszkodzony: {detail}.",
             "The contribution parameter file for {year} is damaged: {detail}.")
BAD_DATA_HINT = t("Przywróć plik z instalacji programu.", "Restore the file from the program's installation.")
NO_HEALTH_MINIMUM = t("Parametry roku {year} nie określają minimalnej podstawy zdrowotnej "
                      "dla okresu {period}.",
                      "The {year} parameters define no minimum health base for {period}.")

SOCIAL_KEYS = ("emerytalne", "rentowe", "chorobowe")
FUND_KEYS = ("FP", "FGSP", "FEP")


@dataclass(frozen=True)
class Rate:
    """A contribution rate in percent, with the payer's and the insured person's shares."""

    total: Decimal
    payer: Decimal
    insured: Decimal


@dataclass(frozen=True)
class HealthMinimum:
    first: Period
    last: Period
    base: Decimal


@dataclass(frozen=True)
class LumpSumTier:
    revenue_up_to: Decimal | None  # None = no upper limit
    percent: Decimal


@dataclass(frozen=True)
class YearParams:
    """All the figures of one contribution year (calendar year), as Decimals."""

    year: int
    minimum_wage: Decimal
    forecast_average_pay: Decimal
    annual_pension_cap: Decimal
    full_min_base: Decimal
    preferential_min_base: Decimal
    plus_min_base: Decimal
    plus_max_base: Decimal
    plus_revenue_limit: Decimal
    plus_income_share: Decimal
    sickness_ceiling: Decimal
    rates: dict[str, Rate]
    fp_parts: dict[str, Decimal]
    default_accident_rate: Decimal
    min_accident_rate: Decimal
    max_accident_rate: Decimal
    fp_min_base: Decimal
    fp_kinds: frozenset[str]
    fp_uncapped: bool
    fgsp_kinds: frozenset[str]
    fgsp_uncapped: bool
    age_exemption_female: int
    age_exemption_male: int
    age_exemption_applies_to: frozenset[str]
    fep_kinds: frozenset[str]
    fep_uncapped: bool
    fep_born_after: date
    health_rate: Decimal
    flat_tax_health_rate: Decimal
    health_minimums: tuple[HealthMinimum, ...]
    lump_sum_average_wage: Decimal
    lump_sum_tiers: tuple[LumpSumTier, ...]
    card_base: Decimal
    health_exempt_title_codes: frozenset[str]
    sources: dict[str, str]

    def rate(self, key: str) -> Rate:
        return self.rates[key]

    def health_min_base(self, period: Period) -> Decimal:
        """The minimum health base (skala/liniowy) in force for ``period`` (health year Feb–Jan)."""
        for item in self.health_minimums:
            if item.first <= period <= item.last:
                return item.base
        raise UserFacingError(NO_HEALTH_MINIMUM(year=self.year, period=str(period)))

    def lump_sum_tier(self, annual_revenue: Decimal) -> tuple[int, LumpSumTier]:
        """The ryczałt tier (1-based index and tier) for a cumulative yearly revenue."""
        for index, tier in enumerate(self.lump_sum_tiers, start=1):
            if tier.revenue_up_to is None or annual_revenue <= tier.revenue_up_to:
                return index, tier
        return len(self.lump_sum_tiers), self.lump_sum_tiers[-1]


def available_years() -> list[int]:
    folder = resources.files("eplatnik").joinpath("resources/params")
    years = []
    for entry in folder.iterdir():
        stem = entry.name.removesuffix(".json")
        if entry.name.endswith(".json") and stem.isdigit():
            years.append(int(stem))
    return sorted(years)


def load_year_params(year: int) -> YearParams:
    """The parameters of ``year``; a clear UserFacingError when the program has no data for it."""
    return _load(int(year))


@lru_cache(maxsize=16)
def _load(year: int) -> YearParams:
    years = available_years()
    if year not in years:
        raise UserFacingError(NO_DATA(year=year, years=", ".join(map(str, years)) or "—"), hint=NO_DATA_HINT)
    raw = resources.files("eplatnik").joinpath(f"resources/params/{year}.json").read_text(encoding="utf-8")
    try:
        return _parse(json.loads(raw), year)
    except (KeyError, TypeError, ValueError, InvalidOperation, UserFacingError) as exc:
        detail = exc.render() if isinstance(exc, UserFacingError) else f"{type(exc).__name__}: {exc}"
        raise UserFacingError(BAD_DATA(year=year, detail=detail), hint=BAD_DATA_HINT) from exc


class _Reader:
    """Reads ``{"value": …, "source": …}`` items and collects their sources."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def item(self, data: dict[str, Any], name: str, path: str) -> Any:
        entry = data[name]
        self.sources[f"{path}{name}"] = str(entry.get("source", ""))
        return entry["value"]

    def amount(self, data: dict[str, Any], name: str, path: str = "") -> Decimal:
        return Decimal(str(self.item(data, name, path)))


def _parse(data: dict[str, Any], year: int) -> YearParams:
    if int(data["year"]) != year:
        raise ValueError(f"the file says year {data['year']}")
    r = _Reader()
    se, funds, health, accident = data["self_employed"], data["funds"], data["health"], data["accident"]
    rates = {}
    for key, entry in data["rates"].items():
        rates[key] = Rate(Decimal(entry["total"]), Decimal(entry["payer"]), Decimal(entry["insured"]))
        r.sources[f"rates.{key}"] = entry.get("source", "")
        if rates[key].payer + rates[key].insured != rates[key].total:
            raise ValueError(f"rate {key}: payer + insured differs from total")
    missing = set(SOCIAL_KEYS + FUND_KEYS) - set(rates)
    if missing:
        raise ValueError(f"missing rates {sorted(missing)}")
    minimums = tuple(HealthMinimum(Period.parse(m["from"]), Period.parse(m["to"]), Decimal(m["value"]))
                     for m in health["minimum_base"])
    for month in range(1, 13):
        if not any(m.first <= Period(year, month) <= m.last for m in minimums):
            raise ValueError(f"no minimum health base for {year}-{month:02d}")
    tiers = tuple(LumpSumTier(None if x["revenue_up_to"] is None else Decimal(x["revenue_up_to"]),
                              Decimal(x["percent"])) for x in health["lump_sum_tiers"])
    if not tiers or tiers[-1].revenue_up_to is not None:
        raise ValueError("the last ryczałt tier must have no upper limit")
    age = funds["age_exemption"]
    r.sources["funds.age_exemption"] = age.get("source", "")
    return YearParams(
        year=year,
        minimum_wage=r.amount(data, "minimum_wage"),
        forecast_average_pay=r.amount(data, "forecast_average_pay"),
        annual_pension_cap=r.amount(data, "annual_pension_cap"),
        full_min_base=r.amount(se, "full_min_base", "self_employed."),
        preferential_min_base=r.amount(se, "preferential_min_base", "self_employed."),
        plus_min_base=r.amount(se, "plus_min_base", "self_employed."),
        plus_max_base=r.amount(se, "plus_max_base", "self_employed."),
        plus_revenue_limit=r.amount(se, "plus_revenue_limit", "self_employed."),
        plus_income_share=r.amount(se, "plus_income_share", "self_employed."),
        sickness_ceiling=r.amount(se, "sickness_ceiling", "self_employed."),
        rates=rates,
        fp_parts={k: Decimal(v) for k, v in data["rates"]["FP"].get("parts", {}).items()},
        default_accident_rate=r.amount(accident, "default_rate", "accident."),
        min_accident_rate=r.amount(accident, "min_rate", "accident."),
        max_accident_rate=r.amount(accident, "max_rate", "accident."),
        fp_min_base=r.amount(funds, "fp_min_base", "funds."),
        fp_kinds=frozenset(r.item(funds, "fp_kinds", "funds.")),
        fp_uncapped=bool(r.item(funds, "fp_uncapped", "funds.")),
        fgsp_kinds=frozenset(r.item(funds, "fgsp_kinds", "funds.")),
        fgsp_uncapped=bool(r.item(funds, "fgsp_uncapped", "funds.")),
        age_exemption_female=int(age["female"]),
        age_exemption_male=int(age["male"]),
        age_exemption_applies_to=frozenset(age["applies_to"]),
        fep_kinds=frozenset(r.item(funds, "fep_kinds", "funds.")),
        fep_uncapped=bool(r.item(funds, "fep_uncapped", "funds.")),
        fep_born_after=date.fromisoformat(r.item(funds, "fep_born_after", "funds.")),
        health_rate=r.amount(health, "rate", "health."),
        flat_tax_health_rate=r.amount(health, "flat_tax_rate", "health."),
        health_minimums=minimums,
        lump_sum_average_wage=r.amount(health, "lump_sum_average_wage", "health."),
        lump_sum_tiers=tiers,
        card_base=r.amount(health, "card_base", "health."),
        health_exempt_title_codes=frozenset(r.item(health, "exempt_title_codes", "health.")),
        sources=r.sources,
    )
