"""The month-end page and run window offscreen: the per-client table from a real demo workspace,
a run for every client signed with the demo .p12 (PIN asked once through the PIN dialog), sent to a
real sandbox on loopback, each client's line ending "accepted", and the table following."""

from __future__ import annotations

import pytest
from plugins.gateway import start_sandbox
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTextBrowser


@pytest.fixture
def month_page(main_window, demo_app, qtbot):
    from eplatnik.ui.pages.month import create_page

    server = start_sandbox(demo_app.basedir / "sandbox", processing_seconds=0.1)
    demo_app.gateway_url_override = server.url
    demo_app.gateway.poll_seconds = 0.1
    page = create_page(main_window.ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10000)
    yield page
    server.stop()


def _answer_pin(pin: str, asked: list) -> QTimer:
    """Types the password into the PIN dialog when it appears (it runs its own modal loop)."""
    from eplatnik.ui.dialogs.pin_dialog import PinDialog

    def check():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PinDialog):
            asked.append(dialog.prompt.text())
            dialog.field.setText(pin)
            dialog.accept()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(50)
    return timer


def test_table_shows_each_client_with_deadline_and_state(month_page):
    page = month_page
    states = {page.model.data(page.model.index(r, 1)): page.model.data(page.model.index(r, 2)) for r in range(3)}
    assert set(states) == {"5261040828", "7792433421", "9512345675"}
    # Polish, nothing sent yet (a set may carry warnings, e.g. when the year's figures are still drafts)
    assert {state.split(" (")[0] for state in states.values()} <= {"brak zestawu", "roboczy", "zweryfikowany"}
    deadlines = {page.model.data(page.model.index(r, 1)): page.model.data(page.model.index(r, 3)) for r in range(3)}
    from eplatnik.workdays import PayerType, monthly_deadline

    assert deadlines["9512345675"] == monthly_deadline(PayerType.LEGAL, page.current_period).strftime("%d.%m.%Y")
    page.search.setText("nowak")
    assert page.model.rowCount() == 1
    page.search.setText("")
    page.filter.setCurrentIndex(page.filter.findData("rejected"))
    assert page.filter.currentText() == "tylko odrzucone"
    assert page.model.rowCount() == 0


def test_run_window_signs_once_sends_and_the_table_follows(month_page, demo_app, qtbot):
    page = month_page
    page.run_shown.click()
    qtbot.waitUntil(lambda: page.run_dialog is not None and page.run_dialog.model.rowCount() == 3, timeout=10000)
    dialog = page.run_dialog
    dialog.source.setCurrentIndex(dialog.source.findData("p12"))
    dialog.p12.setText(str(demo_app.basedir / "demo" / "signer.p12"))
    asked: list = []
    timer = _answer_pin("demo", asked)
    dialog.start_button.click()

    def all_accepted():
        steps = [dialog.model.data(dialog.model.index(r, 2)) for r in range(dialog.model.rowCount())]
        return steps == ["przyjęty"] * 3 and dialog.op is None

    qtbot.waitUntil(all_accepted, timeout=60000)
    timer.stop()
    assert len(asked) == 1  # one PIN entry for all three clients
    assert "przyjęty: 3" in dialog.counts.text()
    assert not dialog.start_button.isEnabled(), "nothing to resume after the run ended"
    dialog.report_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "report_dialog", None) is not None, timeout=5000)
    report = dialog.report_dialog.findChild(QTextBrowser, "monthReport").toPlainText()
    assert "TECHBUD" in report and "NOWAK DESIGN" in report
    dialog.report_dialog.close()
    dialog.close()
    qtbot.waitUntil(lambda: {page.model.data(page.model.index(r, 2)) for r in range(page.model.rowCount())}
                    == {"przyjęty (test, nie ZUS)"}, timeout=10000)  # the sandbox is not ZUS


def test_stop_mid_run_then_resume_in_the_window_sends_each_set_once(month_page, demo_app, qtbot):
    from plugins.gateway import admin

    page = month_page
    url = demo_app.gateway_url_override
    admin(url, "/sandbox/faults", {"latency_ms": 400})
    page.run_shown.click()
    qtbot.waitUntil(lambda: page.run_dialog is not None and page.run_dialog.model.rowCount() == 3, timeout=10000)
    dialog = page.run_dialog
    dialog.source.setCurrentIndex(dialog.source.findData("p12"))
    dialog.p12.setText(str(demo_app.basedir / "demo" / "signer.p12"))
    timer = _answer_pin("demo", [])
    dialog.start_button.click()

    def steps():
        return [dialog.model.data(dialog.model.index(r, 2)) for r in range(dialog.model.rowCount())]

    qtbot.waitUntil(lambda: "wysłany, czeka na potwierdzenie" in steps(), timeout=30000)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=30000)
    assert "Przerwano" in dialog.phase.text()
    assert dialog.start_button.text() == "Wznów"
    assert steps() != ["przyjęty"] * 3
    page.activate()  # as after reopening the program: the page offers to resume the run
    qtbot.waitUntil(lambda: "nie został dokończony" in page.summary.text(), timeout=10000)
    admin(url, "/sandbox/faults", {"latency_ms": 0})
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.op is None and steps() == ["przyjęty"] * 3, timeout=60000)
    assert not dialog.start_button.isEnabled()
    timer.stop()
    assert admin(url, "/gateway/v1/admin/stats")["submissions"] == 3


def test_payment_email_text_is_copied_for_the_selected_client(month_page, qtbot):
    from eplatnik.register.nrs import format_nrs, nrs_for_nip

    page = month_page
    page.search.setText("9512345675")
    assert page.model.rowCount() == 1
    if page.model.record(0).set_id is None:  # the demo may have no set for this period yet
        page.app.documents.build_monthly(page.model.record(0).payer.id, page.current_period)
        page.activate()
        qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.record(0).set_id is not None)
    page.table.selectRow(0)
    page.email_button.click()
    qtbot.waitUntil(lambda: "schowka" in page.summary.text(), timeout=5000)
    text = QApplication.clipboard().text()
    assert format_nrs(nrs_for_nip("9512345675")) in text and "RAZEM DO ZAPŁATY" in text


def test_nrs_from_zus_letter_is_entered_with_check_digits_validated(month_page, qtbot):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from eplatnik.register.nrs import check_digits, format_nrs

    page = month_page
    page.search.setText("5261040828")
    page.table.selectRow(0)
    bban = "60000002026" + "000" + "5261040828"
    answers = [format_nrs("00" + bban), format_nrs(check_digits(bban) + bban)]  # a typo first, then right
    warnings: list[str] = []

    def answer():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QInputDialog) and answers:
            modal.setTextValue(answers.pop(0))
            modal.accept()
        elif isinstance(modal, QMessageBox):
            warnings.append(modal.text())
            modal.accept()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    page.nrs_button.click()
    qtbot.waitUntil(lambda: len(warnings) == 1, timeout=10000)
    assert "cyfry kontrolne" in warnings[0]
    page.nrs_button.click()
    qtbot.waitUntil(lambda: "Zapisano rachunek" in page.summary.text(), timeout=10000)
    timer.stop()
    payer_id = page.model.record(0).payer.id
    assert page.app.register.entered_nrs(payer_id) == check_digits(bban) + bban
