"""A tiny publish/subscribe bus so the core can announce changes without knowing about Qt.

The UI subscribes through one adapter (``eplatnik.ui.bridge``) that re-emits events as Qt signals
on the UI thread. Handlers may be called from any thread.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
Handler = Callable[[str, dict[str, Any]], None]


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, topic: str, handler: Handler) -> Callable[[], None]:
        """Subscribe to ``topic`` ("*" for all). Returns a function that unsubscribes."""
        with self._lock:
            self._handlers[topic].append(handler)

        def unsubscribe() -> None:
            with self._lock:
                if handler in self._handlers[topic]:
                    self._handlers[topic].remove(handler)

        return unsubscribe

    def publish(self, topic: str, **payload: Any) -> None:
        with self._lock:
            handlers = [*self._handlers.get(topic, ()), *self._handlers.get("*", ())]
        for handler in handlers:
            try:
                handler(topic, payload)
            except Exception:
                log.exception("event handler failed for %s", topic)
