"""Sets built with draft/forecast figures say so (stored with the set, CLI note, printout footnote); a year
without parameters is a clear error naming the year and what to do — in the build, the month-end run and
the demo — never a traceback and never a silent zero."""

from __future__ import annotations

import subprocess

import pytest
from support import need_tool, run_cli

from eplatnik.errors import UserFacingError
from eplatnik.period import Period


def _at(moment: str) -> dict[str, str]:
    """Environment for a CLI child acting at ``moment`` (the suite's pinned clock offset is dropped)."""
    return {"EPLATNIK_NOW": moment, "EPLATNIK_CLOCK_OFFSET": ""}


def _payer_id(app, nip: str) -> int:
    return int(app.register.find_payer(nip).id)


def test_a_2027_set_records_the_figures_that_are_not_final_yet(demo_app):
    docs = demo_app.documents
    info = docs.build_monthly(_payer_id(demo_app, "9512345675"), Period(2027, 2))
    figures = {i["figure"]: i for i in info.params_note}
    assert figures["rates.FP"]["status"] == "draft" and "budżetowej" in figures["rates.FP"]["source"]
    assert figures["annual_pension_cap"]["value"] == "300990.00"
    assert docs.verify(info.id).ok  # draft figures do not block signing; they are reported
    earlier = docs.build_monthly(_payer_id(demo_app, "9512345675"), Period(2026, 10))
    assert earlier.params_note == []
    assert docs.params_notes([info.id, earlier.id]) == {info.id: info.params_note}


def test_the_printout_carries_a_footnote(demo_app, tmp_path):
    from eplatnik.reports.declaration_pdf import render_set_pdf

    pdftotext = need_tool("pdftotext")
    info = demo_app.documents.build_monthly(_payer_id(demo_app, "5261040828"), Period(2027, 3))
    pdf = render_set_pdf(demo_app.documents, info.id, tmp_path / "dra.pdf")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Kwoty obliczono z parametrami składek, które w chwili obliczenia nie były ostateczne" in flat
    assert "najniższa podstawa przedsiębiorcy (pełny ZUS) 2027 (projekt)" in flat
    final = demo_app.documents.build_monthly(_payer_id(demo_app, "5261040828"), Period(2026, 9))
    pdf = render_set_pdf(demo_app.documents, final.id, tmp_path / "final.pdf")
    assert "ostateczne" not in subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True,
                                              check=True).stdout


def test_a_year_without_parameters_is_a_clear_error_and_nothing_is_stored(demo_app):
    with pytest.raises(UserFacingError) as err:
        demo_app.documents.build_monthly(_payer_id(demo_app, "5261040828"), Period(2028, 1))
    text = err.value.render("pl")
    assert "Brak parametrów składek na 2028 r." in text and "params install" in text
    assert demo_app.documents.list_sets(period=Period(2028, 1)) == []


def test_cli_build_notes_draft_figures_and_month_end_fails_each_client_clearly(tmp_path):
    ws = tmp_path / "ws"
    assert run_cli("demo", basedir=ws).returncode == 0  # at the suite's date (2026)
    proc = run_cli("documents", "build", "--payer", "7792433421", "--period", "2027-01", basedir=ws)
    assert proc.returncode == 0, proc.stderr
    assert "nie są jeszcze ostateczne" in proc.stdout and "podstawa preferencyjna" in proc.stdout
    proc = run_cli("month", "--period", "2028-01", "--clients", "all", basedir=ws,
                   env=_at("2028-02-10T10:00"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    failed = [line for line in proc.stdout.splitlines() if "Brak parametrów składek na 2028 r." in line]
    assert len(failed) == 3  # every client, each with the message


def test_demo_on_a_date_without_parameters_says_what_it_could_not_build(tmp_path):
    proc = run_cli("demo", basedir=tmp_path / "ws", env=_at("2028-02-10T10:00"))
    assert proc.returncode == 1
    assert proc.stderr.count("Brak parametrów składek na 2028 r.") == 3
    assert "utworzono częściowo" in proc.stdout
    payers = run_cli("payers", "list", basedir=tmp_path / "ws")
    assert payers.returncode == 0 and "TECHBUD" in payers.stdout  # the rest of the demo is there
