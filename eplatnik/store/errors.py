"""What a person is told when the database fails: the driver's error turned into a StorageError.

Statements reach the driver two ways: the legacy path (plain SQL on the sqlite3 connection, raising
``sqlite3.Error``) and SQLAlchemy (raising ``sqlalchemy.exc.DBAPIError`` with the driver's error in
``.orig``). Both end here, and neither needs SQLAlchemy imported to be recognised.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StorageError
from ..i18n import t

if TYPE_CHECKING:
    from .urls import DatabaseUrl

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
DB_NOT_OPENED = t("Baza danych nie została otwarta: {err}", "The database was not opened: {err}")
DB_NOT_OPENED_HINT = t("Popraw dane połączenia (Ustawienia → Baza danych) i uruchom program ponownie.",
                       "Correct the connection details (Settings → Database) and start the program again.")
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


# -- PostgreSQL (issue 16): the office database on a server ----------------------------------------------
class DatabaseUnavailable(StorageError):
    """The connection to the database server was lost (server stopped, network down). The interrupted
    work was rolled back; the next call connects again, so a run may pause and resume later."""


class DatabaseAuthFailed(StorageError):
    """The server refused the login (a wrong or missing password): the program may ask for it."""


PG_UNREACHABLE = t("Nie można połączyć się z serwerem bazy danych {server}.",
                   "Cannot connect to the database server {server}.")
PG_UNREACHABLE_HINT = t("Sprawdź, czy serwer PostgreSQL działa, czy adres i port w „{url}” są poprawne i czy "
                        "sieć (zapora) przepuszcza połączenie.",
                        "Check that the PostgreSQL server is running, that the host and port in “{url}” are "
                        "right, and that the network (firewall) lets the connection through.")
PG_AUTH = t("Serwer bazy danych {server} odrzucił logowanie użytkownika „{user}” (złe hasło albo brak dostępu).",
            "The database server {server} refused the login of user “{user}” (wrong password or no access).")
PG_AUTH_HINT = t("Sprawdź hasło (w adresie bazy, w zmiennej PGPASSWORD albo w pliku ~/.pgpass); w razie "
                 "potrzeby poproś administratora bazy o nowe.",
                 "Check the password (in the database address, in PGPASSWORD or in ~/.pgpass); ask the "
                 "database administrator for a new one if needed.")
PG_UNKNOWN_HOST = t("Nie znaleziono serwera bazy danych „{host}” (nazwa nieznana w sieci).",
                    "The database server “{host}” was not found (the name is unknown on the network).")
PG_UNKNOWN_HOST_HINT = t("Sprawdź pisownię nazwy serwera w adresie „{url}” albo podaj jego adres IP; w razie "
                         "wątpliwości zapytaj administratora sieci biura.",
                         "Check the spelling of the server's name in “{url}” or give its IP address; if in doubt "
                         "ask the office's network administrator.")
PG_CANNOT_CREATE = t("Użytkownik „{user}” nie może tworzyć ani zmieniać tabel eplatnik w bazie „{database}” "
                     "(brak uprawnień). Niczego w niej nie zmieniono.",
                     "The user “{user}” may not create or change eplatnik's tables in the database “{database}” "
                     "(no permission). Nothing in it was changed.")
PG_CANNOT_CREATE_HINT = t("Baza dla eplatnik powinna należeć do tego użytkownika: administrator tworzy ją "
                          "poleceniem createdb -O {user} {database} (albo nadaje GRANT CREATE ON SCHEMA public "
                          "TO {user}).",
                          "The database for eplatnik should belong to this user: the administrator creates it "
                          "with createdb -O {user} {database} (or grants CREATE ON SCHEMA public TO {user}).")
PG_NO_DATABASE = t("Na serwerze {server} nie ma bazy danych „{database}”.",
                   "The server {server} has no database “{database}”.")
PG_NO_DATABASE_HINT = t("Popraw nazwę bazy w adresie albo poproś administratora o jej utworzenie "
                        "(createdb -O {user} {database}).",
                        "Correct the database name in the address or ask the administrator to create it "
                        "(createdb -O {user} {database}).")
PG_PERMISSION = t("Użytkownik „{user}” nie ma uprawnień do tej operacji w bazie „{database}”.",
                  "The user “{user}” is not allowed to do this in the database “{database}”.")
PG_PERMISSION_HINT = t("Poproś administratora bazy o uprawnienia dla tego użytkownika. Zmiany nie zostały zapisane.",
                       "Ask the database administrator to grant this user the rights. The changes were not saved.")
PG_GONE = t("Połączenie z bazą biura ({server}) zostało przerwane.",
            "The connection to the office database ({server}) was lost.")
PG_GONE_HINT = t("Przerwana operacja została wycofana — nic nie zapisano w połowie. Gdy serwer znów będzie "
                 "dostępny, spróbuj ponownie (program połączy się sam).",
                 "The interrupted operation was rolled back — nothing was half-written. When the server is "
                 "back, try again (the program reconnects by itself).")
PG_BUSY = t("Te dane zmienia właśnie inne stanowisko biura.", "Another seat of the office is changing this data.")
PG_BUSY_HINT = t("Spróbuj ponownie za chwilę. Zmiany nie zostały zapisane.",
                 "Try again in a moment. The changes were not saved.")
PG_FOREIGN = t("Baza danych „{database}” na serwerze {server} należy do innego programu — to nie jest baza eplatnik.",
               "The database “{database}” on the server {server} belongs to another program — it is not an "
               "eplatnik database.")
PG_FOREIGN_HINT = t("Niczego w niej nie zmieniono. Podaj bazę utworzoną dla eplatnik (pustą przy pierwszym "
                    "uruchomieniu) albo tę, której biuro już używa.",
                    "Nothing in it was changed. Give a database created for eplatnik (empty the first time) "
                    "or the one the office already uses.")
PG_NOT_ALLOWED = t("Serwer bazy danych {server} nie przyjmuje połączeń użytkownika „{user}” z tego komputera "
                   "do bazy „{database}”.",
                   "The database server {server} does not accept connections of user “{user}” from this "
                   "computer to the database “{database}”.")
PG_NOT_ALLOWED_HINT = t("Poproś administratora bazy o dopuszczenie tego komputera (plik pg_hba.conf serwera).",
                        "Ask the database administrator to admit this computer (the server's pg_hba.conf).")
PG_NO_SSL = t("Serwer bazy danych {server} nie obsługuje połączeń szyfrowanych (SSL), których wymaga adres bazy.",
              "The database server {server} does not support encrypted (SSL) connections, which the database "
              "address requires.")
PG_NO_SSL_HINT = t("Poproś administratora o włączenie SSL na serwerze albo (tylko w zaufanej sieci biura) "
                   "usuń sslmode=… z adresu.",
                   "Ask the administrator to enable SSL on the server or (only on the office's trusted "
                   "network) remove sslmode=… from the address.")
PG_DRIVER_MISSING = t("Brak sterownika PostgreSQL (pakiet psycopg) w tej instalacji eplatnik.",
                      "The PostgreSQL driver (the psycopg package) is missing from this eplatnik installation.")
PG_DRIVER_MISSING_HINT = t("Zainstaluj eplatnik ponownie (pip install 'psycopg[binary]').",
                           "Reinstall eplatnik (pip install 'psycopg[binary]').")

#: SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html)
_PG_GONE_STATES = ("57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004")
_PG_BUSY_STATES = ("55P03", "40001", "40P01")  # lock_not_available, serialization_failure, deadlock


def translate_postgres_error(exc: BaseException, url: DatabaseUrl, *, was_connected: bool) -> StorageError | None:
    """A psycopg error (itself or wrapped by SQLAlchemy) → a StorageError worded for the person, or None
    when ``exc`` did not come from the driver. ``was_connected``: a connection failure after the database
    had been opened is "the server went away" (:class:`DatabaseUnavailable`), not a wrong address.

    Errors while connecting carry no SQLSTATE (libpq reports them as text), so those are told apart by
    the server's (English) message; anything not recognised keeps the server's own words."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the driver is a dependency
        return None
    orig = exc if isinstance(exc, psycopg.Error) else getattr(exc, "orig", None)
    if not isinstance(orig, psycopg.Error):
        return None
    state = orig.sqlstate or ""
    text = str(orig)
    lowered = text.lower()
    where = {"server": url.server, "database": url.database, "user": url.username or "?",
             "url": url.redacted()}
    invalidated = bool(getattr(exc, "connection_invalidated", False))
    connecting = lowered.startswith("connection failed") or "connection to server" in lowered
    if state == "28P01" or "password authentication failed" in lowered or "no password supplied" in lowered \
            or ("authentication failed" in lowered and connecting):
        return DatabaseAuthFailed(PG_AUTH(**where), hint=PG_AUTH_HINT)
    if connecting and "pg_hba.conf" in lowered:
        return StorageError(PG_NOT_ALLOWED(**where), hint=PG_NOT_ALLOWED_HINT)
    if connecting and "does not support ssl" in lowered:
        return StorageError(PG_NO_SSL(**where), hint=PG_NO_SSL_HINT)
    if "failed to resolve host" in lowered or "could not translate host name" in lowered:
        if was_connected:
            return DatabaseUnavailable(PG_GONE(**where), hint=PG_GONE_HINT)
        return StorageError(PG_UNKNOWN_HOST(host=url.host, url=url.redacted()),
                            hint=PG_UNKNOWN_HOST_HINT(host=url.host, url=url.redacted()))
    if state == "3D000" or (connecting and "database" in lowered and "does not exist" in lowered):
        return StorageError(PG_NO_DATABASE(**where), hint=PG_NO_DATABASE_HINT(**where))
    if state == "42501" or (connecting and "permission denied" in lowered):
        return StorageError(PG_PERMISSION(**where), hint=PG_PERMISSION_HINT)
    if state in _PG_BUSY_STATES:
        return StorageError(PG_BUSY, hint=PG_BUSY_HINT)
    lost = "server closed the connection" in lowered or "consuming input failed" in lowered
    if invalidated or state in _PG_GONE_STATES or (isinstance(orig, psycopg.OperationalError) and (connecting or lost)):
        if was_connected:
            return DatabaseUnavailable(PG_GONE(**where), hint=PG_GONE_HINT)
        return StorageError(PG_UNREACHABLE(**where), hint=PG_UNREACHABLE_HINT(**where))
    return StorageError(DB_OTHER(err=text.split("\n", 1)[0]))
