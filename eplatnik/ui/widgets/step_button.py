"""A push button drawn in a table cell: one per row, however many rows, without a widget per row.

The delegate paints the cell's text as a button and reports a click (mouse release inside the
button, or Space/Enter on the current cell) with the row's record. Used for the dashboard's
"next step" column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionButton, QStyleOptionViewItem

from ..table import RecordRole


class StepButtonDelegate(QStyledItemDelegate):
    def __init__(self, on_click: Callable[[Any], None], parent: Any = None,
                 highlight: Callable[[Any], bool] | None = None) -> None:
        super().__init__(parent)
        self._on_click = on_click
        self._highlight = highlight
        self._pressed: QModelIndex | None = None

    @staticmethod
    def _button_rect(option: QStyleOptionViewItem) -> QRect:
        return option.rect.adjusted(3, 2, -3, -2)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        text = index.data()
        if not text:
            super().paint(painter, option, index)
            return
        button = QStyleOptionButton()
        button.rect = self._button_rect(option)
        button.text = str(text)
        button.state = QStyle.StateFlag.State_Enabled
        if self._pressed is not None and self._pressed == index:
            button.state |= QStyle.StateFlag.State_Sunken
        else:
            button.state |= QStyle.StateFlag.State_Raised
        record = index.data(RecordRole)
        if self._highlight is not None and record is not None and self._highlight(record):
            button.features |= QStyleOptionButton.ButtonFeature.DefaultButton
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, option.widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex):
        size = super().sizeHint(option, index)
        size.setWidth(size.width() + 24)
        return size

    def editorEvent(self, event: QEvent, model, option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        if not index.data():
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton \
                and self._button_rect(option).contains(event.position().toPoint()):
            self._pressed = QModelIndex(index)
            return False  # let the view select the row as well
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            pressed, self._pressed = self._pressed, None
            if pressed is not None and pressed == index \
                    and self._button_rect(option).contains(event.position().toPoint()):
                self._click(index)
                return True
            return False
        if kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return,  # type: ignore[attr-defined]
                                                              Qt.Key.Key_Enter):
            self._click(index)
            return True
        return False

    def _click(self, index: QModelIndex) -> None:
        record = index.data(RecordRole)
        if record is not None:
            self._on_click(record)
