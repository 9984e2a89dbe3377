"""Płatnicy → Historia zmian offscreen: the selected payer's changes by two accountants at two seats,
newest first, in Polish (dates 05.12.2026 13:03, local time), read off the UI thread; it follows the
selection and a change made while it is shown; the page still fits 1024×768."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.register.models import InsuredPerson, InsuredRecord, Payer
from eplatnik.settings import ACCOUNTANT
from eplatnik.workdays import PayerType

NIP, OTHER = "8567346215", "5261040828"


def _payer(nip: str, name: str) -> Payer:
    return Payer(nip=nip, full_name=f"{name} sp. z o.o.", short_name=name, payer_type=PayerType.LEGAL,
                 regon="192598184", postal_code="00-950", city="Warszawa")


def _at_seat(app: App, accountant: str, seat: str, moment: str) -> None:
    app.clock.set(moment)
    app.settings.set(ACCOUNTANT, accountant)
    app.db.identify(seat=seat, actor=lambda: accountant)


@pytest.fixture
def office_app(tmp_path):
    app = App(tmp_path / "ws", clock=FixedClock("2026-12-01T09:15"))
    _at_seat(app, "Anna Nowak", "biuro-1:anowak", "2026-12-01T09:15")
    payer = app.register.add_payer(_payer(NIP, "FIRMA TESTOWA"))
    app.register.add_payer(_payer(OTHER, "INNA FIRMA"))
    _at_seat(app, "Katarzyna Wiśniewska", "biuro-2:kwisniewska", "2026-12-03T14:30")
    app.register.add_insured(InsuredPerson(payer_id=payer.id, pesel="44051401359", record=InsuredRecord(
        first_name="Jan", last_name="Nowak", birth_date=date(1944, 5, 14), insurance_title_code="011000",
        start_date=date(2026, 1, 1), gross_pay=Decimal("5000.00"))))
    _at_seat(app, "Anna Nowak", "biuro-1:anowak", "2026-12-05T13:03")
    yield app
    app.close()


@pytest.fixture
def window(qtbot, office_app, polish_translations):
    from eplatnik.ui import crash
    from eplatnik.ui.application import build_window
    from eplatnik.ui.ops import wait_for_all

    crash.install(office_app.basedir / "logs", headless=True)
    gc.collect()
    win = build_window(office_app)
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if shiboken6.isValid(win):
        win.close()
    wait_for_all(10000)
    qtbot.wait(10)
    gc.collect()
    assert crash.last_crash_file() is None


def _select(page, qtbot, nip: str) -> None:
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    row = next(r for r in range(page.model.rowCount()) if page.model.record(r).nip == nip)
    page.table.selectRow(row)


def _cells(history) -> list[list[str]]:
    m = history.model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_history_tab_names_who_and_which_seat_newest_first(window, office_app, qtbot):
    page = window.show_page("payers")
    _select(page, qtbot, NIP)
    assert page.tabs.tabText(2) == "Historia zmian"
    assert page.history_button.text() == "Historia zmian" and page.history_button.isEnabled()
    page.history_button.click()                 # the selected payer's history
    history = page.history
    assert page.tabs.currentWidget() is history
    qtbot.waitUntil(lambda: history.model.rowCount() == 2, timeout=10000)
    assert history.title.text() == f"Historia zmian: FIRMA TESTOWA (NIP {NIP})"
    headers = [history.model.headerData(c, Qt.Orientation.Horizontal) for c in range(history.model.columnCount())]
    assert headers == ["Kiedy", "Kto", "Stanowisko", "Co zrobiono", "Czego dotyczy"]
    assert _cells(history) == [
        ["03.12.2026 14:30", "Katarzyna Wiśniewska", "biuro-2:kwisniewska", "Dodano ubezpieczonego",
         "ubezpieczony 44051401359"],
        ["01.12.2026 09:15", "Anna Nowak", "biuro-1:anowak", "Dodano płatnika do rejestru", "płatnik"],
    ]
    history.table.selectRow(1)   # the entry in full under the table
    assert history.details.text() == \
        f"01.12.2026 09:15, Anna Nowak przy biuro-1:anowak: Dodano płatnika do rejestru — płatnik ({NIP})"
    assert history.count_label.text() == "2 wpisy (najnowsze na górze)"

    # a change made while the tab is shown appears at the top
    payer = office_app.register.find_payer(NIP)
    office_app.register.update_payer(replace(payer, city="Kraków", postal_code="30-001"))
    qtbot.waitUntil(lambda: history.model.rowCount() == 3, timeout=10000)
    assert _cells(history)[0][:4] == ["05.12.2026 13:03", "Anna Nowak", "biuro-1:anowak", "Zmieniono dane płatnika"]

    # only since a day
    history.since_edit.setDate(history.since_edit.date().fromString("03.12.2026", "dd.MM.yyyy"))
    history.since_box.setChecked(True)
    qtbot.waitUntil(lambda: history.model.rowCount() == 2, timeout=10000)

    # another payer: its own history
    page.tabs.setCurrentIndex(0)
    history.since_box.setChecked(False)
    _select(page, qtbot, OTHER)
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: history.title.text().startswith("Historia zmian: INNA FIRMA"), timeout=10000)
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=10000)
    assert history.count_label.text() == "1 wpis (najnowsze na górze)"

    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1024 and window.minimumSizeHint().height() <= 700


def test_without_a_selected_payer_it_says_what_to_do(window, qtbot):
    page = window.show_page("payers")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    page.table.clearSelection()
    assert not page.history_button.isEnabled()
    page.tabs.setCurrentIndex(2)
    assert page.history.title.text() == \
        "Wybierz płatnika na karcie Płatnicy, aby zobaczyć, kto, co i kiedy zmienił."
    assert page.history.model.rowCount() == 0
