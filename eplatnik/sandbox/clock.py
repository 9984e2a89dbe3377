"""The sandbox clock: the process's clock (eplatnik.clock) by default, or driven by tests (frozen /
offset) over HTTP."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from ..clock import WARSAW, default_clock


class SandboxClock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frozen: datetime | None = None
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """Aware UTC datetime."""
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return default_clock().now() + self._offset

    def now_local(self) -> datetime:
        return self.now().astimezone(WARSAW)

    def freeze(self, at: datetime) -> None:
        with self._lock:
            self._frozen = at if at.tzinfo else at.replace(tzinfo=WARSAW)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            if self._frozen is not None:
                self._frozen += delta
            else:
                self._offset += delta

    def reset(self) -> None:
        with self._lock:
            self._frozen = None
            self._offset = timedelta(0)

    def state(self) -> dict:
        with self._lock:
            return {"now": self.now_unlocked().isoformat(), "frozen": self._frozen is not None,
                    "offset_seconds": self._offset.total_seconds()}

    def now_unlocked(self) -> datetime:
        return self._frozen if self._frozen is not None else default_clock().now() + self._offset
