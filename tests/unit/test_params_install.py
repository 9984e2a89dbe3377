"""``eplatnik-cli params list/show/install`` as a real subprocess: an office installs next year's figures
into its workspace; a malformed or incomplete file is refused naming the field, exit 2, nothing written;
the installed file wins over the packaged one and is shown as such."""

from __future__ import annotations

import copy
import json

from support import run_cli

from eplatnik.params.store import PACKAGED_DIR


def _packaged(year: int) -> dict:
    return json.loads((PACKAGED_DIR / f"{year}.json").read_text(encoding="utf-8"))


def _final_2027() -> dict:
    """What the office gets once the 2027 figures are published: the same values, every one final."""
    doc = copy.deepcopy(_packaged(2027))
    doc["prepared"] = "2027-01-25"
    for entries in doc["figures"].values():
        for entry in entries:
            entry["status"] = "final"
            entry.pop("final_when", None)
    doc["figures"]["health.lump_sum_average_wage"][0]["value"] = "9880.00"  # GUS Q4 2026, say
    return doc


def _write(path, doc) -> str:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_list_shows_years_status_sources_and_origin(tmp_path):
    proc = run_cli("params", "list", "--json", basedir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    years = {y["year"]: y for y in json.loads(proc.stdout)}
    assert {2025, 2026, 2027} <= set(years)
    assert years[2026]["status"] == "final" and years[2026]["origin"] == "packaged"
    assert years[2027]["status"] == "forecast"  # the weakest of its figures
    draft = {e["figure"]: e for e in years[2027]["provisional"]}
    assert draft["minimum_wage"]["status"] == "draft" and "Dz.U. 2026 poz. 1213" in draft["minimum_wage"]["source"]
    assert any("Dz.U. 2024 poz. 1362" in s for s in years[2025]["sources"])
    text = run_cli("params", "list", basedir=tmp_path).stdout
    assert "2027  nieostateczne" in text and "wbudowany w program" in text


def test_install_refuses_an_incomplete_file_naming_the_field_and_writes_nothing(tmp_path):
    doc = _final_2027()
    del doc["figures"]["minimum_wage"]
    proc = run_cli("params", "install", _write(tmp_path / "2027.json", doc), basedir=tmp_path / "ws")
    assert proc.returncode == 2
    assert 'figures["minimum_wage"]' in proc.stderr and "brak wymaganego pola" in proc.stderr
    assert not (tmp_path / "ws").exists()  # not even a workspace was created


def test_install_refuses_a_malformed_value_a_wrong_derivation_and_broken_json(tmp_path):
    ws = tmp_path / "ws"
    doc = _final_2027()
    doc["figures"]["minimum_wage"][0]["value"] = "4 950,00"
    proc = run_cli("params", "install", _write(tmp_path / "a.json", doc), basedir=ws)
    assert proc.returncode == 2 and 'figures["minimum_wage"][0].value' in proc.stderr
    doc = _final_2027()
    doc["figures"]["annual_pension_cap"][0]["value"] = "301000.00"  # 30 × 10 033 = 300 990
    proc = run_cli("params", "install", _write(tmp_path / "b.json", doc), basedir=ws)
    assert proc.returncode == 2 and 'figures["annual_pension_cap"][0].value' in proc.stderr and "300990.00" in \
        proc.stderr
    doc = _packaged(2027)
    doc["figures"]["annual_pension_cap"][0]["status"] = "final"  # derives from a draft figure
    proc = run_cli("params", "install", _write(tmp_path / "c.json", doc), basedir=ws)
    assert proc.returncode == 2 and 'figures["annual_pension_cap"][0].status' in proc.stderr
    (tmp_path / "d.json").write_text('{"format": 2, "year": 2027,', encoding="utf-8")
    proc = run_cli("params", "install", str(tmp_path / "d.json"), basedir=ws)
    assert proc.returncode == 2 and "JSON" in proc.stderr
    assert not (ws / "params").exists()


def test_installed_file_wins_over_the_packaged_one_and_is_shown_as_such(tmp_path):
    ws = tmp_path / "ws"
    proc = run_cli("params", "install", _write(tmp_path / "2027-final.json", _final_2027()), basedir=ws)
    assert proc.returncode == 0, proc.stderr
    assert "zastępują wbudowane" in proc.stdout
    assert not (ws / "params").exists()
    assert "w bazie danych obszaru roboczego" in proc.stdout  # stored in the workspace's database (issue 16)
    years = {y["year"]: y for y in json.loads(run_cli("params", "list", "--json", basedir=ws).stdout)}
    assert years[2027]["origin"] == "installed" and years[2027]["overrides_packaged"]
    assert years[2027]["status"] == "final" and years[2027]["provisional"] == []
    # the calculator of this workspace uses it: ryczałt ≤ 60 000 in 2027 = 9 % × 60 % × 9 880.00
    proc = run_cli("contributions", "--year", "2027", "--month", "3", "--title", "051000", "--tax-form", "ryczalt",
                   "--revenue", "10000", "--json", basedir=ws)
    data = json.loads(proc.stdout)
    health = next(c for c in data["contributions"] if c["key"] == "zdrowotne")
    assert health["total"] == "533.52" and data["provisional_figures"] == []
    # another workspace still has the packaged (forecast) figures, and says so
    other = json.loads(run_cli("contributions", "--year", "2027", "--month", "3", "--title", "051000",
                               "--tax-form", "ryczalt", "--revenue", "10000", "--json", basedir=tmp_path / "o").stdout)
    assert any(e["figure"] == "health.lump_sum_average_wage" and e["status"] == "forecast"
               for e in other["provisional_figures"])
    shown = run_cli("params", "show", "2027", "--month", "2", basedir=ws).stdout
    assert "zainstalowany w obszarze roboczym" in shown and "[health.minimum_base] od 2027-02: 4950.00" in shown


def test_next_years_file_can_be_installed_the_day_it_is_published(tmp_path):
    """A 2028 file whose January health minimum derives from the 2027 minimum wage (another year's file)."""
    ws = tmp_path / "ws"
    assert run_cli("params", "install", _write(tmp_path / "2027.json", _final_2027()), basedir=ws).returncode == 0
    doc = copy.deepcopy(_final_2027())
    doc["year"] = 2028
    for name, entries in doc["figures"].items():
        for entry in entries:
            entry["from"] = "2028" + entry["from"][4:]
            if "derived" in entry and entry["derived"].get("at"):
                entry["derived"]["at"] = "2028" + entry["derived"]["at"][4:]
        if name == "health.minimum_base":
            entries[0]["derived"]["at"] = "2027-02"  # January 2028: the Feb 2027–Jan 2028 health year
            entries[0]["value"] = "4950.00"
    proc = run_cli("params", "install", _write(tmp_path / "2028.json", doc), basedir=ws)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(run_cli("contributions", "--year", "2028", "--month", "1", "--title", "051000",
                              "--tax-form", "skala", "--json", basedir=ws).stdout)
    assert data["year_parameters"]["health_min_base"] == "4950.00"
