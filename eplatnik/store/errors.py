"""What a person is told when the database fails: the driver's error turned into a StorageError.

Statements reach the driver two ways: the legacy path (plain SQL on the sqlite3 connection, raising
``sqlite3.Error``) and SQLAlchemy (raising ``sqlalchemy.exc.DBAPIError`` with the driver's error in
``.orig``). Both end here, and neither needs SQLAlchemy imported to be recognised.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import StorageError
from ..i18n import t

DB_LOCKED = t("Baza danych obszaru roboczego jest zablokowana przez inny program.",
              "The workspace database is locked by another program.")
DB_LOCKED_HINT = t("Zamknij inne okno eplatnik korzystające z tego katalogu i spróbuj ponownie.",
                   "Close any other eplatnik window using this folder and try again.")
DB_READONLY = t("Baza danych {path} jest tylko do odczytu.", "The database {path} is read-only.")
DB_READONLY_HINT = t("Sprawdź uprawnienia do katalogu roboczego. Zmiany nie zostały zapisane.",
                     "Check the permissions of the workspace folder. The changes were not saved.")
DB_FULL = t("Brak miejsca na dysku — baza danych nie mogła zapisać zmian.",
            "The disk is full — the database could not save the changes.")
DB_FULL_HINT = t("Zwolnij miejsce i powtórz; zmiany zostały wycofane, dane są spójne.",
                 "Free some space and retry; the changes were rolled back and the data is consistent.")
DB_CORRUPT = t("Plik {path} nie jest poprawną bazą danych eplatnik.",
               "The file {path} is not a valid eplatnik database.")
DB_TOO_NEW = t("Baza danych ma wersję schematu {found}, nowszą niż obsługiwana ({supported}).",
               "The database schema version {found} is newer than supported ({supported}).")
DB_TOO_NEW_HINT = t("Zaktualizuj program eplatnik.", "Update eplatnik.")
DB_CLOSED = t("Baza danych jest zamknięta.", "The database is closed.")
DB_OTHER = t("Błąd bazy danych: {err}", "Database error: {err}")
SQLITE_TOO_OLD = t("Biblioteka SQLite w tym systemie ma wersję {found}; eplatnik potrzebuje co najmniej {needed}.",
                   "The SQLite library on this system is version {found}; eplatnik needs at least {needed}.")
SQLITE_TOO_OLD_HINT = t("Zainstaluj nowszy Python (z nowszym SQLite) albo pakiet eplatnik z instalatora.",
                        "Install a newer Python (with a newer SQLite) or eplatnik from its installer.")


def driver_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error behind ``exc`` (itself, or what SQLAlchemy wrapped), else None."""
    if isinstance(exc, sqlite3.Error):
        return exc
    orig = getattr(exc, "orig", None)
    if isinstance(orig, sqlite3.Error) and type(exc).__module__.startswith("sqlalchemy"):
        return orig
    return None


def translate_sqlite_error(exc: sqlite3.Error, path: Path | str) -> StorageError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError(DB_LOCKED, hint=DB_LOCKED_HINT)
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return StorageError(DB_READONLY(path=str(path)), hint=DB_READONLY_HINT)
    if "full" in text:
        return StorageError(DB_FULL, hint=DB_FULL_HINT)
    if "not a database" in text or "malformed" in text:
        return StorageError(DB_CORRUPT(path=str(path)))
    return StorageError(DB_OTHER(err=str(exc)))
