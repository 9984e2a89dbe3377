"""Pulpit as a person uses it: each client's state, amount, deadline and next-step button; the button
takes them where the step is done; a missed deadline is the first row, in red; all accepted looks done."""

from __future__ import annotations

from PySide6.QtCore import Qt

from eplatnik.period import Period


def _dashboard(window, qtbot, rows: int):
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == rows, timeout=10000)
    return page


def _cell(page, row: int, column: str) -> str:
    titles = [c.title for c in page.model.columns]
    return page.model.index(row, titles.index(column)).data()


def _click_step(page, qtbot, row: int) -> None:
    """A real mouse click on the row's next-step button (the delegate draws it in the last column)."""
    index = page.model.index(row, len(page.model.columns) - 1)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_each_client_with_state_amount_deadline_and_next_step(office_window, qtbot):
    window, _app, _clock = office_window
    page = _dashboard(window, qtbot, 3)
    assert [c.title for c in page.model.columns] == ["Klient / typ płatnika", "Okres i stan", "Do zapłaty",
                                                     "Zaległość", "Termin", "Pisma z ZUS", "Następny krok"]
    first = page.model.record(0)
    assert first.payer.short_name == "TECHBUD SP. Z O.O."  # the nearest deadline first
    assert "osoba prawna" in _cell(page, 0, "Klient / typ płatnika")  # payer type beside the name
    assert _cell(page, 0, "Okres i stan") == "10.2026: zweryfikowany" and _cell(page, 0, "Do zapłaty").endswith(" zł")
    assert _cell(page, 0, "Zaległość") == "—"
    assert _cell(page, 0, "Termin") == "16.11.2026 (za 6 dni)"
    assert _cell(page, 0, "Pisma z ZUS") == "" and page.letters_card.value.text() == "0"   # no letters yet
    assert {_cell(page, r, "Następny krok") for r in range(3)} == {"Podpisz"}
    assert page.banner.property("kind") == "work" and page.missed_card.value.text() == "0"


def test_fix_errors_opens_the_form_at_the_first_error(office_window, qtbot):
    window, app, _clock = office_window
    kowalski = app.register.find_payer("5261040828")
    info = app.documents.latest_monthly(kowalski.id, Period(2026, 10))
    broken = app.documents.edit_field(info.id, "DRA", "social_total", "1.00")
    app.documents.verify(broken.id)
    page = _dashboard(window, qtbot, 3)
    row = next(r for r in range(3) if page.model.record(r).payer.nip == "5261040828")
    qtbot.waitUntil(lambda: _cell(page, row, "Następny krok") == "Popraw błędy", timeout=5000)
    assert "błędy:" in _cell(page, row, "Okres i stan")
    _click_step(page, qtbot, row)
    docs = window.current_page()
    assert docs.objectName() == "page-documents"
    qtbot.waitUntil(lambda: any(b.severity == "error" for b in docs.form_view.boxes), timeout=10000)
    from eplatnik.ui.pages.documents import TAB_FORM

    assert docs.tabs.currentIndex() == TAB_FORM and docs.selected_info().id == broken.id
    focused = [b for b in docs.form_view.boxes if b.hasFocus() or b.severity == "error"]
    assert any((b.field.block, b.field.pole) == ("IV", "p37") for b in focused)


def test_missed_deadline_first_in_red_and_create_builds_the_new_month(office_window, qtbot):
    window, app, clock = office_window
    clock.set("2026-12-01T09:00")  # October's deadlines passed unsent; November's is now current
    page = _dashboard(window, qtbot, 6)
    missed = [page.model.record(r) for r in range(3)]
    assert all(r.missed and r.period == Period(2026, 10) for r in missed)
    assert "termin minął" in _cell(page, 0, "Termin")
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert page.banner.property("kind") == "missed" and "Przekroczone terminy: 3" in page.banner.text()
    assert page.missed_card.value.text() == "3"
    create = next(r for r in range(3, 6) if page.model.record(r).payer.nip == "9512345675")
    assert _cell(page, create, "Okres i stan") == "11.2026: brak zestawu"
    assert _cell(page, create, "Następny krok") == "Utwórz"
    _click_step(page, qtbot, create)
    docs = window.current_page()
    qtbot.waitUntil(lambda: docs.selected_info() is not None and docs.selected_info().period == "2026-11",
                    timeout=20000)
    assert docs.selected_info().payer_nip == "9512345675"
    assert app.documents.latest_monthly(app.register.find_payer("9512345675").id, Period(2026, 11)) is not None


def test_all_accepted_looks_done(office_window, qtbot):
    window, app, _clock = office_window
    from eplatnik.forms.model import SetStatus

    for info in app.documents.list_sets(period=Period(2026, 10)):
        for step in (SetStatus.SIGNED, SetStatus.QUEUED, SetStatus.SENT, SetStatus.ACCEPTED):
            app.documents.transition(info.id, step)
    page = _dashboard(window, qtbot, 3)
    qtbot.waitUntil(lambda: page.banner.property("kind") == "done", timeout=5000)
    assert "Wszystko zrobione" in page.banner.text() and page.done_card.value.text() == "3"
    assert {_cell(page, r, "Następny krok") for r in range(3)} == {"Zobacz UPO"}
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#e8f5e9"
