"""Seeing what other processes did to the workspace: a CLI run, another window, a background job, and
(an office on PostgreSQL) the other seats. ``watch(db, events)`` picks the way for the backend.

SQLite's ``PRAGMA data_version`` changes whenever another connection commits to the file (this
process's own commits do not change it). ``ExternalChanges`` polls it on the database thread every
couple of seconds and, when it moved, publishes the workspace topics on the program's event bus
(with ``external=True``), so open pages reload and show, for example, a set that a CLI month-end run
has just sent — instead of the state they loaded before. This is the one-seat counterpart of the
office's PostgreSQL LISTEN/NOTIFY.

``ChangeFeed`` (PostgreSQL): triggers on the watched tables (``store/schema.py``'s ``CHANGE_FEED``,
created by migration 0012) ``NOTIFY eplatnik`` with ``{"topic", "seat"}`` when a transaction commits;
PostgreSQL sends one message per distinct payload and transaction, so a month-end run's thousand
rows are one message, not a storm. The feed LISTENs on its own connection and thread (the database
thread is never kept waiting) and republishes each topic on the event bus with ``external=True`` and
the sending seat. Messages from this process's own database connections are dropped: the services
published those already. A lost connection is opened again (with every topic published once, since
something may have changed unseen). No polling: the thread sleeps in the socket until a message comes.

For a latency measurement (bench/bench_office.py): subscribe to the bus and look at ``external``
events; ``ChangeFeed.ready`` is set once LISTEN is in place, and ``received`` counts the messages.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from ..events import EventBus
from .database import Database

log = logging.getLogger(__name__)

#: what another process's commit may have changed: every topic of the change feed (schema.CHANGE_FEED, not
#: imported here: it brings SQLAlchemy onto the start-up path) but the settings, which on SQLite are a file
TOPICS = ("documents.changed", "gateway.submission", "register.changed", "holds.changed", "month.changed",
          "letters.changed", "account.changed", "visits.changed", "files.changed")
POLL_SECONDS = 2.0


class ExternalChanges:
    def __init__(self, db: Database, events: EventBus, poll_seconds: float = POLL_SECONDS) -> None:
        self.db, self.events, self.poll_seconds = db, events, poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: int | None = None

    def start(self) -> ExternalChanges:
        self._seen = self.db.data_version()
        self._thread = threading.Thread(target=self._run, name="eplatnik-watch", daemon=True)
        self._thread.start()
        return self

    def check(self) -> bool:
        """Publish the topics once if another process committed since the last look."""
        version = self.db.data_version()
        changed = self._seen is not None and version != self._seen
        self._seen = version
        if changed:
            for topic in TOPICS:
                self.events.publish(topic, external=True)
        return changed

    def _run(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.check()
            except Exception:  # a closed database at shutdown, a locked file: look again later
                log.debug("workspace change check failed", exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


#: the NOTIFY channel of migration 0012's triggers
CHANNEL = "eplatnik"
#: how long the listening thread waits in the socket before it looks whether it should stop
LISTEN_WAIT_S = 1.0
RECONNECT_S = 2.0


class ChangeFeed:
    """PostgreSQL LISTEN → the event bus (see the module docstring)."""

    def __init__(self, db: Database, events: EventBus) -> None:
        self.db, self.events = db, events
        self.ready = threading.Event()
        self.received = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: Any = None

    def start(self) -> ChangeFeed:
        self._thread = threading.Thread(target=self._run, name="eplatnik-feed", daemon=True)
        self._thread.start()
        return self

    def _own_pids(self) -> set[int]:
        pids: Callable[[], set[int]] | None = getattr(self.db, "backend_pids", None)
        return pids() if pids is not None else set()

    def _connect(self) -> Any:
        import psycopg
        from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

        args, params = PGDialect_psycopg().create_connect_args(self.db.url.sqlalchemy_url())
        params.update(autocommit=True, connect_timeout=5, application_name="eplatnik/feed",
                      keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)
        conn = psycopg.connect(*args, **params)
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                self._conn = self._connect()
            except Exception:  # the server away: try again (the database thread reports it to the person)
                log.info("the change feed cannot connect; trying again", exc_info=True)
                self._stop.wait(RECONNECT_S)
                continue
            if not first:  # changes made while we were away were not seen
                for topic in TOPICS:
                    self.events.publish(topic, external=True)
            first = False
            self.ready.set()
            try:
                while not self._stop.is_set():
                    for note in self._conn.notifies(timeout=LISTEN_WAIT_S):
                        self._deliver(note.pid, note.payload)
            except Exception:
                if not self._stop.is_set():
                    log.info("the change feed lost its connection; connecting again", exc_info=True)
            finally:
                self.ready.clear()
                with contextlib.suppress(Exception):
                    self._conn.close()

    def _deliver(self, pid: int, payload: str) -> None:
        self.received += 1
        if pid in self._own_pids():
            return
        try:
            message = json.loads(payload)
            topic = str(message["topic"])
        except (ValueError, KeyError, TypeError):
            log.debug("ignoring a change message %r", payload)
            return
        seat = str(message.get("seat") or "")
        self.events.publish(topic, external=True, seat=seat.removeprefix("eplatnik/"))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=LISTEN_WAIT_S + 5)


def watch(db: Database, events: EventBus) -> ExternalChanges | ChangeFeed:
    """Start following other processes' and seats' changes: LISTEN on PostgreSQL, data_version on SQLite."""
    if db.dialect == "postgresql":
        return ChangeFeed(db, events).start()
    return ExternalChanges(db, events).start()
