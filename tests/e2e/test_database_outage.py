"""The office database going away in the middle of a month-end run (issue 16, faults): the run says it
pauses, waits, resumes by itself when the server is back, and ends with every client accepted — no set
sent twice, nothing half-written. Real processes: the CLI's month run, a real sandbox, a real
PostgreSQL cluster stopped with ``pg_ctl stop -m immediate`` (tests/plugins/postgres.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from plugins.gateway import admin, start_sandbox
from plugins.month import DEMO_NIPS
from plugins.postgres import PASSWORD
from support import run_cli


def _rows(pg_cluster, name: str, sql: str) -> list[tuple]:
    return pg_cluster.sql(name, sql)


@pytest.mark.parametrize("stop_at", ["signed", "submitted"], ids=["while-signing", "while-sending"])
def test_a_month_run_pauses_while_the_database_is_gone_and_resumes_when_it_is_back(pg_cluster, pg_url, tmp_path,
                                                                                    stop_at):
    seat = tmp_path / "biuro-1"
    name = pg_url.rsplit("/", 1)[1]
    made = run_cli("--database", pg_url, "demo", basedir=seat, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    password = tmp_path / "pw.txt"
    password.write_text("demo\n", encoding="utf-8")
    server = start_sandbox(seat / "sandbox", processing_seconds=0.5)
    admin(server.url, "/sandbox/faults", {"latency_ms": 400})  # slow enough to stop the server mid-way
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    try:
        month = subprocess.Popen(
            [sys.executable, "-m", "eplatnik.cli", "--basedir", str(seat), "--database", pg_url, "--gateway",
             server.url, "month", "--period", "2026-10", "--clients", "all", "--submit", "--json", "--wait", "120",
             "--p12", str(seat / "demo" / "signer.p12"), "--password-file", str(password)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while not _rows(pg_cluster, name, f"SELECT 1 FROM month_run_clients WHERE step = '{stop_at}'"):
            assert month.poll() is None, month.communicate()
            assert time.monotonic() < deadline, "the run never got to signing"
            time.sleep(0.05)
        pg_cluster.stop_immediately()  # in the middle of signing, or of sending and collecting receipts
        time.sleep(3)
        assert month.poll() is None, "the run gave up instead of pausing: " + "".join(month.communicate())
        pg_cluster.start()
        out, err = month.communicate(timeout=240)
        submissions = admin(server.url, "/gateway/v1/admin/stats")["submissions"]
    finally:
        if month.poll() is None:
            month.kill()
        server.stop()
    assert month.returncode == 0, out + err
    assert "Połączenie z bazą biura przerwane — wznowimy automatycznie" in err
    assert "Połączenie z bazą biura przywrócone" in err
    run = json.loads(out)
    assert run["state"] == "done"
    assert {c["nip"]: c["step"] for c in run["clients"]} == dict.fromkeys(DEMO_NIPS, "accepted")
    assert submissions == 3, f"the sandbox received {submissions} packages for 3 sets"
    live = _rows(pg_cluster, name, "SELECT document_set_id, COUNT(*) FROM submissions "
                                   "WHERE state NOT IN ('rejected', 'failed') GROUP BY document_set_id")
    assert sorted(n for _, n in live) == [1, 1, 1]
    assert PASSWORD not in out + err
