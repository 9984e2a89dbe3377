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
