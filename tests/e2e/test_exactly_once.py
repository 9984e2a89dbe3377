"""Two real processes on one workspace never send a set twice (issue 13, point 3).

Two ``eplatnik-cli month … --submit`` runs started up to a second apart used to send the same set
twice in 4 of 8 trials (both accepted): ``enqueue`` checked, then inserted, and each package was
encrypted with a fresh key, so the gateway could not see the repeat either. Each trial here starts
two real processes on a fresh copy of the demo workspace, with a real sandbox, and checks the
sandbox's count (3 sets, 3 packages), the outbox (one live submission per set) and that both
processes report the truth: every client accepted, and the later one says who was already sending.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from plugins.gateway import admin, start_sandbox
from plugins.month import DEMO_NIPS, local_rows
from support import run_cli

STAGGER = (0.0, 0.3, 0.6, 1.0)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("template") / "ws"
    made = run_cli("demo", basedir=base)
    assert made.returncode == 0, made.stderr
    return base


def _start(basedir: Path, url: str, password_file: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "--basedir", str(basedir), "--gateway", url,
                             *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _month(basedir: Path, url: str, password_file: Path) -> subprocess.Popen:
    return _start(basedir, url, password_file, "month", "--period", "2026-10", "--clients", "all", "--submit",
                  "--json", "--p12", str(basedir / "demo" / "signer.p12"), "--password-file", str(password_file))


def _live_per_set(basedir: Path) -> dict:
    return dict(local_rows(basedir, "SELECT document_set_id, COUNT(*) FROM submissions "
                                    "WHERE state NOT IN ('rejected', 'failed') GROUP BY document_set_id"))


@pytest.mark.parametrize("stagger", STAGGER)
def test_two_month_runs_at_once_send_each_set_once_and_both_tell_the_truth(demo_template, tmp_path, stagger):
    basedir = tmp_path / "ws"
    shutil.copytree(demo_template, basedir)
    password = tmp_path / "pw.txt"
    password.write_text("demo\n", encoding="utf-8")
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.2)
    admin(server.url, "/sandbox/faults", {"latency_ms": 300})  # a gateway a little slow to answer
    try:
        first = _month(basedir, server.url, password)
        time.sleep(stagger)
        second = _month(basedir, server.url, password)
        outputs = [p.communicate(timeout=120) for p in (first, second)]
        submissions = admin(server.url, "/gateway/v1/admin/stats")["submissions"]
    finally:
        server.stop()
    for (out, err), proc in zip(outputs, (first, second)):
        assert proc.returncode == 0, out + err
    assert submissions == 3, f"the sandbox received {submissions} packages for 3 sets"
    assert sorted(_live_per_set(basedir).values()) == [1, 1, 1]
    runs = [json.loads(out) for out, _ in outputs]
    for run in runs:
        assert run["state"] == "done"
        assert {c["nip"]: c["step"] for c in run["clients"]} == dict.fromkeys(DEMO_NIPS, "accepted")
        assert all("nie można przenieść" not in (c.get("error") or {}).get("pl", "") for c in run["clients"])
    # the run that found a set already handled says who did it; which of the truthful notes depends on how far
    # the other process had got (sending it now / in the outbox / sent already) — timing, not behaviour
    notes = [c.get("note") for run in runs for c in run["clients"] if c.get("note")]
    elsewhere = ("proces", "w skrzynce nadawczej", "wysłany już wcześniej")
    assert all("Maria Wiśniewska" in n["pl"] and any(w in n["pl"] for w in elsewhere) for n in notes), notes


def test_cli_submit_while_another_process_sends_the_same_file_reports_it(demo_template, tmp_path):
    """``submit`` of the same signed file from two processes: one package, the second names the first."""
    basedir = tmp_path / "ws"
    shutil.copytree(demo_template, basedir)
    password = tmp_path / "pw.txt"
    password.write_text("demo\n", encoding="utf-8")
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.5)
    admin(server.url, "/sandbox/faults", {"latency_ms": 300})
    try:
        exported = tmp_path / "techbud.xml"
        assert run_cli("--gateway", server.url, "kedu", "export", "--payer", "9512345675", "--period", "2026-10",
                       "-o", str(exported), basedir=basedir).returncode == 0
        signed = tmp_path / "techbud.signed.xml"
        done = run_cli("sign", str(exported), "-o", str(signed), "--p12", str(basedir / "demo" / "signer.p12"),
                       "--password-file", str(password))
        assert done.returncode == 0, done.stderr
        procs = [_start(basedir, server.url, password, "submit", str(signed), "--wait", "30") for _ in range(2)]
        outputs = [p.communicate(timeout=120) for p in procs]
        submissions = admin(server.url, "/gateway/v1/admin/stats")["submissions"]
    finally:
        server.stop()
    assert submissions == 1
    assert all(p.returncode == 0 for p in procs), outputs
    assert all("przyjęty" in out for out, _ in outputs), outputs  # the one vocabulary (states.py)
    assert len(local_rows(basedir, "SELECT id FROM submissions")) == 1


def test_the_gui_way_and_the_cli_at_once_report_each_others_work(demo_template, tmp_path):
    """The run window's way (a background job child, as the GUI starts it) and a CLI run together."""
    import threading

    from eplatnik.app import App
    from eplatnik.month.background import KeyChoice
    from eplatnik.period import Period
    from eplatnik.signing.keysource import FixedPin

    basedir = tmp_path / "ws"
    shutil.copytree(demo_template, basedir)
    password = tmp_path / "pw.txt"
    password.write_text("demo\n", encoding="utf-8")
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.2)
    admin(server.url, "/sandbox/faults", {"latency_ms": 300})
    app = App(basedir, gateway_url=server.url)
    lines: list = []
    try:
        runner = app.month_runner()
        run_id = runner.start(Period(2026, 10), runner.resolve_clients("all"), submit=True)
        gui = threading.Thread(target=lambda: lines.append(app.month.run_in_child(
            app, run_id, KeyChoice("p12", str(basedir / "demo" / "signer.p12")), hold_warnings=False,
            want_submit=True, prompt=FixedPin("demo"), on_client=lines.append)))
        gui.start()
        cli = _month(basedir, server.url, password)
        out, err = cli.communicate(timeout=120)
        gui.join(timeout=120)
        submissions = admin(server.url, "/gateway/v1/admin/stats")["submissions"]
        gui_clients = runner.store.clients(run_id)
    finally:
        app.close()
        server.stop()
    assert cli.returncode == 0, out + err
    assert submissions == 3
    assert sorted(_live_per_set(basedir).values()) == [1, 1, 1]
    assert {c["step"] for c in json.loads(out)["clients"]} == {"accepted"}
    assert {c.step for c in gui_clients} == {"accepted"}, [(c.step, c.error_text()) for c in gui_clients]
    notes = [c.note_text() for c in gui_clients if c.note] + [
        c["note"]["pl"] for c in json.loads(out)["clients"] if c.get("note")]
    assert notes, "one of the two says the other was already at work"
