"""``eplatnik-cli contributions`` run as a real subprocess."""

from __future__ import annotations

import json

from support import run_cli


def _json(*args: str) -> dict:
    proc = run_cli("contributions", *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_full_zus_2026_json_names_each_contribution_and_split():
    data = _json("--year", "2026", "--title", "051000", "--base", "5652", "--sickness")
    by_key = {c["key"]: c for c in data["contributions"]}
    assert by_key["emerytalne"]["total"] == "1103.27" and by_key["emerytalne"]["insured"] == "1103.27"
    assert by_key["rentowe"]["total"] == "452.16"
    assert by_key["chorobowe"]["total"] == "138.47"
    assert by_key["wypadkowe"]["total"] == "94.39"
    assert by_key["FP"]["payer"] == "138.47"
    assert data["totals"]["social"] == "1788.29" and data["totals"]["fp_fgsp"] == "138.47"
    assert data["totals"]["total"] == "1926.76"  # no tax form: health not included
    assert data["bases"]["pension"] == "5652.00"
    assert data["year_parameters"]["annual_pension_cap"] == "282600.00"
    assert data["year_parameters"]["health_min_base"] == "4806.00"  # December: the Feb 2026–Jan 2027 year


def test_preferential_2025_totals():
    data = _json("--year", "2025", "--title", "057000", "--sickness")
    assert data["totals"]["social"] == "442.90"
    assert "FP" not in {c["key"] for c in data["contributions"]}


def test_employee_with_gross_and_cap_carried_over():
    data = _json("--year", "2026", "--month", "11", "--title", "011000", "--gross", "30000",
                 "--prior-cumulative-base", "272600.00")
    assert data["cap_reached"] is True and data["bases"]["pension"] == "10000.00"
    by_key = {c["key"]: c for c in data["contributions"]}
    assert by_key["emerytalne"]["payer"] == "976.00" and by_key["emerytalne"]["insured"] == "976.00"
    assert by_key["FP"]["base"] == "30000.00"
    assert any("limit" in n for n in data["notes"])


def test_health_options_lump_sum_and_maly_zus_plus():
    data = _json("--year", "2026", "--month", "3", "--title", "059000", "--prior-year-income", "60000",
                 "--prior-year-days", "365", "--tax-form", "ryczalt", "--revenue", "70000,00")
    assert data["bases"]["pension"] == "2465.75"
    assert data["totals"]["health"] == "830.58"


def test_human_table_in_polish_and_english():
    pl = run_cli("contributions", "--year", "2026", "--title", "051000", "--base", "5652", "--sickness",
                 "--tax-form", "skala")
    assert pl.returncode == 0, pl.stderr
    assert "emerytalne" in pl.stdout and "1 103,27" in pl.stdout and "Razem do zapłaty" in pl.stdout
    assert "432,54" in pl.stdout
    en = run_cli("--lang", "en", "contributions", "--year", "2026", "--title", "011000", "--gross", "8000")
    assert en.returncode == 0, en.stderr
    assert "Total to pay" in en.stdout and "1,561.60" in en.stdout and "Financed by the payer" in en.stdout


def test_bad_input_is_explained_and_exit_code_1():
    proc = run_cli("contributions", "--year", "2026", "--title", "051000", "--base", "12x")
    assert proc.returncode == 1 and "--base" in proc.stderr and "12x" in proc.stderr
    proc = run_cli("contributions", "--year", "2031", "--title", "051000")
    assert proc.returncode == 1 and "2031" in proc.stderr and "2026" in proc.stderr
    proc = run_cli("--lang", "en", "contributions", "--year", "2026", "--title", "123456", "--base", "1")
    assert proc.returncode == 1 and "not in the program's code list" in proc.stderr
    assert "Traceback" not in proc.stderr
