"""The CLI verifies a set right after making or changing it, as the GUI does (one core workflow,
``forms.workflow`` / ``forms.registration.register_document``): build, edit, correct, register."""

from __future__ import annotations

import json
from datetime import date

import pytest
from support import run_cli

from eplatnik.register.synthetic import pesel_for

PAYER = "7792433421"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    base = tmp_path_factory.mktemp("verified") / "ws"
    assert run_cli("demo", basedir=base).returncode == 0
    return base


def _transitions(workspace, set_id: int) -> list[str]:
    show = json.loads(run_cli("documents", "show", str(set_id), "--json", basedir=workspace).stdout)
    return [t["to_status"] for t in show["transitions"]]


def test_build_edit_and_correct_are_verified_without_a_separate_verify(workspace):
    built = run_cli("documents", "build", "--payer", PAYER, "--period", "2026-03", "--json", basedir=workspace)
    assert built.returncode == 0, built.stderr
    row = json.loads(built.stdout)
    assert row["status"] == "verified" and row["findings"] == []
    assert _transitions(workspace, row["id"]) == ["draft", "verified"]

    edited = run_cli("--lang", "en", "documents", "edit", str(row["id"]), "--form", "DRA", "--field", "IX/p2",
                     "--value", "1.00", basedir=workspace)
    assert edited.returncode == 0, edited.stderr
    # the wrong total is reported at once, and the set is back to a draft that cannot be signed
    assert f"Set {row['id']} (draft)" in edited.stdout and "block IX" in edited.stdout

    corrected = run_cli("--lang", "en", "documents", "correct", str(row["id"]), basedir=workspace)
    assert corrected.returncode == 0, corrected.stderr
    assert "(verified)" in corrected.stdout
    listed = json.loads(run_cli("documents", "list", "--payer", PAYER, "--json", basedir=workspace).stdout)
    correction = next(s for s in listed if s["correction_of"] == row["id"])
    assert correction["status"] == "verified"


def test_registration_is_dated_by_the_record_and_verified_and_ziua_says_when_it_is_not_needed(workspace):
    pesel = pesel_for(date(1990, 4, 12), 321, False)
    added = run_cli("insured", "add", "--payer", PAYER, "--pesel", pesel, "--first-name", "Jan",
                    "--last-name", "Odchodzący", "--title", "011000", "--start", "2026-01-05", "--end", "2026-09-15",
                    "--gross", "5000", "--postal-code", "00-001", "--city", "Warszawa", "--street", "Polna",
                    "--house-no", "1", basedir=workspace)
    assert added.returncode == 0, added.stderr

    r = run_cli("--lang", "en", "documents", "register", "--payer", PAYER, "--person", pesel, "--form", "ZWUA",
                basedir=workspace)
    assert r.returncode == 0, r.stderr
    set_id = int(r.stdout.split()[1].rstrip(":"))
    # no --date: the deregistration is dated by the end of the record, as in the GUI (not "today")
    xml = run_cli("documents", "show", str(set_id), "--xml", basedir=workspace).stdout
    assert "2026-09-15" in xml
    assert "verified" in _transitions(workspace, set_id)

    ziua = run_cli("documents", "register", "--payer", PAYER, "--person", pesel, "--form", "ZIUA",
                   basedir=workspace)
    assert ziua.returncode != 0 and "ZIUA nie jest potrzebny" in ziua.stderr
