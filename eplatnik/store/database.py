"""The workspace database: one connection, owned by one worker thread, behind SQLAlchemy Core.

Every statement runs on that thread (CONVENTIONS #5): no locking surprises, and the UI thread never
touches the database. A store hands the Database a function of a :class:`~eplatnik.store.conn.Conn`
and gets its result back; the kind of call says what transaction it runs in:

``run(fn)``          reads and single writes. On SQLite each statement commits on its own, as the
                     program always did; on PostgreSQL (issue 16) the same (autocommit).
``transaction(fn)``  writes that belong together: all or nothing. On SQLite ``BEGIN IMMEDIATE`` (the
                     write lock is taken at once, so "read, then write" is never overtaken by another
                     process); any exception rolls everything back.
``snapshot(fn)``     several reads that must agree with each other (one consistent view; reads only).
``submit(fn)``       ``run`` without waiting: a Future (for the UI's background helper).

A call made from inside another (a store calling a store on the worker thread) joins the work already
open, except that a ``transaction`` inside a plain ``run`` begins a real one, as before. Driver errors
become :class:`~eplatnik.errors.StorageError` with the Polish texts of ``store/errors.py`` (locked,
read-only, disk full, not a database).

Opening the database (and migrating it) does not import SQLAlchemy: that happens on the worker thread
at the first ``transaction``/``snapshot`` or Core statement, after the main window is on screen (see
``dialects/sqlite.py``).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ..errors import StorageError
from ..locks import FileLock
from .conn import Conn
from .dialects.postgresql import PostgresBackend
from .dialects.sqlite import SqliteBackend
from .errors import DB_CLOSED, DB_LOCKED, DB_LOCKED_HINT, DB_NOT_OPENED, DB_NOT_OPENED_HINT
from .urls import DatabaseUrl, parse_database_url

if TYPE_CHECKING:
    from ..clock import Clock

log = logging.getLogger(__name__)
OPEN_WAIT_S = 60.0  # how long opening waits for other processes opening the same workspace
WRITE_ATTEMPTS = 3  # PostgreSQL: a write transaction ended by a deadlock or serialisation failure is rerun

R = TypeVar("R")
Kind = Literal["run", "write", "read"]


class DatabaseNotOpened(StorageError):
    """A call on a database whose background opening failed (the opening's own error says why; the
    program shows that one, once)."""


class DatabaseClosed(StorageError):
    """A call on a database that was closed, or whose closing had begun before the call reached the
    database thread (a page's load still running while the window or a restore closes the workspace)."""


class Database:
    def __init__(self, path: Path | str | DatabaseUrl, *, readonly: bool = False, migrate: bool = True,
                 seat: str | None = None, clock: Clock | None = None, background: bool = False,
                 start: threading.Event | None = None) -> None:
        """``path``: a SQLite file, or a URL (``postgresql://…``, see ``store/urls.py``; a malformed one
        is a DatabaseUrlError). ``seat`` names the connection on a server (``application_name``);
        ``clock`` dates what opening writes (PostgreSQL's ``eplatnik_meta.created_at``).

        ``background``: return at once and open on the worker thread (the GUI shows its window while an
        office database is reached: the driver, SQLAlchemy and the server's round trips are not on the
        first frame's path). Calls made meanwhile wait for the opening; if it fails, :meth:`opened`
        carries the error and every call raises :class:`DatabaseNotOpened` until :meth:`reopen`
        succeeds (e.g. with the password the person typed). ``start``: with ``background``, the opening
        begins only once this event is set (the GUI sets it when its first frame is on screen)."""
        #: where the database is; ``str(db.url)`` never shows a password
        self.url: DatabaseUrl = parse_database_url(path)
        self.readonly = readonly
        self._seat_name, self._clock, self._migrate = seat, clock, migrate
        self._backend: SqliteBackend | PostgresBackend = self._make_backend()
        self.dialect: Literal["sqlite", "postgresql"] = self.url.dialect
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eplatnik-db")
        self._thread: threading.Thread | None = None
        self._closed = False
        self._conn = Conn(self._backend)
        #: the kind of the call running on the worker thread (None between calls)
        self._kind: Kind | None = None
        #: who works through this database (``identify``): recorded with every audited change
        self.seat = ""
        self.actor: Callable[[], str] = lambda: ""
        self._retrying = False  # inside _write_retried (PostgreSQL)
        #: why the background opening failed (every call raises DatabaseNotOpened until reopen succeeds)
        self._open_error: BaseException | None = None
        self._start, self._closing = start, False
        self._backend_closed = False  # set on the worker thread: calls queued behind close() see it
        if background:
            self._opening: Future[None] = self._executor.submit(self._open_remembering, migrate)
            return
        try:
            self._on_worker(self._open, migrate)
        except BaseException:  # nothing of a failed opening stays (no worker thread, no connection)
            self._closed = True
            self._executor.shutdown(wait=True)
            raise
        self._opening = Future()
        self._opening.set_result(None)

    def _make_backend(self) -> SqliteBackend | PostgresBackend:
        if self.url.dialect == "postgresql":
            return PostgresBackend(self.url, readonly=self.readonly, seat=self._seat_name,
                                   now_iso=None if self._clock is None else self._clock.now_iso)
        assert self.url.path is not None
        return SqliteBackend(self.url.path, readonly=self.readonly)

    # -- opening in the background ----------------------------------------------------------------------------
    def opened(self) -> Future[None]:
        """Done when the database is open (its result None) or could not be opened (its exception, the
        StorageError a person reads: wrong password, server unreachable…)."""
        return self._opening

    def reopen(self, path: Path | str | DatabaseUrl) -> Future[None]:
        """Open again at ``path`` after a background opening failed (the same database with a typed
        password, say); calls waiting or made later use it. Returns the new :meth:`opened`."""
        self._check_open()
        url = parse_database_url(path)

        def again() -> None:
            with contextlib.suppress(Exception):
                self._backend.abandon()
            self.url, self.dialect = url, url.dialect
            self._backend = self._make_backend()
            self._conn = Conn(self._backend)
            self._open_remembering(self._migrate)

        self._opening = self._executor.submit(again)
        return self._opening

    def _open_remembering(self, migrate: bool) -> None:
        self._open_error = None
        try:
            if self._start is not None:
                self._start.wait()
                if self._closing:  # closed before it was ever opened
                    raise StorageError(DB_CLOSED)
            self._translated(self._open, migrate)
        except BaseException as exc:
            self._open_error = exc
            with contextlib.suppress(Exception):
                self._backend.abandon()
            raise

    def _not_opened(self) -> None:
        if self._open_error is not None:
            raise DatabaseNotOpened(DB_NOT_OPENED(err=self._open_error), hint=DB_NOT_OPENED_HINT) \
                from self._open_error

    @property
    def path(self) -> Path:
        """The SQLite database file (a PostgreSQL database has none)."""
        if self.url.path is None:
            raise AttributeError(f"the database {self.url} is on a server, not in a file")
        return self.url.path

    def _open(self, migrate: bool) -> None:
        self._thread = threading.current_thread()
        if self.readonly or self.dialect == "postgresql":
            # PostgreSQL: two seats opening at once take turns inside the server (an advisory lock)
            self._backend.open()
            if migrate and not self.readonly:
                try:
                    self._backend.migrate()
                except BaseException:  # refused (newer) or failed: nothing of the opening stays
                    self._backend.abandon()
                    raise
            return
        # Processes opening the same workspace at the same moment (two windows, a window and its job
        # children, a CLI run) take turns: switching a new file to WAL is refused at once (the busy
        # timeout does not apply to it), and migrations are applied by one process at a time.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        opening = FileLock(self.path.with_name(self.path.name + ".open-lock"))
        deadline = time.monotonic() + OPEN_WAIT_S
        while not opening.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise StorageError(DB_LOCKED, hint=DB_LOCKED_HINT)
            time.sleep(0.02)
        try:
            while True:
                try:
                    self._backend.open()
                    if migrate:
                        self._backend.migrate()
                    return
                except sqlite3.OperationalError as exc:  # e.g. a process closing the file checkpoints it
                    self._backend.abandon()
                    text = str(exc).lower()
                    if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                        raise
                    log.info("workspace database busy while opening (%s); trying again", exc)
                    time.sleep(0.1)
                except BaseException:  # refused (newer) or a failing migration: nothing of the opening stays
                    self._backend.abandon()
                    raise
        finally:
            opening.release()

    # -- the calls stores make ------------------------------------------------------------------------------
    def run(self, fn: Callable[[Conn], R]) -> R:
        """Run ``fn(conn)`` on the database thread and return its result (or raise its error)."""
        return self._call("run", fn)

    def transaction(self, fn: Callable[[Conn], R]) -> R:
        """Run ``fn`` in one write transaction (SQLite: BEGIN IMMEDIATE … COMMIT); an exception rolls back."""
        return self._call("write", fn)

    def snapshot(self, fn: Callable[[Conn], R]) -> R:
        """Run ``fn``'s reads in one consistent view of the database (SQLite: BEGIN … COMMIT)."""
        return self._call("read", fn)

    def submit(self, fn: Callable[[Conn], R]) -> Future[R]:
        """``run(fn)`` without waiting for it."""
        self._check_open()
        return self._executor.submit(self._translated, self._work, "run", fn)

    # -- legacy helpers (plain SQL strings; step A8 removes them with the legacy path) ----------------------
    def query(self, sql: str, params: tuple | dict = ()) -> list[Any]:
        return self.run(lambda c: c.execute_legacy(sql, params).fetchall())

    def scalar(self, sql: str, params: tuple | dict = ()) -> object:
        row = self.run(lambda c: c.execute_legacy(sql, params).fetchone())
        return None if row is None else row[0]

    def identify(self, *, seat: str, actor: Callable[[], str]) -> None:
        """Name the seat (``computer:user``, seat.py) and the accountant (read afresh on every change)
        that the audit log, the documents' history and the outbox record as the author of a change."""
        self.seat, self.actor = seat, actor

    # -- the engine's own services (no SQLAlchemy, no transaction) --------------------------------------------
    def data_version(self) -> int:
        """Changes whenever another connection (another process) committed to the file."""
        return self._on_worker(self._backend.data_version)

    def backend_pids(self) -> set[int]:
        """PostgreSQL: the server process ids of this Database's connections (the change feed drops their
        own NOTIFYs); empty on SQLite."""
        return set(getattr(self._backend, "backend_pids", ()))

    def user_version(self) -> int:
        """The number of the last legacy migration applied (``PRAGMA user_version``)."""
        return self._on_worker(self._backend.user_version)

    def schema_revision(self) -> str:
        """The schema's revision: SQLite's legacy number as text; PostgreSQL's ``eplatnik_meta`` value."""
        if isinstance(self._backend, PostgresBackend):
            return self._on_worker(self._backend.schema_revision)
        return str(self.user_version())

    def backup_sqlite_to(self, target: Path) -> None:
        """A consistent copy of the live database file (SQLite's online backup API)."""
        self._on_worker(self._backend.backup_to, target)

    backup_to = backup_sqlite_to

    def close(self) -> None:
        if self._closed:
            return
        if self._start is not None and not self._start.is_set():
            self._closing = True
            self._start.set()
            with contextlib.suppress(BaseException):
                self._opening.exception()
        try:
            if self._open_error is None:
                self._on_worker(self._close_backend)
        finally:
            self._closed = True
            self._executor.shutdown(wait=True)
            self._thread = None

    def _close_backend(self) -> None:
        self._backend_closed = True
        self._backend.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the worker thread ----------------------------------------------------------------------------------
    def _call(self, kind: Kind, fn: Callable[[Conn], R]) -> R:
        self._check_open()
        # compare thread objects, not idents: a finished thread's ident can be reused by another
        if threading.current_thread() is self._thread:
            return self._work(kind, fn)  # a nested call: errors reach the outer call untranslated
        return self._executor.submit(self._translated, self._work, kind, fn).result()

    def _work(self, kind: Kind, fn: Callable[[Conn], R]) -> R:
        backend = self._backend
        outer = self._kind
        if outer is not None:
            if kind != "run" and outer == "run" and not backend.in_transaction():
                return self._nested(kind, fn)
            return fn(self._conn)
        if kind == "write" and isinstance(backend, PostgresBackend) and not self._retrying:
            return self._write_retried(fn)
        backend.begin_sql = backend.BEGIN[kind]
        self._kind = kind
        try:
            if kind == "run":
                # SQLAlchemy begins (emitting nothing: autocommit) only if fn runs a Core statement
                result = fn(self._conn)
                backend.end_run()
                return result
            tx = backend.connection().begin()  # the begin event emits the BEGIN for this kind
            result = fn(self._conn)
            tx.commit()
            return result
        except BaseException:
            backend.rollback()
            raise
        finally:
            self._kind = None

    def _write_retried(self, fn: Callable[[Conn], R]) -> R:
        """PostgreSQL may end a write transaction as a deadlock victim or serialisation failure (another
        seat's transaction won): it is run again from the start (fn does database work only), at most
        WRITE_ATTEMPTS times."""
        assert isinstance(self._backend, PostgresBackend)
        self._retrying = True
        try:
            for attempt in range(1, WRITE_ATTEMPTS + 1):
                try:
                    return self._work("write", fn)
                except Exception as exc:
                    if attempt == WRITE_ATTEMPTS or not self._backend.retryable(exc):
                        raise
                    log.info("write transaction ended by the server (%s); running it again", type(exc).__name__)
        finally:
            self._retrying = False
        raise AssertionError("unreachable")

    def _nested(self, kind: Kind, fn: Callable[[Conn], R]) -> R:
        """A transaction begun inside a plain ``run`` (which holds none): begun and ended right here."""
        backend = self._backend
        backend.connection()  # SQLAlchemy's first connect ends with a ROLLBACK: never inside the transaction
        backend.begin_nested(kind)
        self._kind = kind
        try:
            result = fn(self._conn)
            backend.commit_nested()
            return result
        except BaseException:
            backend.rollback_nested()
            raise
        finally:
            self._kind = "run"

    def _on_worker(self, fn: Callable[..., R], *args: Any) -> R:
        self._check_open()
        if threading.current_thread() is self._thread:
            return fn(*args)
        return self._executor.submit(self._translated, fn, *args).result()

    def _translated(self, fn: Callable[..., R], *args: Any) -> R:
        self._not_opened()
        if self._backend_closed:
            raise DatabaseClosed(DB_CLOSED)
        try:
            return fn(*args)
        except Exception as exc:
            error = self._backend.storage_error(exc)
            if error is None:
                raise
            raise error from exc

    def _check_open(self) -> None:
        if self._closed:
            raise DatabaseClosed(DB_CLOSED)


def open_database(path: Path | str | DatabaseUrl, **options: Any) -> Database:
    """The workspace database at ``path`` (a SQLite file or a ``postgresql://`` URL), created and
    migrated as needed."""
    return Database(path, **options)
