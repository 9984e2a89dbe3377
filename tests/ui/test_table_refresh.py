"""``show_records``: what a list looks like after a refresh in place (issue 16, the lists of every page).

A list of 200 clients in a 300-pixel view: the person's selection (one or several rows), the current
row, the sorting, the search words and the row at the top survive a refresh with new data; a row that
disappeared is deselected (and the page hears it); a list at the very top stays at the top so a new
record sorted first shows; another list (another context: another payer, another month) starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from eplatnik.ui.table import Column, RecordRole, RecordTableModel, make_table, show_records


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    city: str = "Radom"


def clients(n: int = 200, **changed: str) -> list[Client]:
    return [Client(i, f"Klient {i:03d}", changed.get(str(i), "Radom")) for i in range(n)]


@pytest.fixture
def view(qtbot):
    model = RecordTableModel([Column("Nazwa", lambda c: c.name), Column("Miasto", lambda c: c.city)],
                             haystack=lambda c: f"{c.name} {c.city}", key=lambda c: c.id)
    table = make_table(model)
    qtbot.addWidget(table)
    table.resize(400, 300)
    table.show()
    qtbot.waitExposed(table)
    show_records(table, clients())
    return table


def selected(view) -> list[Client]:
    return [i.data(RecordRole) for i in view.selectionModel().selectedRows()]


def top(view) -> Client:
    return view.model().record(view.rowAt(0))


def test_selection_current_row_and_top_row_survive_new_data_and_a_row_inserted_above(view, qtbot):
    view.selectRow(120)
    view.verticalScrollBar().setValue(100)
    qtbot.wait(10)
    assert top(view).id == 100
    heard: list[str] = []
    view.selectionModel().selectionChanged.connect(lambda *_: heard.append("selection"))

    assert show_records(view, [Client(-1, "Klient nowy"), *clients(**{"120": "Kielce"})])
    assert [c.id for c in selected(view)] == [120] and selected(view)[0].city == "Kielce"
    assert view.currentIndex().data(RecordRole).id == 120
    assert top(view).id == 100  # the row it showed first, though everything moved down by one
    assert heard == ["selection"]  # the selected client's data changed: the page shows it again


def test_a_vanished_row_is_deselected_and_the_page_is_told(view):
    view.selectRow(50)
    heard: list[str] = []
    view.selectionModel().selectionChanged.connect(lambda *_: heard.append("selection"))
    view.selectionModel().currentRowChanged.connect(lambda *_: heard.append("current"))
    assert show_records(view, [c for c in clients() if c.id != 50])
    assert selected(view) == [] and not view.currentIndex().isValid()
    assert heard == ["selection", "current"]


def test_several_selected_rows_sorting_and_search_are_kept(view):
    model = view.model()
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    model.set_query("klient 1")
    chosen = view.selectionModel()
    for row in (3, 7):
        chosen.select(model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                      | QItemSelectionModel.SelectionFlag.Rows)
    ids = sorted(c.id for c in selected(view))
    assert show_records(view, clients(250))
    assert sorted(c.id for c in selected(view)) == ids
    assert model.rowCount() == sum(1 for i in range(250) if "1" in f"{i:03d}")  # still searched
    assert model.record(0).name == "Klient 241"  # still descending
    assert view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_at_the_top_the_view_stays_at_the_top_so_a_new_first_record_shows(view):
    assert view.verticalScrollBar().value() == 0
    show_records(view, [Client(-1, "Klient nowy"), *clients()])
    assert top(view).id == -1


def test_another_list_starts_at_the_top_with_nothing_selected(view):
    view.selectRow(120)
    view.verticalScrollBar().setValue(100)
    assert not show_records(view, clients(), context="another payer")
    assert selected(view) == [] and view.verticalScrollBar().value() == 0


def test_a_model_without_a_key_is_filled_afresh(qtbot):
    model = RecordTableModel([Column("Nazwa", lambda c: c.name)])
    table = make_table(model)
    qtbot.addWidget(table)
    show_records(table, clients(10))
    table.selectRow(3)
    assert not show_records(table, clients(10))
    assert selected(table) == []
