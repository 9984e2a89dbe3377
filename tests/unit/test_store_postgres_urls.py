"""Where the database is (issue 16, step 16.1): a path or ``sqlite:///`` URL stays a SQLite file, a
``postgresql://`` URL names an office server; a malformed address is a clear Polish error (exit code 2)
that names what is wrong and how to write it; and the password is never shown (messages, repr, log)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eplatnik.store.urls import DatabaseUrl, DatabaseUrlError, parse_database_url

SECRET = "S3kret:z@nakami/?"


def test_a_path_stays_a_sqlite_file(tmp_path):
    assert parse_database_url(tmp_path / "eplatnik.db") == DatabaseUrl("sqlite", path=tmp_path / "eplatnik.db")
    assert parse_database_url(str(tmp_path / "eplatnik.db")).path == tmp_path / "eplatnik.db"
    assert parse_database_url(f"sqlite:///{tmp_path}/w.db").path == tmp_path / "w.db"
    assert parse_database_url("sqlite:///relative/w.db").path == Path("relative/w.db")
    assert str(parse_database_url(tmp_path / "w.db")) == f"sqlite:///{tmp_path}/w.db"


@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+psycopg", "postgres", "PostgreSQL"])
def test_a_postgresql_url(scheme):
    url = parse_database_url(f"{scheme}://anna@biuro.lan:5433/eplatnik_biuro?sslmode=require")
    assert (url.dialect, url.username, url.password, url.host, url.port, url.database) == \
        ("postgresql", "anna", None, "biuro.lan", 5433, "eplatnik_biuro")
    assert url.options == (("sslmode", "require"),)
    assert str(url) == "postgresql://anna@biuro.lan:5433/eplatnik_biuro?sslmode=require"
    assert url.server == "biuro.lan:5433"


def test_defaults_port_5432_and_the_local_socket():
    url = parse_database_url("postgresql:///biuro")
    assert (url.host, url.port, url.username, url.database) == ("", 5432, "", "biuro")
    assert url.sqlalchemy_url().drivername == "postgresql+psycopg"


def test_the_password_is_kept_but_never_shown():
    from urllib.parse import quote

    url = parse_database_url(f"postgresql://anna:{quote(SECRET, safe='')}@10.0.0.5/biuro")
    assert url.password == SECRET  # percent-decoded, handed to the driver
    for shown in (str(url), repr(url), url.redacted(), f"{url}", repr(url.sqlalchemy_url())):
        assert SECRET not in shown and quote(SECRET, safe="") not in shown
    assert str(url) == "postgresql://anna:***@10.0.0.5:5432/biuro"
    assert url.sqlalchemy_url().password == SECRET


@pytest.mark.parametrize(("value", "reason"), [
    ("mysql://anna@biuro/eplatnik", "nieobsługiwany rodzaj bazy „mysql”"),
    ("postgresql://anna@biuro:54x2/eplatnik", "port musi być liczbą od 1 do 65535"),
    ("postgresql://anna@biuro:70000/eplatnik", "port musi być liczbą od 1 do 65535"),
    ("postgresql://anna@biuro:5432", "brak nazwy bazy danych"),
    ("postgresql://anna@biuro:5432/", "brak nazwy bazy danych"),
    ("postgresql://anna@biuro/a/b", "brak nazwy bazy danych"),
    ("postgresql://anna@biuro/eplatnik?sslmod=require", "nieznana opcja „sslmod”"),
    ("postgresql://anna@bi uro/eplatnik", "spacje"),
    ("sqlite://", "brak ścieżki do pliku bazy"),
    ("   ", "adres jest pusty"),
])
def test_a_malformed_address_says_what_is_wrong_and_how_to_write_it(value, reason):
    with pytest.raises(DatabaseUrlError) as caught:
        parse_database_url(value)
    error = caught.value
    assert error.exit_code == 2
    text = str(error)
    assert text.startswith("Adres bazy danych") and reason in text
    assert "postgresql://użytkownik@serwer:5432/nazwa_bazy" in text  # the hint: how to write it
    assert error.render("en").startswith("The database address")


def test_a_malformed_address_does_not_show_its_password():
    with pytest.raises(DatabaseUrlError) as caught:
        parse_database_url("postgresql://anna:tajne123@biuro:port/eplatnik")
    assert "tajne123" not in str(caught.value)
    assert "postgresql://anna:***@biuro:port/eplatnik" in str(caught.value)
