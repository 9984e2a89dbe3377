"""A one-seat workspace moved into an office database, and the office's own backup (issue 16, step 16.7).

Real parts: the demo workspace with two sets sent to a real sandbox and accepted (signed declarations,
packages and receipts on disk), a throw-away PostgreSQL cluster, the CLI as a separate process."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile

import pytest
from plugins.gateway import build_signed_set
from support import run_cli

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.store import copy
from eplatnik.store.database import Database
from eplatnik.store.evidence import DbEvidence, FileEvidence

TECHBUD, KOWALSKI = "9512345675", "5261040828"
CLOCK = FixedClock("2026-11-20T10:00")


@pytest.fixture
def sent(gateway_env):
    app = gateway_env.app
    subs = [app.gateway.enqueue(build_signed_set(app, nip), source_name=f"{nip}.xml") for nip in (TECHBUD, KOWALSKI)]
    done = app.gateway.process(ids=[s.id for s in subs], wait=30).done
    assert [s.state for s in done] == ["accepted", "accepted"]
    app.close()  # the seat stops working before its workspace is moved
    return gateway_env


def _tree(basedir) -> dict[str, str]:
    """Every file of the workspace (not the sandbox's state, which the sandbox server keeps writing)."""
    return {p.relative_to(basedir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(basedir.rglob("*")) if p.is_file() and p.relative_to(basedir).parts[0] != "sandbox"}


def _counts(db: Database) -> dict[str, int]:
    return db.snapshot(lambda c: copy.counts(c, copy.row_tables()))


def test_migrate_copies_every_row_and_evidence_file_and_leaves_the_source_as_it_was(sent, pg_url, tmp_path):
    env = sent
    before = _tree(env.basedir)
    files = FileEvidence(env.basedir / "documents")
    evidence = {p: hashlib.sha256(files.get(p)).hexdigest() for p in files.paths()}
    assert any(p.endswith(".upo.xml") for p in evidence) and any(p.endswith(".p7m") for p in evidence)

    r = run_cli("workspace", "migrate", "--to", pg_url, "--json", basedir=env.basedir)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["evidence_files"] == len(evidence) and report["warnings"] == []
    assert "Tajne" not in r.stdout  # the password never shows
    assert _tree(env.basedir) == before  # the source, byte for byte

    with Database(env.basedir / "eplatnik.db", readonly=True) as source, Database(pg_url) as office:
        assert _counts(office) == _counts(source) == report["tables"]
        assert report["tables"]["submissions"] == 2 and report["tables"]["receipts"] == 2
        assert DbEvidence(office, clock=CLOCK, cache_dir=tmp_path / "c").digests() == evidence
        # identities continue after the copied ids: a seat's next row gets a new one
        top = office.run(lambda c: c.execute("SELECT MAX(id) FROM payers").fetchone()[0])
        new = office.transaction(lambda c: c.execute(
            "INSERT INTO accountants (name) VALUES ('Nowa Księgowa') RETURNING id").fetchone()[0])
        assert new > office.run(lambda c: c.execute("SELECT MAX(id) FROM accountants WHERE id < ?",
                                                    (new,)).fetchone()[0] or 0) and top
    # another seat checks the evidence from the office database: signatures, digests, bindings
    seat = tmp_path / "seat"
    r = run_cli("--database", pg_url, "--gateway", env.url, "receipts", "verify", "--all", "--json", basedir=seat)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"checked": 2, "invalid": []}
    assert not (seat / "documents").exists()
    # the client's month exported from the office database: the same bytes as were signed and received
    out = tmp_path / "techbud.zip"
    r = run_cli("--database", pg_url, "--gateway", env.url, "receipts", "export", "--payer", TECHBUD, "--period",
                "2026-10", "-o", str(out), basedir=seat)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as zf:
        listed = json.loads(zf.read("manifest.json"))["files"]
        assert all(hashlib.sha256(zf.read(f["file"])).hexdigest() == f["sha256"] for f in listed)
        signed = [f["sha256"] for f in listed if f["file"].endswith("dokument-podpisany.xml")]
    assert signed and set(signed) <= set(evidence.values())

    # a second copy into the same (now used) database is refused, and nothing in it changes
    with Database(pg_url) as office:
        counts = _counts(office)
    again = run_cli("workspace", "migrate", "--to", pg_url, basedir=env.basedir)
    assert again.returncode == 2
    assert "nie jest pusta" in again.stderr and "Niczego nie skopiowano" in again.stderr
    assert "Traceback" not in again.stderr
    with Database(pg_url) as office:
        assert _counts(office) == counts


def test_migrate_reports_each_row_postgresql_would_refuse_and_copies_nothing(tmp_path, pg_url):
    from eplatnik.demo import create_demo

    base = tmp_path / "ws"
    with App(base, clock=CLOCK) as app:
        create_demo(app)
    conn = sqlite3.connect(base / "eplatnik.db")
    conn.execute("UPDATE payers SET archived = '' WHERE id = 1")  # SQLite takes '' in an integer column
    conn.execute("UPDATE insured_records SET work_time_numerator = 'pół' WHERE id = 2")
    conn.commit()
    conn.close()
    before = _tree(base)

    r = run_cli("workspace", "migrate", "--to", pg_url, basedir=base)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "których PostgreSQL nie przyjmie (2)" in r.stderr
    assert "payers [id=1] archived: wartość '' nie jest liczbą całkowitą" in r.stderr
    assert "insured_records [id=2] work_time_numerator: wartość 'pół' nie jest liczbą całkowitą" in r.stderr
    assert "Traceback" not in r.stderr
    assert _tree(base) == before
    with Database(pg_url) as office:
        assert set(_counts(office).values()) == {0}


def test_migrate_refuses_a_sqlite_target_and_a_workspace_still_open(tmp_path, pg_url):
    base = tmp_path / "ws"
    App(base, clock=CLOCK).close()
    r = run_cli("workspace", "migrate", "--to", str(tmp_path / "other.db"), basedir=base)
    assert r.returncode == 2 and "nie wskazuje bazy PostgreSQL" in r.stderr
    with App(base, clock=CLOCK):  # the program is still working at this seat
        r = run_cli("workspace", "migrate", "--to", pg_url, basedir=base)
    assert r.returncode == 2 and "jest otwarty w innym programie" in r.stderr and "Zamknij eplatnik" in r.stderr
    with Database(pg_url) as office:
        assert set(_counts(office).values()) == {0}


def test_office_backup_restores_into_an_empty_office_and_into_a_new_workspace(sent, pg_cluster, pg_url, tmp_path):
    from eplatnik.workspace.migrate import migrate_workspace

    env = sent
    migrate_workspace(env.basedir, pg_url, clock=CLOCK)
    archive = tmp_path / "biuro.zip"
    seat = tmp_path / "seat"
    r = run_cli("--database", pg_url, "workspace", "backup", "-o", str(archive), "--json", basedir=seat)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("MANIFEST.json"))
    assert {"tables/payers.jsonl", "tables/submissions.jsonl", "tables/receipts.jsonl"} <= names
    assert manifest["layout"] == "tables" and manifest["format_version"] == 2
    assert sum(1 for n in names if n.startswith("evidence/gateway/") and n.endswith(".upo.xml")) == 2
    assert "Tajne" not in json.dumps(manifest)
    # checkable offline with the same manifest code as a seat's backup
    check = run_cli("restore", str(archive), "--verify-only", basedir=seat)
    assert check.returncode == 0 and "Kopia zapasowa jest poprawna" in check.stdout

    with Database(pg_url) as office:
        counts = _counts(office)
        digests = DbEvidence(office, clock=CLOCK, cache_dir=tmp_path / "c").digests()

    # PG → ZIP → an empty PostgreSQL database
    url2 = pg_cluster.url(pg_cluster.create_database())
    r = run_cli("workspace", "restore", str(archive), "--to", url2, basedir=seat)
    assert r.returncode == 0, r.stderr
    with Database(url2) as restored:
        assert _counts(restored) == counts
        assert DbEvidence(restored, clock=CLOCK, cache_dir=tmp_path / "c2").digests() == digests
        restored.transaction(lambda c: c.execute("INSERT INTO accountants (name) VALUES ('Po odtworzeniu')"))
    verify = run_cli("--database", url2, "--gateway", env.url, "receipts", "verify", "--all", "--json",
                     basedir=tmp_path / "seat2")
    assert verify.returncode == 0 and json.loads(verify.stdout) == {"checked": 2, "invalid": []}
    # … only into an empty one
    again = run_cli("workspace", "restore", str(archive), "--to", url2, basedir=seat)
    assert again.returncode == 2 and "nie jest pusta" in again.stderr

    # PG → ZIP → a new one-seat SQLite workspace
    ws = tmp_path / "odtworzony"
    r = run_cli("workspace", "restore", str(archive), "--into", str(ws), basedir=seat)
    assert r.returncode == 0, r.stderr
    with Database(ws / "eplatnik.db") as restored:
        assert _counts(restored) == counts
        assert restored.run(lambda c: c.execute("SELECT COUNT(*) FROM evidence_files").fetchone()[0]) == 0
    files = FileEvidence(ws / "documents")
    assert {p: hashlib.sha256(files.get(p)).hexdigest() for p in files.paths()} == digests
    verify = run_cli("--gateway", env.url, "receipts", "verify", "--all", "--json", basedir=ws)
    assert verify.returncode == 0 and json.loads(verify.stdout) == {"checked": 2, "invalid": []}
    occupied = run_cli("workspace", "restore", str(archive), "--into", str(ws), basedir=seat)
    assert occupied.returncode != 0 and "nie jest pusty" in occupied.stderr


def test_after_the_move_letters_and_upds_are_kept_in_the_office_database(gateway_env, pg_url, tmp_path):
    """A seat on the moved office opens a ZUS decision with a UPD: the sealed letter, its PDF and the
    UPD are rows of evidence_files (checked on read), nothing is written to the seat's documents/."""
    import datetime as dt

    from plugins.letters import TECHBUD, demo_source, relief_data

    from eplatnik.applications.relief_xml import ReliefApplication
    from eplatnik.fsutil import sha256_hex

    env = gateway_env
    env.app.close()
    from eplatnik.workspace.migrate import migrate_workspace

    migrate_workspace(env.basedir, pg_url, clock=CLOCK)
    seat = tmp_path / "biuro-2"
    app = App(seat, gateway_url=env.url, database=pg_url)
    try:
        app.gateway.poll_seconds = 0.1
        application = ReliefApplication.from_dict(relief_data(), today=dt.date(2026, 11, 20))
        sub = app.applications.send_application(application, *demo_source(env.basedir), wait=20)
        assert sub.state == "accepted" and sub.receipt_verified is True and sub.payer_nip == TECHBUD
        [decision] = [v for v in app.letters.sync().new if v.record.in_reply_to == sub.reference]
        opened = app.letters.open(decision.record.letter_id, *demo_source(env.basedir))
        record = opened.view.record
        stored = set(app.evidence.paths())
        assert {record.content_path, record.pdf_path, record.upd_path, sub.document_path, sub.receipt_path} <= stored
        assert sha256_hex(app.evidence.get(record.content_path)) == record.content_file_sha256
        assert app.letters.path(record.pdf_path).read_bytes() == opened.pdf  # a checked copy for the viewer
        assert not (seat / "documents").exists()
        again = app.letters.open(decision.record.letter_id, None, None)  # read back from the database
        assert again.text == opened.text and again.upd == opened.upd
    finally:
        app.close()
