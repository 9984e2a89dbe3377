"""The seat's remembered office-database passwords (store/pgpass.py): libpq's own file format, readable
by the owner only, one line per database, read by libpq itself; and "Sprawdź połączenie", which opens a
database read-only and writes nothing."""

from __future__ import annotations

import stat

import pytest
from plugins.postgres import PASSWORD, ROLE

from eplatnik.errors import StorageError
from eplatnik.store.database import Database
from eplatnik.store.pgpass import (
    check_connection,
    forget_password,
    remember_password,
    seat_pgpass,
    stored_password,
    use_seat_pgpass,
)
from eplatnik.store.urls import parse_database_url


def test_a_remembered_password_is_a_libpq_line_only_its_owner_may_read(tmp_path):
    path = seat_pgpass(tmp_path)
    office = parse_database_url("postgresql://anna@serwer-biura:5433/biuro")
    other = parse_database_url("postgresql://anna@serwer-biura:5433/archiwum")
    remember_password(path, office, "pierwsze")
    remember_password(path, other, "a:b\\c")
    remember_password(path, office, "drugie")  # replaces, never two lines for one database
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8").splitlines() == [
        "serwer-biura:5433:archiwum:anna:a\\:b\\\\c", "serwer-biura:5433:biuro:anna:drugie"]
    assert stored_password(path, office) == "drugie" and stored_password(path, other) == "a:b\\c"
    forget_password(path, office)
    assert stored_password(path, office) is None and stored_password(path, other) == "a:b\\c"


def test_libpq_reads_the_seats_file(pg_cluster, pg_url, tmp_path, monkeypatch):
    bare = parse_database_url(pg_url).without_password()
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(StorageError, match="odrzucił logowanie"):
        Database(bare)
    remember_password(seat_pgpass(tmp_path), bare, PASSWORD)
    assert use_seat_pgpass(tmp_path) == seat_pgpass(tmp_path)
    Database(bare).close()
    assert PASSWORD not in str(bare) and ROLE in str(bare)


def test_checking_the_connection_writes_nothing_and_says_what_it_found(pg_cluster, pg_url):
    name = pg_url.rsplit("/", 1)[1]
    found = check_connection(parse_database_url(pg_url))
    assert found.empty
    assert pg_cluster.sql(name, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    Database(pg_url).close()  # eplatnik sets it up
    assert not check_connection(parse_database_url(pg_url)).empty
    with pytest.raises(StorageError, match="odrzucił logowanie") as caught:
        check_connection(parse_database_url(pg_cluster.url(name, password="zle")))
    assert "zle" not in caught.value.render()
