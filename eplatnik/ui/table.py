"""Table models: rows are plain objects, columns are declared once, filter and sort run in Python.

``RecordTableModel`` holds the records, a lower-case "haystack" per record for search, and the list
of visible record indices. Filtering and sorting rebuild only that index list in one Python pass
(no per-row call from C++ into Python as with QSortFilterProxyModel), and the view asks for data
only of the rows it paints — so 10 000 or 100 000 rows stay responsive.

A model given a ``key`` (the record's identity, e.g. ``lambda p: p.id``) refreshes in place: a new list
of the same records (``context`` unchanged — e.g. the same payer's people) replaces the old one as a
layout change, so the view keeps the selected rows, the current row, the sorting, the filter and the
scroll position (Qt moves its persistent indices to the records' new rows); a record that disappeared
is just deselected. ``show_records`` does that for a view and keeps the row at the top where it was —
what a person sees when another seat of the office changes something (issue 16).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelection, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

RecordRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Column:
    title: str
    value: Callable[[Any], Any]
    sort_key: Callable[[Any], Any] | None = None
    align_right: bool = False
    foreground: Callable[[Any], str | None] | None = None
    background: Callable[[Any], str | None] | None = None
    tooltip: Callable[[Any], str | None] | None = None


def _safe_key(key: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def wrapped(record: Any) -> Any:
        value = key(record)
        if value is None:
            return (0, "")
        if isinstance(value, str):
            return (1, value.casefold())
        return (1, value)

    return wrapped


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], haystack: Callable[[Any], str] | None = None,
                 parent: Any = None, key: Callable[[Any], Any] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.key = key
        self._context: Any = None
        self.records: list[Any] = []
        self._haystack_fn = haystack
        self._haystacks: list[str] = []
        self._order: list[int] = []      # all record indices in the current sort order
        self._visible: list[int] = []    # the filtered subset of _order
        self._words: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- content ---------------------------------------------------------------------------------
    def set_records(self, records: Sequence[Any], context: Any = None) -> bool:
        """Show ``records``; True when they replaced the same list in place (see the module's text):
        the model has a ``key``, already shows records and ``context`` is the one it was filled for."""
        in_place = self.key is not None and bool(self.records) and context == self._context
        self._context = context
        if not in_place:
            self.beginResetModel()
            self._fill(records)
            self.endResetModel()
            return False
        key = self.key
        assert key is not None
        self.layoutAboutToBeChanged.emit()
        # after the signal: the views and the selection model have made their indices persistent
        old = self.persistentIndexList()
        where = [(key(self.record(i.row())), i.column()) for i in old]
        self._fill(records)
        rows = self._rows_of({k for k, _ in where})
        self.changePersistentIndexList(old, [
            self.index(rows[k], column) if k in rows else QModelIndex() for k, column in where])
        self.layoutChanged.emit()
        return True

    def _fill(self, records: Sequence[Any]) -> None:
        self.records = list(records)
        self._haystacks = [self._haystack_fn(r).lower().replace("-", "") for r in self.records] \
            if self._haystack_fn else []
        self._order = list(range(len(self.records)))
        if self._sort is not None:
            self._apply_sort(*self._sort)
        self._apply_filter()

    def repaint(self) -> None:
        """The records are the same, what the columns show of them changed (e.g. another desk's holds)."""
        if self._visible:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._visible) - 1, len(self.columns) - 1))

    def row_of(self, key: Any) -> int | None:
        """The visible row of the record with this key (None: not shown)."""
        return self._rows_of({key}).get(key)

    def _rows_of(self, keys: set[Any]) -> dict[Any, int]:
        """key → visible row for these keys (one pass that stops when all are found)."""
        found: dict[Any, int] = {}
        if self.key is None or not keys:
            return found
        key, records = self.key, self.records
        for row, r in enumerate(self._visible):
            k = key(records[r])
            if k in keys and k not in found:
                found[k] = row
                if len(found) == len(keys):
                    break
        return found

    def record(self, row: int) -> Any:
        return self.records[self._visible[row]]

    def total_count(self) -> int:
        return len(self.records)

    # -- search and sort -------------------------------------------------------------------------
    def set_query(self, text: str) -> None:
        words = [w for w in text.lower().replace("-", "").split() if w]
        if words == self._words:
            return
        self.beginResetModel()
        self._words = words
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        words, hay = self._words, self._haystacks
        if not words or not hay:
            self._visible = list(self._order)
        elif len(words) == 1:
            w = words[0]
            self._visible = [i for i in self._order if w in hay[i]]
        else:
            self._visible = [i for i in self._order if all(w in hay[i] for w in words)]

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        col = self.columns[column]
        key = _safe_key(col.sort_key or col.value)
        records = self.records
        self._order.sort(key=lambda i: key(records[i]), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; a negative column restores the order the records came in."""
        self.layoutAboutToBeChanged.emit()
        if 0 <= column < len(self.columns):
            self._sort = (column, order)
            self._apply_sort(column, order)
        else:
            self._sort = None
            self._order = list(range(len(self.records)))
        self._apply_filter()
        self.layoutChanged.emit()

    # -- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.records[self._visible[index.row()]]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(record)
            return "" if value is None else str(value)
        if role == RecordRole:
            return record
        if role == SortRole:
            return (column.sort_key or column.value)(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            colour = column.foreground(record)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and column.background:
            colour = column.background(record)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(record)
        return None


RESIZE_PRECISION = 60


def make_table(model: RecordTableModel) -> QTableView:
    """A read-only, row-selecting, sortable table view over ``model``."""
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # "fit columns to contents" looks at the visible rows and at most this many in all, not at every
    # row (300 clients took 70 ms on the UI thread; 100 000 submissions would take seconds)
    view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


def show_records(view: QTableView, records: Sequence[Any], context: Any = None, fit: bool = True) -> bool:
    """Fill ``view``'s ``RecordTableModel`` with ``records``. A refresh of the same list (same ``context``,
    the model has a key) keeps the selection, the current row, sorting, filter, the column widths the person
    set and the record at the top of the view; a new list starts at the top with the columns fitted to it
    (``fit``). True when it was a refresh in place. A view scrolled to the very top stays there."""
    model = view.model()
    assert isinstance(model, RecordTableModel)
    bar = view.verticalScrollBar()
    value = bar.value()
    # at the very top the view stays at the top (a new record sorted first shows); scrolled down, it keeps
    # the record it shows first where it is
    top_row = view.rowAt(0) if value > bar.minimum() else -1
    top = model.key(model.record(top_row)) if model.key is not None and top_row >= 0 else None
    offset = view.rowViewportPosition(top_row) if top_row >= 0 else 0
    chosen = view.selectionModel()
    before = [i.data(RecordRole) for i in chosen.selectedRows()]
    current = view.currentIndex().data(RecordRole)
    in_place = model.set_records(records, context)
    if not in_place:
        view.scrollToTop()
        if fit:
            view.resizeColumnsToContents()
        return False
    # Qt moves the selection quietly; the page's details and buttons follow the signals, so they go out
    # when a selected record disappeared or changed (another seat archived the payer shown)
    if [i.data(RecordRole) for i in chosen.selectedRows()] != before:
        chosen.selectionChanged.emit(QItemSelection(), QItemSelection())
    if current is not None and view.currentIndex().data(RecordRole) != current:
        now = view.currentIndex()
        chosen.currentChanged.emit(now, QModelIndex())
        chosen.currentRowChanged.emit(now, QModelIndex())
    view.updateGeometries()  # the scroll range for the new row count, before the delayed layout
    row = model.row_of(top) if top_row >= 0 else None
    if row is None:
        bar.setValue(value)
    elif view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
        bar.setValue(row)
    else:
        bar.setValue(view.rowViewportPosition(row) + value - offset)
    return True
