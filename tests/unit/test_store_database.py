"""The Database over SQLAlchemy Core (issue 15, step 0.3): what each kind of call guarantees on SQLite,
Core and legacy statements in one transaction, errors in Polish, and a start-up that does not pay for
SQLAlchemy. (tests/unit/test_store.py keeps the behaviour from before: locked, read-only, disk full,
rollback, one thread, migrations.)"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
import sqlalchemy as sa

from eplatnik.errors import StorageError
from eplatnik.store.database import Database

ACCOUNTANTS = sa.table("accountants", sa.column("id", sa.Integer), sa.column("name", sa.Text))
AUDIT = sa.table("audit_log", sa.column("action", sa.Text), sa.column("details", sa.Text))


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "w.db")
    yield database
    database.close()


def _other(db: Database) -> sqlite3.Connection:
    """Another program on the same file, one that does not wait for locks."""
    return sqlite3.connect(db.path, timeout=0, isolation_level=None, check_same_thread=False)


def test_a_second_connection_cannot_write_while_a_transaction_is_open(db):
    other = _other(db)
    seen = {}

    def tx(conn):
        # before this transaction wrote anything, another program is already refused: BEGIN IMMEDIATE
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO accountants (name) VALUES ('other program')")
        conn.execute(sa.insert(ACCOUNTANTS).values(name="ours"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO accountants (name) VALUES ('other program')")
        seen["ok"] = True

    try:
        db.transaction(tx)
        assert seen == {"ok": True}
        other.execute("INSERT INTO accountants (name) VALUES ('other program')")  # free again after COMMIT
        assert db.run(lambda c: c.execute(sa.select(ACCOUNTANTS.c.name).order_by(ACCOUNTANTS.c.id))
                      .scalars().all()) == ["ours", "other program"]
    finally:
        other.close()


def test_a_plain_run_holds_no_lock_between_its_statements(db):
    other = _other(db)

    def reads(conn):
        first = conn.execute("SELECT COUNT(*) FROM accountants").fetchone()[0]
        other.execute("INSERT INTO accountants (name) VALUES ('meanwhile')")  # not refused
        return first, conn.execute("SELECT COUNT(*) FROM accountants").fetchone()[0]

    try:
        assert db.run(reads) == (0, 1)
    finally:
        other.close()


def test_a_core_write_in_a_plain_run_is_committed_at_once(db):
    other = _other(db)

    def write(conn):
        conn.execute(sa.insert(ACCOUNTANTS).values(name="at once"))
        return other.execute("SELECT name FROM accountants").fetchall()  # another program sees it already

    try:
        assert db.run(write) == [("at once",)]
        db.transaction(lambda c: c.execute(sa.insert(ACCOUNTANTS).values(name="then a transaction")))
        assert db.scalar("SELECT COUNT(*) FROM accountants") == 2
    finally:
        other.close()


def test_a_snapshot_reads_one_state_of_the_database(db):
    other = _other(db)

    def reads(conn):
        first = conn.execute(sa.select(sa.func.count()).select_from(ACCOUNTANTS)).scalar_one()
        other.execute("INSERT INTO accountants (name) VALUES ('meanwhile')")
        second = conn.execute("SELECT COUNT(*) FROM accountants").fetchone()[0]
        return first, second

    try:
        assert db.snapshot(reads) == (0, 0)
        assert db.scalar("SELECT COUNT(*) FROM accountants") == 1
    finally:
        other.close()


def test_core_and_legacy_statements_share_one_transaction(db):
    def tx(conn):
        core_id = conn.execute(sa.insert(ACCOUNTANTS).values(name="Core").returning(ACCOUNTANTS.c.id)).scalar_one()
        cursor = conn.execute("INSERT INTO accountants (name) VALUES (?)", ("Legacy",))
        row = conn.execute("SELECT id, name FROM accountants WHERE id = :id", {"id": cursor.lastrowid}).fetchone()
        assert (row["name"], row[1], cursor.rowcount) == ("Legacy", "Legacy", 1)
        assert conn.in_transaction and conn.dialect == "sqlite"
        return core_id, row["id"]

    assert db.transaction(tx) == (1, 2)

    def fails(conn):
        conn.execute(sa.insert(ACCOUNTANTS).values(name="Core 2"))
        conn.execute("INSERT INTO accountants (name) VALUES ('Legacy 2')")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        db.transaction(fails)
    assert [tuple(r) for r in db.query("SELECT name FROM accountants ORDER BY id")] == [("Core",), ("Legacy",)]


def test_a_transaction_inside_a_plain_run_is_a_real_one(db):
    other = _other(db)

    def outer(conn):
        conn.execute("INSERT INTO accountants (name) VALUES ('autocommitted')")

        def inner(c):
            c.execute(sa.insert(ACCOUNTANTS).values(name="inner"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO accountants (name) VALUES ('x')")
            raise RuntimeError("inner fails")

        with pytest.raises(RuntimeError):
            db.transaction(inner)
        return conn.execute("SELECT name FROM accountants").fetchall()

    try:
        assert [r["name"] for r in db.run(outer)] == ["autocommitted"]
        assert not db.run(lambda c: c.in_transaction)
    finally:
        other.close()


def test_nested_calls_join_the_open_transaction(db):
    def outer(conn):
        conn.execute(sa.insert(ACCOUNTANTS).values(name="outer"))
        db.transaction(lambda c: c.execute(sa.insert(ACCOUNTANTS).values(name="inner")))
        assert db.run(lambda c: c.execute("SELECT COUNT(*) FROM accountants").fetchone()[0]) == 2
        raise RuntimeError("outer fails after the inner call")

    with pytest.raises(RuntimeError):
        db.transaction(outer)
    assert db.scalar("SELECT COUNT(*) FROM accountants") == 0


def test_a_locked_database_works_again_once_the_other_program_lets_go(db):
    other = _other(db)
    other.execute("BEGIN EXCLUSIVE")
    db.run(lambda c: c.execute("PRAGMA busy_timeout = 100"))
    with pytest.raises(StorageError, match="zablokowana"):
        db.transaction(lambda c: c.execute(sa.insert(ACCOUNTANTS).values(name="x")))
    assert db.snapshot(lambda c: c.execute(sa.select(ACCOUNTANTS.c.name)).all()) == []  # WAL: reading goes on
    other.execute("ROLLBACK")
    other.close()
    db.transaction(lambda c: c.execute(sa.insert(ACCOUNTANTS).values(name="x")))
    assert db.run(lambda c: c.execute(sa.select(ACCOUNTANTS.c.name)).scalars().all()) == ["x"]


def test_errors_of_core_statements_are_told_in_polish(tmp_path):
    path = tmp_path / "w.db"
    Database(path).close()
    readonly = Database(path, readonly=True)
    try:
        with pytest.raises(StorageError, match="tylko do odczytu"):
            readonly.transaction(lambda c: c.execute(sa.insert(ACCOUNTANTS).values(name="x")))
    finally:
        readonly.close()
    db = Database(path)
    try:
        pages = db.scalar("PRAGMA page_count")
        db.run(lambda c: c.execute(f"PRAGMA max_page_count = {pages}"))
        rows = [{"action": "x", "details": "y" * 2000 + str(i)} for i in range(5000)]
        with pytest.raises(StorageError, match="Brak miejsca"):
            db.transaction(lambda c: c.execute(sa.insert(AUDIT), rows))
        assert db.scalar("SELECT COUNT(*) FROM audit_log") == 0
        db.transaction(lambda c: c.execute(sa.insert(ACCOUNTANTS).values(name="after")))  # usable again
    finally:
        db.close()


def test_an_sqlite_library_without_returning_is_refused_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(StorageError) as err:
        Database(tmp_path / "w.db")
    assert "3.31.1" in err.value.render() and "co najmniej 3.35.0" in err.value.render()
    assert not (tmp_path / "w.db").exists()


def test_opening_a_workspace_does_not_load_sqlalchemy(tmp_path):
    """The window is shown after the database is opened (and migrated) and before the first page reads
    from it; SQLAlchemy (slower to import than Qt's widgets) must not be on that path. It is loaded on
    the database thread by the first transaction or Core statement. (Creating or upgrading a workspace
    runs Alembic, which needs SQLAlchemy: the workspace here is already at the newest revision.)"""
    Database(tmp_path / "ws" / "eplatnik.db").close()
    code = (
        "import sys\n"
        "from eplatnik.app import App\n"
        "app = App(sys.argv[1])\n"
        "app.watch_other_processes()\n"
        "opened = 'sqlalchemy' in sys.modules\n"
        "from eplatnik.register.models import Accountant\n"
        "app.register.add_accountant(Accountant('Anna Nowak'))\n"
        "print(opened, 'sqlalchemy' in sys.modules, [a.name for a in app.register.list_accountants()])\n"
        "app.close()\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ws")], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().split(maxsplit=2) == ["False", "True", "['Anna Nowak']"]


def test_the_names_of_store_db_stay_importable():
    from eplatnik.store import alembic as alembic_chain
    from eplatnik.store import db

    assert db.Database is Database
    assert db.schema_version() == len(alembic_chain.revisions()) >= len(db.migrations())
    assert db._split_sql("CREATE TABLE a (x);\n-- note\nCREATE TABLE b (y);") == ["CREATE TABLE a (x);",
                                                                                 "CREATE TABLE b (y);"]
    assert "zablokowana" in db.translate_sqlite_error(sqlite3.OperationalError("database is locked"), "w.db").render()
