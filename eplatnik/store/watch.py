"""Seeing what other processes did to the workspace: a CLI run, another window, a background job.

SQLite's ``PRAGMA data_version`` changes whenever another connection commits to the file (this
process's own commits do not change it). ``ExternalChanges`` polls it on the database thread every
couple of seconds and, when it moved, publishes the workspace topics on the program's event bus
(with ``external=True``), so open pages reload and show, for example, a set that a CLI month-end run
has just sent — instead of the state they loaded before. This is the one-seat counterpart of the
office's PostgreSQL LISTEN/NOTIFY.
"""

from __future__ import annotations

import logging
import threading

from ..events import EventBus
from .database import Database

log = logging.getLogger(__name__)

TOPICS = ("documents.changed", "gateway.submission", "register.changed")
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
