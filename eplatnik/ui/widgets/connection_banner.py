"""The banner "Połączenie z bazą biura przerwane — wznowimy automatycznie" (issue 16, faults).

When the office database goes away, every background operation that touches it fails with
``DatabaseUnavailable``; a message box for each would be a storm of modal windows. Instead the
operations' default error handling (``ops.set_database_lost_handler``) and the background jobs (their
``database.connection`` event, store/outage.py) switch on this one banner above the pages. While it
shows, a probe asks the database every few seconds in the background; once it answers, the banner goes
and the current page loads its data again. Paused runs resume by themselves (store/outage.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ...office import CONNECTION_TOPIC, database_answers
from ..ops import Op

if TYPE_CHECKING:
    from ..context import UiContext

PROBE_MS = 2000


class ConnectionBanner(QLabel):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("databaseBanner")
        self.setWordWrap(True)
        self.setStyleSheet("QLabel#databaseBanner { background: #fff3cd; color: #5c4400; padding: 6px 10px; "
                           "border-bottom: 1px solid #e0c36a; font-weight: bold; }")
        self.setText(self.tr("The connection to the office database was lost — we will resume automatically."))
        self.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._probe)
        self._probing = False
        ctx.bridge.event.connect(self._on_event)

    @property
    def lost(self) -> bool:
        return not self.isHidden()

    def _on_event(self, topic: str, payload: dict) -> None:
        if topic != CONNECTION_TOPIC:
            return
        if payload.get("state") == "lost":
            self.connection_lost()
        elif payload.get("state") == "back":
            self._probe()  # a job says it is back: check from here too, then clear

    def connection_lost(self, _error: object = None) -> None:
        if not self.lost:
            self.show()
        if not self._timer.isActive():
            self._timer.start()

    def _probe(self) -> None:
        if self._probing:
            return
        self._probing = True
        db = self.ctx.app.db

        def answered(ok: bool) -> None:
            if ok:
                self.connection_back()

        def finished() -> None:
            self._probing = False

        Op(self, lambda: database_answers(db)).success(answered).finally_(finished).run()

    def connection_back(self) -> None:
        self._timer.stop()
        was_lost = self.lost
        self.hide()
        window = self.ctx.window
        if was_lost and window is not None:
            window.current_page().activate()  # type: ignore[attr-defined]
