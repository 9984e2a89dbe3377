"""Another seat of the office changes something: the lists here refresh in place (issue 16).

What a person at this desk sees: the payer they selected stays selected, the list does not jump (the
row at the top stays at the top even when a new payer sorts above it), the sorting and the search
text stay, and a row that disappeared is just deselected. The other seat is a second App on the same
database (its own connection: SQLite's data_version poll, or PostgreSQL's LISTEN/NOTIFY), its change
reaches this window through the real watcher and the UI bridge. A hold taken at another desk shows in
Dokumenty's list ("✎ A. Nowak, 10:42", the whole "Edytuje: …" as the row's tooltip) and goes when it
is released. The status bar names the office database (never its password) and the seat's accountant.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.forms.holds import DOCUMENT_SET, Holds
from eplatnik.register.models import Payer
from eplatnik.register.synthetic import make_nip
from eplatnik.settings import ACCOUNTANT
from eplatnik.store.database import Database
from eplatnik.store.holds import HoldStore
from eplatnik.ui.table import RecordRole

pytestmark = pytest.mark.now("2026-11-20T10:00:00+01:00")
#: how long a test waits for the other seat's change to show: a failure, not a latency figure
PATIENCE_MS = 20_000


def _many_payers(app: App, n: int = 60) -> None:
    rng = random.Random(16)
    for i in range(n):
        app.register.add_payer(Payer(nip=make_nip(rng), full_name=f"Firma testowa {i:02d} sp. z o.o.",
                                     short_name=f"Firma testowa {i:02d}", city="Radom"))


@pytest.fixture
def other_seat(demo_app, tmp_path):
    """B. Kowalska at another desk: a second App on the same database (its own connection)."""
    seat = App(tmp_path / "seat-b", database=Database(demo_app.database_url))
    seat.settings.set(ACCOUNTANT, "B. Kowalska")
    yield seat
    seat.close()


def _selected(table):
    rows = table.selectionModel().selectedRows()
    return rows[0].data(RecordRole) if rows else None


@pytest.mark.both_backends
def test_payers_keep_selection_scroll_sort_and_search_when_another_seat_changes(demo_app, other_seat, qtbot,
                                                                                 request):
    _many_payers(demo_app)
    window = request.getfixturevalue("main_window")
    demo_app.watch_other_processes()
    page = window.show_page("payers")
    table, model = page.table, page.model
    qtbot.waitUntil(lambda: model.rowCount() == 63, timeout=PATIENCE_MS)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    page.search.setText("testowa")  # the 60 firms, not the demo's three
    qtbot.waitUntil(lambda: model.rowCount() == 60)
    target = model.row_of(next(p.id for p in model.records if p.short_name == "Firma testowa 40"))
    table.selectRow(target)
    table.verticalScrollBar().setValue(25)
    qtbot.wait(50)
    chosen, top = _selected(table), model.record(table.rowAt(0))
    assert chosen.short_name == "Firma testowa 40" and top.short_name == "Firma testowa 25"
    widths = [table.columnWidth(c) for c in range(model.columnCount())]

    # the other desk: renames another client's city and adds a firm that sorts above the top row
    changed = next(p for p in other_seat.register.list_payers() if p.short_name == "Firma testowa 30")
    other_seat.register.update_payer(changed.__class__(**{**changed.__dict__, "city": "Kielce"}))
    other_seat.register.add_payer(Payer(nip=make_nip(random.Random(99)), full_name="Firma testowa 00a sp. z o.o.",
                                        short_name="Firma testowa 00a", city="Radom"))

    qtbot.waitUntil(lambda: model.rowCount() == 61, timeout=PATIENCE_MS)
    qtbot.waitUntil(lambda: any(p.city == "Kielce" for p in model.records), timeout=PATIENCE_MS)
    assert _selected(table).id == chosen.id  # the same client, though its row moved down by one
    assert table.currentIndex().data(RecordRole).id == chosen.id
    assert model.record(table.rowAt(0)).id == top.id  # the view did not jump
    assert page.search.text() == "testowa" and page.count_label.text() == "Widoczne: 61 z 64"
    header = table.horizontalHeader()
    assert header.sortIndicatorSection() == 0 and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert [table.columnWidth(c) for c in range(model.columnCount())] == widths  # the person's widths
    assert page.edit_button.isEnabled()

    # the other desk archives the very client selected here: it leaves the list, nothing is selected
    other_seat.register.archive_payer(chosen.id)
    qtbot.waitUntil(lambda: model.row_of(chosen.id) is None, timeout=PATIENCE_MS)
    assert _selected(table) is None and not page.edit_button.isEnabled()
    assert model.record(table.rowAt(0)).id == top.id


def test_the_month_keeps_the_selected_clients_when_another_seat_changes_one(main_window, other_seat, qtbot):
    main_window.ctx.app.watch_other_processes()
    page = main_window.show_page("month")
    table, model = page.table, page.model
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=PATIENCE_MS)
    table.selectRow(1)
    table.selectionModel().select(model.index(2, 0), table.selectionModel().SelectionFlag.Select
                                  | table.selectionModel().SelectionFlag.Rows)
    chosen = {r.payer.id for r in page.selected_rows()}
    assert len(chosen) == 2
    renamed = next(p for p in other_seat.register.list_payers() if p.id == model.record(0).payer.id)
    other_seat.register.update_payer(renamed.__class__(**{**renamed.__dict__, "short_name": "ZMIENIONA NAZWA"}))
    qtbot.waitUntil(lambda: any(r.payer.short_name == "ZMIENIONA NAZWA" for r in model.records),
                    timeout=PATIENCE_MS)
    assert {r.payer.id for r in page.selected_rows()} == chosen


def _colleague(app) -> Holds:
    """A. Nowak at the computer biuro-3 (another holder; its clock says 10:42)."""
    return Holds(HoldStore(app.db), FixedClock("2026-11-20T10:42:00+01:00"), seat="biuro-3:anowak",
                 actor=lambda: "A. Nowak", holder="biuro-3:4242:cafe", renew_s=3600, stale_s=3600)


def test_a_set_held_at_another_desk_is_marked_in_the_list_and_unmarked_when_released(main_window, qtbot):
    page = main_window.show_page("documents")
    app = page.app
    model = page.sets_model
    qtbot.waitUntil(lambda: model.rowCount() > 1, timeout=PATIENCE_MS)
    held, free = model.record(0), model.record(1)
    column = next(i for i, c in enumerate(model.columns) if c.title == "W użyciu")
    page.sets_table.selectRow(1)  # the person looks at another set: the list still tells
    hold = _colleague(app).take(DOCUMENT_SET, held.id, "edit")
    app.events.publish("holds.changed", external=True, seat="biuro-3:anowak")  # what the feed delivers

    def cell(set_id: int, col: int, role=Qt.ItemDataRole.DisplayRole):
        return model.index(model.row_of(set_id), col).data(role)

    qtbot.waitUntil(lambda: cell(held.id, column) == "✎ A. Nowak, 10:42", timeout=PATIENCE_MS)
    assert cell(held.id, 2, Qt.ItemDataRole.ToolTipRole) == "Edytuje: A. Nowak (biuro-3) od 10:42"  # Płatnik
    assert cell(free.id, column) == "" and cell(free.id, 2, Qt.ItemDataRole.ToolTipRole) is None
    assert page.sets_table.columnWidth(column) >= page.sets_table.fontMetrics().horizontalAdvance(
        "✎ A. Nowak, 10:42")  # shown whole, not cut
    assert _selected(page.sets_table).id == free.id

    hold.release()
    app.events.publish("holds.changed", external=True, seat="biuro-3:anowak")
    qtbot.waitUntil(lambda: cell(held.id, column) == "", timeout=PATIENCE_MS)
    assert _selected(page.sets_table).id == free.id


@pytest.mark.both_backends
def test_the_status_bar_names_the_database_never_its_password_and_the_accountant(backend, demo_app, request):
    from plugins.postgres import PASSWORD

    window = request.getfixturevalue("main_window")
    label = window.workspace_label
    assert label.text().endswith(f" · Księgowy/księgowa: Maria Wiśniewska ({demo_app.seat.id})")  # the demo's
    demo_app.settings.set(ACCOUNTANT, "")
    window.refresh_status()
    assert label.text().endswith(f" · Księgowy/księgowa: (nie podano — Ustawienia) ({demo_app.seat.id})")
    demo_app.settings.set(ACCOUNTANT, "B. Kowalska")
    window.refresh_status()  # what saving Ustawienia does
    who = f" · Księgowy/księgowa: B. Kowalska ({demo_app.seat.id})"
    if backend == "sqlite":
        assert label.text() == f"Obszar roboczy: {demo_app.basedir}{who}"
        assert label.toolTip() == str(demo_app.basedir)
        return
    url = demo_app.database_url
    assert label.text() == f"Baza biura: 127.0.0.1:{url.port}/{url.database}{who}"
    assert label.toolTip() == (f"Baza biura postgresql://eplatnik_test@127.0.0.1:{url.port}/{url.database}; "
                               f"pliki tego stanowiska: {demo_app.basedir}")
    assert PASSWORD not in label.text() + label.toolTip()


@pytest.mark.both_backends
def test_the_clients_history_names_the_other_seats_accountant_and_desk_as_it_happens(demo_app, other_seat, qtbot,
                                                                                      request):
    window = request.getfixturevalue("main_window")
    demo_app.watch_other_processes()
    other_seat.db.identify(seat="biuro-3:bkowalska", actor=lambda: "B. Kowalska")  # the desk it stands for
    page = window.show_page("payers")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=PATIENCE_MS)
    page.table.selectRow(0)
    payer = _selected(page.table)
    page.history_button.click()
    history = page.history
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=PATIENCE_MS)
    before = history.model.rowCount()
    history.table.selectRow(before - 1)  # the oldest entry: the person reads it while the other desk works
    chosen = _selected(history.table)

    other_seat.register.update_payer(payer.__class__(**{**payer.__dict__, "city": "Kielce"}))
    qtbot.waitUntil(lambda: history.model.rowCount() == before + 1, timeout=PATIENCE_MS)
    newest = [history.model.index(0, c).data() for c in range(3)]
    assert newest[1:] == ["B. Kowalska", "biuro-3:bkowalska"]
    assert _selected(history.table) == chosen  # still the entry being read
    assert history.details.text().startswith(history.model.index(before, 0).data())


def test_korespondencja_keeps_the_letter_being_read_when_another_letter_arrives(main_window, demo_app, qtbot):
    from plugins.gateway import start_sandbox
    from plugins.letters import TECHBUD, place

    server = start_sandbox(demo_app.basedir / "sandbox")
    try:
        demo_app.gateway_url_override = server.url
        place(demo_app.basedir, TECHBUD, title="Decyzja w sprawie rat", days_ago=3)
        place(demo_app.basedir, "5261040828", title="Zawiadomienie", kind="notice", days_ago=20)
        page = main_window.show_page("letters")
        page.refresh()
        qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=PATIENCE_MS)
        row = next(r for r in range(2) if page.model.record(r).record.title == "Zawiadomienie")
        page.table.selectRow(row)
        reading, details = page.selected().record.id, page.details.text()
        assert "KOWALSKI REMONTY" in details  # ZUS gave the NIP only: the register's name

        place(demo_app.basedir, TECHBUD, title="Wezwanie", kind="letter")
        demo_app.letters.sync()  # as another desk's fetch would; the page hears letters.changed
        demo_app.events.publish("letters.changed", external=True, seat="biuro-3:bkowalska")
        qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=PATIENCE_MS)
        assert page.selected().record.id == reading and page.details.text() == details
        assert len(page.table.selectionModel().selectedRows()) == 1
    finally:
        demo_app.gateway_url_override = None
        server.stop()


def test_one_change_of_another_seat_touching_several_topics_is_one_dashboard_load(main_window, qtbot, monkeypatch):
    page = main_window.show_page("dashboard")
    app = page.app
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() > 0, timeout=PATIENCE_MS)
    qtbot.wait(300)
    loads: list[int] = []
    service = app.dashboard
    real = service.load
    monkeypatch.setattr(service, "load", lambda **kw: loads.append(1) or real(**kw))
    page.table.selectRow(1)
    chosen = _selected(page.table)
    for topic in ("documents.changed", "gateway.submission", "register.changed", "account.changed"):
        app.events.publish(topic, external=True, seat="biuro-3:bkowalska")  # a month-end run's commit
    qtbot.waitUntil(lambda: loads == [1], timeout=PATIENCE_MS)
    qtbot.wait(500)
    assert loads == [1]
    assert _selected(page.table) == chosen  # the row chosen stays chosen


def test_the_form_being_read_stays_scrolled_where_it_was_when_another_seat_changes_a_set(main_window, qtbot):
    page = main_window.show_page("documents")
    model = page.sets_model
    qtbot.waitUntil(lambda: model.rowCount() > 1, timeout=PATIENCE_MS)
    page.sets_table.selectRow(0)
    form = page.form_view
    qtbot.waitUntil(lambda: form.scroll is not None and form.scroll.verticalScrollBar().maximum() > 300,
                    timeout=PATIENCE_MS)
    form.scroll.verticalScrollBar().setValue(300)
    area = form.scroll
    page.app.events.publish("documents.changed", external=True, seat="biuro-3:bkowalska")
    qtbot.waitUntil(lambda: form.scroll is not area, timeout=PATIENCE_MS)  # the page was built again
    qtbot.wait(100)
    assert form.scroll.verticalScrollBar().value() == 300
    assert _selected(page.sets_table).id == model.record(0).id


def test_ubezpieczeni_keep_the_chosen_person_when_another_seat_adds_one(main_window, other_seat, qtbot):
    from datetime import date
    from decimal import Decimal

    from eplatnik.register.models import InsuredPerson, InsuredRecord
    from eplatnik.register.synthetic import pesel_for

    app = main_window.ctx.app
    app.watch_other_processes()
    techbud = next(p for p in app.register.list_payers() if p.short_name.startswith("TECHBUD"))
    page = main_window.show_page("insured", payer_id=techbud.id)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() > 1, timeout=PATIENCE_MS)
    payer_id = page.payer_id()
    page.table.selectRow(model.rowCount() - 1)
    chosen = _selected(page.table)
    other_seat.register.add_insured(InsuredPerson(payer_id=payer_id, pesel=pesel_for(date(1990, 3, 4), 123, True),
                                                  record=InsuredRecord(
        first_name="Ewa", last_name="Aaronowicz", birth_date=date(1990, 3, 4), insurance_title_code="011000",
        start_date=date(2026, 11, 1), gross_pay=Decimal("6000.00"))))
    before = model.rowCount()
    qtbot.waitUntil(lambda: model.rowCount() == before + 1, timeout=PATIENCE_MS)
    assert _selected(page.table).id == chosen.id
    page.payer.setCurrentIndex((page.payer.currentIndex() + 1) % page.payer.count())  # another payer's people
    qtbot.waitUntil(lambda: all(p.payer_id != payer_id for p in model.records), timeout=PATIENCE_MS)
    assert _selected(page.table) is None


def test_a_hold_that_goes_stale_leaves_the_list_without_any_event(main_window, qtbot):
    page = main_window.show_page("documents")
    app = page.app
    model = page.sets_model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=PATIENCE_MS)
    column = next(i for i, c in enumerate(model.columns) if c.title == "W użyciu")
    assert page.sets_table.isColumnHidden(column)   # no empty column while nobody holds anything
    page.holds._recheck.setInterval(200)  # 30 s in the program
    # a desk whose program died: its hold is never renewed and is stale 3 s after it was taken
    dead = Holds(HoldStore(app.db), app.clock, seat="biuro-3:anowak", actor=lambda: "A. Nowak",
                 holder="biuro-3:4242:dead", renew_s=3600, stale_s=3)
    hold = dead.take(DOCUMENT_SET, model.record(0).id, "sign")
    hold._stop.set()  # the program died: no renewal (its row stays in the table)
    app.events.publish("holds.changed", external=True, seat="biuro-3:anowak")
    qtbot.waitUntil(lambda: model.index(0, column).data().startswith("✎ A. Nowak"), timeout=PATIENCE_MS)
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("Podpisuje: A. Nowak (biuro-3) od ")
    assert not page.sets_table.isColumnHidden(column)
    qtbot.waitUntil(lambda: model.index(0, column).data() == "", timeout=PATIENCE_MS)
    qtbot.waitUntil(lambda: page.sets_table.isColumnHidden(column), timeout=PATIENCE_MS)


def test_the_month_shows_which_clients_set_is_open_at_another_desk(main_window, qtbot):
    page = main_window.show_page("month")
    app, model = page.app, page.model
    qtbot.waitUntil(lambda: model.rowCount() == 3 and any(r.set_id for r in model.records), timeout=PATIENCE_MS)
    row = next(r for r in range(3) if model.record(r).set_id)
    record = model.record(row)
    plain = model.index(row, 2).data()
    hold = _colleague(app).take(DOCUMENT_SET, record.set_id, "sign")
    app.events.publish("holds.changed", external=True, seat="biuro-3:anowak")
    qtbot.waitUntil(lambda: model.index(model.row_of(record.payer.id), 2).data() == f"{plain} ✎ A. Nowak",
                    timeout=PATIENCE_MS)
    assert model.index(model.row_of(record.payer.id), 2).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "Podpisuje: A. Nowak (biuro-3) od 10:42")
    hold.release()
    app.events.publish("holds.changed", external=True, seat="biuro-3:anowak")
    qtbot.waitUntil(lambda: model.index(model.row_of(record.payer.id), 2).data() == plain, timeout=PATIENCE_MS)
