import os
import sqlite3
from pathlib import Path

import pytest

from eplatnik.errors import StorageError
from eplatnik.fsutil import atomic_write_bytes, storage_error_from_os
from eplatnik.store.db import Database, schema_version

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures" / "schemas"


def test_fresh_database_has_latest_schema_wal_and_foreign_keys(tmp_path):
    db = Database(tmp_path / "w.db")
    try:
        assert db.user_version() == schema_version()
        assert db.scalar("PRAGMA journal_mode") == "wal"
        assert db.scalar("PRAGMA foreign_keys") == 1
    finally:
        db.close()


@pytest.mark.parametrize("frozen", sorted(SCHEMAS.glob("v*.sql")), ids=lambda p: p.stem)
def test_frozen_released_schema_migrates_forward_keeping_data(tmp_path, frozen):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(frozen.read_text(encoding="utf-8"))
    conn.execute("INSERT INTO payers (nip, full_name, short_name, payer_type) "
                 "VALUES ('8567346215', 'Stara firma', 'STARA', 'other')")
    conn.commit()
    conn.close()
    db = Database(path)
    try:
        assert db.user_version() == schema_version()
        assert db.scalar("SELECT short_name FROM payers") == "STARA"
    finally:
        db.close()


def test_all_statements_run_on_one_worker_thread(tmp_path):
    import threading

    db = Database(tmp_path / "w.db")
    try:
        seen = {db.run(lambda _c: threading.get_ident()) for _ in range(20)}
        assert len(seen) == 1 and threading.get_ident() not in seen
    finally:
        db.close()


def test_transaction_rolls_back_on_error(tmp_path):
    db = Database(tmp_path / "w.db")
    try:
        def tx(conn):
            conn.execute("INSERT INTO accountants (name) VALUES ('A')")
            raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            db.transaction(tx)
        assert db.scalar("SELECT COUNT(*) FROM accountants") == 0
    finally:
        db.close()


def test_full_database_gives_clear_message_and_stays_consistent(tmp_path):
    db = Database(tmp_path / "w.db")
    try:
        db.run(lambda c: c.execute("INSERT INTO accountants (name) VALUES ('before')"))
        pages = db.scalar("PRAGMA page_count")
        db.run(lambda c: c.execute(f"PRAGMA max_page_count = {pages}"))

        def fill(conn):
            for i in range(5000):
                conn.execute("INSERT INTO audit_log (action, details) VALUES (?, ?)", ("x", "y" * 2000 + str(i)))

        with pytest.raises(StorageError) as err:
            db.transaction(fill)
        assert "Brak miejsca" in err.value.render()
        assert db.scalar("SELECT COUNT(*) FROM audit_log") == 0
        assert db.scalar("SELECT name FROM accountants") == "before"
    finally:
        db.close()


def test_read_only_workspace_gives_clear_message(tmp_path):
    path = tmp_path / "w.db"
    Database(path).close()
    db = Database(path, readonly=True)  # as when the file or medium is read-only
    try:
        with pytest.raises(StorageError, match="tylko do odczytu"):
            db.run(lambda c: c.execute("INSERT INTO accountants (name) VALUES ('x')"))
    finally:
        db.close()


def test_locked_database_gives_clear_message(tmp_path):
    path = tmp_path / "w.db"
    db = Database(path)
    other = sqlite3.connect(path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        db.run(lambda c: c.execute("PRAGMA busy_timeout = 100"))
        with pytest.raises(StorageError, match="zablokowana"):
            db.transaction(lambda c: c.execute("INSERT INTO accountants (name) VALUES ('x')"))
    finally:
        other.rollback()
        other.close()
        db.close()


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "evidence.xml"
    atomic_write_bytes(target, b"old")
    tmp_path.chmod(0o500)
    try:
        if os.geteuid() != 0:
            with pytest.raises(StorageError):
                atomic_write_bytes(target, b"new")
    finally:
        tmp_path.chmod(0o700)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["evidence.xml"]


def test_disk_full_maps_to_a_clear_message():
    try:
        with open("/dev/full", "wb") as fh:
            fh.write(b"x" * 10)
            fh.flush()
    except OSError as exc:
        err = storage_error_from_os(exc, "/dev/full")
        assert "Brak miejsca na dysku" in err.render()
        assert "dane są nienaruszone" in err.render()
    else:
        pytest.fail("/dev/full accepted data")


def test_processes_opening_one_new_workspace_at_once_migrate_it_once(tmp_path):
    """Two programs started on a new folder at the same moment: the second used to apply the
    migrations again ("table payers already exists")."""
    import subprocess
    import sys

    code = "import sys; from eplatnik.app import App; App(sys.argv[1]).close()"
    for trial in range(3):
        base = tmp_path / f"ws{trial}"
        procs = [subprocess.Popen([sys.executable, "-c", code, str(base)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
        outputs = [p.communicate(timeout=60) for p in procs]
        assert all(p.returncode == 0 for p in procs), [err[-300:] for _, err in outputs]
