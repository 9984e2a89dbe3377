"""``Conn``: what a store's function receives inside ``Database.run``, ``.transaction`` or ``.snapshot``.

It runs SQLAlchemy Core statements (``select(...)``, ``insert(...).returning(...)``, ``text(...)`` with
``:named`` parameters) on the database thread's connection, inside the transaction the Database
opened, and is only valid during that call. Stores never see the driver.

Temporary (issue 15, removed in step A8): **the legacy path.** A plain SQL string runs on the driver
connection exactly as before the store boundary: ``?``/``:name`` parameters, rows readable by name and
by position (``sqlite3.Row``), ``cursor.lastrowid``/``.rowcount``, ``executemany`` and
``total_changes``, in the same transaction as the Core statements. It exists so that today's store
code runs unchanged while the stores are rewritten one by one. On PostgreSQL the same strings run
through ``store/legacy_sql.py`` (placeholders turned into psycopg's, rows like ``sqlite3.Row``;
no ``lastrowid``/``total_changes`` there: ``RETURNING`` and ``rowcount``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast, overload

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, CursorResult
    from sqlalchemy.sql.base import Executable

    from .dialects.postgresql import PostgresBackend
    from .dialects.sqlite import SqliteBackend

LegacyParams = Sequence[Any] | Mapping[str, Any]
CoreParams = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None


class Conn:
    def __init__(self, backend: SqliteBackend | PostgresBackend) -> None:
        self._backend = backend

    @property
    def dialect(self) -> str:
        """"sqlite" (or "postgresql" from issue 16), for the rare statement that must differ."""
        return self._backend.dialect

    @property
    def sa(self) -> Connection:
        """The SQLAlchemy connection, inside the Database's transaction (never commit or close it)."""
        return self._backend.connection()

    @overload
    def execute(self, stmt: str, params: LegacyParams | None = None) -> sqlite3.Cursor: ...

    @overload
    def execute(self, stmt: Executable, params: CoreParams = None) -> CursorResult[Any]: ...

    def execute(self, stmt: str | Executable, params: Any = None) -> sqlite3.Cursor | CursorResult[Any]:
        """A Core statement with a mapping of parameters (a list of mappings: executemany).

        A ``str`` is legacy SQL (see the module docstring) and goes to :meth:`execute_legacy`.
        """
        if isinstance(stmt, str):
            return self.execute_legacy(stmt, () if params is None else params)
        return self._backend.connection().execute(stmt, params)

    # -- the legacy path (step A8 deletes it) ---------------------------------------------
    # typed as sqlite3's cursor for the stores written against it; on PostgreSQL it is a
    # store/legacy_sql.py LegacyCursor with the same reading interface
    def execute_legacy(self, sql: str, params: LegacyParams = ()) -> sqlite3.Cursor:
        return cast("sqlite3.Cursor", self._backend.legacy().execute(sql, params))

    def executemany(self, sql: str, rows: Iterable[LegacyParams]) -> sqlite3.Cursor:
        return cast("sqlite3.Cursor", self._backend.legacy().executemany(sql, rows))

    @property
    def total_changes(self) -> int:
        return self._backend.legacy().total_changes

    @property
    def in_transaction(self) -> bool:
        return self._backend.in_transaction()

    # -- office-ready operations (no-ops on SQLite, where BEGIN IMMEDIATE already serialises writers) ----
    def lock(self, table: Table, key: int) -> None:
        """Hold ``table``'s row ``key`` until the transaction ends, before reading it to write it back.

        PostgreSQL (issue 16): ``SELECT 1 … FOR UPDATE``. SQLite: nothing to do, the write transaction
        holds the database's write lock from its first statement."""
        if self._backend.dialect == "postgresql":
            self._backend.lock_row(table, key)  # type: ignore[union-attr]

    def notify(self, topic: str, **ids: object) -> None:
        """Tell other seats what changed when this transaction commits (PostgreSQL NOTIFY, issue 16).
        One seat on SQLite: nothing to do, other processes see commits through store/watch.py."""
        del topic, ids
