"""PostgreSQL (an office of several seats, issue 16): one psycopg 3 connection through SQLAlchemy Core.

The same interface as ``dialects/sqlite.py``, driven by ``store.database.Database`` on its worker
thread. Transactions follow the same recipe as on SQLite: the driver is put in autocommit mode (a
``connect`` event), and SQLAlchemy's ``begin`` event emits the BEGIN for the kind of call, so each
kind says exactly what it gets:

``run``    no BEGIN: each statement commits on its own (autocommit), as on SQLite, so a store behaves
           the same on both backends; one round trip per statement. What must be all or nothing
           is a ``transaction`` (begun inside a run, it is a real one, as on SQLite).
``write``  ``BEGIN ISOLATION LEVEL READ COMMITTED`` + ``SET LOCAL lock_timeout``. Unlike SQLite's
           ``BEGIN IMMEDIATE`` this does not serialise writers, so a transaction that reads a row and
           then writes it back takes the row first with ``Conn.lock(table, id)`` (``SELECT … FOR
           UPDATE``): a second seat doing the same waits until the first commits, then reads its
           result (refactor plan, risky point 1). A lock held longer than ``LOCK_TIMEOUT_MS`` is
           "another seat is changing this data", not a hang.
``read``   ``BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY``: one consistent view for all its reads.

Connecting: ``application_name`` ``eplatnik/<seat>`` (visible in ``pg_stat_activity``), a connect
timeout, TCP keepalives (a pulled cable is noticed in ~25 s, not hours), and an idle-in-transaction
timeout on the server side. The password comes from the URL, ``PGPASSWORD`` or ``~/.pgpass`` (libpq)
and never appears in a message or the log (``DatabaseUrl`` shows ``***``). A lost connection is
reopened by the next call.

Opening checks whose database it is. eplatnik's databases carry the table ``eplatnik_meta`` (key,
value) with ``app = eplatnik``, the schema revision and when it was created (from the program's clock,
never the server's clock). An empty database gets that table when eplatnik first opens it (under an advisory
lock, so two seats starting at once create it once). A database with tables but without that row
belongs to another program: it is refused (``PG_FOREIGN``) and nothing in it is touched.

The schema (step 16.2): ``migrate`` creates ``eplatnik_meta`` and the workspace schema at the newest
revision, or brings an older database forward by the Alembic chain (``store/alembic``), in one write
transaction under the advisory lock; a database newer than this program is refused (``DB_TOO_NEW``).

Plain SQL strings (the stores' legacy path, issue 15) run here too: ``store/legacy_sql.py`` turns their
``?``/``:name`` parameters into psycopg's and gives rows readable by name and by position, as
``sqlite3.Row`` does.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ...clock import Clock
from ...errors import StorageError
from ..errors import (
    PG_CANNOT_CREATE,
    PG_CANNOT_CREATE_HINT,
    PG_DRIVER_MISSING,
    PG_DRIVER_MISSING_HINT,
    PG_FOREIGN,
    PG_FOREIGN_HINT,
    translate_postgres_error,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine

    from ..legacy_sql import LegacyConnection
    from ..urls import DatabaseUrl

log = logging.getLogger(__name__)


class NotOnServer(RuntimeError):
    """A SQLite engine service asked of an office database (a programming error: the caller picks the
    server's own means per backend)."""

CONNECT_TIMEOUT_S = 5
#: a connection unused this long is checked (one round trip) before a call's work is sent on it
PING_AFTER_IDLE_S = 30.0
#: how long a write transaction waits for a row another seat holds before it gives up (PG_BUSY)
LOCK_TIMEOUT_MS = 10_000
#: a seat that leaves a transaction open this long (a hung program) is cut off by the server
IDLE_IN_TRANSACTION_MS = 60_000
META_TABLE = "eplatnik_meta"
#: where Alembic records the revision (store/alembic)
ALEMBIC_TABLE = "alembic_version"
APP = "eplatnik"
#: the revision of a database that has eplatnik_meta but no schema yet (created just now, or by 16.1's build)
EMPTY_REVISION = "0"
#: pg_advisory_xact_lock key for opening/migrating (any constant; "eplatnik" in ASCII, truncated)
OPEN_LOCK_KEY = 0x65706C61746E6B


class PostgresBackend:
    dialect = "postgresql"
    BEGIN: ClassVar[dict[str, str | None]] = {
        "run": None,  # each statement commits on its own (autocommit), exactly as on SQLite
        "write": "BEGIN ISOLATION LEVEL READ COMMITTED",
        "read": "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    }

    def __init__(self, url: DatabaseUrl, *, readonly: bool = False, seat: str | None = None,
                 now_iso: Callable[[], str] | None = None) -> None:
        self.url = url
        self.readonly = readonly
        self.application_name = f"eplatnik/{seat}" if seat else "eplatnik"
        self._now_iso = now_iso
        self._engine: Engine | None = None
        self._sa: Connection | None = None
        self._nested_tx: Any = None
        #: what the next SQLAlchemy begin emits (set by Database before it begins)
        self.begin_sql: str | None = self.BEGIN["run"]
        #: True once the database was opened: a connection failure after that is "the server went away"
        self.was_connected = False
        self._last_used = Clock.monotonic()
        #: the server process ids of this program's connections: the change feed drops their NOTIFYs
        self.backend_pids: set[int] = set()
        self._has_alembic_version = False

    def _remember_pid(self, dbapi_connection: Any, _record: Any) -> None:
        with contextlib.suppress(Exception):
            self.backend_pids.add(int(dbapi_connection.info.backend_pid))

    # -- opening ------------------------------------------------------------------------------------------
    def open(self) -> None:
        try:
            import psycopg  # noqa: F401  (the driver SQLAlchemy will load; a clear message if it is missing)
        except ImportError:
            raise StorageError(PG_DRIVER_MISSING, hint=PG_DRIVER_MISSING_HINT) from None
        from sqlalchemy import create_engine, event

        engine = create_engine(
            self.url.sqlalchemy_url(),
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S,
                "application_name": self.application_name,
                "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
                "options": f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"
                           + (" -c default_transaction_read_only=on" if self.readonly else ""),
            },
            pool_size=1, max_overflow=0, pool_timeout=CONNECT_TIMEOUT_S, pool_pre_ping=True,
        )
        event.listen(engine, "connect", _driver_leaves_transactions_to_us)
        event.listen(engine, "connect", self._remember_pid)
        event.listen(engine, "begin", self._begin)
        self._engine = engine
        try:
            self._sa = engine.connect()
            state = self._read_state()
            if state == "foreign":
                raise StorageError(PG_FOREIGN(database=self.url.database, server=self.url.server),
                                   hint=PG_FOREIGN_HINT)
        except BaseException:
            self.abandon()
            raise
        self.was_connected = True

    def _read_state(self) -> str:
        conn = self.connection()
        # READ COMMITTED, not a snapshot: the catalog (does eplatnik_meta exist?) is always read as of
        # now, so the rows must be too, or a seat creating the database this instant looks foreign
        self.begin_sql = "BEGIN READ ONLY"
        try:
            with conn.begin():
                return self._read_state_in_tx(conn)
        finally:
            self.begin_sql = self.BEGIN["run"]

    def migrate(self) -> None:
        """Give an empty database its ``eplatnik_meta`` and the workspace schema, or bring an older one
        forward (the Alembic chain, ``store/alembic``): one transaction, under the advisory lock."""
        conn = self.connection()
        self.begin_sql = self.BEGIN["write"]
        try:
            with conn.begin():
                self._create_meta(conn)
                self._upgrade(conn)
        except Exception as exc:
            if getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501":  # may not CREATE here
                where = {"user": self.url.username or "?", "database": self.url.database}
                raise StorageError(PG_CANNOT_CREATE(**where), hint=PG_CANNOT_CREATE_HINT(**where)) from exc
            raise
        finally:
            self.begin_sql = self.BEGIN["run"]

    def _create_meta(self, conn: Connection) -> None:
        from sqlalchemy import text

        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OPEN_LOCK_KEY})
        state = self._read_state_in_tx(conn)
        if state == "foreign":  # created by someone else between open() and now
            raise StorageError(PG_FOREIGN(database=self.url.database, server=self.url.server),
                               hint=PG_FOREIGN_HINT)
        if state == "empty":
            conn.execute(text(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"))
            created = self._now_iso() if self._now_iso is not None else _default_now_iso()
            conn.execute(text(f"INSERT INTO {META_TABLE} (key, value) VALUES (:k, :v)"),
                         [{"k": "app", "v": APP}, {"k": "schema_revision", "v": EMPTY_REVISION},
                          {"k": "created_at", "v": created}])
            log.info("created %s in the office database %s", META_TABLE, self.url)

    def _upgrade(self, conn: Connection) -> None:
        """Inside the opening's transaction, under the advisory lock. At head (the usual case): one
        query, and Alembic is not imported. An empty database is created from ``schema.py``'s MetaData
        and recorded at head; one migrated before Alembic (no ``alembic_version``) is recorded at its
        ``eplatnik_meta`` number first; then the chain runs to head."""
        from sqlalchemy import text

        from .. import alembic as chain
        from .. import pg_migrations

        found: str | None = None
        if self._has_alembic_version:  # _create_meta listed the tables just now, under the lock
            rows = conn.execute(text(f"SELECT version_num FROM {ALEMBIC_TABLE}")).scalars().all()
            if len(rows) > 1:  # branches: not a chain this program wrote
                chain.refuse_if_unknown("+".join(sorted(map(str, rows))))
            found = str(rows[0]) if rows else None
        if found is not None:
            chain.refuse_if_unknown(found)
            if found == chain.head():
                return
        from ..alembic import runner

        if found is not None:
            runner.upgrade(conn)
            return
        stamp_at = chain.legacy_stamp(pg_migrations.revision(conn))
        if stamp_at is None:
            log.info("creating the workspace schema (revision %s) in the office database", chain.head())
            runner.upgrade(conn, create=_create_schema)
        else:
            runner.upgrade(conn, stamp_at=stamp_at)

    def _read_state_in_tx(self, conn: Connection) -> str:
        """"eplatnik" (ours), "empty" (no tables at all) or "foreign" (tables, but not eplatnik's).

        The tables are listed by one statement (one snapshot), so a seat creating eplatnik_meta this
        very moment is seen either not at all or completely, never half."""
        from sqlalchemy import text

        tables = conn.execute(text(
            "SELECT CASE WHEN n.nspname = current_schema() THEN c.relname END "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
        )).scalars().all()
        #: whether Alembic has recorded a revision here (read by _upgrade in the same transaction)
        self._has_alembic_version = ALEMBIC_TABLE in tables
        if not tables:
            return "empty"
        if META_TABLE not in tables:
            return "foreign"
        app = conn.execute(text(f"SELECT value FROM {META_TABLE} WHERE key = 'app'")).scalar()
        return "eplatnik" if app == APP else "foreign"

    # -- SQLAlchemy ---------------------------------------------------------------------------------------
    def connection(self) -> Connection:
        if self._sa is None:
            if self._engine is None:
                raise RuntimeError("the PostgreSQL database is not open")
            self._sa = self._engine.connect()
        elif not self._sa.in_transaction():  # the start of a call: check a connection that sat idle
            idle = Clock.monotonic() - self._last_used
            if idle > PING_AFTER_IDLE_S:
                self._ping()
        self._last_used = Clock.monotonic()
        assert self._sa is not None
        return self._sa

    def _ping(self) -> None:
        """After a pause, make sure the server is still the one we talked to (it may have been restarted
        overnight): a dead connection is replaced before the call's work is sent, so the person sees no
        error for what happened while nobody was working. Nothing of the call has run yet, so nothing
        can run twice."""
        assert self._sa is not None
        try:
            dbapi = self._sa.connection.dbapi_connection
            if dbapi is not None:
                dbapi.execute("SELECT 1")  # autocommit, outside SQLAlchemy's transaction
                return
        except Exception as exc:  # noqa: BLE001  (any failure: connect again, and report that if it fails)
            log.info("the idle database connection was lost (%s); connecting again", type(exc).__name__)
        self._drop_connection()
        assert self._engine is not None
        self._sa = self._engine.connect()

    def _begin(self, sa_conn: Connection) -> None:
        if self.begin_sql == self.BEGIN["write"]:  # one round trip (no parameters: the simple protocol)
            sa_conn.exec_driver_sql(f"{self.begin_sql}; SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS):d}")
        elif self.begin_sql:
            sa_conn.exec_driver_sql(self.begin_sql)

    def end_run(self) -> None:
        """After a plain run: close the transaction SQLAlchemy began for its Core statements (autocommit
        mode: nothing is pending on the server, so nothing is sent)."""
        if self._sa is not None and self._sa.in_transaction():
            self._sa.commit()

    def legacy(self) -> LegacyConnection:
        """The stores' plain SQL strings, with sqlite3's conventions (``store/legacy_sql.py``)."""
        from ..legacy_sql import LegacyConnection

        return LegacyConnection(self.connection())

    def lock_row(self, table: Table, key: int) -> None:
        """``SELECT 1 FROM table WHERE <primary key> = key FOR UPDATE`` (held until the transaction ends)."""
        from sqlalchemy import literal, select

        pk = list(getattr(table, "primary_key", None) or [])
        column = pk[0] if len(pk) == 1 else table.c.id
        self.connection().execute(select(literal(1)).select_from(table).where(column == key).with_for_update())

    # -- a transaction begun inside a plain run ------------------------------------------------------------
    def in_transaction(self) -> bool:
        """Whether the server has a transaction open on this connection (not SQLAlchemy's bookkeeping:
        in a plain run SQLAlchemy "begins" while each statement commits on its own)."""
        if self._sa is None or self._sa.invalidated or self._sa.closed:
            return False
        if not self._sa.in_transaction():
            return False
        from psycopg.pq import TransactionStatus

        dbapi = self._sa.connection.dbapi_connection
        return dbapi is not None and dbapi.info.transaction_status != TransactionStatus.IDLE

    def begin_nested(self, kind: str) -> None:
        conn = self.connection()
        if conn.in_transaction():  # the plain run's autocommit "transaction": nothing to send
            conn.commit()
        self.begin_sql = self.BEGIN[kind]
        self._nested_tx = conn.begin()

    def commit_nested(self) -> None:
        tx, self._nested_tx = self._nested_tx, None
        self.begin_sql = self.BEGIN["run"]
        if tx is not None and tx.is_active:
            tx.commit()

    def rollback_nested(self) -> None:
        self._nested_tx = None
        self.begin_sql = self.BEGIN["run"]
        self.rollback()

    def rollback(self) -> None:
        """Leave no transaction open. A connection that died is dropped; the next call connects again."""
        sa = self._sa
        if sa is None:
            return
        try:
            if sa.in_transaction() or sa.invalidated:
                sa.rollback()
        except Exception as exc:  # noqa: BLE001  (the server is gone: nothing to roll back there)
            log.info("dropping the database connection after a failed rollback (%s)", type(exc).__name__)
            self._drop_connection()

    def _drop_connection(self) -> None:
        sa, self._sa = self._sa, None
        if sa is not None:
            with contextlib.suppress(Exception):
                sa.invalidate()
            with contextlib.suppress(Exception):
                sa.close()

    # -- the engine's own services ---------------------------------------------------------------------------
    def schema_revision(self) -> str:
        from sqlalchemy import text

        def read(conn: Connection) -> str:
            """"" for a database eplatnik has not set up (an empty one opened without migrating)."""
            if not conn.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": META_TABLE}).scalar():
                return ""
            value = conn.execute(text(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_revision'")).scalar()
            return str(value) if value is not None else ""

        conn = self.connection()
        if conn.in_transaction():
            return read(conn)
        self.begin_sql = self.BEGIN["read"]
        try:
            with conn.begin():
                return read(conn)
        finally:
            self.begin_sql = self.BEGIN["run"]

    # SQLite's engine services, which have other means on a server; the program calls them only on SQLite
    # (App.watch_other_processes, App.create_backup pick per backend): a caller that forgets is told where
    def data_version(self) -> int:
        raise NotOnServer("PostgreSQL reports changes through LISTEN/NOTIFY: store.watch.ChangeFeed")

    def user_version(self) -> int:
        raise NotOnServer("PostgreSQL databases have no legacy schema version; see schema_revision()")

    def backup_to(self, target: Path) -> None:
        raise NotOnServer("an office database is backed up as the program's ZIP: workspace/office_backup.py "
                          "(App.create_backup picks it on PostgreSQL)")

    def retryable(self, exc: BaseException) -> bool:
        """A deadlock victim (40P01) or serialisation failure (40001): the transaction may simply run again."""
        return getattr(getattr(exc, "orig", exc), "sqlstate", None) in ("40001", "40P01")

    def storage_error(self, exc: BaseException) -> StorageError | None:
        return translate_postgres_error(exc, self.url, was_connected=self.was_connected)

    def abandon(self) -> None:
        """Close what a failed opening left (nothing of it is kept)."""
        self._drop_connection()
        engine, self._engine = self._engine, None
        if engine is not None:
            with contextlib.suppress(Exception):
                engine.dispose()

    def close(self) -> None:
        if self._sa is not None:
            with contextlib.suppress(Exception):
                if self._sa.in_transaction():
                    self._sa.rollback()
            with contextlib.suppress(Exception):
                self._sa.close()
            self._sa = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _driver_leaves_transactions_to_us(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.autocommit = True


def _create_schema(conn: Connection) -> None:
    from ..schema import metadata

    metadata.create_all(conn, checkfirst=False)


def _default_now_iso() -> str:
    from ...clock import default_clock

    return default_clock().now_iso()
