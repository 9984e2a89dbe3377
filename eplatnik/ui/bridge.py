"""One bridge from core events to the UI (CONVENTIONS #7): EventBus topics → a Qt signal on the UI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from ..events import EventBus


class EventBridge(QObject):
    #: (topic, payload) — always delivered on the UI thread
    event = Signal(str, dict)
    _incoming = Signal(str, dict)

    def __init__(self, bus: EventBus) -> None:
        super().__init__()
        self._incoming.connect(self.event, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = bus.subscribe("*", self._forward)

    def _forward(self, topic: str, payload: dict[str, Any]) -> None:
        self._incoming.emit(topic, dict(payload))

    def close(self) -> None:
        self._unsubscribe()
