"""Moje e-wizyty: the workspace's e-visits (kept locally, so the list works offline) with join, .ics,
cancel and retry, and a desktop notification shortly before each booked visit while the program is open."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from ...errors import UserFacingError
from ...formatting import local_time
from ...fsutil import atomic_write_bytes
from ...visits.models import Visit, VisitStatus
from ...visits.slots import to_local
from ...visits.topics import get_topic
from ..ops import Op
from ..table import Column, RecordRole, RecordTableModel, make_table, show_records
from ..widgets.action_bar import ActionBar

REMIND_BEFORE = timedelta(minutes=60)


class MyVisitsTab(QWidget):
    def __init__(self, app, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.notified: set[int] = set()
        self.last_notice = ""
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.windowIcon(), self)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by client: name, PESEL or NIP…"))
        self.search.setClearButtonEnabled(True)
        self.actions = ActionBar()
        self.actions.setObjectName("visitsActions")
        self.join_button = self.actions.add_button(self.tr("Join"), "joinVisit")
        self.cancel_button = self.actions.add_button(self.tr("Cancel visit"), "cancelVisit")
        self.ics_button = self.actions.add_button(self.tr("Save to calendar (.ics)…"))
        self.pdf_button = self.actions.add_button(self.tr("Confirmation (PDF)…"))
        self.retry_button = self.actions.add_button(self.tr("Send pending again"))
        self.search.setMinimumWidth(160)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.actions, 2)
        layout.addLayout(bar)
        self.model = RecordTableModel([
            Column(self.tr("When"), lambda v: local_time(v.start), sort_key=lambda v: v.start),
            Column(self.tr("Matter"), lambda v: get_topic(v.request.topic).label.render()),
            Column(self.tr("Unit"), lambda v: v.request.unit_name or v.request.unit_id),
            Column(self.tr("Person"), lambda v: v.request.name),
            Column(self.tr("PESEL / NIP"), lambda v: v.request.pesel or v.request.nip),
            Column(self.tr("Status"), self.status_text,
                   foreground=lambda v: "#888888" if v.status == VisitStatus.CANCELLED or self._past(v) else None),
            Column(self.tr("Number"), lambda v: v.remote_id),
        ], haystack=lambda v: f"{v.request.name} {v.request.nip} {v.request.pesel} {v.remote_id}",
           key=lambda v: v.id)
        self.table = make_table(self.model)
        self.table.setObjectName("visitsTable")
        layout.addWidget(self.table, 1)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        layout.addWidget(self.notice_label)
        self.search.textChanged.connect(self.model.set_query)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.ics_button.clicked.connect(self.export_ics)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.join_button.clicked.connect(self.join_selected)
        self.retry_button.clicked.connect(self.retry_pending)
        self._update_buttons()

    def _past(self, visit: Visit) -> bool:
        now: datetime = self.app.visits.now()
        return visit.end is not None and visit.end <= now

    def status_text(self, visit: Visit) -> str:
        if visit.status == VisitStatus.BOOKED and self._past(visit):
            return self.tr("past")
        if visit.status == VisitStatus.BOOKED and visit.can_join(self.app.visits.now()):
            return self.tr("now — join")
        return visit.status.label.render()

    def selected(self) -> Visit | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RecordRole) if rows else None

    def _update_buttons(self) -> None:
        visit, now = self.selected(), self.app.visits.now()
        self.cancel_button.setEnabled(visit is not None and visit.can_cancel(now))
        self.ics_button.setEnabled(visit is not None and visit.start is not None)
        self.pdf_button.setEnabled(visit is not None)
        self.join_button.setEnabled(visit is not None and visit.can_join(now))
        self.retry_button.setEnabled(any(v.status == VisitStatus.PENDING for v in self.model.records))

    def reload(self) -> None:
        def done(visits: list[Visit]) -> None:
            show_records(self.table, visits)  # a refresh keeps the person's selection and scroll
            self._update_buttons()
            self.check_reminders()

        Op(self, self.app.visits.list).success(done).run()

    def cancel_selected(self) -> None:
        visit = self.selected()
        if visit is None:
            return
        answer = QMessageBox.question(self, self.tr("Cancel e-visit"), self.tr(
            "Cancel the e-visit on {when}? The slot becomes free for others at once.").format(
            when=local_time(visit.start, blank="—")))
        if answer != QMessageBox.StandardButton.Yes:
            return
        Op(self, lambda: self.app.visits.cancel(visit.id)).success(lambda _: self.reload()).failure(
            self._error).run()

    def _error(self, exc: UserFacingError) -> None:
        self.notice_label.setText(exc.render())

    def export_ics(self) -> None:
        visit = self.selected()
        if visit is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save to calendar"), f"e-wizyta-{visit.id}.ics",
                                              self.tr("Calendar (*.ics)"))
        if path:
            self.save_ics(visit.id, path)

    def save_ics(self, visit_id: int, path: str) -> None:
        visits = self.app.visits

        def work() -> None:  # database read and file write off the UI thread
            atomic_write_bytes(path, visits.ics(visit_id))

        Op(self, work).success(lambda _r: self.notice_label.setText(self.tr("Saved {path}").format(path=path))).run()

    def export_pdf(self) -> None:
        visit = self.selected()
        if visit is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save confirmation"), f"e-wizyta-{visit.id}.pdf",
                                              self.tr("PDF (*.pdf)"))
        if path:
            self.save_pdf(visit.id, path)

    def save_pdf(self, visit_id: int, path: str) -> None:
        from ...i18n import language
        from ...reports.visit_pdf import render_visit_pdf

        visits = self.app.visits
        Op(self, lambda: atomic_write_bytes(path, render_visit_pdf(visits.get(visit_id), language()))).success(
            lambda _: self.notice_label.setText(self.tr("Saved {path}").format(path=path))).failure(self._error).run()

    def join_selected(self) -> None:
        visit = self.selected()
        if visit is not None and visit.can_join(self.app.visits.now()):
            QDesktopServices.openUrl(QUrl(visit.join_url))

    def retry_pending(self) -> None:
        Op(self, self.app.visits.retry_pending).success(lambda _: self.reload()).failure(self._error).run()

    def check_reminders(self) -> None:
        """While the program is open: a desktop notification shortly before each booked visit."""
        now = self.app.visits.now()
        for visit in self.model.records:
            if (visit.status == VisitStatus.BOOKED and visit.id not in self.notified and visit.start is not None
                    and now < visit.start <= now + REMIND_BEFORE):
                self.notified.add(visit.id)
                self.last_notice = self.tr("E-visit at {time}: {matter}. Have an identity document ready.").format(
                    time=to_local(visit.start).strftime("%H:%M"),
                    matter=get_topic(visit.request.topic).label.render())
                if self.tray is not None:
                    self.tray.show()
                    self.tray.showMessage(self.tr("E-visit soon"), self.last_notice)
                self.notice_label.setText(self.last_notice)
        self.table.viewport().update()  # "past" / "now — join" depend on the time: repaint the statuses
        self._update_buttons()
