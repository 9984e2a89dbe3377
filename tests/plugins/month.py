"""Month-end fixtures: the demo workspace made by the real CLI, a sandbox on a free port sharing its
state, the demo signer's password file, and helpers to read the outbox and the sandbox's count."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

DEMO_NIPS = ("5261040828", "7792433421", "9512345675")


@dataclass
class MonthEnv:
    basedir: Path
    server: object
    password_file: Path

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def p12(self) -> Path:
        return self.basedir / "demo" / "signer.p12"

    def key_args(self) -> list[str]:
        return ["--p12", str(self.p12), "--password-file", str(self.password_file)]

    def sandbox_submissions(self) -> int:
        from plugins.gateway import admin

        return admin(self.url, "/gateway/v1/admin/stats")["submissions"]

    def outbox_rows(self) -> list[tuple]:
        return local_rows(self.basedir, "SELECT document_set_id, state FROM submissions ORDER BY id")


def local_rows(basedir: Path, sql: str) -> list[tuple]:
    """Read the workspace database from outside (another process may be writing it)."""
    try:
        conn = sqlite3.connect(f"file:{basedir / 'eplatnik.db'}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []


@pytest.fixture
def month_env(tmp_path):
    from support import run_cli

    from plugins.gateway import start_sandbox

    basedir = tmp_path / "ws"
    r = run_cli("demo", basedir=basedir)
    assert r.returncode == 0, r.stderr
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.2)
    pw = tmp_path / "password.txt"
    pw.write_text("demo\n", encoding="utf-8")
    yield MonthEnv(basedir, server, pw)
    server.stop()


def keep_only_period(app, period: str) -> None:
    """Drop the demo's monthly sets of other periods (the demo steps build the month that is current
    when they run), so a test on a pinned date sees only ``period``'s sets."""
    def tx(c):
        ids = [r[0] for r in c.execute("SELECT id FROM document_sets WHERE period <> ?", (period,))]
        for table, column in (("documents", "set_id"), ("document_transitions", "set_id"), ("document_sets", "id")):
            c.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in ids])
    app.db.transaction(tx)
