"""Progress reporting and cancellation for long core operations, with no Qt.

A core function that may take long accepts ``progress: Progress | None``; it calls
``progress.step()`` / ``progress.set_total()`` and ``progress.check()`` (which raises ``Cancelled``).
The UI's background-operation helper passes a Progress whose callback re-emits to the UI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import Cancelled


@dataclass(frozen=True)
class ProgressState:
    done: int
    total: int | None
    message: str
    elapsed: float

    @property
    def eta_seconds(self) -> float | None:
        if not self.total or self.done <= 0 or self.done >= self.total:
            return None
        return self.elapsed / self.done * (self.total - self.done)


class Progress:
    def __init__(self, callback: Callable[[ProgressState], None] | None = None,
                 min_interval: float = 0.05) -> None:
        self._callback = callback
        self._cancel = threading.Event()
        self._pause = threading.Event()
        self._pause.set()
        self._start = time.monotonic()
        self._last_emit = 0.0
        self._min_interval = min_interval
        self.done = 0
        self.total: int | None = None
        self.message = ""

    # -- reporting ---------------------------------------------------------------------------
    def set_total(self, total: int | None, message: str | None = None) -> None:
        self.total = total
        if message is not None:
            self.message = message
        self._emit(force=True)

    def step(self, n: int = 1, message: str | None = None) -> None:
        self.done += n
        if message is not None:
            self.message = message
        self._emit(force=self.total is not None and self.done >= self.total)
        self.check()

    def note(self, message: str) -> None:
        self.message = message
        self._emit(force=True)

    def mirror(self, done: int, total: int | None, message: str) -> None:
        """Take counts reported elsewhere (a child process's job) without pausing or cancelling here."""
        self.done, self.total, self.message = done, total, message
        self._emit(force=True)

    def state(self) -> ProgressState:
        return ProgressState(self.done, self.total, self.message, time.monotonic() - self._start)

    def _emit(self, force: bool = False) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        if force or now - self._last_emit >= self._min_interval:
            self._last_emit = now
            self._callback(self.state())

    # -- control -----------------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()
        self._pause.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def paused(self) -> bool:
        return not self._pause.is_set()

    def pause(self) -> None:
        self._pause.clear()

    def resume(self) -> None:
        self._pause.set()

    def check(self) -> None:
        """Raise ``Cancelled`` if cancel was asked; block here while paused."""
        self._pause.wait()
        if self._cancel.is_set():
            raise Cancelled()

