"""Desktop notices while the program is open: a letter from ZUS arrived, or ZUS rejected a set.

Every few minutes (and soon after a submission ends rejected) a background operation asks the
gateway for new letters — when the gateway is already running, so the sandbox is never started just
for this — and runs the notifications (``app.notifications``: the e-mail, when set). Each new notice
is shown once in the system tray (or, without a tray, in the status bar): who it concerns and where
to look, never the letter's content.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from .ops import Op

CHECK_MS = 5 * 60 * 1000
FIRST_MS = 15 * 1000


class LetterWatch(QObject):
    def __init__(self, window: QMainWindow, app, bridge=None) -> None:
        super().__init__(window)
        self.window = window
        self.app = app
        self.messages: list[str] = []
        self.tray = QSystemTrayIcon(window.windowIcon(), self) if QSystemTrayIcon.isSystemTrayAvailable() else None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self._running = False
        if bridge is not None:
            bridge.event.connect(self._on_event)

    def start(self, first_after_ms: int = FIRST_MS) -> None:
        QTimer.singleShot(first_after_ms, self, self.check)
        self.timer.start()

    def _on_event(self, topic: str, payload: dict) -> None:
        if (topic == "gateway.submission" and payload.get("state") == "rejected") or topic == "letters.arrived":
            QTimer.singleShot(500, self, self.check)

    def check(self) -> None:
        if self._running:
            return
        self._running = True
        app = self.app

        def work() -> list:
            from ..errors import UserFacingError

            try:
                profile = app.gateway.active_profile()
                if profile.name != "sandbox" or app.embedded_sandbox_url_if_running():
                    app.letters.sync()
            except UserFacingError:
                pass  # no signer, gateway away: local notices still go out
            notifications = app.notifications
            notifications.run()
            return notifications.take_desktop()

        def finished() -> None:
            self._running = False

        Op(self.window, work).success(self._show).failure(lambda _exc: None).finally_(finished).run()

    def _show(self, notices: list) -> None:
        if not notices:
            return
        letters = [n for n in notices if n.kind == "letter"]
        rejected = [n for n in notices if n.kind == "rejected"]
        parts = []
        if letters:
            parts.append(self.tr("New letters from ZUS: {n} — see Correspondence.").format(n=len(letters)))
        if rejected:
            parts.append(self.tr("Sets rejected by ZUS: {n} — see Submission and receipts.").format(n=len(rejected)))
        text = " ".join(parts)
        detail = "\n".join(n.subject for n in notices[:5])
        self.messages.append(text)
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(self.tr("eplatnik: news from ZUS"), text + "\n" + detail)
        self.window.statusBar().showMessage(text, 15 * 60 * 1000)
