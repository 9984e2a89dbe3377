"""Offscreen halves of issue 14 part A (the real focus is checked by tests/gui_e2e): the progress
window waits until the password is in, a cancelled signing says so, the Okres picker filters, the
forms do not invent a birth date, guess the payer type and drop "correct the fields" once they are."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog

from eplatnik.period import Period


def _documents(main_window, qtbot, payer: str | None = None):
    page = main_window.show_page("documents")
    qtbot.waitUntil(lambda: page.payer.count() == 4 and page.sets_model.rowCount() > 0, timeout=10000)
    if payer:
        page.payer.setCurrentIndex(page.payer.findText(payer, Qt.MatchFlag.MatchStartsWith))
        qtbot.waitUntil(lambda: page.sets_model.rowCount() == 1, timeout=10000)
    page.sets_table.selectRow(0)
    qtbot.waitUntil(lambda: page.selected_info() is not None, timeout=5000)
    return page


def _pin_dialog(qtbot):
    from eplatnik.ui.dialogs.pin_dialog import PinDialog

    def visible() -> list:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, PinDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(visible()), timeout=10000)
    return visible()[0]


def _progress_visible() -> bool:
    return any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_no_progress_window_over_the_password_dialog(main_window, qtbot):
    from eplatnik.signing.p12 import P12KeySource
    from eplatnik.ui.dialogs.pin_dialog import QtPinPrompt

    page = _documents(main_window, qtbot, "KOWALSKI")
    app = main_window.ctx.app
    page.sign_with(P12KeySource(app.basedir / "demo" / "signer.p12"), QtPinPrompt(page))
    dialog = _pin_dialog(qtbot)
    assert dialog.windowTitle() == "Hasło do pliku certyfikatu"
    assert "hasło do pliku certyfikatu „signer.p12”" in dialog.prompt.text()
    assert all("karty" not in label.text() for label in dialog.findChildren(type(dialog.prompt)))
    qtbot.wait(900)  # the progress window used to come after 0.4 s and take the keyboard
    assert not _progress_visible()
    assert QApplication.activeModalWidget() is dialog
    qtbot.keyClicks(dialog.field, "demo")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: str(page.selected_info().status) == "signed", timeout=15000)


def test_a_cancelled_signing_says_so(main_window, qtbot, caplog):
    from eplatnik.signing.p12 import P12KeySource
    from eplatnik.ui.dialogs.pin_dialog import QtPinPrompt

    page = _documents(main_window, qtbot, "KOWALSKI")
    app = main_window.ctx.app
    page.sign_with(P12KeySource(app.basedir / "demo" / "signer.p12"), QtPinPrompt(page))
    dialog = _pin_dialog(qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=10000)
    assert page.message.text() == "Podpisywanie przerwano: nic nie zostało podpisane."
    assert "nic nie zostało podpisane" in caplog.text  # headless: the notice box is logged instead
    assert str(page.selected_info().status) == "verified"


def test_progress_cancel_button_is_not_the_default(qtbot):
    from eplatnik.ui.ops import Op

    op = Op(None, lambda progress: progress.check() or __import__("time").sleep(1.5)).with_progress("x", 0)
    op.run()
    qtbot.waitUntil(_progress_visible, timeout=5000)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible())
    from PySide6.QtWidgets import QPushButton

    cancel = dialog.findChild(QPushButton)
    assert not cancel.isDefault() and not cancel.autoDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter meant for another window
    assert not op.progress.cancelled
    qtbot.waitUntil(op.done.is_set, timeout=5000)


@pytest.mark.now("2026-11-20T10:00:00+01:00")  # the picker names this month and the ones before it
def test_the_period_picker_lists_months_and_filters(main_window, qtbot):
    page = _documents(main_window, qtbot)
    assert page.period.period() is None and page.sets_model.rowCount() == 3  # all periods
    names = [page.period.itemText(i) for i in range(1, 4)]
    assert names == ["listopad 2026", "październik 2026", "wrzesień 2026"]  # months, newest first
    page.period.set_period(Period(2026, 9))
    qtbot.waitUntil(lambda: page.sets_model.rowCount() == 0, timeout=5000)
    assert page.build_button.text() == "Utwórz zestaw za 09.2026"
    page.period.set_period(Period(2026, 10))
    qtbot.waitUntil(lambda: page.sets_model.rowCount() == 3, timeout=5000)
    assert {page.sets_model.record(r).period for r in range(3)} == {"2026-10"}
    assert page.sets_model.data(page.sets_model.index(0, 0)) == "10.2026"


def test_insured_form_does_not_invent_a_birth_date(main_window, qtbot):
    from eplatnik.ui.dialogs.insured_dialog import InsuredDialog

    app = main_window.ctx.app
    payer = app.register.find_payer("9512345675")
    dialog = InsuredDialog(app, payer.id, None, main_window)
    qtbot.addWidget(dialog)
    assert dialog.birth_date.text() == "— (z numeru PESEL)"
    qtbot.keyClicks(dialog.pesel.edit, "44051401359")
    assert dialog.birth_date.date().toPython().isoformat() == "1944-05-14"
    dialog.title_code.setEditText("041100")  # umowa zlecenie: no working time
    assert dialog.work_time.text() == "" and dialog.work_time.is_valid()
    dialog.title_code.setEditText("011000")
    assert not dialog.work_time.is_valid() and "wymiar" in dialog.work_time.error_text()


def test_payer_form_type_and_error_banner(main_window, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from eplatnik.ui.dialogs.payer_dialog import PayerDialog

    dialog = PayerDialog(main_window.ctx.app, None, main_window)
    qtbot.addWidget(dialog)
    assert dialog.payer_type.currentData() == "other"  # pozostali (do 20.), not jednostka budżetowa
    qtbot.keyClicks(dialog.full_name.edit, "Nowa Firma sp. z o.o.")
    assert dialog.payer_type.currentData() == "legal"
    dialog.postal_code.setText("00950")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.general_error.text() == "Popraw pola zaznaczone na czerwono."
    assert "NN-NNN" in dialog.postal_code.error_text() and "NN-NNN" in dialog.postal_code.message.text()
    for field, text in ((dialog.postal_code, "00-950"), (dialog.nip, "8567346215"), (dialog.short_name, "NOWA"),
                        (dialog.regon, "192598184")):
        field.setText(text)
    assert dialog.general_error.text() == "", "the request to correct fields goes once none is marked"


def test_dashboard_cards_agree_with_their_numbers(main_window, qtbot):
    page = main_window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.expiring_card.value.text() == "1", timeout=10000)  # NOWAK's authorisation
    assert page.expiring_card.title.text() == "wygasające pełnomocnictwo lub certyfikat"
    assert page.clients_card.title.text() == "klienci (ubezpieczeni: 14)"
    missed = int(page.missed_card.value.text())
    expected = {1: "przekroczony termin", 2: "przekroczone terminy", 3: "przekroczone terminy"}.get(
        missed, "przekroczonych terminów")
    assert page.missed_card.title.text() == expected


def test_english_counts_use_the_singular_for_one(qtbot):
    from PySide6.QtCore import QCoreApplication

    from eplatnik.ui.resources import EnglishPlurals

    app = QCoreApplication.instance()
    plurals = EnglishPlurals(app)
    app.installTranslator(plurals)  # asked first (the last installed); a context no catalogue has
    try:
        tr = QCoreApplication.translate
        assert tr("X", "%n errors", "%n error", 1) == "1 error" and tr("X", "%n errors", "%n error", 5) == "5 errors"
        assert tr("X", "missed deadlines", "missed deadline", 1) == "missed deadline"
        assert tr("X", "Verify", None, -1) == "Verify"
    finally:
        app.removeTranslator(plurals)
