"""The submission commands as a user runs them: separate CLI processes, a real sandbox, real files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from plugins.gateway import admin, build_signed_set, start_sandbox
from support import need_tool, run_cli

TECHBUD = "9512345675"


@pytest.fixture
def workspace(tmp_path):
    """`eplatnik-cli demo` in a fresh directory, then a sandbox sharing its state (<basedir>/sandbox)."""
    basedir = tmp_path / "ws"
    r = run_cli("demo", basedir=basedir)
    assert r.returncode == 0, r.stderr
    assert (basedir / "demo" / "signer.p12").is_file()
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.3)
    yield basedir, server
    server.stop()


def test_sign_submit_receipt_pdf_export(workspace, tmp_path):
    pdftotext = need_tool("pdftotext")
    basedir, server = workspace
    doc = tmp_path / "techbud-2026-10.xml"
    r = run_cli("kedu", "export", "--payer", TECHBUD, "--period", "2026-10", "-o", str(doc), basedir=basedir)
    assert r.returncode == 0, r.stdout + r.stderr
    pw = tmp_path / "pw.txt"
    pw.write_text("demo\n")
    signed = tmp_path / "techbud-2026-10.signed.xml"
    r = run_cli("sign", str(doc), "-o", str(signed), "--p12", str(basedir / "demo" / "signer.p12"),
                "--password-file", str(pw), basedir=basedir)
    assert r.returncode == 0, r.stdout + r.stderr

    r = run_cli("--gateway", server.url, "submit", str(signed), "--wait", "30", basedir=basedir)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "przyjęty" in r.stdout and server.url in r.stdout

    r = run_cli("--gateway", server.url, "receipts", "list", "--json", basedir=basedir)
    [row] = json.loads(r.stdout)
    assert row["state"] == "accepted" and row["receipt_verified"] is True and row["payer_nip"] == TECHBUD
    reference = row["reference"]

    r = run_cli("receipts", "verify", "--all", basedir=basedir)
    assert r.returncode == 0, r.stdout + r.stderr

    pdf = tmp_path / "upo.pdf"
    r = run_cli("receipts", "pdf", reference, "-o", str(pdf), basedir=basedir)
    assert r.returncode == 0, r.stderr
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert reference in text
    assert "PRZYJĘTY" in text and row["document_sha256"] in text
    # a test gateway's receipt never passes for ZUS's: no "UPO" title, the warning on every page
    assert "Potwierdzenie testowe — to NIE jest UPO z ZUS" in text and "NIE trafiła do ZUS" in text
    assert "Potwierdzenie odbioru przesyłki (UPO)" not in text
    r = run_cli("receipts", "list", basedir=basedir)
    assert "[test — nie ZUS]" in r.stdout

    archive = tmp_path / "month.zip"
    r = run_cli("receipts", "export", "--payer", TECHBUD, "--period", "2026-10", "-o", str(archive),
                basedir=basedir)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert f"{reference}/dokument-podpisany.xml" in names and f"{reference}/potwierdzenie-upo.xml" in names
        assert zf.read(f"{reference}/dokument-podpisany.xml") == signed.read_bytes()
        assert f"{reference}/potwierdzenie.pdf" in names and "manifest.json" in names


def test_tampered_receipt_makes_verify_fail(workspace, tmp_path):
    basedir, server = workspace
    from eplatnik.app import App

    app = App(basedir)
    signed = build_signed_set(app, TECHBUD)
    app.close()
    f = tmp_path / "s.xml"
    f.write_bytes(signed)
    r = run_cli("--gateway", server.url, "submit", str(f), "--wait", "30", basedir=basedir)
    assert r.returncode == 0, r.stdout + r.stderr
    [receipt] = list((basedir / "documents" / "gateway").rglob("*.upo.xml"))
    receipt.write_bytes(receipt.read_bytes().replace(b"<Status>200</Status>", b"<Status>400</Status>"))
    r = run_cli("receipts", "verify", "--all", basedir=basedir)
    assert r.returncode == 1
    assert "nieprawidłowych: 1" in r.stdout
    r = run_cli("receipts", "list", "--json", basedir=basedir)
    assert json.loads(r.stdout)[0]["state"] == "receipt_invalid"


def test_rejected_set_shows_errors_with_block_and_field(workspace, tmp_path):
    basedir, server = workspace
    import re

    from eplatnik.app import App

    app = App(basedir)
    signed = build_signed_set(app, TECHBUD, mutate=lambda d: re.sub(
        rb"(<IV>.*?<p37>)([0-9.]+)(</p37>)", rb"\g<1>1.00\g<3>", d, count=1, flags=re.S))
    app.close()
    f = tmp_path / "bad.xml"
    f.write_bytes(signed)
    r = run_cli("--gateway", server.url, "submit", str(f), "--wait", "30", basedir=basedir)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "odrzucony" in r.stdout and "ZUSDRA, blok IV, pole p37" in r.stdout


def _row_count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_kill_9_mid_submission_then_resume_gives_one_submission(workspace, tmp_path):
    basedir, server = workspace
    from eplatnik.app import App

    app = App(basedir)
    signed = build_signed_set(app, TECHBUD)
    app.close()
    f = tmp_path / "s.xml"
    f.write_bytes(signed)
    admin(server.url, "/sandbox/faults", {"latency_ms": 2500})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "--basedir", str(basedir), "--gateway",
                             server.url, "submit", str(f), "--wait", "60"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while _row_count(basedir / "eplatnik.db") == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _row_count(basedir / "eplatnik.db") == 1, "the outbox row is stored before sending"
    time.sleep(0.8)  # the upload is now in flight, held by the sandbox's latency
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(2.5)  # the sandbox finishes taking in the package the dead client sent
    admin(server.url, "/sandbox/faults", {"latency_ms": 0})
    stats = admin(server.url, "/gateway/v1/admin/stats")
    assert stats["submissions"] == 1
    conn = sqlite3.connect(basedir / "eplatnik.db")
    assert conn.execute("SELECT state, reference FROM submissions").fetchall() == [("queued", None)]
    conn.close()

    r = run_cli("--gateway", server.url, "outbox", "--send", "--wait", "30", basedir=basedir)
    assert r.returncode == 0, r.stdout + r.stderr
    # the same file submitted again (a double click after the restart) is the same submission
    r = run_cli("--gateway", server.url, "submit", str(f), "--wait", "10", basedir=basedir)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_cli("receipts", "list", "--json", basedir=basedir)
    rows = json.loads(r.stdout)
    assert len(rows) == 1 and rows[0]["state"] == "accepted" and rows[0]["receipt_verified"]
    assert admin(server.url, "/gateway/v1/admin/stats")["submissions"] == 1
    assert len(list((basedir / "documents" / "gateway").rglob("*.upo.xml"))) == 1
