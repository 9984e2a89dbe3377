"""Health contribution (składka zdrowotna) rules, contributions.md §7.

* Employees, zleceniobiorcy, outworkers: 9 % of (gross pay − the insured person's own social
  contributions); no cap.
* Self-employed by tax form: skala 9 % of income, liniowy 4.9 % of income, both with the minimum
  9 % × minimum base of the health year (Feb–Jan); ryczałt 9 % of 60/100/180 % of the Q4 average
  wage by cumulative yearly revenue; karta podatkowa 9 % of the minimum wage.

Every function returns a ``HealthResult`` whose ``amount == round_half_up(base × rate)`` so the
verification can re-check the line the way ZUS does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..i18n import Text, t
from ..period import Period
from ..register.models import HealthTaxForm
from .params import YearParams

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

MINIMUM_APPLIED = t("Składka zdrowotna w wysokości minimalnej ({amount}): dochód {income} daje mniej.",
                    "Health contribution at the minimum ({amount}): income {income} gives less.")
NO_INCOME = t("Nie podano dochodu — przyjęto minimalną składkę zdrowotną ({amount}).",
              "No income given — the minimum health contribution ({amount}) is used.")
NO_REVENUE = t("Nie podano przychodu od początku roku — przyjęto pierwszy próg ryczałtu.",
               "No year-to-date revenue given — the first ryczałt tier is used.")
LUMP_SUM_TIER = t("Ryczałt: próg {tier} (przychód {revenue}), "
                  "podstawa {percent}% przeciętnego wynagrodzenia.",
                  "Ryczałt: tier {tier} (revenue {revenue}), base {percent}% of the average wage.")
NO_TAX_FORM = t("Nie podano formy opodatkowania — składka zdrowotna nie została obliczona.",
                "No tax form given — the health contribution was not computed.")


def money(value: Decimal) -> Decimal:
    """Round half-up to the grosz (contributions.md §5)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(base: Decimal, rate_percent: Decimal) -> Decimal:
    return money(base * rate_percent / Decimal(100))


@dataclass(frozen=True)
class HealthResult:
    base: Decimal
    rate: Decimal
    amount: Decimal
    tax_form: HealthTaxForm = HealthTaxForm.NONE
    income: Decimal | None = None     # the income/revenue the amount was derived from (DRA XI)
    lump_sum_tier: int | None = None
    note: Text | None = None


def employee_health(params: YearParams, gross: Decimal, insured_social: Decimal) -> HealthResult:
    base = max(ZERO, money(gross - insured_social))
    return HealthResult(base, params.health_rate, percent_of(base, params.health_rate))


def minimum_health(params: YearParams, period: Period) -> Decimal:
    """The minimum monthly contribution for skala/liniowy in ``period`` (e.g. 432.54 from Feb 2026)."""
    return percent_of(params.health_min_base(period), params.health_rate)


def self_employed_health(params: YearParams, period: Period, tax_form: HealthTaxForm,
                         income: Decimal | None, annual_revenue: Decimal | None) -> HealthResult | None:
    """The self-employed person's health contribution for ``period``; None without a tax form."""
    if tax_form in (HealthTaxForm.SCALE, HealthTaxForm.FLAT):
        return _income_based(params, period, tax_form, income)
    if tax_form == HealthTaxForm.LUMP_SUM:
        revenue = annual_revenue if annual_revenue is not None else ZERO
        index, tier = params.lump_sum_tier(revenue)
        base = percent_of(params.lump_sum_average_wage, tier.percent)
        note = NO_REVENUE if annual_revenue is None else LUMP_SUM_TIER(
            tier=index, revenue=f"{revenue:.2f}", percent=tier.percent)
        return HealthResult(base, params.health_rate, percent_of(base, params.health_rate), tax_form,
                            annual_revenue, index, note)
    if tax_form == HealthTaxForm.CARD:
        base = params.card_base
        return HealthResult(base, params.health_rate, percent_of(base, params.health_rate), tax_form)
    return None


def _income_based(params: YearParams, period: Period, tax_form: HealthTaxForm,
                  income: Decimal | None) -> HealthResult:
    min_base = params.health_min_base(period)
    minimum = percent_of(min_base, params.health_rate)
    rate = params.health_rate if tax_form == HealthTaxForm.SCALE else params.flat_tax_health_rate
    if income is None:
        return HealthResult(min_base, params.health_rate, minimum, tax_form, None, None,
                            NO_INCOME(amount=f"{minimum:.2f}"))
    base = max(ZERO, money(income))
    amount = percent_of(base, rate)
    if amount < minimum:
        # The minimum is 9 % of the minimum base for both forms; report that base and rate so
        # base × rate still equals the amount on the form.
        return HealthResult(min_base, params.health_rate, minimum, tax_form, income, None,
                            MINIMUM_APPLIED(amount=f"{minimum:.2f}", income=f"{income:.2f}"))
    return HealthResult(base, rate, amount, tax_form, income)
