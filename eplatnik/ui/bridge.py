"""One bridge from core events to the UI (CONVENTIONS #7): EventBus topics → a Qt signal on the UI thread.

Other processes' and seats' changes (``external=True``, store/watch.py) come in bursts — a colleague's
month-end run commits hundreds of times — and each one would reload the pages that show it. They are
coalesced per topic: the first one starts a ``COALESCE_MS`` window, the ones inside it are folded into
it, and one event per topic goes out at its end, so a burst is one refresh. This process's own events
go out at once, one by one, with their payloads (pages act on them)."""

from __future__ import annotations

from collections import deque
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from ..events import EventBus

#: the event that wakes the bridge on the UI thread for one waiting core event
_DELIVER = QEvent.Type(QEvent.registerEventType())
#: how long other processes' events of one topic are gathered into one
COALESCE_MS = 250


class EventBridge(QObject):
    #: (topic, payload) — always delivered on the UI thread, later, never inside ``publish``
    event = Signal(str, dict)

    def __init__(self, bus: EventBus) -> None:
        super().__init__()
        # A posted event per core event instead of a queued signal connection: same ordering and
        # thread hop, and it keeps the first screen free of ``Qt.ConnectionType`` — touching any
        # enum of the ``Qt`` namespace makes PySide6 build all ~90 of them (20 ms) before the window
        # can paint.
        self._waiting: deque[tuple[str, dict[str, Any]]] = deque()
        #: external events waiting for the end of their topic's window (UI thread only)
        self._gathered: dict[str, dict[str, Any]] = {}
        self._timer: QTimer | None = None
        #: how many external events were folded into an earlier one (for tests and the bench)
        self.coalesced = 0
        self._unsubscribe = bus.subscribe("*", self._forward)

    def _forward(self, topic: str, payload: dict[str, Any]) -> None:
        # any thread: deque.append is atomic, postEvent is thread-safe
        self._waiting.append((topic, dict(payload)))
        QCoreApplication.postEvent(self, QEvent(_DELIVER))

    def customEvent(self, event: QEvent) -> None:
        if event.type() == _DELIVER and self._waiting:
            topic, payload = self._waiting.popleft()
            if not payload.get("external"):
                self.event.emit(topic, payload)
                return
            if topic in self._gathered:
                self.coalesced += 1
            self._gathered[topic] = payload
            if self._timer is None:
                self._timer = QTimer(self)
                self._timer.setSingleShot(True)
                self._timer.timeout.connect(self._flush)
            if not self._timer.isActive():
                self._timer.start(COALESCE_MS)

    def _flush(self) -> None:
        gathered, self._gathered = self._gathered, {}
        for topic, payload in gathered.items():
            self.event.emit(topic, payload)

    def close(self) -> None:
        self._unsubscribe()
