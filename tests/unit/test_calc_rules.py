"""Calculator behaviour beyond the published figures: employees, cap, funds, schemes, bad input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from eplatnik.errors import UserFacingError
from eplatnik.forms.calc_funds import first_exempt_period
from eplatnik.forms.calculator import ContributionInput, calculate, plus_base
from eplatnik.forms.params import load_year_params
from eplatnik.period import Period
from eplatnik.register.models import ContributionScheme, HealthTaxForm

D = Decimal
P = Period(2026, 6)


def test_employee_each_share_rounded_separately_and_health_after_social():
    r = calculate(ContributionInput(P, "011000", gross_pay=D("5123.45")))
    # 5123.45 × 9.76 % = 500.048… → 500.05 for each side
    assert (r.line("emerytalne").payer, r.line("emerytalne").insured) == (D("500.05"), D("500.05"))
    assert (r.line("rentowe").payer, r.line("rentowe").insured) == (D("333.02"), D("76.85"))
    assert (r.line("chorobowe").payer, r.line("chorobowe").insured) == (D("0.00"), D("125.52"))
    assert r.line("wypadkowe").payer == D("85.56") and r.line("wypadkowe").insured == D("0.00")
    # health base = gross − insured social = 5123.45 − 702.42 = 4421.03; 9 % = 397.89
    assert r.health_base == D("4421.03") and r.health_total == D("397.89")
    assert r.line("FP").payer == D("125.52") and r.line("FGSP").payer == D("5.12")
    assert not r.has("FEP")
    assert r.grand_total == r.payer_total + r.insured_total


def test_employee_below_minimum_wage_owes_no_fp_but_fgsp():
    r = calculate(ContributionInput(P, "011000", gross_pay=D("2403.00"), work_time=(1, 2)))
    assert not r.has("FP") and r.has("FGSP")


def test_health_exempt_title_has_no_health_line():
    r = calculate(ContributionInput(P, "011100", gross_pay=D("6000.00")))
    assert not r.has("zdrowotne") and r.health_total == D("0.00")


def test_contractor_sickness_is_voluntary_and_fp_only_from_employers():
    without = calculate(ContributionInput(P, "041100", gross_pay=D("6000.00")))
    assert without.line("chorobowe").total == D("0.00") and without.sickness_base == D("0.00")
    withs = calculate(ContributionInput(P, "041100", gross_pay=D("6000.00"), voluntary_sickness=True))
    assert withs.line("chorobowe").insured == D("147.00")
    assert without.has("FP")
    not_employer = calculate(ContributionInput(P, "041100", gross_pay=D("6000.00"), payer_is_employer=False))
    assert not not_employer.has("FP") and not_employer.has("FGSP")


def test_annual_cap_clips_the_crossing_month_and_zeroes_later_months():
    cap = load_year_params(2026).annual_pension_cap
    crossing = calculate(ContributionInput(P, "011000", gross_pay=D("30000.00"),
                                           prior_cumulative_pension_base=cap - D("10000.00")))
    assert crossing.pension_base == D("10000.00") and crossing.cap_reached
    assert crossing.line("emerytalne").payer == D("976.00")
    assert crossing.sickness_base == D("30000.00") and crossing.accident_base == D("30000.00")
    assert crossing.line("FP").base == D("30000.00")  # FP is not capped
    assert crossing.cumulative_pension_base == cap
    after = calculate(ContributionInput(P.next(), "011000", gross_pay=D("30000.00"),
                                        prior_cumulative_pension_base=cap))
    assert after.pension_base == D("0.00") and after.line("emerytalne").total == D("0.00")
    assert after.cap_reached
    # health grows when the insured's pension contributions stop: 9 % × (30000 − 735.00)
    assert after.health_base == D("29265.00") and after.health_total == D("2633.85")
    below = calculate(ContributionInput(P, "011000", gross_pay=D("30000.00"),
                                        prior_cumulative_pension_base=D("100000.00")))
    assert not below.cap_reached and below.pension_base == D("30000.00")


def test_voluntary_sickness_ceiling_for_self_employed():
    r = calculate(ContributionInput(P, "051000", declared_base=D("30000.00"), voluntary_sickness=True))
    assert r.sickness_base == D("23550.00") and r.line("chorobowe").total == D("576.98")
    assert r.pension_base == D("30000.00")


def test_self_employed_base_below_minimum_is_computed_with_a_note():
    r = calculate(ContributionInput(P, "051000", declared_base=D("4000.00")))
    assert r.pension_base == D("4000.00")
    assert any("niższa od minimalnej" in str(n) for n in r.notes)


def test_maly_zus_plus_base_from_income_and_clamped():
    p = load_year_params(2026)
    assert plus_base(p, D("60000.00"), 365) == D("2465.75")
    assert plus_base(p, D("1000.00"), 365) == p.plus_min_base
    assert plus_base(p, D("500000.00"), 365) == p.plus_max_base
    r = calculate(ContributionInput(P, "059000", prior_year_income=D("60000.00"), prior_year_days=365))
    assert r.pension_base == D("2465.75") and not r.has("FP")
    rich = calculate(ContributionInput(P, "059000", prior_year_income=D("200000.00")))
    assert rich.pension_base == D("5652.00") and rich.has("FP")
    with pytest.raises(UserFacingError, match="dochód z poprzedniego roku"):
        calculate(ContributionInput(P, "059000"))


def test_start_relief_is_health_only():
    r = calculate(ContributionInput(P, "054000", tax_form=HealthTaxForm.SCALE, health_income=D("10000.00")))
    assert [line.key for line in r.lines] == ["zdrowotne"]
    assert r.health_total == D("900.00") and r.social_total == D("0.00")


def test_self_employed_health_by_income():
    flat = calculate(ContributionInput(P, "051000", tax_form=HealthTaxForm.FLAT, health_income=D("20000.00")))
    assert flat.line("zdrowotne").rate == D("4.90") and flat.health_total == D("980.00")
    low = calculate(ContributionInput(P, "051000", tax_form=HealthTaxForm.FLAT, health_income=D("3000.00")))
    assert low.health_total == D("432.54") and low.health_base == D("4806.00")
    scale = calculate(ContributionInput(P, "051000", tax_form=HealthTaxForm.SCALE,
                                        health_income=D("7777.77")))
    assert scale.health_total == D("700.00")  # 699.9993 → 700.00


def test_age_exemption_from_month_after_birthday_or_same_month_on_the_1st():
    assert first_exempt_period(date(1971, 6, 15), 55) == Period(2026, 7)
    assert first_exempt_period(date(1971, 6, 1), 55) == Period(2026, 6)
    woman = {"gross_pay": D("8000.00"), "birth_date": date(1971, 6, 15), "is_female": True}
    assert calculate(ContributionInput(Period(2026, 6), "011000", **woman)).has("FP")
    july = calculate(ContributionInput(Period(2026, 7), "011000", **woman))
    assert not july.has("FP") and not july.has("FGSP")
    man = calculate(ContributionInput(Period(2026, 7), "011000", gross_pay=D("8000.00"),
                                      birth_date=date(1971, 6, 15), is_female=False))
    assert man.has("FP")


def test_fep_only_for_special_work_and_born_after_1948():
    base = {"gross_pay": D("8000.00"), "special_conditions": True}
    assert calculate(ContributionInput(P, "011000", **base, birth_date=date(1970, 1, 1))).line("FEP").payer \
        == D("120.00")
    assert not calculate(ContributionInput(P, "011000", **base, birth_date=date(1948, 12, 31))).has("FEP")
    assert not calculate(ContributionInput(P, "011000", gross_pay=D("8000.00"))).has("FEP")


def test_payer_stated_fp_exemption():
    r = calculate(ContributionInput(P, "011000", gross_pay=D("8000.00"), fp_exempt=True))
    assert not r.has("FP") and not r.has("FGSP")


@pytest.mark.parametrize(("inp", "message"), [
    (ContributionInput(P, "999900", gross_pay=D("1")), "nie występuje w wykazie"),
    (ContributionInput(P, "011000"), "wynagrodzenie brutto"),
    (ContributionInput(P, "011000", gross_pay=D("-1")), "ujemna"),
    (ContributionInput(P, "051000", scheme=ContributionScheme.PREFERENTIAL), "nie pasuje"),
])
def test_bad_input_is_a_user_facing_error(inp, message):
    with pytest.raises(UserFacingError, match=message):
        calculate(inp)


def test_params_of_another_year_are_refused():
    with pytest.raises(UserFacingError, match="nie pasują"):
        calculate(ContributionInput(P, "011000", gross_pay=D("1")), load_year_params(2025))


def test_accident_rate_per_payer_and_individual_rate_note():
    r = calculate(ContributionInput(P, "011000", gross_pay=D("5000.00"), accident_rate=D("0.93")))
    assert r.line("wypadkowe").payer == D("46.50")
    big = calculate(ContributionInput(P, "011000", gross_pay=D("5000.00"), insured_count=12))
    assert any("stopę wypadkową" in str(n) for n in big.notes)
