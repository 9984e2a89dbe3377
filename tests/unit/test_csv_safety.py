"""CSV formula injection (issue 13, point 7): client names like ``=1+2``, ``=HYPERLINK(…)``, ``+SUM(…)``,
``@SUM(…)`` are kept as entered in the register, and written to every CSV neutralised."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from support import run_cli

from eplatnik.csvsafe import safe_cell

PACKAGE = Path(__file__).resolve().parents[2] / "eplatnik"
HOSTILE_NAMES = ['=1+2', '=HYPERLINK("http://zly.example/x";"Faktura")', "+SUM(1;2)", "@SUM(1)",
                 "-2+3+cmd|' /C calc'!A0", "\t=1+2"]


@pytest.mark.parametrize("value", [*HOSTILE_NAMES, "\r=1+2", "＝1+2"])
def test_formula_starts_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["TECHBUD SP. Z O.O.", "-12,50", "1234.56", "", 7, None, "Kowalski = szef"])
def test_ordinary_text_and_numbers_are_unchanged(value):
    assert safe_cell(value) == value


def test_office_summary_csv_neutralises_hostile_client_names_and_the_register_keeps_them(tmp_path):
    base = tmp_path / "ws"
    nips = ["8567346215", "5261040828", "7792433421", "9512345675"]
    for nip, name in zip(nips, HOSTILE_NAMES, strict=False):
        added = run_cli("payers", "add", "--nip", nip, "--name", name, "--short-name", name[:31], "--type", "other",
                        basedir=base)
        assert added.returncode == 0, added.stderr
    listed = run_cli("payers", "list", "--json", basedir=base)
    assert {p["short_name"] for p in json.loads(listed.stdout)} == {n[:31] for n in HOSTILE_NAMES[:4]}
    run = run_cli("month", "--period", "2026-10", "--clients", "all", "--json", basedir=base)
    run_id = json.loads(run.stdout)["run"]
    out = tmp_path / "summary.csv"
    done = run_cli("month", "summary", str(run_id), "-o", str(out), basedir=base)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    live = [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"-?\d+(,\d+)?", c)]
    assert live == []
    names = {row[1] for row in rows[1:]}
    assert {"'" + n[:31] for n in HOSTILE_NAMES[:4]} <= names


def test_every_csv_the_program_writes_goes_through_the_one_helper():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "csvsafe.py" and re.search(r"csv\.(writer|DictWriter)\(", p.read_text(encoding="utf-8"))]
    assert offenders == []
