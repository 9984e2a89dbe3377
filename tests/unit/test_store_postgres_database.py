"""The Database on both backends (issue 16, step 16.1): the same contract on SQLite and PostgreSQL —
what each kind of call guarantees, rollback, a second seat that cannot overtake a read-then-write — and
on PostgreSQL the opening checks and the Polish messages for a wrong password, an unreachable server, a
missing database, another program's database and a server that goes away mid-call. Real servers: the
throw-away cluster of tests/plugins/postgres.py."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from eplatnik.errors import StorageError
from eplatnik.store.database import Database
from eplatnik.store.dialects import postgresql as pg_backend

META = sa.MetaData()
ITEMS = sa.Table("contract_items", META,
                 sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("name", sa.Text, nullable=False),
                 sa.Column("n", sa.Integer, nullable=False, server_default="0"))


def _open(url, **kw) -> Database:
    db = Database(url, **kw)
    db.run(lambda c: META.create_all(c.sa))
    return db


@pytest.fixture
def db(db_url):
    database = _open(db_url)
    yield database
    database.close()


@pytest.fixture
def second(db, db_url):
    """Another seat (another connection, its own worker thread) on the same database."""
    other = Database(db_url)
    yield other
    other.close()


def _names(db: Database) -> list[str]:
    return db.run(lambda c: c.execute(sa.select(ITEMS.c.name).order_by(ITEMS.c.id)).scalars().all())


def _insert(name: str, n: int = 0):
    return lambda c: c.execute(sa.insert(ITEMS).values(name=name, n=n).returning(ITEMS.c.id)).scalar_one()


def test_the_backend_is_chosen_from_the_url(db, db_url):
    assert db.dialect == ("postgresql" if db_url.startswith("postgresql://") else "sqlite")
    assert db.run(lambda c: c.dialect) == db.dialect


def test_run_commits_at_once_and_ids_come_from_returning(db, second):
    first = db.run(_insert("pierwszy"))
    assert db.run(_insert("drugi")) == first + 1
    assert _names(second) == ["pierwszy", "drugi"]  # another seat sees both: committed


def test_a_plain_run_commits_each_statement_at_once_on_both_backends(db, second):
    """``run`` is not a transaction on either backend (stores behave the same on both): another seat
    sees a write before the run has even returned; all-or-nothing work is a ``transaction``."""
    def write(conn):
        conn.execute(sa.insert(ITEMS).values(name="od razu"))
        return _names(second)

    assert db.run(write) == ["od razu"]


def test_an_exception_rolls_the_whole_transaction_back(db, second):
    class Boom(Exception):
        pass

    def half(conn):
        conn.execute(sa.insert(ITEMS).values(name="połowa"))
        conn.execute(sa.insert(ITEMS).values(name="druga połowa"))
        raise Boom

    with pytest.raises(Boom):  # the caller's own error, not translated
        db.transaction(half)
    assert _names(db) == [] and _names(second) == []
    db.transaction(_insert("potem"))  # the connection is usable afterwards
    assert _names(second) == ["potem"]


def test_a_transaction_is_invisible_to_others_until_it_commits(db, second):
    seen = {}

    def tx(conn):
        conn.execute(sa.insert(ITEMS).values(name="w toku"))
        seen["during"] = _names(second)

    db.transaction(tx)
    assert seen["during"] == []
    assert _names(second) == ["w toku"]


def test_a_snapshot_sees_one_consistent_view(db, second):
    db.run(_insert("a"))

    def reads(conn):
        before = conn.execute(sa.select(sa.func.count()).select_from(ITEMS)).scalar_one()
        second.transaction(_insert("b"))  # another seat commits in between
        after = conn.execute(sa.select(sa.func.count()).select_from(ITEMS)).scalar_one()
        return before, after

    assert db.snapshot(reads) == (1, 1)
    assert db.run(lambda c: c.execute(sa.select(sa.func.count()).select_from(ITEMS)).scalar_one()) == 2


def test_nested_calls_join_the_open_transaction(db, second):
    class Boom(Exception):
        pass

    def outer(conn):
        conn.execute(sa.insert(ITEMS).values(name="zewnętrzny"))
        db.run(_insert("wewnętrzny"))  # a store calling a store on the worker thread: same transaction
        raise Boom

    with pytest.raises(Boom):
        db.transaction(outer)
    assert _names(second) == []


def _increment_after_reading(db: Database, row_id: int, *, read_done: threading.Event | None = None,
                             hold_s: float = 0.0) -> int:
    def tx(conn):
        conn.lock(ITEMS, row_id)
        n = conn.execute(sa.select(ITEMS.c.n).where(ITEMS.c.id == row_id)).scalar_one()
        if read_done is not None:
            read_done.set()
        time.sleep(hold_s)
        conn.execute(sa.update(ITEMS).where(ITEMS.c.id == row_id).values(n=n + 1))
        return n

    return db.transaction(tx)


def test_a_second_seat_cannot_overtake_a_read_then_write(db, second):
    """Two seats each read a counter and write it back +1 at the same moment: neither update is lost.
    SQLite: BEGIN IMMEDIATE; PostgreSQL: Conn.lock (SELECT … FOR UPDATE) makes the second wait."""
    row_id = db.run(_insert("licznik"))
    first_read = threading.Event()
    results = {}
    worker = threading.Thread(target=lambda: results.update(
        first=_increment_after_reading(db, row_id, read_done=first_read, hold_s=0.4)))
    worker.start()
    assert first_read.wait(10)
    started = time.monotonic()
    results["second"] = _increment_after_reading(second, row_id)
    waited = time.monotonic() - started
    worker.join(10)
    assert results == {"first": 0, "second": 1}  # the second read the first one's result
    assert waited > 0.2  # it waited for the first to commit
    assert db.run(lambda c: c.execute(sa.select(ITEMS.c.n)).scalar_one()) == 2


def test_without_the_lock_postgresql_would_lose_an_update(pg_url):
    """Why stores must call Conn.lock before reading to write back (READ COMMITTED does not serialise)."""
    db, second = _open(pg_url), Database(pg_url)
    try:
        row_id = db.run(_insert("licznik"))
        first_read = threading.Event()

        def unlocked(database, event=None, hold=0.0):
            def tx(conn):
                n = conn.execute(sa.select(ITEMS.c.n).where(ITEMS.c.id == row_id)).scalar_one()
                if event:
                    event.set()
                time.sleep(hold)
                conn.execute(sa.update(ITEMS).where(ITEMS.c.id == row_id).values(n=n + 1))
            database.transaction(tx)

        worker = threading.Thread(target=unlocked, args=(db, first_read, 0.3))
        worker.start()
        assert first_read.wait(10)
        unlocked(second)
        worker.join(10)
        assert db.run(lambda c: c.execute(sa.select(ITEMS.c.n)).scalar_one()) == 1  # one increment lost
    finally:
        second.close()
        db.close()


def test_a_row_held_too_long_by_another_seat_is_a_clear_busy_message(pg_url, monkeypatch):
    monkeypatch.setattr(pg_backend, "LOCK_TIMEOUT_MS", 200)
    db, second = _open(pg_url), Database(pg_url)
    try:
        row_id = db.run(_insert("zajęty"))
        holding = threading.Event()
        release = threading.Event()

        def hold(conn):
            conn.lock(ITEMS, row_id)
            holding.set()
            release.wait(10)

        worker = threading.Thread(target=db.transaction, args=(hold,))
        worker.start()
        assert holding.wait(10)
        try:
            with pytest.raises(StorageError) as caught:
                _increment_after_reading(second, row_id)
        finally:
            release.set()
            worker.join(10)
        assert "inne stanowisko" in str(caught.value) and "Spróbuj ponownie" in str(caught.value)
        assert _increment_after_reading(second, row_id) == 0  # free again: nothing was half-written
    finally:
        second.close()
        db.close()


def test_a_deadlock_victim_is_run_again_and_both_seats_finish(pg_url):
    """Two seats take the same two rows in opposite order: PostgreSQL ends one as the deadlock victim,
    and the Database runs that transaction again from the start, so both writes land (not an error)."""
    db, second = _open(pg_url), Database(pg_url)
    try:
        one, two = db.run(_insert("jeden")), db.run(_insert("dwa"))
        first_locked, second_locked = threading.Event(), threading.Event()
        calls = {"a": 0, "b": 0}

        def both(conn, me, first, then, mine, other):
            calls[me] += 1
            conn.lock(ITEMS, first)
            mine.set()
            assert other.wait(10)
            conn.lock(ITEMS, then)
            conn.execute(sa.update(ITEMS).where(ITEMS.c.id.in_([first, then])).values(n=ITEMS.c.n + 1))

        errors = []

        def seat_a():
            try:
                db.transaction(lambda c: both(c, "a", one, two, first_locked, second_locked))
            except Exception as exc:
                errors.append(exc)

        worker = threading.Thread(target=seat_a)
        worker.start()
        second.transaction(lambda c: both(c, "b", two, one, second_locked, first_locked))
        worker.join(20)
        assert errors == []
        # one of them ran again (under load a victim's rerun may meet the other seat's lock once more)
        assert min(calls.values()) == 1 and max(calls.values()) >= 2
        assert db.run(lambda c: c.execute(sa.select(ITEMS.c.n).order_by(ITEMS.c.id)).scalars().all()) == [2, 2]
    finally:
        second.close()
        db.close()


def test_a_transaction_begun_inside_a_plain_run_is_all_or_nothing(db, second):
    class Boom(Exception):
        pass

    db.run(lambda c: db.transaction(_insert("zagnieżdżona")))
    assert _names(second) == ["zagnieżdżona"]

    def failing(conn):
        conn.execute(sa.insert(ITEMS).values(name="nie"))
        raise Boom

    with pytest.raises(Boom):
        db.run(lambda c: db.transaction(failing))
    assert _names(second) == ["zagnieżdżona"]
    db.run(_insert("dalej"))  # and the run's own statements still commit afterwards
    assert _names(second) == ["zagnieżdżona", "dalej"]


WAITING = sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND wait_event_type = 'Lock' AND application_name = 'eplatnik'")
INCREMENT = """
import sys, sqlalchemy as sa
from eplatnik.store.database import Database
items = sa.Table("contract_items", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("n", sa.Integer))
db = Database(sys.argv[1])
def tx(conn):
    conn.lock(items, 1)
    n = conn.execute(sa.select(items.c.n).where(items.c.id == 1)).scalar_one()
    conn.execute(sa.update(items).where(items.c.id == 1).values(n=n + 1))
    return n
print(db.transaction(tx))
db.close()
"""


def test_another_process_waits_for_a_read_then_write_to_commit(db, db_url):
    """Risky point 1 of the refactor plan with real processes: while this seat has read the counter
    (and locked its row), another eplatnik process doing the same waits, then sees the new value."""
    import subprocess
    import sys

    assert db.run(_insert("licznik")) == 1
    child: dict = {}
    watcher = Database(db_url) if db.dialect == "postgresql" else None

    def tx(conn):
        conn.lock(ITEMS, 1)
        n = conn.execute(sa.select(ITEMS.c.n)).scalar_one()
        child["proc"] = subprocess.Popen([sys.executable, "-c", INCREMENT, db_url], stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True)
        if db.dialect == "postgresql":  # wait until the server shows the child waiting for our row lock
            deadline = time.monotonic() + 30
            while watcher.run(lambda c: c.execute(WAITING).scalar()) == 0:
                assert time.monotonic() < deadline and child["proc"].poll() is None
                time.sleep(0.05)
        else:  # SQLite: the child's BEGIN IMMEDIATE busy-waits (up to 5 s) for the write lock
            time.sleep(2.0)
        child["running_while_we_held_it"] = child["proc"].poll() is None
        conn.execute(sa.update(ITEMS).values(n=n + 1))

    try:
        db.transaction(tx)
    finally:
        if watcher is not None:
            watcher.close()
    out, err = child["proc"].communicate(timeout=60)
    assert child["proc"].returncode == 0, err
    assert child["running_while_we_held_it"]
    assert out.strip() == "1"  # the child read our committed value, not the old 0
    assert db.run(lambda c: c.execute(sa.select(ITEMS.c.n)).scalar_one()) == 2


def test_plain_sql_strings_run_on_postgresql_too(pg_url):
    """The legacy path (issue 15's shim) runs the stores' SQL strings on a server as well
    (store/legacy_sql.py; its own tests are in test_store_pg_schema.py)."""
    db = _open(pg_url)
    try:
        assert db.run(lambda c: c.execute("SELECT ? AS n", (1,)).fetchone()["n"]) == 1
        assert db.run(lambda c: c.execute(sa.text("SELECT 1")).scalar()) == 1
    finally:
        db.close()


def test_the_portable_workspace_schema_creates_on_an_office_database(pg_cluster):
    """An early check for step 16.2 (the baseline on PostgreSQL): store/schema.py's MetaData, which
    equals the SQLite migrations, is accepted by the server as it is, in one transaction; copies of a
    database prepared once (the cluster's template mechanism) are independent, and ids come from the
    identity columns through RETURNING."""
    from eplatnik.store import schema

    def create(url):
        db = Database(url)
        try:
            db.transaction(lambda c: schema.metadata.create_all(c.sa))
        finally:
            db.close()

    template = pg_cluster.template("portable_schema", create)
    accountants = schema.metadata.tables["accountants"]
    for _copy in range(2):
        db = Database(pg_cluster.url(pg_cluster.create_database(template=template)))
        try:
            tables = set(db.run(lambda c: sa.inspect(c.sa).get_table_names()))
            assert tables == set(schema.metadata.tables) | {"eplatnik_meta", "alembic_version"}
            ids = [db.transaction(lambda c, n=name: c.execute(
                sa.insert(accountants).values(name=n).returning(accountants.c.id)).scalar_one())
                for name in ("Ala", "Ola")]
            assert ids == [1, 2]  # each copy starts afresh
        finally:
            db.close()
