"""The calculator's typed view of the contribution parameters in force in one settlement month.

The figures live in dated data files (``eplatnik.params``: one JSON file per year, each figure with
its source, status and the month it applies from). ``params_for(period)`` resolves every figure for
that month into a ``YearParams`` of Decimals — so January gets the health minimum of the health year
that began the previous February, and April gets the new accident contribution year. Nothing here
is a figure; a new year is a new file, not a code change.

``params.tracking()`` wraps a ``YearParams`` so that a computation records which figures it read;
``used_provisional()`` then lists the draft/forecast ones among them (the calculator reports them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from ..errors import UserFacingError
from ..i18n import t
from ..params.model import Entry, Status, YearData
from ..params.store import ParamsStore, packaged_store
from ..period import Period

SOCIAL_KEYS = ("emerytalne", "rentowe", "chorobowe")
FUND_KEYS = ("FP", "FGSP", "FEP")

WRONG_YEAR = t("Parametry roku {params} nie pasują do okresu {period}.",
               "The {params} parameters do not match the period {period}.")

#: YearParams attribute → the figure of the data file it comes from.
FIELD_FIGURES: dict[str, str] = {
    "minimum_wage": "minimum_wage",
    "forecast_average_pay": "forecast_average_pay",
    "annual_pension_cap": "annual_pension_cap",
    "full_min_base": "self_employed.full_min_base",
    "preferential_min_base": "self_employed.preferential_min_base",
    "plus_min_base": "self_employed.plus_min_base",
    "plus_max_base": "self_employed.plus_max_base",
    "plus_revenue_limit": "self_employed.plus_revenue_limit",
    "plus_income_share": "self_employed.plus_income_share",
    "plus_min_days": "self_employed.plus_min_days",
    "sickness_ceiling": "self_employed.sickness_ceiling",
    "fp_parts": "rates.FP",
    "default_accident_rate": "accident.default_rate",
    "group_accident_min": "accident.group_rate_min",
    "group_accident_max": "accident.group_rate_max",
    "accident_correction_min": "accident.correction_min",
    "accident_correction_max": "accident.correction_max",
    "accident_raise_max_percent": "accident.raise_max_percent",
    "fp_min_base": "funds.fp_min_base",
    "fp_kinds": "funds.fp_kinds",
    "fp_uncapped": "funds.fp_uncapped",
    "fgsp_kinds": "funds.fgsp_kinds",
    "fgsp_uncapped": "funds.fgsp_uncapped",
    "age_exemption_female": "funds.age_exemption",
    "age_exemption_male": "funds.age_exemption",
    "age_exemption_applies_to": "funds.age_exemption",
    "fep_kinds": "funds.fep_kinds",
    "fep_uncapped": "funds.fep_uncapped",
    "fep_born_after": "funds.fep_born_after",
    "health_rate": "health.rate",
    "flat_tax_health_rate": "health.flat_tax_rate",
    "health_minimum": "health.minimum_base",
    "lump_sum_average_wage": "health.lump_sum_average_wage",
    "lump_sum_tiers": "health.lump_sum_tiers",
    "card_base": "health.card_base",
    "health_exempt_title_codes": "health.exempt_title_codes",
}


@dataclass(frozen=True)
class Rate:
    """A contribution rate in percent, with the payer's and the insured person's shares."""

    total: Decimal
    payer: Decimal
    insured: Decimal


@dataclass(frozen=True)
class LumpSumTier:
    revenue_up_to: Decimal | None  # None = no upper limit
    percent: Decimal


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


@dataclass(frozen=True)
class YearParams:
    """Every figure in force in one settlement month (``period``), as Decimals."""

    year: int
    period: Period
    minimum_wage: Decimal
    forecast_average_pay: Decimal
    annual_pension_cap: Decimal
    full_min_base: Decimal
    preferential_min_base: Decimal
    plus_min_base: Decimal
    plus_max_base: Decimal
    plus_revenue_limit: Decimal
    plus_income_share: Decimal
    plus_min_days: int
    sickness_ceiling: Decimal
    rates: dict[str, Rate]
    fp_parts: dict[str, Decimal]
    default_accident_rate: Decimal
    group_accident_min: Decimal
    group_accident_max: Decimal
    accident_correction_min: Decimal
    accident_correction_max: Decimal
    accident_raise_max_percent: Decimal
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
    health_minimum: Decimal
    lump_sum_average_wage: Decimal
    lump_sum_tiers: tuple[LumpSumTier, ...]
    card_base: Decimal
    health_exempt_title_codes: frozenset[str]
    data: YearData = field(compare=False, repr=False)
    #: figure → its entry in force this month, for the figures that are not final (worked out once)
    not_final: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    # -- construction --------------------------------------------------------------------------------
    @classmethod
    def of(cls, data: YearData, period: Period) -> YearParams:
        if period.year != data.year:
            raise UserFacingError(WRONG_YEAR(params=data.year, period=str(period)))

        def v(figure: str) -> Any:
            return data.entry(figure, period).value

        def rate(key: str) -> Rate:
            raw = v(f"rates.{key}")
            return Rate(_d(raw["total"]), _d(raw["payer"]), _d(raw["insured"]))

        age = v("funds.age_exemption")
        return cls(
            year=data.year, period=period,
            minimum_wage=_d(v("minimum_wage")), forecast_average_pay=_d(v("forecast_average_pay")),
            annual_pension_cap=_d(v("annual_pension_cap")),
            full_min_base=_d(v("self_employed.full_min_base")),
            preferential_min_base=_d(v("self_employed.preferential_min_base")),
            plus_min_base=_d(v("self_employed.plus_min_base")), plus_max_base=_d(v("self_employed.plus_max_base")),
            plus_revenue_limit=_d(v("self_employed.plus_revenue_limit")),
            plus_income_share=_d(v("self_employed.plus_income_share")),
            plus_min_days=int(v("self_employed.plus_min_days")),
            sickness_ceiling=_d(v("self_employed.sickness_ceiling")),
            rates={key: rate(key) for key in SOCIAL_KEYS + FUND_KEYS},
            fp_parts={k: _d(x) for k, x in v("rates.FP").get("parts", {}).items()},
            default_accident_rate=_d(v("accident.default_rate")),
            group_accident_min=_d(v("accident.group_rate_min")), group_accident_max=_d(v("accident.group_rate_max")),
            accident_correction_min=_d(v("accident.correction_min")),
            accident_correction_max=_d(v("accident.correction_max")),
            accident_raise_max_percent=_d(v("accident.raise_max_percent")),
            fp_min_base=_d(v("funds.fp_min_base")), fp_kinds=frozenset(v("funds.fp_kinds")),
            fp_uncapped=bool(v("funds.fp_uncapped")), fgsp_kinds=frozenset(v("funds.fgsp_kinds")),
            fgsp_uncapped=bool(v("funds.fgsp_uncapped")),
            age_exemption_female=int(age["female"]), age_exemption_male=int(age["male"]),
            age_exemption_applies_to=frozenset(age["applies_to"]),
            fep_kinds=frozenset(v("funds.fep_kinds")), fep_uncapped=bool(v("funds.fep_uncapped")),
            fep_born_after=date.fromisoformat(v("funds.fep_born_after")),
            health_rate=_d(v("health.rate")), flat_tax_health_rate=_d(v("health.flat_tax_rate")),
            health_minimum=_d(v("health.minimum_base")),
            lump_sum_average_wage=_d(v("health.lump_sum_average_wage")),
            lump_sum_tiers=tuple(LumpSumTier(None if x["revenue_up_to"] is None else _d(x["revenue_up_to"]),
                                             _d(x["percent"])) for x in v("health.lump_sum_tiers")),
            card_base=_d(v("health.card_base")),
            health_exempt_title_codes=frozenset(v("health.exempt_title_codes")),
            data=data,
            not_final={e.figure: e for e in (data.entry(n, period) for n in data.figures) if not e.final})

    def at(self, period: Period) -> YearParams:
        """The same year's figures in force in another month."""
        return self if period == self.period else YearParams.of(self.data, period)

    # -- lookups ---------------------------------------------------------------------------------------
    def rate(self, key: str) -> Rate:
        return self.rates[key]

    def health_min_base(self, period: Period | None = None) -> Decimal:
        """The minimum health base (skala/liniowy) of ``period`` (default: this month); the health year
        runs February–January, so January has the previous health year's minimum."""
        if period is None or period == self.period:
            return self.health_minimum
        return _d(self.data.entry("health.minimum_base", period).value)

    def lump_sum_tier(self, annual_revenue: Decimal) -> tuple[int, LumpSumTier]:
        """The ryczałt tier (1-based index and tier) for a cumulative yearly revenue."""
        for index, tier in enumerate(self.lump_sum_tiers, start=1):
            if tier.revenue_up_to is None or annual_revenue <= tier.revenue_up_to:
                return index, tier
        return len(self.lump_sum_tiers), self.lump_sum_tiers[-1]

    @property
    def individual_accident_min(self) -> Decimal:
        """The lowest rate a payer can have: the lowest group rate × the lowest correction factor."""
        return (self.group_accident_min * self.accident_correction_min).quantize(Decimal("0.01"), ROUND_FLOOR)

    @property
    def individual_accident_max(self) -> Decimal:
        """The highest: the highest group rate × the highest correction factor, raised by the most ZUS may."""
        top = self.group_accident_max * self.accident_correction_max * (1 + self.accident_raise_max_percent / 100)
        return top.quantize(Decimal("0.01"), ROUND_CEILING)

    # -- statuses --------------------------------------------------------------------------------------
    def entry(self, figure: str) -> Entry:
        return self.data.entry(figure, self.period)

    def provisional(self, figures: Any = None) -> list[Entry]:
        """The draft/forecast entries in force this month (among ``figures``; default: all)."""
        names = sorted(set(figures)) if figures is not None else sorted(self.data.figures)
        return [self.not_final[n] for n in names if n in self.not_final]

    @property
    def origin(self) -> str:
        return self.data.origin

    def tracking(self) -> Tracked:
        return Tracked(self)


class Tracked:
    """A ``YearParams`` that records the figures read through it (for "computed with draft figures")."""

    def __init__(self, params: YearParams) -> None:
        self._params = params
        self.used: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        figure = FIELD_FIGURES.get(name)
        if figure is not None:
            self.used.add(figure)
        return getattr(self._params, name)

    def rate(self, key: str) -> Rate:
        self.used.add(f"rates.{key}")
        return self._params.rate(key)

    def health_min_base(self, period: Period | None = None) -> Decimal:
        self.used.add("health.minimum_base")
        return self._params.health_min_base(period)

    def lump_sum_tier(self, annual_revenue: Decimal) -> tuple[int, LumpSumTier]:
        self.used.add("health.lump_sum_tiers")
        return self._params.lump_sum_tier(annual_revenue)

    def used_provisional(self) -> list[Entry]:
        return self._params.provisional(self.used)


def params_for(period: Period, store: ParamsStore | None = None) -> YearParams:
    """The figures in force in ``period`` (``store``: a workspace's store; default: the packaged files)."""
    return YearParams.of((store or packaged_store()).year_data(period.year, period), period)


def load_year_params(year: int, store: ParamsStore | None = None) -> YearParams:
    """The year's figures as in force in December (for listings and tests); computations use ``params_for``."""
    return params_for(Period(int(year), 12), store)


def available_years(store: ParamsStore | None = None) -> list[int]:
    return (store or packaged_store()).years()


def weakest_status(entries: Any) -> Status:
    return Status.weakest(e.status for e in entries)
