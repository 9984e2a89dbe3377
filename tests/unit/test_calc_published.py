"""The calculator reproduces, to the grosz, every amount ZUS published (shared/domain/contributions.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from eplatnik.forms.calculator import ContributionInput, calculate
from eplatnik.forms.params import load_year_params
from eplatnik.period import Period
from eplatnik.register.models import HealthTaxForm

D = Decimal

# (section, year, title code, contribution, published amount)
PUBLISHED_LINES = [
    ("§6.1 full ZUS", 2025, "051000", "emerytalne", "1015.78"),
    ("§6.1 full ZUS", 2025, "051000", "rentowe", "416.30"),
    ("§6.1 full ZUS", 2025, "051000", "chorobowe", "127.49"),
    ("§6.1 full ZUS", 2025, "051000", "wypadkowe", "86.90"),
    ("§6.1 full ZUS", 2025, "051000", "FP", "127.49"),
    ("§6.1 full ZUS", 2026, "051000", "emerytalne", "1103.27"),
    ("§6.1 full ZUS", 2026, "051000", "rentowe", "452.16"),
    ("§6.1 full ZUS", 2026, "051000", "chorobowe", "138.47"),
    ("§6.1 full ZUS", 2026, "051000", "wypadkowe", "94.39"),
    ("§6.1 full ZUS", 2026, "051000", "FP", "138.47"),
    ("§6.3 preferential", 2025, "057000", "emerytalne", "273.24"),
    ("§6.3 preferential", 2025, "057000", "rentowe", "111.98"),
    ("§6.3 preferential", 2025, "057000", "chorobowe", "34.30"),
    ("§6.3 preferential", 2025, "057000", "wypadkowe", "23.38"),
    ("§6.3 preferential", 2026, "057000", "emerytalne", "281.44"),
    ("§6.3 preferential", 2026, "057000", "rentowe", "115.34"),
    ("§6.3 preferential", 2026, "057000", "chorobowe", "35.32"),
    ("§6.3 preferential", 2026, "057000", "wypadkowe", "24.08"),
]


@pytest.mark.parametrize(("section", "year", "code", "key", "amount"), PUBLISHED_LINES,
                         ids=[f"{s}-{y}-{k}" for s, y, _, k, _ in PUBLISHED_LINES])
def test_published_self_employed_component(section, year, code, key, amount):
    result = calculate(ContributionInput(Period(year, 5), code, voluntary_sickness=True))
    assert result.line(key).total == D(amount), section


PUBLISHED_TOTALS = [
    ("§6.1 full ZUS total (health excluded)", 2025, "051000", "1773.96"),
    ("§6.1 full ZUS total (health excluded)", 2026, "051000", "1926.76"),
    ("§6.3 preferential total", 2025, "057000", "442.90"),
    ("§6.3 preferential total (ZUS components)", 2026, "057000", "456.18"),
]


@pytest.mark.parametrize(("section", "year", "code", "total"), PUBLISHED_TOTALS,
                         ids=[f"{s}-{y}" for s, y, _, _ in PUBLISHED_TOTALS])
def test_published_self_employed_total(section, year, code, total):
    result = calculate(ContributionInput(Period(year, 5), code, voluntary_sickness=True))
    assert result.social_total + result.fund_total == D(total), section
    assert result.health_total == D("0.00")  # no tax form given: health is not part of these totals


def test_preferential_base_owes_no_fp():
    """§6.3: no FP on the preferential base (below the minimum wage)."""
    result = calculate(ContributionInput(Period(2026, 5), "057000", voluntary_sickness=True))
    assert not result.has("FP")
    assert any("FP/FS" in str(n) for n in result.notes)


PUBLISHED_HEALTH = [
    # ZUS: "za styczeń 2025 r. najniższa podstawa wymiaru składki nadal wynosi 4 242 zł … minimalna składka to
    # kwota 381,78 zł" — January belongs to the health year that began the previous February
    # (ksiegowosc.infor.pl 6856475, 2025-03; e-prawnik.pl)
    ("ZUS January 2025 skala", Period(2025, 1), HealthTaxForm.SCALE, None, "381.78"),
    ("ZUS January 2025 liniowy", Period(2025, 1), HealthTaxForm.FLAT, None, "381.78"),
    ("ZUS February 2025 skala", Period(2025, 2), HealthTaxForm.SCALE, None, "314.96"),
    # ZUS: karta podatkowa pays from 75 % of the MW of 1.01.2025 for January–December 2025 (3 499,50 → 314,96)
    # (businessinsider.com.pl 2025-11-20, quoting ZUS)
    ("ZUS karta podatkowa January 2025", Period(2025, 1), HealthTaxForm.CARD, None, "314.96"),
    ("ZUS karta podatkowa December 2025", Period(2025, 12), HealthTaxForm.CARD, None, "314.96"),
    ("§1 minimum skala 2025", Period(2025, 6), HealthTaxForm.SCALE, None, "314.96"),
    ("§1 minimum liniowy 2025", Period(2025, 6), HealthTaxForm.FLAT, None, "314.96"),
    ("§1 minimum skala Feb 2026", Period(2026, 2), HealthTaxForm.SCALE, None, "432.54"),
    ("§1 minimum liniowy 2026", Period(2026, 11), HealthTaxForm.FLAT, None, "432.54"),
    ("§1 January 2026 still in the 2025 health year", Period(2026, 1), HealthTaxForm.SCALE, None, "314.96"),
    ("§1 ryczałt ≤60k 2025", Period(2025, 3), HealthTaxForm.LUMP_SUM, "60000.00", "461.66"),
    ("§1 ryczałt ≤300k 2025", Period(2025, 3), HealthTaxForm.LUMP_SUM, "60000.01", "769.43"),
    ("§1 ryczałt >300k 2025", Period(2025, 3), HealthTaxForm.LUMP_SUM, "300000.01", "1384.97"),
    ("§1 ryczałt ≤60k 2026", Period(2026, 3), HealthTaxForm.LUMP_SUM, "12000.00", "498.35"),
    ("§1 ryczałt ≤300k 2026", Period(2026, 3), HealthTaxForm.LUMP_SUM, "300000.00", "830.58"),
    ("§1 ryczałt >300k 2026", Period(2026, 3), HealthTaxForm.LUMP_SUM, "450000.00", "1495.04"),
    ("§7 karta podatkowa 2026", Period(2026, 3), HealthTaxForm.CARD, None, "432.54"),
    ("§7 karta podatkowa January 2026 (calendar year)", Period(2026, 1), HealthTaxForm.CARD, None, "432.54"),
]


@pytest.mark.parametrize(("section", "period", "form", "revenue", "amount"), PUBLISHED_HEALTH,
                         ids=[s for s, *_ in PUBLISHED_HEALTH])
def test_published_health_amounts(section, period, form, revenue, amount):
    result = calculate(ContributionInput(period, "051000", tax_form=form,
                                         annual_revenue=D(revenue) if revenue else None))
    health = result.line("zdrowotne")
    assert health.total == D(amount), section
    assert health.insured == health.total and health.payer == D("0.00")


PUBLISHED_PARAMS = [
    ("§1 MW", 2025, "minimum_wage", "4666.00"), ("§1 MW", 2026, "minimum_wage", "4806.00"),
    ("§1 PPW", 2025, "forecast_average_pay", "8673.00"), ("§1 PPW", 2026, "forecast_average_pay", "9420.00"),
    ("§1 30× cap", 2025, "annual_pension_cap", "260190.00"),
    ("§1 30× cap", 2026, "annual_pension_cap", "282600.00"),
    ("§1 full base", 2025, "full_min_base", "5203.80"), ("§1 full base", 2026, "full_min_base", "5652.00"),
    ("§1 preferential", 2025, "preferential_min_base", "1399.80"),
    ("§1 preferential", 2026, "preferential_min_base", "1441.80"),
    ("§1 sickness ceiling", 2025, "sickness_ceiling", "21682.50"),
    ("§1 sickness ceiling", 2026, "sickness_ceiling", "23550.00"),
    ("§6.4 plus range", 2025, "plus_min_base", "1399.80"),
    ("§6.4 plus range", 2025, "plus_max_base", "5203.80"),
    ("§6.4 plus range", 2026, "plus_min_base", "1441.80"),
    ("§6.4 plus range", 2026, "plus_max_base", "5652.00"),
    ("§3 accident ≤9 insured", 2025, "default_accident_rate", "1.67"),
    ("§3 accident ≤9 insured", 2026, "default_accident_rate", "1.67"),
]


@pytest.mark.parametrize(("section", "year", "attr", "value"), PUBLISHED_PARAMS,
                         ids=[f"{s}-{y}-{a}" for s, y, a, _ in PUBLISHED_PARAMS])
def test_published_year_parameters(section, year, attr, value):
    assert getattr(load_year_params(year), attr) == D(value), section


def test_employee_deduction_is_13_71_percent_2026():
    """§2: the 2026 employee deduction is 9.76 + 1.50 + 2.45 = 13.71 %."""
    p = load_year_params(2026)
    assert sum(p.rate(k).insured for k in ("emerytalne", "rentowe", "chorobowe")) == D("13.71")
    result = calculate(ContributionInput(Period(2026, 4), "011000", gross_pay=D("10000.00")))
    assert sum(result.line(k).insured for k in ("emerytalne", "rentowe", "chorobowe")) == D("1371.00")


def test_computations_say_when_they_used_figures_not_final_yet():
    """2027: the preferential base derives from the 2027 minimum wage (draft until confirmed): the result
    lists it and carries a note; 2026 figures are all final, so there is neither."""
    result = calculate(ContributionInput(Period(2027, 3), "057000", voluntary_sickness=True))
    figures = {e.figure: e.status for e in result.provisional}
    assert figures["self_employed.preferential_min_base"] == "draft"
    assert "rates.FP" not in figures  # not read: no FP on the preferential base
    assert any("nie są jeszcze ostateczne" in n.render("pl") and "podstawa preferencyjna" in n.render("pl")
               for n in result.notes)
    assert result.line("emerytalne").total == D("289.87")  # 19.52 % × 1 485.00
    done = calculate(ContributionInput(Period(2026, 3), "057000", voluntary_sickness=True))
    assert done.provisional == () and not any("ostateczne" in n.render("pl") for n in done.notes)


def test_ryczalt_2027_is_a_forecast_until_gus_publishes_the_q4_wage():
    result = calculate(ContributionInput(Period(2027, 1), "051000", tax_form=HealthTaxForm.LUMP_SUM,
                                         annual_revenue=D("10000.00")))
    assert {e.figure: e.status for e in result.provisional}["health.lump_sum_average_wage"] == "forecast"
