"""A row of action buttons that fits any window width: what does not fit folds into "More ▾".

Pages put their buttons in an ``ActionBar`` instead of a plain ``QHBoxLayout``. A plain layout makes
the sum of all button widths the page's minimum width, and Qt then widens the main window to it
(Dokumenty made a 1280-px window 1613 px wide). The bar lays its buttons out by hand: as many as fit,
in the order they were added (the most used first), and a "More ▾" button whose menu holds the rest
— same texts, same enabled state, submenus for buttons that have a menu. Its minimum width is that
of the "More ▾" button alone, so it never widens a window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QMenu, QPushButton, QSizePolicy, QToolButton, QWidget

SPACING = 6


class ActionBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._buttons: list[QAbstractButton] = []
        self._hidden: set[int] = set()  # buttons the page hides on purpose (never shown, never folded)
        self._folded: list[QAbstractButton] = []
        self.more = QToolButton(self)
        self.more.setObjectName("moreActions")
        self.more.setText(self.tr("More ▾"))
        self.more.setToolTip(self.tr("More actions"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")  # "▾" says it
        self.menu = QMenu(self.more)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.more.setMenu(self.menu)
        self.more.hide()

    # -- content ---------------------------------------------------------------------------------
    def add(self, button: QAbstractButton) -> QAbstractButton:
        button.setParent(self)
        self._buttons.append(button)
        self.updateGeometry()
        self._relayout()
        return button

    def add_button(self, text: str, object_name: str = "") -> QPushButton:
        button = QPushButton(text)
        if object_name:
            button.setObjectName(object_name)
        self.add(button)
        return button

    def set_shown(self, button: QAbstractButton, shown: bool) -> None:
        """Hide a button for good (not folded into the menu either), or bring it back."""
        key = id(button)
        if shown:
            self._hidden.discard(key)
        else:
            self._hidden.add(key)
        self.updateGeometry()
        self._relayout()

    def buttons(self) -> list[QAbstractButton]:
        return list(self._buttons)

    def folded(self) -> list[QAbstractButton]:
        """The buttons currently in the "More ▾" menu."""
        return list(self._folded)

    # -- geometry --------------------------------------------------------------------------------
    def _active(self) -> list[QAbstractButton]:
        return [b for b in self._buttons if id(b) not in self._hidden]

    def _row_height(self) -> int:
        heights = [b.sizeHint().height() for b in self._active()] + [self.more.sizeHint().height()]
        return max(heights)

    def sizeHint(self) -> QSize:
        widths = [b.sizeHint().width() for b in self._active()]
        return QSize(sum(widths) + SPACING * max(len(widths) - 1, 0), self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.more.sizeHint().width(), self._row_height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        active = self._active()
        for button in self._buttons:
            if id(button) in self._hidden:
                button.hide()
        width, height = self.width(), self.height()
        hints = [b.sizeHint().width() for b in active]
        total = sum(hints) + SPACING * max(len(hints) - 1, 0)
        room = width if total <= width else width - self.more.sizeHint().width() - SPACING
        x, shown = 0, 0
        for hint in hints:
            if x + hint > room:
                break
            x += hint + SPACING
            shown += 1
        x = 0
        for index, button in enumerate(active):
            if index < shown:
                button.setGeometry(x, (height - button.sizeHint().height()) // 2, hints[index],
                                   button.sizeHint().height())
                button.show()
                x += hints[index] + SPACING
            else:
                button.hide()
        self._folded = active[shown:]
        if self._folded:
            hint = self.more.sizeHint()
            self.more.setGeometry(x, (height - hint.height()) // 2, hint.width(), hint.height())
            self.more.show()
        else:
            self.more.hide()

    # -- the "More" menu -------------------------------------------------------------------------
    def _fill_menu(self) -> None:
        self.menu.clear()
        for button in self._folded:
            action = QAction(button.text(), self.menu)
            action.setEnabled(button.isEnabled())
            action.setToolTip(button.toolTip())
            submenu = button.menu() if isinstance(button, QPushButton) else None
            if submenu is not None:
                submenu.setTitle(button.text().removesuffix("…"))
                action.setMenu(submenu)
            else:
                action.triggered.connect(button.click)
            self.menu.addAction(action)
