"""``eplatnik-cli visits …`` as a separate process against a sandbox started separately (--gateway)."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta

from support import need_tool, run_cli


def test_cli_units_slots_book_list_ics_cancel(tmp_path, booking_sandbox, booking_monday):
    ws = tmp_path / "ws-cli"
    gw = ("--gateway", booking_sandbox.url)
    r = run_cli(*gw, "visits", "units", "--postal-code", "30-001", "--json", basedir=ws)
    assert r.returncode == 0, r.stderr
    units = json.loads(r.stdout)
    assert units["suggested"][0]["id"] == "zus-krakow" and units["official"] is False
    r = run_cli(*gw, "visits", "units", "--postal-code", "30001", basedir=ws)
    assert r.returncode == 1 and "NN-NNN" in r.stderr

    r = run_cli(*gw, "visits", "slots", "--unit", "zus-krakow", "--from", booking_monday.isoformat(), "--days", "7",
                "--topic", "raty", "--json", basedir=ws)
    assert r.returncode == 0, r.stderr
    slots = json.loads(r.stdout)["slots"]
    assert slots[0]["start"] == f"{booking_monday.isoformat()}T09:00:00+01:00" or slots[0]["start"].endswith(
        "T09:00:00+02:00")
    assert all(s["start"][:10] != (booking_monday + timedelta(days=5)).isoformat() for s in slots)  # Saturday
    start = slots[1]["start"]

    r = run_cli(*gw, "visits", "book", "--topic", "raty", "--unit", "zus-krakow", "--slot", start,
                "--name", "Jan Kowalski", "--nip", "5261040828", "--phone", "512345678", "--email", "jan@example.pl",
                "--note", "zaległość za 09/2026", basedir=ws)
    assert r.returncode == 0, r.stderr
    assert "dokument tożsamości" in r.stdout and "EW-" in r.stdout

    r = run_cli(*gw, "visits", "book", "--topic", "raty", "--unit", "zus-krakow", "--slot", start,
                "--name", "Anna Nowak", "--nip", "7792433421", "--phone", "512345679", "--email", "anna@example.pl",
                basedir=ws)
    assert r.returncode == 1 and "zajęty" in r.stderr and "Najbliższe wolne terminy" in r.stderr

    r = run_cli(*gw, "visits", "book", "--topic", "raty", "--unit", "zus-krakow", "--slot", start,
                "--name", "X", "--nip", "5261040828", "--phone", "221234567", "--email", "zly", basedir=ws)
    assert r.returncode == 2 and "telefon: " in r.stderr and "e-mail: " in r.stderr  # fields named as on the form

    r = run_cli(*gw, "visits", "list", "--json", basedir=ws)
    visits = json.loads(r.stdout)
    booked = [v for v in visits if v["status"] == "booked"]
    assert len(booked) == 1 and booked[0]["note"] == "zaległość za 09/2026"
    visit_id = str(booked[0]["id"])

    out = tmp_path / "wizyta.ics"
    r = run_cli(*gw, "visits", "ics", visit_id, "-o", str(out), basedir=ws)
    assert r.returncode == 0, r.stderr
    text = out.read_bytes().decode("utf-8")
    assert "\r\nBEGIN:VEVENT\r\n" in text and "\r\nSTATUS:CONFIRMED\r\n" in text
    assert "URL:https://ewizyta.example/sandbox/" in text

    pdf = tmp_path / "wizyta.pdf"
    r = run_cli(*gw, "visits", "pdf", visit_id, "-o", str(pdf), basedir=ws)
    assert r.returncode == 0, r.stderr
    pdftotext = need_tool("pdftotext")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Potwierdzenie e-wizyty w ZUS" in text and "Rozłożenie zadłużenia na raty" in text
    assert "dokument tożsamości" in text and "RSR" in text and "piaskownicy" in text

    r = run_cli(*gw, "visits", "checklist", "--topic", "raty", basedir=ws)
    assert "RSR" in r.stdout and "RPD" in r.stdout

    r = run_cli(*gw, "visits", "cancel", visit_id, basedir=ws)
    assert r.returncode == 0 and "odwołana" in r.stdout
    r = run_cli(*gw, "visits", "slots", "--unit", "zus-krakow", "--from", booking_monday.isoformat(), "--days", "1",
                "--topic", "raty", "--json", basedir=ws)
    assert start in [s["start"] for s in json.loads(r.stdout)["slots"]]  # freed at once


def test_cli_unreachable_then_retry(tmp_path, booking_monday):
    from plugins.visits import BookingSandbox, free_port

    ws = tmp_path / "ws-retry"
    port = free_port()
    gw = ("--gateway", f"http://127.0.0.1:{port}")
    start = f"{(booking_monday + timedelta(days=1)).isoformat()}T10:20:00+01:00"
    r = run_cli(*gw, "visits", "book", "--topic", "zasilki", "--unit", "zus-krakow", "--slot", start,
                "--name", "Jan Kowalski", "--pesel", "80051712376", "--phone", "512345678",
                "--email", "jan@example.pl", basedir=ws)
    assert r.returncode == 1 and "visits retry" in r.stderr
    sandbox = BookingSandbox(tmp_path / "state", port=port)
    try:
        r = run_cli(*gw, "visits", "retry", basedir=ws)
        assert r.returncode == 0, r.stderr
        assert "EW-" in r.stdout
    finally:
        sandbox.stop()


def test_cli_against_a_separately_started_sandbox(tmp_path):
    """``eplatnik-cli sandbox serve`` in its own process; ``--gateway`` points the visits commands at it."""
    import os
    import sys
    import time
    import urllib.request

    from plugins.visits import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "sandbox", "serve", "--port", str(port),
                               "--state", str(tmp_path / "state")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):  # wait until it answers (polling, not a fixed sleep)
            try:
                with urllib.request.urlopen(f"{url}/sandbox/health", timeout=1) as resp:
                    assert "booking" in json.loads(resp.read())["services"]
                    break
            except OSError:
                time.sleep(0.05)
        r = run_cli("--gateway", url, "visits", "units", "--postal-code", "00-026", basedir=tmp_path / "ws")
        assert r.returncode == 0, r.stderr
        assert "zus-warszawa" in r.stdout and "nie decyzja ZUS" in r.stdout
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert (tmp_path / "state" / "booking" / "units.json").exists()  # the user-editable copy


def test_cli_proxy_booking_needs_a_registered_authorisation(tmp_path, booking_sandbox, booking_monday):
    ws = tmp_path / "ws-demo"
    assert run_cli("demo", basedir=ws).returncode == 0
    gw = ("--gateway", booking_sandbox.url)
    start = f"{booking_monday.isoformat()}T12:20:00"
    common = ("visits", "book", "--topic", "odroczenie", "--unit", "zus-krakow", "--slot", start,
              "--for-payer", "5261040828")
    r = run_cli(*gw, *common, "--as-proxy", "Jan Obcy", basedir=ws)
    assert r.returncode == 1 and "ZUS-PEL" in r.stderr
    r = run_cli(*gw, *common, "--as-proxy", "Maria Wiśniewska", "--json", basedir=ws)
    assert r.returncode == 0, r.stderr
    visit = json.loads(r.stdout)
    assert visit["proxy"] == "Maria Wiśniewska" and visit["nip"] == "5261040828" and visit["status"] == "booked"
    assert visit["email"] == "jan.kowalski@example.pl"  # taken from the register
    r = run_cli(*gw, "visits", "list", "--payer", "5261040828", "--json", basedir=ws)
    assert [v["id"] for v in json.loads(r.stdout)] == [visit["id"]]


def test_cli_books_for_an_insured_person_from_the_register(tmp_path, booking_sandbox, booking_monday):
    from eplatnik.app import App

    ws = tmp_path / "ws-person"
    assert run_cli("demo", basedir=ws).returncode == 0
    with App(ws) as app:
        person = next(p for p in app.register.list_insured() if p.record.postal_code == "05-800")
    r = run_cli("--gateway", booking_sandbox.url, "visits", "book", "--topic", "zasilki", "--unit", "zus-warszawa",
                "--slot", f"{booking_monday.isoformat()}T13:00:00", "--for-person", person.pesel,
                "--phone", "600100200", "--email", "osoba@example.pl", "--json", basedir=ws)
    assert r.returncode == 0, r.stderr
    visit = json.loads(r.stdout)
    assert visit["pesel"] == person.pesel and visit["name"] == person.record.full_name
    r = run_cli("--gateway", booking_sandbox.url, "visits", "book", "--topic", "zasilki", "--unit", "zus-warszawa",
                "--slot", f"{booking_monday.isoformat()}T13:20:00", "--for-person", "00000000000",
                "--phone", "600100200", "--email", "osoba@example.pl", basedir=ws)
    assert r.returncode == 1 and "PESEL 00000000000" in r.stderr
