"""Desktop reminders of booked e-visits while the program is open, whatever page is shown.

Every half minute a background operation reads the workspace's visits (local database, no network)
and, for a visit starting within the hour, shows a system-tray notification (or, where there is no
tray, a status-bar message) once.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from .ops import Op

REMIND_BEFORE = timedelta(minutes=60)
CHECK_MS = 30_000


class VisitReminders(QObject):
    def __init__(self, window: QMainWindow, app) -> None:
        super().__init__(window)
        self.window = window
        self.app = app
        self.notified: set[int] = set()
        self.messages: list[str] = []
        self.tray = QSystemTrayIcon(window.windowIcon(), self) if QSystemTrayIcon.isSystemTrayAvailable() else None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self, first_after_ms: int = 3000) -> None:
        QTimer.singleShot(first_after_ms, self, self.check)
        self.timer.start()

    def check(self) -> None:
        if not self.window.isVisible():
            return
        visits = self.app.visits

        def due() -> list:
            from ..visits.models import VisitStatus

            now = visits.now()
            return [v for v in visits.list() if v.status == VisitStatus.BOOKED and v.start is not None
                    and now < v.start <= now + REMIND_BEFORE]

        Op(self.window, due).success(self._notify).failure(lambda _exc: None).run()

    def _notify(self, visits: list) -> None:
        from ..visits.slots import to_local
        from ..visits.topics import get_topic

        for visit in visits:
            if visit.id in self.notified:
                continue
            self.notified.add(visit.id)
            text = self.tr("E-visit at {time}: {matter} ({name}). Have an identity document ready.").format(
                time=to_local(visit.start).strftime("%H:%M"), matter=get_topic(visit.request.topic).label.render(),
                name=visit.request.name)
            self.messages.append(text)
            if self.tray is not None:
                self.tray.show()
                self.tray.showMessage(self.tr("E-visit soon"), text)
            self.window.statusBar().showMessage(text, 15 * 60 * 1000)
