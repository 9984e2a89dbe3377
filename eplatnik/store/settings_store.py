"""The settings the whole office shares, in the office database (table ``workspace_settings``, issue 16).

``WorkspaceSettingsStore`` holds the rows (key, value as JSON, when and by whom it was changed).
``SharedSettingsFile`` puts it behind ``settings.SettingsBackend``, so ``Settings.workspace`` reads and
writes the table instead of settings.json when the workspace lives on a server: a setting changed at
one seat is what every other seat reads.

Reads never wait for the server: ``get_all`` answers from a copy in memory (the UI thread reads
settings while it draws) and, when that copy is older than ``REFRESH_S``, asks the database worker for a
fresh one in the background (``Database.submit``), which the next read sees. Writes (``put``) go to the
table at once — the callers write from a background operation (Ustawienia saves in an ``Op``).

Adoption: the first time a seat opens an office database whose table is still empty, the
workspace-scoped values of that seat's settings.json are copied in (``adopt``), once, under
``ON CONFLICT DO NOTHING`` — two seats adopting together keep one value per key. The keys stay in the
file (an older build still reads them there).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from ..clock import Clock
from .conn import Conn
from .database import Database

log = logging.getLogger(__name__)

#: how old the in-memory copy of the office's settings may get before a read asks for a fresh one
REFRESH_S = 2.0


class WorkspaceSettingsStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def get_all(self) -> dict[str, Any]:
        """Every stored setting: key → its value (decoded JSON)."""
        from .schema import workspace_settings as ws

        def read(conn: Conn) -> dict[str, Any]:
            from sqlalchemy import select

            rows: list[Any] = list(conn.execute(select(ws.c["key"], ws.c["value"])).all())
            return {str(row[0]): _decode(str(row[1])) for row in rows}

        return self.db.run(read)

    def changes(self) -> list[tuple[str, str, str]]:
        """(key, changed_at, changed_by) of every stored setting, by key."""
        from .schema import workspace_settings as ws

        def read(conn: Conn) -> list[tuple[str, str, str]]:
            from sqlalchemy import select

            rows: list[Any] = list(conn.execute(select(ws.c["key"], ws.c.changed_at, ws.c.changed_by)
                                                .order_by(ws.c["key"])).all())
            return [(str(row[0]), str(row[1]), str(row[2])) for row in rows]

        return self.db.run(read)

    def put(self, key: str, value: Any, *, changed_by: str) -> None:
        """Store one setting (insert or replace), dated by the program's clock."""
        from .schema import workspace_settings as ws

        row = {"key": key, "value": json.dumps(value, ensure_ascii=False), "changed_at": self.clock.now_iso(),
               "changed_by": changed_by}

        def write(conn: Conn) -> None:
            stmt = _insert(conn, ws).values(**row)
            conn.execute(stmt.on_conflict_do_update(index_elements=[ws.c["key"]], set_={
                "value": stmt.excluded.value, "changed_at": stmt.excluded.changed_at,
                "changed_by": stmt.excluded.changed_by}))
            conn.notify("workspace_settings")

        self.db.transaction(write)

    def when_open(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` on the database thread once the (background) opening has finished; if it failed,
        ``fn`` does not run (the opening's error is told by whoever watches ``db.opened()``)."""
        self.db.submit(lambda _conn: fn())

    def adopt(self, values: dict[str, Any], *, changed_by: str) -> int:
        """Copy ``values`` in when the table is empty (the office's first seat brings its settings);
        returns how many were stored. Nothing happens once any setting is stored."""
        from sqlalchemy import func, select

        from .schema import workspace_settings as ws

        now = self.clock.now_iso()

        def write(conn: Conn) -> int:
            if conn.execute(select(func.count()).select_from(ws)).scalar():
                return 0
            stored = 0
            for key, value in sorted(values.items()):
                row = {"key": key, "value": json.dumps(value, ensure_ascii=False), "changed_at": now,
                       "changed_by": changed_by}
                stmt = _insert(conn, ws).values(**row).on_conflict_do_nothing(index_elements=[ws.c["key"]])
                stored += conn.execute(stmt).rowcount or 0
            return stored

        return self.db.transaction(write)


def _insert(conn: Conn, table: Any) -> Any:
    """INSERT with ON CONFLICT for the connection's backend."""
    if conn.dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class SharedSettingsFile:
    """``settings.SettingsBackend`` over the office database (see the module docstring)."""

    def __init__(self, store: WorkspaceSettingsStore, *, changed_by: Callable[[], str],
                 refresh_s: float | None = None) -> None:
        self.store = store
        self.changed_by = changed_by
        self.refresh_s = REFRESH_S if refresh_s is None else refresh_s
        self._lock = threading.Lock()
        self._values: dict[str, Any] = {}
        self._read_at = -1e18
        self._refreshing = False
        self.refresh()

    def refresh(self) -> dict[str, Any]:
        """Read the table now (waits for the database) and keep the copy."""
        values = self.store.get_all()
        self._keep(values)
        return values

    def _keep(self, values: dict[str, Any]) -> None:
        with self._lock:
            self._values = dict(values)
            self._read_at = Clock.monotonic()
            self._refreshing = False

    def get_all(self) -> dict[str, Any]:
        with self._lock:
            values = dict(self._values)
            stale = Clock.monotonic() - self._read_at > self.refresh_s and not self._refreshing
            if stale:
                self._refreshing = True
        if stale:
            self._refresh_in_background()
        return values

    def refresh_soon(self) -> None:
        """Read the table again in the background (another seat changed a setting)."""
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True
        self._refresh_in_background()

    def _refresh_in_background(self) -> None:
        try:
            future = self.store.db.submit(lambda _conn: self.store.get_all())
        except Exception:  # noqa: BLE001 - the database is closed: keep what we have
            with self._lock:
                self._refreshing = False
            return

        def done(f: Any) -> None:
            error = f.exception()
            if error is None:
                self._keep(f.result())
                return
            log.info("the office's settings could not be read again (%s); keeping the last ones",
                     type(error).__name__)
            with self._lock:
                self._refreshing = False
                self._read_at = Clock.monotonic()  # try again after another REFRESH_S, not at once

        future.add_done_callback(done)

    def put(self, key: str, value: Any) -> None:
        self.store.put(key, value, changed_by=self.changed_by())
        with self._lock:
            self._values[key] = value
