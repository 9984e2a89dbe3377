"""Run Python's cyclic garbage collector only on the UI thread.

Widgets that sit in reference cycles (a page and its context, callbacks holding their owner) are
freed by the cyclic collector. If a collection happens to start on a worker thread, Qt objects
would be destroyed off the UI thread and the program can crash. So automatic collection is turned
off and a timer on the UI thread collects whenever the allocation counters say it is due — the same
trade the standard collector makes, just on the right thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_CHECK_MS = 500


class UiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        # what start-up created (modules, classes, Qt wrappers) lives as long as the program: once the
        # window is up, move it out of the collector's view so later full collections stay short
        QTimer.singleShot(1500, self, self._freeze_start_up)
        self.timer = QTimer(self)
        self.timer.setInterval(_CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    @staticmethod
    def _freeze_start_up() -> None:
        gc.collect()
        gc.freeze()

    def check(self) -> None:
        counts = gc.get_count()
        if counts[0] > self.threshold[0]:
            generation = 0
            if counts[1] > self.threshold[1]:
                generation = 2 if counts[2] > self.threshold[2] else 1
            gc.collect(generation)

    def stop(self) -> None:
        self.timer.stop()
        gc.unfreeze()
        gc.enable()
