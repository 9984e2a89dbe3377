"""The account end to end: declarations accepted by the real sandbox, bank statements imported with
the real CLI (a separate process), the account JSON, and the relief draft PDF read back with
pdftotext."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from plugins.account import Tx, camt053, csv_export, mt940, to_nrs
from support import need_tool, run_cli

# interest, arrears and deadlines below are figures as of this moment
pytestmark = pytest.mark.now("2026-11-20T10:00:00+01:00")

NOW: dict[str, str] = {}  # the pinned clock (pytestmark below) is inherited by the CLI children
KOWALSKI, NOWAK, TECHBUD = "5261040828", "7792433421", "9512345675"


def _cli(app, *args):
    return run_cli(*args, basedir=app.basedir, env=NOW)


def test_import_matches_by_nrs_and_the_same_statement_again_adds_nothing(accepted_app, tmp_path):
    statement = tmp_path / "pko.sta"
    statement.write_bytes(mt940([
        Tx(date(2026, 10, 20), Decimal("2359.30"), to_nrs(KOWALSKI)),          # September, on time
        Tx(date(2026, 11, 2), Decimal("500.00"), to_nrs(NOWAK)),              # part of September, late
        Tx(date(2026, 11, 3), Decimal("120.00"), "10105000997603123456789123", name="Energa", title="Prąd"),
        Tx(date(2026, 11, 4), Decimal("10.00"), to_nrs("1132853869")),         # a NIP not in the register
        Tx(date(2026, 11, 5), Decimal("75.00"), to_nrs(KOWALSKI), debit=False),  # money in, not a payment
    ], style="pko", encoding="cp1250", crlf=True))

    dry = _cli(accepted_app, "payments", "import", str(statement), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "nic" in dry.stdout.lower() or "niczego" in dry.stdout
    assert accepted_app.account.transactions() == []

    first = _cli(accepted_app, "payments", "import", str(statement), "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report["matched"], report["ignored"], report["duplicates"]) == (2, 3, 0)
    assert report["encoding"] == "cp1250"
    outcomes = {t["line"]: (t["outcome"], t["payer_nip"]) for t in report["transactions"]}
    assert sorted(v for v in outcomes.values() if v[0] == "matched") == [("matched", KOWALSKI), ("matched", NOWAK)]

    again = _cli(accepted_app, "payments", "import", str(statement))
    assert again.returncode == 0, again.stderr
    assert "Już zaimportowane wcześniej (5)" in again.stdout
    assert len(accepted_app.account.transactions(status="matched")) == 2

    account = json.loads(_cli(accepted_app, "account", "--payer", KOWALSKI, "--json").stdout)
    assert account["payer_nip"] == KOWALSKI
    sept, october = account["months"]
    assert (sept["period"], sept["due"], sept["paid"], sept["balance"]) == ("2026-09", "2359.30", "2359.30", "0.00")
    assert (october["period"], october["status"]) == ("2026-10", "open")
    assert account["arrears"] == "0.00" and account["interest"] == "0.00"
    assert account["not_yet_due"] == "2359.30"
    nowak = json.loads(_cli(accepted_app, "account", "--payer", NOWAK, "--json").stdout)
    assert Decimal(nowak["arrears"]) == Decimal(nowak["months"][0]["due"]) - Decimal("500.00")


def test_camt053_and_csv_statements_import_too(accepted_app, tmp_path):
    xml = tmp_path / "wyciag.xml"
    xml.write_bytes(camt053([Tx(date(2026, 11, 16), Decimal("36412.07"), to_nrs(TECHBUD))]))
    r = _cli(accepted_app, "payments", "import", str(xml))
    assert r.returncode == 0 and "Zapisano: 1 wpłat" in r.stdout, r.stdout + r.stderr
    csv = tmp_path / "mbank.csv"
    csv.write_bytes(csv_export([Tx(date(2026, 11, 17), Decimal("100.00"), to_nrs(NOWAK))], bank="mbank"))
    r = _cli(accepted_app, "payments", "import", str(csv), "--format", "csv")
    assert r.returncode == 0, r.stderr
    techbud = json.loads(_cli(accepted_app, "account", "--payer", TECHBUD, "--json").stdout)
    # September (due 15.10) was paid on 16.11: 32 days late at 11 % → 351 zł interest
    assert techbud["months"][0]["balance"] == "0.00" and techbud["months"][0]["interest"] == "351.00"


def test_unreadable_statement_imports_nothing_and_exits_2(accepted_app, tmp_path):
    broken = tmp_path / "urwany.sta"
    broken.write_bytes(mt940([Tx(date(2026, 11, 2), Decimal("500.00"), to_nrs(NOWAK))], truncate=True))
    r = _cli(accepted_app, "payments", "import", str(broken))
    assert r.returncode == 2
    assert "Wiersz" in r.stderr or "wierszu" in r.stderr
    assert "Nic nie zaimportowano" in r.stderr
    assert accepted_app.account.transactions() == []
    bad = _cli(accepted_app, "payments", "add", "--payer", NOWAK, "--date", "2026-11-02", "--amount", "12x")
    assert bad.returncode == 2 and "12x" in bad.stderr
    assert accepted_app.account.transactions() == []


def test_relief_draft_pdf_names_the_arrears_and_the_schedule(accepted_app, tmp_path):
    pdftotext = need_tool("pdftotext")
    out = tmp_path / "raty.pdf"
    r = _cli(accepted_app, "relief", "draft", "--payer", TECHBUD, "--kind", "instalments", "--instalments", "6",
             "-o", str(out), "--xml", str(tmp_path / "raty.xml"))
    assert r.returncode == 0, r.stderr
    text = subprocess.run([pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Wniosek o rozłożenie na raty" in text
    assert "9512345675" in text and "TECHBUD" in text
    assert "2026-09" in text and "2026-10" in text
    assert "36 412,07" in text and "72 824,14" in text     # each month and the total, Polish amounts
    assert "31.12.2026" in text and "31.05.2027" in text     # first and last instalment
    assert "Oświadczam" in text
    assert b"<Instalment" in (tmp_path / "raty.xml").read_bytes()
    paid = _cli(accepted_app, "payments", "add", "--payer", KOWALSKI, "--date", "2026-10-20", "--amount", "2359,30")
    assert paid.returncode == 0 and "2 359,30" in paid.stdout, paid.stderr
    none = _cli(accepted_app, "relief", "draft", "--payer", KOWALSKI, "--kind", "instalments", "-o",
                str(tmp_path / "x.pdf"))
    assert none.returncode == 2 and not (tmp_path / "x.pdf").exists()
    assert "nie ma zaległości" in none.stderr


def test_payment_note_mentions_earlier_arrears(accepted_app):
    from eplatnik.month.payment import note_text
    from eplatnik.period import Period

    techbud = next(p for p in accepted_app.register.list_payers() if p.nip == TECHBUD)
    note = accepted_app.month.payment_note(techbud, Period(2026, 10))
    assert note.arrears_periods == ("2026-09",)
    text = note_text(note)
    assert "zaległość z poprzednich miesięcy (2026-09): 36 412,07 zł" in text
    assert "odsetki za zwłokę 395,00 zł" in text
    kowalski = next(p for p in accepted_app.register.list_payers() if p.nip == KOWALSKI)
    accepted_app.account.add_manual(KOWALSKI, date(2026, 10, 20), "2359,30")
    assert "zaległość" not in note_text(accepted_app.month.payment_note(kowalski, Period(2026, 10)))
