"""Year parameter files: dated entries with source and status, checked against the published schema,
looked up by settlement month, derived figures consistent, a clear error for a missing year."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from eplatnik.errors import UserFacingError
from eplatnik.forms.params import available_years, load_year_params, params_for
from eplatnik.params.model import Status
from eplatnik.params.store import PACKAGED_DIR, packaged_store
from eplatnik.params.validate import SCHEMA_PATH, figure_names
from eplatnik.period import Period

D = Decimal
YEARS = [2025, 2026, 2027]


def test_years_shipped():
    assert set(YEARS) <= set(available_years())


def test_missing_year_names_the_year_and_what_to_do():
    with pytest.raises(UserFacingError) as err:
        params_for(Period(2031, 1))
    pl, en = err.value.render("pl"), err.value.render("en")
    assert "2031" in pl and "2027" in pl and "params install" in pl and "Ustawienia" in pl
    assert "No contribution parameters for 2031" in en


def test_the_published_schema_is_a_valid_json_schema_and_every_file_follows_it():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    for year in YEARS:
        doc = json.loads((PACKAGED_DIR / f"{year}.json").read_text(encoding="utf-8"))
        assert list(Draft202012Validator(schema).iter_errors(doc)) == [], year
        assert sorted(doc["figures"]) == sorted(figure_names())


@pytest.mark.parametrize("year", YEARS)
def test_every_entry_has_a_source_and_a_status_and_says_when_it_becomes_final(year):
    data = packaged_store().year_data(year)
    for entry in data.entries():
        assert len(entry.source) > 10, entry.figure
        assert entry.status in Status
        if not entry.final and entry.derived is None:
            assert entry.final_when, entry.figure  # when and by which act it becomes final


@pytest.mark.parametrize("year", YEARS)
def test_derived_figures_agree_with_their_rules_and_take_the_status_of_their_source(year):
    p = load_year_params(year)

    def pct(value, percent):
        return (value * D(percent) / 100).quantize(D("0.01"), ROUND_HALF_UP)

    assert p.annual_pension_cap == 30 * p.forecast_average_pay
    assert p.full_min_base == pct(p.forecast_average_pay, 60)
    assert p.preferential_min_base == pct(p.minimum_wage, 30)
    assert p.sickness_ceiling == pct(p.forecast_average_pay, 250)
    assert p.fp_min_base == p.minimum_wage
    for key in ("emerytalne", "rentowe", "chorobowe", "FP", "FGSP", "FEP"):
        assert p.rate(key).payer + p.rate(key).insured == p.rate(key).total
    assert sum(p.fp_parts.values()) == p.rate("FP").total
    for figure in ("annual_pension_cap", "self_employed.full_min_base", "self_employed.sickness_ceiling"):
        entry = p.entry(figure)
        assert entry.derived is not None and entry.derived.of == "forecast_average_pay"  # records its source
        assert entry.status == p.entry("forecast_average_pay").status


def test_2027_figures_with_their_status():
    p = params_for(Period(2027, 5))
    assert (p.minimum_wage, p.forecast_average_pay) == (D("4950.00"), D("10033.00"))
    assert (p.annual_pension_cap, p.full_min_base, p.preferential_min_base) == (D("300990.00"), D("6019.80"),
                                                                              D("1485.00"))
    assert (p.plus_min_base, p.plus_max_base, p.sickness_ceiling) == (D("1485.00"), D("6019.80"), D("25082.50"))
    assert p.rate("FP").total == D("2.45") and p.fp_parts == {"FP": D("1.00"), "FS": D("1.45")}
    # not confirmed against the acts here: kept as draft; the ryczałt wage is a forecast until GUS publishes it
    assert p.entry("minimum_wage").status is Status.DRAFT
    assert p.entry("forecast_average_pay").status is Status.DRAFT
    assert p.entry("rates.FP").status is Status.DRAFT
    assert p.entry("health.lump_sum_average_wage").status is Status.FORECAST
    assert "GUS" in p.entry("health.lump_sum_average_wage").final_when
    assert {e.figure for e in p.provisional()} >= {"minimum_wage", "forecast_average_pay", "annual_pension_cap",
                                                  "health.lump_sum_average_wage"}
    assert params_for(Period(2026, 5)).provisional() == []


def test_health_year_runs_february_to_january():
    assert params_for(Period(2025, 1)).health_min_base() == D("4242.00")  # Feb 2024–Jan 2025 (ZUS)
    assert params_for(Period(2025, 2)).health_min_base() == D("3499.50")
    assert params_for(Period(2026, 1)).health_min_base() == D("3499.50")
    assert params_for(Period(2026, 2)).health_min_base() == D("4806.00")
    jan_2027 = params_for(Period(2027, 1))
    assert jan_2027.health_min_base() == D("4806.00") and jan_2027.entry("health.minimum_base").final
    assert params_for(Period(2027, 2)).health_min_base() == D("4950.00")
    assert load_year_params(2026).health_min_base(Period(2026, 1)) == D("3499.50")  # any month of the year


def test_accident_contribution_year_runs_april_to_march():
    march, april = params_for(Period(2027, 3)), params_for(Period(2027, 4))
    assert march.default_accident_rate == april.default_accident_rate == D("1.67")
    assert march.entry("accident.default_rate").final
    assert april.entry("accident.default_rate").status is Status.FORECAST  # new group categories from 1.04.2027


def test_lump_sum_tiers_by_revenue():
    p = load_year_params(2026)
    assert p.lump_sum_tier(D("60000.00"))[0] == 1
    assert p.lump_sum_tier(D("60000.01"))[0] == 2
    assert p.lump_sum_tier(D("300000.01"))[0] == 3


def test_a_payers_own_accident_rate_can_lie_outside_the_group_rates():
    p = load_year_params(2026)
    assert (p.group_accident_min, p.group_accident_max) == (D("0.67"), D("3.33"))
    # group rate × 0.5–1.5, raised by ZUS by up to 50 %
    assert (p.individual_accident_min, p.individual_accident_max) == (D("0.33"), D("7.50"))
