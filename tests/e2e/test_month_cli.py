"""The month-end run as an accountant's script runs it: separate CLI processes, the demo workspace,
a real sandbox on a free loopback port, the demo signer's .p12, real PDFs read back with pdftotext."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time

from plugins.gateway import admin
from plugins.month import DEMO_NIPS, local_rows
from support import need_tool, run_cli

KOWALSKI, NOWAK, TECHBUD = DEMO_NIPS


def _month(env, *args):
    return run_cli("--gateway", env.url, "month", *args, basedir=env.basedir, timeout=180)


def test_whole_month_for_the_demo_firms_end_to_end(month_env, tmp_path):
    pdftotext = need_tool("pdftotext")
    r = _month(month_env, "--period", "2026-10", "--clients", "all", "--submit", "--json", *month_env.key_args())
    assert r.returncode == 0, r.stdout + r.stderr
    result = json.loads(r.stdout)
    assert result["state"] == "done"
    assert {c["nip"]: c["step"] for c in result["clients"]} == dict.fromkeys(DEMO_NIPS, "accepted")
    assert all(c["reference"] and c["actor"] == "Maria Wiśniewska" for c in result["clients"])
    assert month_env.sandbox_submissions() == 3

    r = run_cli("month", "status", "--period", "2026-10", "--json", basedir=month_env.basedir)
    status = json.loads(r.stdout)
    assert {c["nip"]: c["state"] for c in status["clients"]} == dict.fromkeys(DEMO_NIPS, "accepted")
    assert status["runs"][0]["state"] == "done"
    plain = run_cli("month", "status", "--period", "2026-10", basedir=month_env.basedir).stdout
    assert re.search(r"\b\d{2}\.11\.2026 \(", plain) and not re.search(r"2026-11-\d{2}", plain)  # Polish dates

    run_id = str(result["run"])
    pdf, csv_path, notes = tmp_path / "summary.pdf", tmp_path / "summary.csv", tmp_path / "notes"
    for out in (pdf, csv_path):
        r = run_cli("month", "summary", run_id, "-o", str(out), basedir=month_env.basedir)
        assert r.returncode == 0, r.stderr
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Podsumowanie miesiąca 2026-10" in text and "przyjęte: 3" in text
    assert "nie są potwierdzeniami ZUS (UPO)" in text  # the run went to a sandbox
    assert all(c["reference"] in text for c in result["clients"])
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "NIP" and {row[0] for row in rows[1:]} == set(DEMO_NIPS)

    r = run_cli("month", "notes", run_id, "-o", str(notes), basedir=month_env.basedir)
    assert r.returncode == 0, r.stderr
    techbud = next(c for c in result["clients"] if c["nip"] == TECHBUD)
    note = subprocess.run([pdftotext, "-layout", str(notes / f"{TECHBUD}-2026-10.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    from eplatnik.register.nrs import format_nrs, nrs_for_nip

    assert format_nrs(nrs_for_nip(TECHBUD)) in note
    assert "16.11.2026" in note and "Fundusz Pracy" in note and "Ubezpieczenie zdrowotne" in note
    amount = f"{float(techbud['to_pay']):,.2f}".replace(",", " ").replace(".", ",")
    assert amount in note and "RAZEM DO ZAPŁATY" in note
    assert "Składki ZUS za 2026-10" in (notes / f"{TECHBUD}-2026-10.txt").read_text(encoding="utf-8")


def test_bad_data_and_a_rejection_do_not_stop_the_others(month_env):
    from eplatnik.app import App
    from eplatnik.period import Period
    from eplatnik.sandbox.gateway_store import GatewayStore

    app = App(month_env.basedir)
    kowalski = next(p for p in app.register.list_payers() if p.nip == KOWALSKI)
    draft = app.documents.build_monthly(kowalski.id, Period(2026, 10))
    app.documents.edit_field(draft.id, "DRA", "social_total", "1.00")  # a hand edit that breaks the totals
    app.close()
    from eplatnik.demo import DEMO_ACCOUNTANT_PESEL

    store = GatewayStore(month_env.basedir / "sandbox")  # ZUS's side: no authorisation for NOWAK
    store.remove_authorisation(DEMO_ACCOUNTANT_PESEL, NOWAK)
    store.close()

    r = _month(month_env, "--period", "2026-10", "--clients", "all", "--submit", "--json", *month_env.key_args())
    assert r.returncode == 1, r.stdout + r.stderr
    clients = {c["nip"]: c for c in json.loads(r.stdout)["clients"]}
    assert clients[KOWALSKI]["step"] == "failed" and clients[KOWALSKI]["failed_step"] == "verify"
    assert clients[KOWALSKI]["errors"] >= 1 and clients[KOWALSKI]["submission_id"] is None
    assert clients[NOWAK]["step"] == "rejected" and clients[NOWAK]["error"]["pl"]
    assert clients[TECHBUD]["step"] == "accepted"
    assert month_env.sandbox_submissions() == 2  # the bad set never left the office

    run_id = str(json.loads(r.stdout)["run"])
    out = month_env.basedir / "summary.csv"
    assert run_cli("month", "summary", run_id, "-o", str(out), basedir=month_env.basedir).returncode == 0
    rows = {row[0]: row for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";")}
    assert rows[KOWALSKI][2] == "błąd" and rows[KOWALSKI][7] == "weryfikacja" and "błędów" in rows[KOWALSKI][8]
    assert rows[NOWAK][2] == "odrzucony (test — nie ZUS)" and rows[NOWAK][8] and rows[NOWAK][4]  # why, reference
    assert rows[TECHBUD][2] == "przyjęty (test — nie ZUS)" and rows[TECHBUD][8] == ""  # a sandbox is not ZUS
    r = run_cli("month", "report", run_id, basedir=month_env.basedir)
    assert r.returncode == 1 and "R-SUM-002" in r.stdout and r.stdout.index(KOWALSKI) < r.stdout.index(TECHBUD)
    r = run_cli("month", "status", "--period", "2026-10", "--filter", "rejected", "--json",
                basedir=month_env.basedir)
    assert [c["nip"] for c in json.loads(r.stdout)["clients"]] == [NOWAK]


def test_kill_9_mid_run_then_resume_sends_each_set_exactly_once(month_env):
    admin(month_env.url, "/sandbox/faults", {"latency_ms": 1200})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "--basedir", str(month_env.basedir),
                             "--gateway", month_env.url, "month", "--period", "2026-10", "--clients", "all",
                             "--submit", *month_env.key_args()], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not month_env.outbox_rows() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert month_env.outbox_rows(), "the run reached the outbox"
    time.sleep(0.5)  # packages are in flight, held by the sandbox's latency
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    before = local_rows(month_env.basedir, "SELECT step FROM month_run_clients")
    assert not all(step == ("accepted",) for step in before), "killed mid-run"
    time.sleep(1.5)
    admin(month_env.url, "/sandbox/faults", {"latency_ms": 0})

    [(run_id,)] = local_rows(month_env.basedir, "SELECT id FROM month_runs")
    r = _month(month_env, "resume", str(run_id), "--json", *month_env.key_args())
    assert r.returncode == 0, r.stdout + r.stderr
    result = json.loads(r.stdout)
    assert result["state"] == "done"
    assert {c["step"] for c in result["clients"]} == {"accepted"}
    # exactly one submission per client, at the sandbox and in the outbox
    assert month_env.sandbox_submissions() == 3
    rows = month_env.outbox_rows()
    assert len(rows) == 3 and len({set_id for set_id, _ in rows}) == 3
    # resuming a finished run again sends nothing
    r = _month(month_env, "resume", str(run_id), "--json", *month_env.key_args())
    assert r.returncode == 0 and month_env.sandbox_submissions() == 3


def test_prepare_without_a_key_then_sign_and_send_on_resume(month_env):
    r = _month(month_env, "--period", "2026-10", "--clients", f"{TECHBUD},{KOWALSKI}", "--json")
    assert r.returncode == 0, r.stderr
    first = json.loads(r.stdout)
    assert first["state"] == "open" and {c["step"] for c in first["clients"]} == {"verified"}
    assert month_env.sandbox_submissions() == 0
    r = _month(month_env, "--period", "2026-10", "--clients", "all", "--submit")
    assert r.returncode == 1
    assert "--p12" in r.stderr
    r = _month(month_env, "resume", str(first["run"]), "--json", *month_env.key_args())
    assert r.returncode == 0, r.stderr
    assert {c["step"] for c in json.loads(r.stdout)["clients"]} == {"signed"}  # started without --submit
    assert month_env.sandbox_submissions() == 0
    r = _month(month_env, "resume", str(first["run"]), "--submit", "--json")
    assert r.returncode == 0, r.stderr
    assert {c["step"] for c in json.loads(r.stdout)["clients"]} == {"accepted"}
    assert month_env.sandbox_submissions() == 2


def test_receipts_not_yet_in_leave_the_run_waiting_until_resumed(month_env):
    admin(month_env.url, "/sandbox/faults", {"latency_ms": 0})
    for service in month_env.server.services:
        if hasattr(service, "processing_seconds"):
            service.processing_seconds = 3.0  # ZUS takes its time
    r = _month(month_env, "--period", "2026-10", "--clients", TECHBUD, "--submit", "--wait", "0", "--json",
               *month_env.key_args())
    assert r.returncode == 0, r.stderr
    first = json.loads(r.stdout)
    assert first["state"] == "waiting" and first["clients"][0]["step"] == "submitted"
    r = run_cli("month", "status", "--period", "2026-10", "--json", basedir=month_env.basedir)
    assert next(c for c in json.loads(r.stdout)["clients"] if c["nip"] == TECHBUD)["state"] in ("queued", "sent")
    time.sleep(3.5)
    r = _month(month_env, "resume", str(first["run"]), "--json")  # no key needed: everything is signed
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["clients"][0]["step"] == "accepted"
    assert month_env.sandbox_submissions() == 1
