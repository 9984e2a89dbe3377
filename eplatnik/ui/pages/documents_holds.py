"""Dokumenty's holds (issue 16, step 16.4): who at another desk is editing or signing a set.

The page shows another seat's hold on the selected set ("Edytuje: A. Nowak (biuro-3) od 10:42"), marks
every held set in the list (a column "✎ A. Nowak, 10:42", the whole text as the row's tooltip; refreshed
when a hold comes or goes at any seat, and read again while holds are shown so a stale one disappears),
and does not open the field editor or the signing dialog for such a set; this seat takes the set's hold
while its own field editor or signing dialog is open (renewed in the background, released when it
closes, ``store/holds.py``). Every database call runs off the UI thread (``Op``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QTableView

from ...clock import WARSAW
from ...forms.holds import DOCUMENT_SET, HeldElsewhere, Hold, HoldInfo
from ..ops import Op, show_error
from ..table import Column, RecordTableModel

#: while another desk's hold is shown, it is read again this often: a hold that went stale (its program
#: died or lost the network) makes no change event, so its mark leaves the list this way
RECHECK_MS = 30_000
HELD_COLOUR = "#8a4b00"

if TYPE_CHECKING:
    from .documents import DocumentsPage


class SetHolds:
    def __init__(self, page: DocumentsPage) -> None:
        self.page = page
        #: set id → another holder's live hold (as last read)
        self.others: dict[int, HoldInfo] = {}
        self.label = QLabel()
        self.label.setObjectName("holdLabel")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("background: #fff3e0; color: #8a4b00; border: 1px solid #ffb74d; "
                                 "border-radius: 3px; padding: 3px; font-weight: bold;")
        self.label.hide()
        self._model: RecordTableModel | None = None
        self._view: QTableView | None = None
        self._column = 0
        self._recheck = QTimer(page)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(lambda: self.refresh() if self.page.isVisible() else None)

    # -- the list: which sets are held elsewhere ---------------------------------------------------------
    def marker(self, info: Any) -> str:
        """"✎ A. Nowak, 10:42" on a set another desk holds; empty otherwise."""
        hold = self.held(info)
        if hold is None:
            return ""
        since = dt.datetime.fromisoformat(hold.since).astimezone(WARSAW)
        return f"✎ {hold.actor or hold.computer}, {since:%H:%M}"

    def tip(self, info: Any) -> str | None:
        hold = self.held(info)
        return hold.text(self.page.app.language) if hold is not None else None

    def column(self, title: str) -> Column:
        return Column(title, self.marker, foreground=lambda s: HELD_COLOUR if self.held(s) else None,
                      tooltip=self.tip)

    def mark_rows(self, view: QTableView) -> None:
        """Every column of a held row says who holds it (tooltip), whichever column the mouse is on."""
        self._view = view
        model = view.model()
        assert isinstance(model, RecordTableModel)
        self._model = model
        self._column = next(i for i, c in enumerate(model.columns) if c.value == self.marker)
        for column in model.columns:
            if column.tooltip is None:
                column.tooltip = self.tip
        self._fit_column()

    def _repaint(self) -> None:
        if self._model is not None and self._view is not None:
            self._model.repaint()
            self._fit_column()

    def _fit_column(self) -> None:
        """The column is there only while another desk holds a set (no empty 120 px the rest of the time),
        and then as wide as "✎ A. Nowak, 10:42", not cut."""
        if self._view is None:
            return
        self._view.setColumnHidden(self._column, not self.others)
        if self.others:
            self._view.resizeColumnToContents(self._column)

    def refresh(self) -> None:
        """Read the other desks' holds again (a list reload, a holds.changed event)."""
        holds = self.page.app.holds
        Op(self.page, lambda: holds.held_by_others(DOCUMENT_SET)).success(self._loaded).run()

    def _loaded(self, others: dict[int, HoldInfo]) -> None:
        changed = others != self.others
        self.others = others
        if changed:
            self._repaint()
        if others:
            self._recheck.start()
        info = self.page.selected_info()
        self.show_for(info)
        self.page._update_buttons(info)

    def held(self, info: Any) -> HoldInfo | None:
        return self.others.get(info.id) if info is not None else None

    def show_for(self, info: Any) -> None:
        hold = self.held(info)
        if hold is None:
            self.label.hide()
            return
        self.label.setText(hold.text(self.page.app.language))
        self.label.show()

    def take(self, set_id: int, purpose: str, then: Callable[[Hold], None],
             refused: Callable[[], None] | None = None) -> None:
        """Take the set's hold, then ``then(hold)``; another desk's hold: its message, nothing opened."""
        holds = self.page.app.holds

        def failed(error: Any) -> None:
            if isinstance(error, HeldElsewhere):
                self.others = {**self.others, set_id: error.hold}
                self._repaint()
                self.show_for(self.page.selected_info())
                self.page._update_buttons()
            if refused is not None:
                refused()
            show_error(self.page, error)

        Op(self.page, lambda: holds.take(DOCUMENT_SET, set_id, purpose)).success(then).failure(failed).run()

    def release(self, hold: Hold | None) -> None:
        if hold is not None:
            Op(self.page, hold.release).run()
