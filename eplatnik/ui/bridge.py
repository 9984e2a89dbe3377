"""One bridge from core events to the UI (CONVENTIONS #7): EventBus topics → a Qt signal on the UI thread."""

from __future__ import annotations

from collections import deque
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal

from ..events import EventBus

#: the event that wakes the bridge on the UI thread for one waiting core event
_DELIVER = QEvent.Type(QEvent.registerEventType())


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
        self._unsubscribe = bus.subscribe("*", self._forward)

    def _forward(self, topic: str, payload: dict[str, Any]) -> None:
        # any thread: deque.append is atomic, postEvent is thread-safe
        self._waiting.append((topic, dict(payload)))
        QCoreApplication.postEvent(self, QEvent(_DELIVER))

    def customEvent(self, event: QEvent) -> None:
        if event.type() == _DELIVER and self._waiting:
            topic, payload = self._waiting.popleft()
            self.event.emit(topic, payload)

    def close(self) -> None:
        self._unsubscribe()
