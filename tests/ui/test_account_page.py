"""The Konto page offscreen on a workspace whose declarations the real sandbox accepted: totals and
months in Polish amounts, a statement imported through the preview dialog (MT940 and a bank's CSV),
the arrears column on the dashboard, and "Umów e-wizytę z doradcą" pre-filling the e-visit."""

from __future__ import annotations

import gc
from datetime import date
from decimal import Decimal

import pytest
import shiboken6
from plugins.account import Tx, csv_export, mt940, to_nrs
from PySide6.QtCore import Qt

# interest, arrears and deadlines below are figures as of this moment
pytestmark = pytest.mark.now("2026-11-20T10:00:00+01:00")

TECHBUD, NOWAK = "9512345675", "7792433421"


@pytest.fixture
def window(qtbot, accepted_app, polish_translations):
    from eplatnik.ui import crash
    from eplatnik.ui.application import build_window
    from eplatnik.ui.ops import wait_for_all

    crash.install(accepted_app.basedir / "logs", headless=True)
    gc.collect()
    win = build_window(accepted_app)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if shiboken6.isValid(win):
        win.close()
    wait_for_all(10000)
    qtbot.wait(10)
    gc.collect()
    assert crash.last_crash_file() is None


def _payer_id(app, nip):
    return next(p.id for p in app.register.list_payers() if p.nip == nip)


def test_account_page_shows_arrears_and_imports_a_statement(window, accepted_app, qtbot, tmp_path):
    page = window.show_page("account", payer_id=_payer_id(accepted_app, TECHBUD))
    qtbot.waitUntil(lambda: page.months.rowCount() == 2, timeout=15000)
    assert page.totals["arrears"].text() == "72 824,14 zł"
    assert "c62828" in page.totals["arrears"].styleSheet()
    assert page.totals["interest"].text() == "395,00 zł"       # September, 36 days late at 11 %
    assert page.months.data(page.months.index(0, 3)) == "36 412,07"
    assert page.instalments_button.isEnabled()

    statement = tmp_path / "pko.sta"
    statement.write_bytes(mt940([Tx(date(2026, 11, 16), Decimal("36412.07"), to_nrs(TECHBUD)),
                                 Tx(date(2026, 11, 17), Decimal("99.00"), "10105000997603123456789123",
                                    name="Energa", title="Prąd")], style="pko", encoding="cp1250", crlf=True))
    page.open_statement(statement)
    dialog = page.statement_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    assert "1 wpłat składek, 1 pominiętych" in dialog.summary.text()
    assert not dialog.mapping_box.isVisible()
    assert dialog.model.data(dialog.model.index(0, 3)).startswith("wpłata: TECHBUD")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: page.payments.rowCount() == 1, timeout=10000)
    qtbot.waitUntil(lambda: page.totals["arrears"].text() == "36 412,07 zł", timeout=10000)


def test_csv_statement_shows_the_column_mapping(window, accepted_app, qtbot, tmp_path):
    page = window.show_page("account", payer_id=_payer_id(accepted_app, NOWAK))
    qtbot.waitUntil(lambda: page.months.rowCount() == 2, timeout=15000)
    export = tmp_path / "mbank.csv"
    export.write_bytes(csv_export([Tx(date(2026, 11, 3), Decimal("100.00"), to_nrs(NOWAK))], bank="mbank"))
    page.open_statement(export)
    dialog = page.statement_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    assert dialog.mapping_box.isVisible()
    assert dialog.column_combos["amount"].currentText() == "#Kwota"
    dialog.column_combos["amount"].setCurrentIndex(dialog.column_combos["amount"].findText("#Data operacji"))
    qtbot.waitUntil(lambda: "2026-11-03" in dialog.error.text() or "Wiersz 5" in dialog.error.text(), timeout=10000)
    assert not dialog.import_button.isEnabled()       # an amount column that holds dates is refused, by line
    dialog.column_combos["amount"].setCurrentIndex(dialog.column_combos["amount"].findText("#Kwota"))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
    dialog.reject()


def test_dashboard_column_and_the_relief_visit(window, accepted_app, qtbot):
    dashboard = window.show_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.model is not None and dashboard.model.rowCount() == 3, timeout=15000)
    column = next(i for i in range(dashboard.model.columnCount())
                  if dashboard.model.headerData(i, Qt.Orientation.Horizontal) == "Zaległość")
    shown = {dashboard.model.record(r).payer.nip: dashboard.model.data(dashboard.model.index(r, column))
             for r in range(3)}
    assert shown[TECHBUD] == "72 824,14"

    page = window.show_page("account", payer_id=_payer_id(accepted_app, TECHBUD))
    qtbot.waitUntil(lambda: page.ledger is not None and page.payer.nip == TECHBUD, timeout=15000)
    page.visit_button.click()
    visits = window.page("visits")
    qtbot.waitUntil(lambda: window.current_page() is visits, timeout=15000)
    assert visits.topic_combo.currentData() == "raty"
    assert "Zaległość 73 219,14 zł" in visits.note_edit.toPlainText()
    draft = accepted_app.basedir / "relief" / f"raty-{TECHBUD}.pdf"
    assert draft.exists() and draft.read_bytes().startswith(b"%PDF")
    assert "Projekt wniosku przygotowany z konta" in visits.checklist_label.text()
    assert str(draft) in visits.checklist_label.text()


def _answer_pin(pin: str | None, asked: list, *, after_ms: int = 0, covered: list | None = None):
    """Types the password into the PIN dialog (or cancels it: ``pin`` None) ``after_ms`` after it
    appears, as a person who takes a moment; ``covered`` collects whether a progress window was
    visible meanwhile."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from eplatnik.ui.dialogs.pin_dialog import PinDialog

    seen: dict = {}

    def check():
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, PinDialog) and w.isVisible()),
                      None)
        if dialog is None:
            return
        if covered is not None:
            covered.append(any(isinstance(w, QProgressDialog) and w.isVisible()
                               for w in QApplication.allWidgets()))
        first = seen.setdefault(id(dialog), time.monotonic())
        if (time.monotonic() - first) * 1000 < after_ms:
            return
        asked.append(dialog.prompt.text())
        if pin is None:
            dialog.reject()
        else:
            dialog.field.setText(pin)
            dialog.accept()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(50)
    return timer


def test_relief_application_sent_to_zus_and_the_decision_shows_in_correspondence(window, accepted_app, qtbot):
    from PySide6.QtWidgets import QLabel, QPushButton

    page = window.show_page("account", payer_id=_payer_id(accepted_app, TECHBUD))
    qtbot.waitUntil(lambda: page.ledger is not None and page.payer.nip == TECHBUD, timeout=15000)
    assert page.send_button.text() == "Wyślij wniosek do ZUS…" and page.send_button.isEnabled()
    assert page.send_instalments.isEnabled() and not page.send_deferral.isEnabled()   # everything is past due
    page.instalments_spin.setValue(6)
    page.send_instalments.trigger()
    qtbot.waitUntil(lambda: page.relief_sender.dialog is not None and page.relief_sender.dialog.isVisible(),
                    timeout=15000)
    dialog = page.relief_sender.dialog
    summary = dialog.findChild(QLabel, "reliefSummary").text()
    assert "liczba rat: 6" in summary and "73 219,14 zł z odsetkami" in summary and "2026-09, 2026-10" in summary
    assert not dialog.findChild(QLabel, "reliefEarlier").isVisible()
    dialog.use_file.setChecked(True)
    dialog.p12_path.setText(str(accepted_app.basedir / "demo" / "signer.p12"))
    asked: list = []
    timer = _answer_pin(None, asked)                         # the person cancels at the password
    try:
        dialog.findChild(QPushButton, "reliefSignAndSend").click()
        qtbot.waitUntil(lambda: "Przerwano" in page.relief_status.text(), timeout=30000)
    finally:
        timer.stop()
    assert not [s for s in accepted_app.gateway.list() if s.forms == "WNIOSEK-RATY"]   # nothing sent
    qtbot.waitUntil(page.send_button.isEnabled, timeout=5000)

    page.send_instalments.trigger()
    qtbot.waitUntil(lambda: page.relief_sender.dialog is not dialog and page.relief_sender.dialog.isVisible(),
                    timeout=15000)
    dialog = page.relief_sender.dialog
    dialog.use_file.setChecked(True)
    dialog.p12_path.setText(str(accepted_app.basedir / "demo" / "signer.p12"))
    asked.clear()
    covered: list = []
    timer = _answer_pin("demo", asked, after_ms=1500, covered=covered)   # typed slowly: 1.5 s
    try:
        dialog.findChild(QPushButton, "reliefSignAndSend").click()
        qtbot.waitUntil(lambda: "przyjęty" in page.relief_status.text(), timeout=60000)
    finally:
        timer.stop()
    assert len(asked) == 1                                   # the password, asked once, off the UI thread
    assert covered and not any(covered)                      # no progress window over the password dialog
    status = page.relief_status.text()
    assert "UPP sprawdzone" in status and "Decyzja w sprawie rozłożenia na raty" in status
    [sub] = [s for s in accepted_app.gateway.list() if s.forms == "WNIOSEK-RATY"]
    assert sub.state == "accepted" and sub.reference in status

    page.relief_status.linkActivated.emit("letters")         # the link in the message
    letters = window.page("letters")
    qtbot.waitUntil(lambda: window.current_page() is letters and letters.model.rowCount() == 1, timeout=15000)
    assert "Decyzja w sprawie rozłożenia na raty" in letters.model.data(letters.model.index(0, 1))
    assert "do odbioru" in letters.model.data(letters.model.index(0, 3))

    # sending again: the dialog says this client already sent one
    page = window.show_page("account", payer_id=_payer_id(accepted_app, TECHBUD))
    qtbot.waitUntil(lambda: page.ledger is not None, timeout=15000)
    page.relief_sender.dialog = None
    page.send_instalments.trigger()
    qtbot.waitUntil(lambda: page.relief_sender.dialog is not None and page.relief_sender.dialog.isVisible(),
                    timeout=15000)
    earlier = page.relief_sender.dialog.findChild(QLabel, "reliefEarlier")
    assert earlier.isVisible() and sub.reference in earlier.text()
    page.relief_sender.dialog.reject()
