"""Opening the workspace database in the background (the GUI's window comes up while an office
database is reached): calls made meanwhile wait for it; a failed opening is reported once by
``opened()`` and every call says the database was not opened, until ``reopen`` with the right
password succeeds. Real SQLite files and a real PostgreSQL cluster."""

from __future__ import annotations

import pytest
from plugins.postgres import PASSWORD

from eplatnik.errors import StorageError
from eplatnik.store.database import Database, DatabaseNotOpened


def test_calls_made_while_opening_wait_for_it_and_see_the_database(db_url):
    db = Database(db_url, background=True)
    try:
        # queued at once, before the opening (and its migrations) can have finished
        assert db.scalar("SELECT COUNT(*) FROM payers") == 0
        assert db.opened().result(timeout=60) is None
    finally:
        db.close()


def test_a_refused_password_is_reported_once_then_reopen_with_the_right_one_works(pg_cluster):
    name = pg_cluster.create_database()
    wrong = pg_cluster.url(name, password="zle-haslo")
    db = Database(wrong, background=True)
    try:
        with pytest.raises(StorageError) as opening:
            db.opened().result(timeout=60)
        assert "odrzucił logowanie" in opening.value.render("pl")
        with pytest.raises(DatabaseNotOpened) as later:   # the pages' loads: not a second login attempt
            db.scalar("SELECT 1")
        assert "nie została otwarta" in later.value.render("pl")
        assert PASSWORD not in later.value.render("pl") and "zle-haslo" not in later.value.render("pl")
        db.reopen(pg_cluster.url(name)).result(timeout=60)
        assert db.scalar("SELECT COUNT(*) FROM payers") == 0
        assert db.url.password == PASSWORD
    finally:
        db.close()


def test_a_file_that_is_no_database_fails_in_the_background_and_still_closes(tmp_path):
    bad = tmp_path / "eplatnik.db"
    bad.write_bytes(b"not a database at all, " * 100)
    db = Database(bad, background=True)
    error = db.opened().exception(timeout=60)
    assert isinstance(error, StorageError) and "nie jest poprawną bazą" in error.render("pl")
    with pytest.raises(DatabaseNotOpened):
        db.scalar("SELECT 1")
    db.close()   # nothing to close on a connection that never opened: no second error
    assert bad.read_bytes().startswith(b"not a database")   # and the file was left as it was


def test_a_call_queued_behind_close_is_told_the_database_closed_not_an_internal_error(tmp_path):
    """A page's load that reached the database thread's queue after the workspace began closing (the
    program quitting, a restore in place) gets DatabaseClosed, which the GUI's operations drop quietly;
    it used to meet a closed SQLite connection and end as a crash report."""
    import threading
    import time

    from eplatnik.store.database import DatabaseClosed

    db = Database(tmp_path / "eplatnik.db")
    release, busy = threading.Event(), threading.Event()
    blocker = db.submit(lambda c: (busy.set(), release.wait(30)))
    assert busy.wait(30)
    closer = threading.Thread(target=db.close)
    closer.start()
    # close() has queued the connection's closing behind the blocker before the load queues its call
    deadline = time.monotonic() + 30
    while db._executor._work_queue.qsize() < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    outcome: list[BaseException | object] = []

    def load() -> None:
        try:
            outcome.append(db.scalar("SELECT COUNT(*) FROM payers"))
        except BaseException as exc:  # the test looks at which error it was
            outcome.append(exc)

    loader = threading.Thread(target=load)
    loader.start()
    while db._executor._work_queue.qsize() < 2 and loader.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    blocker.result(timeout=30)
    closer.join(30)
    loader.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], DatabaseClosed), outcome
    assert "zamknięta" in outcome[0].render("pl")
    with pytest.raises(DatabaseClosed):   # and a call after close() is told the same
        db.scalar("SELECT 1")
