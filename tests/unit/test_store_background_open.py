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
