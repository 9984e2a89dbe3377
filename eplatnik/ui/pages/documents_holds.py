"""Dokumenty's holds (issue 16, step 16.4): who at another desk is editing or signing a set.

The page shows another seat's hold on the selected set ("Edytuje: A. Nowak (biuro-3) od 10:42") and does
not open the field editor or the signing dialog for it; this seat takes the set's hold while its own field
editor or signing dialog is open (renewed in the background, released when it closes, ``store/holds.py``).
Every database call runs off the UI thread (``Op``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel

from ...forms.holds import DOCUMENT_SET, HeldElsewhere, Hold, HoldInfo
from ..ops import Op, show_error

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

    def refresh(self) -> None:
        """Read the other desks' holds again (a list reload, a holds.changed event)."""
        holds = self.page.app.holds
        Op(self.page, lambda: holds.held_by_others(DOCUMENT_SET)).success(self._loaded).run()

    def _loaded(self, others: dict[int, HoldInfo]) -> None:
        self.others = others
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
                self.others[set_id] = error.hold
                self.show_for(self.page.selected_info())
                self.page._update_buttons()
            if refused is not None:
                refused()
            show_error(self.page, error)

        Op(self.page, lambda: holds.take(DOCUMENT_SET, set_id, purpose)).success(then).failure(failed).run()

    def release(self, hold: Hold | None) -> None:
        if hold is not None:
            Op(self.page, hold.release).run()
