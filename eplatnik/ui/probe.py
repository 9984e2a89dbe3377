"""What is on the screen, written to a file for the end-to-end GUI tests (tests/gui_e2e).

Those tests drive the real program with real input (xdotool: mouse clicks, typing, Enter) under Xvfb
with a window manager. To know *where* to click and *what* a person would read, they need the
screen positions and texts of the visible widgets: with ``EPLATNIK_UI_PROBE=/path/state.json`` the
program writes them there every ``INTERVAL_MS`` — top-level windows (title, geometry, active), the
focused widget, and every visible widget that has an object name or is a button, label, field,
table row or menu item. It only reads; the tests never call into the program. Without the variable
nothing of this runs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabBar,
    QTableView,
    QWidget,
)

ENV = "EPLATNIK_UI_PROBE"
INTERVAL_MS = 150
MAX_ROWS = 40


def _rect(widget: QWidget, local: QRect | None = None) -> list[int]:
    area = local if local is not None else widget.rect()
    top_left = widget.mapToGlobal(area.topLeft())
    return [top_left.x(), top_left.y(), area.width(), area.height()]


def _text(widget: QWidget) -> str | None:
    if isinstance(widget, (QAbstractButton, QLabel, QLineEdit)):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return None


def _items(view: QListWidget) -> list[dict[str, Any]]:
    rows = []
    for i in range(min(view.count(), MAX_ROWS)):
        item = view.item(i)
        area = view.visualItemRect(item)
        if not area.isValid() or not view.viewport().rect().intersects(area):
            continue
        top_left = view.viewport().mapToGlobal(area.topLeft())
        rows.append({"rect": [top_left.x(), top_left.y(), area.width(), area.height()], "cells": [item.text()],
                     "selected": item.isSelected()})
    return rows


def _rows(view: QAbstractItemView) -> list[dict[str, Any]]:
    if isinstance(view, QListWidget):
        return _items(view)
    model = view.model()
    rows: list[dict[str, Any]] = []
    if model is None:
        return rows
    root = QModelIndex()
    columns = model.columnCount(root)
    for row in range(min(model.rowCount(root), MAX_ROWS)):
        index = model.index(row, 0)
        area = view.visualRect(index)
        if isinstance(view, QTableView):
            area = QRect(area.x(), area.y(), view.viewport().width(), area.height())
        if not area.isValid() or not view.viewport().rect().intersects(area):
            continue
        top_left = view.viewport().mapToGlobal(area.topLeft())
        cells = [str(model.index(row, c).data() or "") for c in range(columns)]
        selected = view.selectionModel() is not None and view.selectionModel().isRowSelected(row, index.parent())
        rows.append({"rect": [top_left.x(), top_left.y(), area.width(), area.height()], "cells": cells,
                     "selected": selected})
    return rows


def _describe(widget: QWidget) -> dict[str, Any]:
    info: dict[str, Any] = {"class": type(widget).__name__, "name": widget.objectName(), "rect": _rect(widget),
                            "enabled": widget.isEnabled()}
    text = _text(widget)
    if text is not None:
        info["text"] = text
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        info["checked"] = widget.isChecked()
    if isinstance(widget, (QTableView, QListWidget)):
        info["rows"] = _rows(widget)
    if isinstance(widget, QTabBar):
        info["tabs"] = [{"text": widget.tabText(i), "rect": _rect(widget, widget.tabRect(i))}
                        for i in range(widget.count())]
    if isinstance(widget, QMenu):
        info["items"] = [{"text": a.text(), "enabled": a.isEnabled(), "rect": _rect(widget, widget.actionGeometry(a))}
                         for a in widget.actions() if not a.isSeparator()]
    return info


_INTERESTING = (QAbstractButton, QLabel, QLineEdit, QComboBox, QTableView, QListWidget, QTabBar, QMenu)


def snapshot() -> dict[str, Any]:
    windows = []
    active = QApplication.activeWindow()
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        widgets = []
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible() or widget.width() <= 0:
                continue
            if widget.objectName() or isinstance(widget, _INTERESTING):
                if isinstance(widget, QLabel) and not widget.text() and not widget.objectName():
                    continue
                widgets.append(_describe(widget))
        frame = top.frameGeometry()
        windows.append({"title": top.windowTitle(), "class": type(top).__name__, "name": top.objectName(),
                        "rect": [frame.x(), frame.y(), frame.width(), frame.height()],
                        "inner": _rect(top), "active": top is active, "modal": top.isModal(),
                        "popup": top.windowType() == Qt.WindowType.Popup,  # a combo box's list, a menu
                        "widgets": widgets})
    focus = QApplication.focusWidget()
    return {"windows": windows, "focus": None if focus is None else {
        "class": type(focus).__name__, "name": focus.objectName(), "window": focus.window().windowTitle(),
        "rect": _rect(focus)}}


class Probe(QObject):
    def __init__(self, path: Path) -> None:
        super().__init__(QApplication.instance())
        self.path = path
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.write)
        self.timer.start()

    def write(self) -> None:
        try:
            data = json.dumps(snapshot(), ensure_ascii=False)
        except RuntimeError:  # a widget went away while it was read: the next tick will do
            return
        temp = self.path.with_suffix(".tmp")
        temp.write_text(data, encoding="utf-8")
        temp.replace(self.path)


def install_from_env() -> Probe | None:
    target = os.environ.get(ENV)
    return Probe(Path(target)) if target else None
