"""``eplatnik-cli audit`` as a separate process: two accountants at two seats (another user at the
computer) change one client in turn; the history names each of them and the seat, newest first, in
Polish local time, and ``--json`` gives the same as data. Bad input exits 2."""

from __future__ import annotations

import json
import re
import socket

import pytest
from support import run_cli

from eplatnik.settings import ACCOUNTANT, Settings

NIP, OTHER = "8567346215", "5261040828"
HOST = socket.gethostname()


def _as(base, accountant: str, user: str, moment: str, *args: str):
    """Run one command at the seat of ``user`` (USER/LOGNAME), with ``accountant`` named in Ustawienia."""
    settings = Settings(base)
    settings.set(ACCOUNTANT, accountant)
    settings.save()
    result = run_cli(*args, basedir=base,
                     env={"USER": user, "LOGNAME": user, "EPLATNIK_NOW": moment, "EPLATNIK_CLOCK_OFFSET": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    base = tmp_path_factory.mktemp("office") / "ws"
    _as(base, "Anna Nowak", "anowak", "2026-12-01T09:15", "payers", "add", "--nip", NIP,
        "--name", "Firma Testowa sp. z o.o.", "--short-name", "FIRMA TESTOWA", "--type", "legal",
        "--regon", "192598184", "--postal-code", "00-950", "--city", "Warszawa")
    _as(base, "Anna Nowak", "anowak", "2026-12-01T09:20", "payers", "add", "--nip", OTHER,
        "--name", "Inna Firma sp. z o.o.", "--short-name", "INNA FIRMA", "--type", "legal",
        "--regon", "192598184", "--postal-code", "00-950", "--city", "Warszawa")
    _as(base, "Katarzyna Wiśniewska", "kwisniewska", "2026-12-03T14:30", "insured", "add", "--payer", NIP,
        "--pesel", "44051401359", "--first-name", "Jan", "--last-name", "Nowak", "--title", "011000",
        "--start", "2026-01-01", "--gross", "5000.00")
    _as(base, "Katarzyna Wiśniewska", "kwisniewska", "2026-12-03T14:40", "documents", "build",
        "--payer", NIP, "--period", "2026-11")
    _as(base, "Anna Nowak", "anowak", "2026-12-05T13:03", "payers", "edit", NIP, "--city", "Kraków",
        "--postal-code", "30-001")
    return base


def test_two_accountants_at_two_seats_newest_first_in_polish_time(office):
    r = run_cli("audit", "--payer", NIP, basedir=office)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"Historia zmian: FIRMA TESTOWA (NIP {NIP})"
    stamps = [line for line in lines[1:] if re.match(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", line)]
    # newest first; the times are Polish local time (stored as UTC)
    assert stamps[0] == f"05.12.2026 13:03  Anna Nowak [{HOST}:anowak]"
    assert f"03.12.2026 14:40  Katarzyna Wiśniewska [{HOST}:kwisniewska]" in stamps
    assert f"03.12.2026 14:30  Katarzyna Wiśniewska [{HOST}:kwisniewska]" in stamps
    assert stamps[-1] == f"01.12.2026 09:15  Anna Nowak [{HOST}:anowak]"
    text = r.stdout
    assert "Zmieniono dane płatnika" in text and "Dodano ubezpieczonego — ubezpieczony 44051401359" in text
    assert "Utworzono zestaw dokumentów — zestaw nr 1: DRA, RCA za 11.2026 (utworzony z rejestru)" in text
    assert "INNA FIRMA" not in text and OTHER not in text


def test_json_schema_and_since(office):
    r = run_cli("audit", "--payer", NIP, "--json", basedir=office)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["payer"] == {"id": 1, "nip": NIP, "name": "FIRMA TESTOWA"} and data["since"] is None
    entries = data["entries"]
    assert all(set(e) == {"at", "actor", "seat", "action", "what", "object", "details"} for e in entries)
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    assert [(e["action"], e["actor"], e["seat"]) for e in entries] == [
        ("payer.update", "Anna Nowak", f"{HOST}:anowak"),
        # documents build verifies the set right after building it (as the GUI does)
        ("document.verified", "Katarzyna Wiśniewska", f"{HOST}:kwisniewska"),
        ("document.draft", "Katarzyna Wiśniewska", f"{HOST}:kwisniewska"),
        ("insured.add", "Katarzyna Wiśniewska", f"{HOST}:kwisniewska"),
        ("payer.add", "Anna Nowak", f"{HOST}:anowak"),
    ]
    assert entries[0]["at"].startswith("2026-12-05T12:03")   # stored as UTC: 13:03 in Warsaw
    recent = json.loads(run_cli("audit", "--payer", NIP, "--since", "03.12.2026", "--json", basedir=office).stdout)
    assert recent["since"] == "2026-12-03"
    assert [e["action"] for e in recent["entries"]] == ["payer.update", "document.verified", "document.draft",
                                                         "insured.add"]


def test_bad_input_exits_2_with_a_polish_message(office):
    unknown = run_cli("audit", "--payer", "1111111111", basedir=office)
    assert unknown.returncode == 2 and "Nie ma płatnika" in unknown.stderr
    bad_date = run_cli("audit", "--payer", NIP, "--since", "2026-13-01", basedir=office)
    assert bad_date.returncode == 2 and "Nie rozumiem daty „2026-13-01”" in bad_date.stderr
