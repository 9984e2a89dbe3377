"""Opening an office database (issue 16, step 16.1), against a real PostgreSQL server: what eplatnik
writes into an empty database, what it refuses to touch, and what a person is told — in Polish, with
what to do, and never with the password — when the password is wrong, the server is not there, the
database does not exist, or the server goes away in the middle of the work."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from plugins.postgres import PASSWORD, ROLE, free_port, open_together

from eplatnik.clock import FixedClock
from eplatnik.errors import StorageError
from eplatnik.store import legacy_migrations
from eplatnik.store.database import Database
from eplatnik.store.errors import DatabaseUnavailable

ITEMS = sa.table("items", sa.column("id", sa.Integer), sa.column("name", sa.Text))


def _create_items(db: Database) -> None:
    db.run(lambda c: c.execute(sa.text("CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL)")))


def _error(url: str, **kw) -> StorageError:
    with pytest.raises(StorageError) as caught:
        Database(url, **kw)
    return caught.value


def _assert_no_password(*texts: str) -> None:
    for text in texts:
        assert PASSWORD not in text


def test_an_empty_database_becomes_eplatniks_dated_by_the_programs_clock(pg_cluster, pg_url):
    db = Database(pg_url, clock=FixedClock("2026-11-20T10:00"), seat="biuro-3")
    try:
        assert db.dialect == "postgresql"
        head = str(legacy_migrations.schema_version())  # the schema at the newest revision (step 16.2)
        assert db.schema_revision() == head
        name = pg_url.rsplit("/", 1)[1]
        rows = dict(pg_cluster.sql(name, "SELECT key, value FROM eplatnik_meta"))
        assert rows == {"app": "eplatnik", "schema_revision": head, "created_at": "2026-11-20T09:00:00.000Z"}
        # the seat is visible to the database administrator (pg_stat_activity)
        assert db.run(lambda c: c.execute(sa.text("SELECT current_setting('application_name')")).scalar()) \
            == "eplatnik/biuro-3"
    finally:
        db.close()
    again = Database(pg_url, clock=FixedClock("2027-01-05T08:00"))  # opening again changes nothing
    again.close()
    assert dict(pg_cluster.sql(name, "SELECT key, value FROM eplatnik_meta"))["created_at"] \
        == "2026-11-20T09:00:00.000Z"


def test_two_seats_opening_a_new_database_at_once_create_it_once(pg_url):
    opened, errors = open_together(pg_url, 3, timeout=30)
    try:
        assert errors == [] and len(opened) == 3
        assert opened[0].run(lambda c: c.execute(sa.text("SELECT count(*) FROM eplatnik_meta")).scalar()) == 3
    finally:
        for db in opened:
            db.close()


def test_a_database_of_another_program_is_refused_and_left_untouched(pg_cluster):
    name = pg_cluster.create_database()
    pg_cluster.sql(name, f"CREATE TABLE faktury (nr TEXT PRIMARY KEY); ALTER TABLE faktury OWNER TO {ROLE}")
    error = _error(pg_cluster.url(name))
    text = str(error)
    assert "należy do innego programu" in text and "to nie jest baza eplatnik" in text
    assert "Niczego w niej nie zmieniono" in text
    assert pg_cluster.sql(name, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [("faktury",)]
    _assert_no_password(text)


def test_a_wrong_password_is_named_as_such(pg_cluster, pg_url, caplog):
    caplog.set_level(logging.DEBUG)
    database = pg_url.rsplit("/", 1)[1]
    error = _error(pg_cluster.url(database, password="zle-haslo"))
    text = str(error)
    assert f"odrzucił logowanie użytkownika „{ROLE}”" in text and "złe hasło" in text
    assert "PGPASSWORD" in text and "~/.pgpass" in text  # where to fix it
    assert f"127.0.0.1:{pg_cluster.port}" in text
    assert "zle-haslo" not in text and "zle-haslo" not in caplog.text
    assert error.render("en").startswith("The database server")


def test_a_server_that_is_not_there_is_named_with_its_address(pg_cluster, caplog):
    caplog.set_level(logging.DEBUG)
    port = free_port()  # nothing listens there
    error = _error(pg_cluster.url("biuro", port=port))
    text = str(error)
    assert f"Nie można połączyć się z serwerem bazy danych 127.0.0.1:{port}" in text
    assert "Sprawdź, czy serwer PostgreSQL działa" in text
    assert f"postgresql://{ROLE}:***@127.0.0.1:{port}/biuro" in text  # the address, with the password hidden
    _assert_no_password(text, caplog.text)


def test_a_missing_database_is_named(pg_cluster):
    text = str(_error(pg_cluster.url("nie_ma_takiej")))
    assert f"Na serwerze 127.0.0.1:{pg_cluster.port} nie ma bazy danych „nie_ma_takiej”" in text
    assert f"createdb -O {ROLE} nie_ma_takiej" in text
    _assert_no_password(text)


def test_the_server_going_away_mid_call_rolls_back_and_says_so(pg_cluster, pg_url, caplog):
    """`pg_ctl stop -m immediate` in the middle of a transaction: a clear "connection lost" message (a
    DatabaseUnavailable, which runs treat as "pause, resume later"), nothing half-written, and the same
    Database works again once the server is back."""
    caplog.set_level(logging.DEBUG)
    db = Database(pg_url)
    try:
        _create_items(db)
        db.run(lambda c: c.execute(sa.insert(ITEMS).values(name="przed")))

        def half(conn):
            conn.execute(sa.insert(ITEMS).values(name="w połowie"))
            pg_cluster.stop_immediately()
            conn.execute(sa.insert(ITEMS).values(name="nigdy"))

        try:
            with pytest.raises(DatabaseUnavailable) as caught:
                db.transaction(half)
            text = str(caught.value)
            assert "Połączenie z bazą biura" in text and "zostało przerwane" in text
            assert "nic nie zapisano w połowie" in text
            with pytest.raises(DatabaseUnavailable):  # still down: the same message, not a traceback
                db.run(lambda c: c.execute(sa.select(ITEMS.c.name)).all())
        finally:
            pg_cluster.start()
        names = db.run(lambda c: c.execute(sa.select(ITEMS.c.name).order_by(ITEMS.c.id)).scalars().all())
        assert names == ["przed"]  # reconnected by itself; the interrupted transaction left nothing
        _assert_no_password(text, caplog.text)
    finally:
        db.close()


def test_the_password_is_never_shown(pg_url, caplog):
    caplog.set_level(logging.DEBUG)
    db = Database(pg_url)
    try:
        _create_items(db)
        db.transaction(lambda c: c.execute(sa.insert(ITEMS).values(name="x")))
        assert str(db.url).startswith(f"postgresql://{ROLE}:***@127.0.0.1:")
        _assert_no_password(str(db.url), repr(db.url), caplog.text)
        assert caplog.text  # the engine did log (so the check above looked at something)
    finally:
        db.close()


def test_a_statement_on_a_closed_database_is_refused_in_polish(pg_url):
    db = Database(pg_url)
    db.close()
    with pytest.raises(StorageError, match="zamknięta"):
        db.run(lambda c: None)


def test_a_table_the_user_may_not_touch_is_named_as_a_permission_problem(pg_cluster, pg_url):
    db = Database(pg_url)
    try:
        name = pg_url.rsplit("/", 1)[1]
        pg_cluster.sql(name, "CREATE TABLE admin_only (id INT)")  # owned by the superuser, no GRANT
        with pytest.raises(StorageError) as caught:
            db.run(lambda c: c.execute(sa.text("SELECT * FROM admin_only")).all())
        text = str(caught.value)
        assert f"Użytkownik „{ROLE}” nie ma uprawnień" in text and "GRANT" not in text
        assert "Poproś administratora bazy o uprawnienia" in text
    finally:
        db.close()


def test_a_read_only_opening_writes_nothing(pg_cluster, pg_url):
    name = pg_url.rsplit("/", 1)[1]
    db = Database(pg_url, readonly=True)
    try:
        assert pg_cluster.sql(name, "SELECT to_regclass('eplatnik_meta') IS NULL") == [(True,)]
        assert db.schema_revision() == ""  # not set up by eplatnik (yet)
        with pytest.raises(StorageError):
            db.run(lambda c: c.execute(sa.text("CREATE TABLE x (id INT)")))
    finally:
        db.close()
    assert pg_cluster.sql(name, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_a_server_restarted_while_the_seat_was_idle_costs_no_error(pg_cluster, pg_url, monkeypatch):
    """The server was restarted while nobody worked (overnight, by the administrator): the next call
    finds its connection dead before sending anything, connects again and just works."""
    from eplatnik.store.dialects import postgresql as pg_backend

    db = Database(pg_url)
    try:
        _create_items(db)
        db.run(lambda c: c.execute(sa.insert(ITEMS).values(name="wczoraj")))
        pg_cluster.stop_immediately()
        pg_cluster.start()
        monkeypatch.setattr(pg_backend, "PING_AFTER_IDLE_S", 0.0)  # "idle long enough"
        assert db.run(lambda c: c.execute(sa.select(ITEMS.c.name)).scalars().all()) == ["wczoraj"]
        db.transaction(lambda c: c.execute(sa.insert(ITEMS).values(name="dziś")))
        assert len(db.run(lambda c: c.execute(sa.select(ITEMS.c.name)).all())) == 2
    finally:
        db.close()


def test_the_password_may_come_from_pgpassword_or_pgpass(pg_cluster, pg_url, monkeypatch, tmp_path):
    """A URL without a password (what settings and job children get) connects with the password from
    the environment or ~/.pgpass, as libpq reads them; without either the server refuses, in Polish."""
    from eplatnik.store.urls import parse_database_url

    bare = parse_database_url(pg_url).without_password()
    assert bare.password is None and ":***@" not in str(bare)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(StorageError, match="odrzucił logowanie"):
        Database(bare)
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    Database(bare).close()
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_cluster.port}:*:{ROLE}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    Database(bare).close()


def test_a_computer_the_server_does_not_admit_is_named_as_such(pg_cluster):
    from plugins.postgres import REFUSED_DATABASE

    text = str(_error(pg_cluster.url(REFUSED_DATABASE)))
    assert f"nie przyjmuje połączeń użytkownika „{ROLE}” z tego komputera do bazy „{REFUSED_DATABASE}”" in text
    assert "pg_hba.conf" in text
    _assert_no_password(text)


def test_a_server_without_ssl_when_the_address_requires_it(pg_cluster, pg_url):
    text = str(_error(pg_url + "?sslmode=require"))
    assert "nie obsługuje połączeń szyfrowanych (SSL)" in text and "sslmode" in text
    _assert_no_password(text)


def test_a_server_name_unknown_on_the_network_is_named(caplog):
    caplog.set_level(logging.DEBUG)
    error = _error(f"postgresql://{ROLE}:{PASSWORD}@serwer-biura.invalid:5432/biuro")
    text = str(error)
    assert "Nie znaleziono serwera bazy danych „serwer-biura.invalid”" in text
    assert "Sprawdź pisownię nazwy serwera" in text and f"postgresql://{ROLE}:***@serwer-biura.invalid" in text
    assert error.render("en").startswith("The database server “serwer-biura.invalid” was not found")
    _assert_no_password(text, error.render("en"), caplog.text)


def test_an_empty_database_the_user_may_not_create_tables_in_says_how_to_make_one(pg_cluster):
    name = pg_cluster.create_database()
    pg_cluster.sql(name, f'ALTER DATABASE "{name}" OWNER TO postgres')  # PostgreSQL 15: no CREATE in public
    text = str(_error(pg_cluster.url(name)))
    assert f"Użytkownik „{ROLE}” nie może tworzyć ani zmieniać tabel eplatnik w bazie „{name}”" in text
    assert f"createdb -O {ROLE} {name}" in text and "Niczego w niej nie zmieniono" in text
    assert pg_cluster.sql(name, "SELECT count(*) FROM pg_class WHERE relname = 'eplatnik_meta'") == [(0,)]
    _assert_no_password(text)


@pytest.mark.parametrize("made_by_another", [
    "CREATE TABLE eplatnik_meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO eplatnik_meta VALUES ('app', 'kadry');"
    " ALTER TABLE eplatnik_meta OWNER TO {role}",
    "CREATE SEQUENCE faktury_nr; ALTER SEQUENCE faktury_nr OWNER TO {role}",
    "CREATE SCHEMA kadry AUTHORIZATION {role}; CREATE TABLE kadry.pracownicy (id INT); "
    "ALTER TABLE kadry.pracownicy OWNER TO {role}",
], ids=["meta-of-another-app", "only-a-sequence", "tables-in-another-schema"])
def test_other_kinds_of_foreign_databases_are_refused_too(pg_cluster, made_by_another):
    name = pg_cluster.create_database()
    pg_cluster.sql(name, made_by_another.format(role=ROLE))
    before = pg_cluster.sql(name, "SELECT count(*) FROM pg_class WHERE relnamespace::regnamespace::text "
                                  "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')")
    text = str(_error(pg_cluster.url(name)))
    assert "to nie jest baza eplatnik" in text
    assert pg_cluster.sql(name, "SELECT count(*) FROM pg_class WHERE relnamespace::regnamespace::text "
                                "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')") == before
