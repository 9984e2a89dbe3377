"""``--database URL`` / ``EPLATNIK_DATABASE_URL``: the program works on an office's PostgreSQL database
instead of the workspace folder's SQLite file — the CLI at two seats (two folders) sees one register,
a background job child opens the same database (its address on stdin without the password, the
password in its environment), and a malformed address is refused with exit 2. Real processes, a real
PostgreSQL cluster (tests/plugins/postgres.py)."""

from __future__ import annotations

import json

import pytest
from plugins.postgres import PASSWORD
from support import run_cli

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.jobs.process import JobProcess, run_job

NIP = "8567346215"
PAYER = ("payers", "add", "--nip", NIP, "--name", "Firma Testowa sp. z o.o.", "--short-name", "FIRMA TESTOWA",
         "--type", "legal", "--regon", "192598184", "--postal-code", "00-950", "--city", "Warszawa")


def test_two_seats_share_one_register_through_the_database_url(pg_url, tmp_path):
    seat_a, seat_b = tmp_path / "seat-a", tmp_path / "seat-b"
    added = run_cli("--database", pg_url, *PAYER, basedir=seat_a)
    assert added.returncode == 0, added.stdout + added.stderr
    # the other desk names the database in its environment instead of on the command line
    listed = run_cli("payers", "list", "--json", basedir=seat_b, env={"EPLATNIK_DATABASE_URL": pg_url})
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert [p["nip"] for p in json.loads(listed.stdout)] == [NIP]
    # neither seat made a SQLite workspace of its own: the data is on the server
    assert not (seat_a / "eplatnik.db").exists() and not (seat_b / "eplatnik.db").exists()
    # and a seat without the address still has its own, empty, one-seat workspace
    alone = run_cli("payers", "list", "--json", basedir=seat_b, env={"EPLATNIK_DATABASE_URL": ""})
    assert json.loads(alone.stdout) == []


def test_a_malformed_database_address_is_refused_with_exit_2(tmp_path):
    result = run_cli("--database", "mysql://kto:tajne@serwer/baza", "payers", "list", basedir=tmp_path)
    assert result.returncode == 2
    assert "mysql" in result.stderr and "postgresql://" in result.stderr
    assert "tajne" not in result.stdout + result.stderr  # a password is never echoed
    assert not (tmp_path / "eplatnik.db").exists()


@pytest.mark.usefixtures("sample_jobs")
def test_a_job_child_opens_the_same_office_database_without_the_password_on_stdin(pg_url, tmp_path):
    with App(tmp_path / "seat", database=pg_url, clock=FixedClock("2026-12-01T10:00")) as app:
        app.register.add_payer(_payer())
        request = JobProcess(app, "sample_jobs:where_am_i").request
        assert PASSWORD not in json.dumps(request) and request["database_url"].startswith("postgresql://")
        result = run_job(app, "sample_jobs:where_am_i")
    assert result["dialect"] == "postgresql" and result["payers"] == [NIP]
    assert result["has_password_env"] and PASSWORD not in result["database"]


def _payer():
    from eplatnik.register.models import Payer
    from eplatnik.workdays import PayerType

    return Payer(nip=NIP, full_name="Firma Testowa sp. z o.o.", short_name="FIRMA TESTOWA",
                 payer_type=PayerType.LEGAL, regon="192598184", postal_code="00-950", city="Warszawa")
