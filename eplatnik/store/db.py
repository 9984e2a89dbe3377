"""The workspace database.

Every SQL statement runs on a single worker thread that owns the only connection (CONVENTIONS #5):
no locking surprises, and the UI thread never touches SQLite. ``Database.run(fn)`` executes
``fn(conn)`` on that thread and waits (for CLI and background jobs); ``Database.submit(fn)`` returns a
``Future`` (for the UI's background helper).

Schema versions are ``PRAGMA user_version``; migrations are the numbered ``migrations/NNNN_*.sql``
files, applied in order inside one transaction each.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import TypeVar

from ..errors import StorageError
from ..i18n import t
from ..locks import FileLock

log = logging.getLogger(__name__)
R = TypeVar("R")

OPEN_WAIT_S = 60.0  # how long opening waits for other processes opening the same workspace
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

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


def migrations() -> list[tuple[int, str, str]]:
    """All packaged migrations as (version, name, sql), in order."""
    found = []
    for entry in resources.files("eplatnik.store").joinpath("migrations").iterdir():
        m = _MIGRATION_RE.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (version, name, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration numbering gap at {name}")
    return found


def schema_version() -> int:
    return len(migrations())


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
    return StorageError(t("Błąd bazy danych: {err}", "Database error: {err}")(err=str(exc)))


class Database:
    """A SQLite file served by one worker thread."""

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eplatnik-db")
        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self.run(self._open)

    # -- worker-thread side -----------------------------------------------------------------
    def _open(self, _conn: object = None) -> None:
        self._thread = threading.current_thread()
        if not self.readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.readonly:
            self._connect()
            return
        # Processes opening the same workspace at the same moment (two windows, a window and its job
        # children, a CLI run) take turns: switching a new file to WAL is refused at once (the busy
        # timeout does not apply to it), and migrations are applied by one process at a time.
        opening = FileLock(self.path.with_name(self.path.name + ".open-lock"))
        deadline = time.monotonic() + OPEN_WAIT_S
        while not opening.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise StorageError(DB_LOCKED, hint=DB_LOCKED_HINT)
            time.sleep(0.02)
        try:
            while True:
                try:
                    self._connect()
                    return
                except sqlite3.OperationalError as exc:  # e.g. a process closing the file checkpoints it
                    text = str(exc).lower()
                    if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                        raise
                    log.info("workspace database busy while opening (%s); trying again", exc)
                    time.sleep(0.1)
        finally:
            opening.release()

    def _connect(self) -> None:
        uri = f"file:{self.path}?mode={'ro' if self.readonly else 'rwc'}"
        conn = sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None,
                               check_same_thread=True, detect_types=0)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        available = migrations()
        if current > len(available):
            raise StorageError(DB_TOO_NEW(found=current, supported=len(available)), hint=DB_TOO_NEW_HINT)
        for version, name, sql in available[current:]:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # another process opening the same new workspace may have applied it meanwhile
                if conn.execute("PRAGMA user_version").fetchone()[0] >= version:
                    conn.execute("COMMIT")
                    continue
                log.info("applying migration %s", name)
                for statement in _split_sql(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version:d}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # -- caller side ------------------------------------------------------------------------
    def submit(self, fn: Callable[[sqlite3.Connection], R]) -> Future[R]:
        if self._closed:
            raise StorageError(t("Baza danych jest zamknięta.", "The database is closed."))

        def call() -> R:
            try:
                return fn(self._conn)  # type: ignore[arg-type]
            except sqlite3.Error as exc:
                raise translate_sqlite_error(exc, self.path) from exc

        return self._executor.submit(call)

    def run(self, fn: Callable[[sqlite3.Connection], R]) -> R:
        """Run ``fn(conn)`` on the database thread and return its result (or raise its error)."""
        if self._closed:
            raise StorageError(t("Baza danych jest zamknięta.", "The database is closed."))
        # compare thread objects, not idents: a finished thread's ident can be reused by another
        if threading.current_thread() is self._thread:
            return fn(self._conn)  # already on the worker (nested call)
        return self.submit(fn).result()

    def transaction(self, fn: Callable[[sqlite3.Connection], R]) -> R:
        """Run ``fn`` inside BEGIN IMMEDIATE … COMMIT; any exception rolls everything back."""

        def wrapped(conn: sqlite3.Connection) -> R:
            if conn.in_transaction:
                return fn(conn)
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (e.g. SQLITE_FULL)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        return self.run(wrapped)

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.run(lambda c: c.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: tuple | dict = ()) -> object:
        row = self.run(lambda c: c.execute(sql, params).fetchone())
        return None if row is None else row[0]

    def data_version(self) -> int:
        """Changes whenever another connection (another process) committed to the file."""
        return int(self.scalar("PRAGMA data_version"))  # type: ignore[arg-type]

    def user_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))  # type: ignore[arg-type]

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the live database (SQLite online backup API)."""

        def do(conn: sqlite3.Connection) -> None:
            dest = sqlite3.connect(str(target))
            try:
                conn.backup(dest)
            finally:
                dest.close()

        self.run(do)

    def close(self) -> None:
        if self._closed:
            return

        def do(conn: sqlite3.Connection | None) -> None:
            if conn is not None:
                try:
                    if not self.readonly:
                        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error:
                    pass
                conn.close()

        try:
            self.run(do)
        finally:
            self._closed = True
            self._executor.shutdown(wait=True)
            self._thread = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (our migrations keep triggers out, so ';' ends one)."""
    statements, buf = [], []
    for line in script.splitlines():
        stripped = line.strip()
        if stripped.startswith("--") or not stripped:
            continue
        buf.append(line)
        if stripped.endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            statements.append("\n".join(buf))
            buf = []
    if buf and "\n".join(buf).strip():
        statements.append("\n".join(buf))
    return statements


def open_database(path: Path | str) -> Database:
    try:
        return Database(path)
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from exc
