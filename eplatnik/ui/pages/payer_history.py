"""Historia zmian — who did what for one client: every recorded change of the payer selected on
Płatnicy (register, documents, payments, letters, applications), newest first, with the accountant,
the seat (computer:user) and the time in Polish local time. Read with ``RegisterService.client_history`` off the
UI thread; refreshed when the workspace changes while it is shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...audit_entry import AuditEntry
from ...formatting import local_time
from ...forms.history import describe_note
from ...register.models import Payer
from ..context import UiContext
from ..ops import Op
from ..table import Column, RecordRole, RecordTableModel, make_table, show_records

#: a column wider than this is cut (the full text: tooltip, and the line under the table)
MAX_COLUMN_WIDTH = 260
#: the workspace's change events after which the history is read again (when it is shown)
WATCHED = ("register.", "documents.", "document.", "account.", "letters.", "gateway.", "month.")


def details_text(entry: AuditEntry) -> str:
    """The stored note in words (a documents' note such as "built" reads "utworzony z rejestru")."""
    text = describe_note(entry.details) if entry.action.startswith("document.") else entry.details
    return "" if text and text in entry.object else text


class PayerHistoryTab(QWidget):
    def __init__(self, ctx: UiContext, selected: Callable[[], Payer | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.selected = selected
        self.payer: Payer | None = None
        self._generation = 0
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("historyTitle")
        self.title.setWordWrap(True)
        self.since_box = QCheckBox(self.tr("Only since"))
        today = ctx.app.clock.today()
        self.since_edit = QDateEdit(QDate(today.year, today.month, 1))
        self.since_edit.setDisplayFormat("dd.MM.yyyy")
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setEnabled(False)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        bar.addWidget(self.title, 1)
        bar.addWidget(self.since_box)
        bar.addWidget(self.since_edit)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        self.model = RecordTableModel([
            Column(self.tr("When"), lambda e: local_time(e.at), sort_key=lambda e: e.at),
            Column(self.tr("Who"), lambda e: e.actor or self.tr("(not named)")),
            Column(self.tr("Seat"), lambda e: e.seat or "—",
                   tooltip=lambda e: self.tr("Computer and user the change was made at")),
            Column(self.tr("What"), lambda e: e.what, tooltip=lambda e: e.what),
            Column(self.tr("Concerns"), lambda e: e.object, tooltip=lambda e: e.object),
        ], haystack=lambda e: f"{e.actor} {e.seat} {e.what} {e.object} {e.details}",
            key=lambda e: (e.at, e.action, e.object, e.details))
        self.table = make_table(self.model)
        self.table.setObjectName("historyTable")
        layout.addWidget(self.table, 1)
        # the selected entry in full (the table keeps to the width of a small screen)
        self.details = QLabel()
        self.details.setObjectName("historyDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        self.count_label = QLabel()
        self.count_label.setObjectName("historyCount")
        layout.addWidget(self.count_label)
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(300)
        self._coalesce.timeout.connect(lambda: self.reload())
        self.since_box.toggled.connect(self.since_edit.setEnabled)
        self.since_box.toggled.connect(lambda _: self.reload())
        self.since_edit.dateChanged.connect(lambda _: self.reload() if self.since_box.isChecked() else None)
        self.refresh_button.clicked.connect(lambda: self.reload())
        ctx.bridge.event.connect(self._on_event)
        self._show_payer(None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload(from_selection=True)

    def _on_event(self, topic: str, payload: dict) -> None:
        if self.isVisible() and topic.startswith(WATCHED):
            self._coalesce.start()

    def _show_details(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        entry: AuditEntry | None = rows[0].data(RecordRole) if rows else None
        if entry is None:
            self.details.clear()
            return
        note = details_text(entry)
        self.details.setText(self.tr("{when}, {who} at {seat}: {what} — {concerns}").format(
            when=local_time(entry.at), who=entry.actor or self.tr("(not named)"), seat=entry.seat or "—",
            what=entry.what, concerns=entry.object) + (f" ({note})" if note else ""))

    def since(self) -> date | None:
        if not self.since_box.isChecked():
            return None
        d = self.since_edit.date()
        return date(d.year(), d.month(), d.day())

    def _show_payer(self, payer: Payer | None) -> None:
        self.payer = payer
        if payer is None:
            self.title.setText(self.tr("Select a payer on the Payers tab to see who changed what and when."))
            self.model.set_records([])
            self.count_label.clear()
        else:
            self.title.setText(self.tr("Change history: {name} (NIP {nip})").format(
                name=payer.short_name or payer.full_name, nip=payer.nip))

    def reload(self, from_selection: bool = False) -> None:
        """Read the payer's history on a worker thread (a newer request wins): the one selected on
        Płatnicy when the tab is shown, the same one on a refresh (the list reloads meanwhile)."""
        payer = self.selected() if from_selection or self.payer is None else self.payer
        if payer is None or payer.id is None:
            self._show_payer(None)
            return
        if self.payer is None or self.payer.id != payer.id:
            self.model.set_records([])
        self._show_payer(payer)
        self._generation += 1
        generation, since, register, payer_id = self._generation, self.since(), self.ctx.app.register, int(payer.id)

        def done(entries: list[AuditEntry]) -> None:
            if generation != self._generation:
                return  # another payer or filter was asked for meanwhile
            # the same payer and filter again (a change at any seat): in place, the selected entry kept
            if not show_records(self.table, entries, context=(payer_id, since)):
                for column in range(self.model.columnCount() - 1):   # the last one stretches
                    self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN_WIDTH))
            self._show_details()
            self.count_label.setText(self.tr("%n entries (newest first)", "%n entry", len(entries))
                                     if entries else self.tr("Nothing recorded for this payer yet."))

        Op(self, lambda: register.client_history(payer_id, since=since)).success(done).run()
