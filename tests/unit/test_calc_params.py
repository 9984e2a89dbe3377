"""Year parameter files: loaded as typed Decimals, internally consistent, clear error for missing years."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

import pytest

from eplatnik.errors import UserFacingError
from eplatnik.forms.params import available_years, load_year_params
from eplatnik.period import Period

D = Decimal


def test_years_shipped():
    assert {2025, 2026} <= set(available_years())


def test_missing_year_is_a_clear_error():
    with pytest.raises(UserFacingError) as err:
        load_year_params(2031)
    text = err.value.render("pl")
    assert "2031" in text and "2025" in text and "2026" in text
    assert "2031" in err.value.render("en") and "No contribution parameters" in err.value.render("en")


@pytest.mark.parametrize("year", [2025, 2026])
def test_derived_figures_agree_with_their_rules(year):
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


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_figure_cites_a_source(year):
    raw = json.loads(resources.files("eplatnik").joinpath(f"resources/params/{year}.json").read_text("utf-8"))

    def walk(node, path):
        if isinstance(node, dict):
            if "value" in node or "total" in node or "percent" in node:
                assert "contributions.md" in node.get("source", "") or "codes-and-identifiers.md" in node.get(
                    "source", "") or "inference" in node.get("source", ""), path
            for k, v in node.items():
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk(raw, str(year))


def test_health_year_runs_february_to_january():
    assert load_year_params(2026).health_min_base(Period(2026, 1)) == D("3499.50")
    assert load_year_params(2026).health_min_base(Period(2026, 2)) == D("4806.00")


def test_lump_sum_tiers_by_revenue():
    p = load_year_params(2026)
    assert p.lump_sum_tier(D("60000.00"))[0] == 1
    assert p.lump_sum_tier(D("60000.01"))[0] == 2
    assert p.lump_sum_tier(D("300000.01"))[0] == 3
