"""``CancelToken``: "stop now", asked from any thread, heard in the middle of a network call.

A token may follow other sources of cancellation — a ``threading.Event`` or a ``Progress`` the
person can cancel from the UI — so callers pass what they already hold
(``CancelToken.following(event, progress)``). Callbacks registered with ``on_cancel`` run once, on
the thread that cancels (the transport uses one to shut the socket of a call in flight).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from ..errors import Cancelled

#: how often a token that follows foreign sources looks at them while someone waits on it
POLL_SECONDS = 0.02


def _is_cancelled(source: Any) -> bool:
    if isinstance(source, threading.Event):
        return source.is_set()
    return bool(getattr(source, "cancelled", False))


class CancelToken:
    def __init__(self, *sources: Any) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []
        self._sources = [s for s in sources if s is not None]

    @classmethod
    def following(cls, *sources: Any) -> CancelToken:
        """A token that is cancelled when it is, or when any source is (Event, Progress, token)."""
        return cls(*sources)

    # -- asking -------------------------------------------------------------------------------
    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` when cancelled (at once if already); returns a function that unregisters it."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)

                def unregister() -> None:
                    with self._lock:
                        if callback in self._callbacks:
                            self._callbacks.remove(callback)

                return unregister
        callback()
        return lambda: None

    # -- hearing ------------------------------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        if self._event.is_set():
            return True
        if any(_is_cancelled(s) for s in self._sources):
            self.cancel()
            return True
        return False

    @property
    def needs_polling(self) -> bool:
        """Whether waiting on this token must look at its sources now and then (they cannot wake it)."""
        return bool(self._sources)

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True as soon as the token is cancelled."""
        if not self._sources:
            return self._event.wait(max(seconds, 0.0))
        deadline = time.monotonic() + max(seconds, 0.0)
        while not self.cancelled:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._event.wait(min(left, POLL_SECONDS))
        return True
