"""SQLite (one seat): a file, WAL, one sqlite3 connection shared by SQLAlchemy and the legacy SQL.

The sqlite3 connection is opened directly, without SQLAlchemy: importing SQLAlchemy takes longer than
PySide6's widgets, and the program opens (and migrates) its database before the main window is shown.
SQLAlchemy is imported on the database thread when the first transaction or Core statement runs, and
its engine is built over this very connection (``creator`` + ``StaticPool``), so legacy SQL and Core
statements share one connection and one transaction.

Transactions follow SQLAlchemy's documented pysqlite recipe ("Serializable isolation / Savepoints /
Transactional DDL"): the driver's own transaction handling is switched off (``isolation_level =
None``) and a ``begin`` event emits the BEGIN, so a write transaction is ``BEGIN IMMEDIATE``: it takes
the write lock at once, and "read, then write" inside it cannot be overtaken by another process.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ...errors import StorageError
from .. import legacy_migrations
from ..errors import SQLITE_TOO_OLD, SQLITE_TOO_OLD_HINT, driver_error, translate_sqlite_error

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: RETURNING (3.35) is used by the stores; older SQLite libraries are refused with a clear message
MIN_SQLITE = (3, 35, 0)
BUSY_TIMEOUT_MS = 5000


class SqliteBackend:
    dialect = "sqlite"
    #: what begins a transaction of each kind (Database.run / .transaction / .snapshot); None: each
    #: statement commits on its own (SQLite's autocommit), as plain db.run calls always have
    BEGIN: ClassVar[dict[str, str | None]] = {"run": None, "write": "BEGIN IMMEDIATE", "read": "BEGIN"}

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        self.url = f"sqlite:///{path}"
        self.raw: sqlite3.Connection | None = None
        self._engine: Engine | None = None
        self._sa: Connection | None = None
        #: what the next SQLAlchemy begin emits (set by Database before it begins)
        self.begin_sql: str | None = None

    # -- opening (before SQLAlchemy is loaded) ----------------------------------------------------------
    def open(self) -> None:
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise StorageError(SQLITE_TOO_OLD(found=sqlite3.sqlite_version, needed=".".join(map(str, MIN_SQLITE))),
                               hint=SQLITE_TOO_OLD_HINT)
        if not self.readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{self.path}?mode={'ro' if self.readonly else 'rwc'}"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=True, detect_types=0)
        self.raw = conn  # closed by abandon() when the rest of the opening fails
        conn.row_factory = sqlite3.Row  # legacy SQL reads columns by name and by position
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        if not self.readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")

    def migrate(self) -> None:
        """Bring the database to the newest Alembic revision (``store/alembic``). One query when it is
        there already: Alembic (and SQLAlchemy) are imported only when there is something to do.

        The caller holds the ``.open-lock`` file; the revision is read again inside ``BEGIN IMMEDIATE``,
        and every step runs in that one transaction. A workspace migrated before Alembic (no
        ``alembic_version``, ``PRAGMA user_version`` N) is first recorded at revision N."""
        from .. import alembic as chain

        raw = self._raw()
        if self._revision(raw) == chain.head():
            return
        conn = self.connection()
        self.begin_sql = self.BEGIN["write"]
        try:
            with conn.begin():
                found = self._revision(raw)  # again, now that the write lock is held
                if found == chain.head():
                    return
                stamp_at = chain.legacy_stamp(legacy_migrations.user_version(raw)) if found is None else None
                from ..alembic import runner

                runner.upgrade(conn, stamp_at=stamp_at)
        except Exception as exc:  # a busy database: Database._open tries again, as it did before Alembic
            orig = getattr(exc, "orig", None)
            if isinstance(orig, sqlite3.OperationalError):
                raise orig from exc
            raise
        finally:
            self.begin_sql = None

    @staticmethod
    def _revision(raw: sqlite3.Connection) -> str | None:
        """The Alembic revision recorded in the database (None: no ``alembic_version`` yet); a revision this
        program does not know is refused (``DB_TOO_NEW``)."""
        from .. import alembic as chain

        try:
            rows = raw.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise
        if not rows:
            return None
        if len(rows) > 1:  # branches: not a chain this program wrote
            chain.refuse_if_unknown("+".join(sorted(str(r[0]) for r in rows)))
        found = str(rows[0][0])
        chain.refuse_if_unknown(found)
        return found

    # -- SQLAlchemy over the same connection --------------------------------------------------------------
    def connection(self) -> Connection:
        if self._sa is None:
            from sqlalchemy import create_engine, event
            from sqlalchemy.pool import StaticPool

            raw = self._raw()
            if raw.in_transaction:  # the engine's first connect ends with a ROLLBACK
                raise RuntimeError("SQLAlchemy must be connected before a transaction begins")
            engine = create_engine(self.url, creator=lambda: raw, poolclass=StaticPool)
            event.listen(engine, "connect", _driver_leaves_transactions_to_us)
            event.listen(engine, "begin", self._begin)
            self._engine, self._sa = engine, engine.connect()
        return self._sa

    def end_run(self) -> None:
        """After a plain run: close the transaction SQLAlchemy began for a Core statement (autocommit
        mode, so nothing is pending), so that the next call begins its own."""
        if self._sa is not None and self._sa.in_transaction():
            self._sa.commit()

    def _begin(self, sa_conn: Connection) -> None:
        if self.begin_sql:
            sa_conn.exec_driver_sql(self.begin_sql)

    def legacy(self) -> sqlite3.Connection:
        """The driver connection, for the legacy SQL of stores not yet written in Core (step A8 removes it)."""
        return self._raw()

    # -- transactions the legacy way (a write nested in a plain run, as before) ---------------------------
    def in_transaction(self) -> bool:
        return self._raw().in_transaction

    def begin_nested(self, kind: str) -> None:
        self._raw().execute(self.BEGIN[kind] or "BEGIN")

    def commit_nested(self) -> None:
        if self._raw().in_transaction:
            self._raw().execute("COMMIT")

    def rollback_nested(self) -> None:
        raw = self._raw()
        if raw.in_transaction:  # SQLite may already have rolled back (e.g. SQLITE_FULL)
            raw.execute("ROLLBACK")

    def rollback(self) -> None:
        """Leave no transaction open, whatever state the failure left (SQLite may have rolled back itself)."""
        if self._sa is not None:
            with contextlib.suppress(Exception):
                if self._sa.in_transaction():
                    self._sa.rollback()
        raw = self.raw
        if raw is not None and raw.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                raw.execute("ROLLBACK")

    # -- the engine's own services ---------------------------------------------------------------------------
    def data_version(self) -> int:
        return int(self._raw().execute("PRAGMA data_version").fetchone()[0])

    def user_version(self) -> int:
        return legacy_migrations.user_version(self._raw())

    def backup_to(self, target: Path) -> None:
        dest = sqlite3.connect(str(target))
        try:
            self._raw().backup(dest)
        finally:
            dest.close()

    def storage_error(self, exc: BaseException) -> StorageError | None:
        err = driver_error(exc)
        return None if err is None else translate_sqlite_error(err, self.path)

    def abandon(self) -> None:
        """Close a connection whose opening failed half-way (nothing of it is kept)."""
        raw, self.raw = self.raw, None
        sa_conn, engine, self._sa, self._engine = self._sa, self._engine, None, None
        if sa_conn is not None:
            with contextlib.suppress(Exception):
                sa_conn.invalidate()
        if engine is not None:
            with contextlib.suppress(Exception):
                engine.dispose()
        if raw is not None:
            with contextlib.suppress(sqlite3.Error):
                raw.close()

    def close(self) -> None:
        raw = self.raw
        if raw is None:
            return
        if not self.readonly:
            with contextlib.suppress(sqlite3.Error):
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if self._sa is not None and self._engine is not None:
            self._sa.close()
            self._engine.dispose()
            self._sa = self._engine = None
        raw.close()
        self.raw = None

    def _raw(self) -> sqlite3.Connection:
        if self.raw is None:
            raise RuntimeError("the SQLite connection is not open")
        return self.raw


def _driver_leaves_transactions_to_us(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
