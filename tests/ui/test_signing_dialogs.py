"""PIN dialog across threads and the certificate dialog (pytest-qt, offscreen, Polish UI)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from plugins.signing import P12_PASSWORD, kedu_document
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from eplatnik.clock import default_clock
from eplatnik.errors import Cancelled
from eplatnik.i18n import t
from eplatnik.signing.certs import inspect_certificate
from eplatnik.ui.dialogs.certificate_dialog import CertificateDialog
from eplatnik.ui.dialogs.pin_dialog import PinDialog, QtPinPrompt

NOW = default_clock().now()


def _open_pin_dialog(qtbot) -> PinDialog:
    found: list[PinDialog] = []

    def visible():
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, PinDialog) and w.isVisible()]
        assert found
    qtbot.waitUntil(visible, timeout=10000)
    return found[0]


def _answer(qtbot, pin: str | None) -> PinDialog:
    dialog = _open_pin_dialog(qtbot)
    if pin is None:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    else:
        if pin.isascii():
            qtbot.keyClicks(dialog.field, pin)
        else:
            dialog.field.insert(pin)  # QTest can only type ASCII keys
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog


def test_pin_dialog_hides_the_pin_and_shows_the_core_message(qtbot, polish_translations):
    dialog = PinDialog("EPL-RSA", tries_left=1, retry=True,
                       message=t("Błędny PIN. Ostatnia próba.", "Wrong PIN. Last try."))
    qtbot.addWidget(dialog)
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    assert "EPL-RSA" in dialog.prompt.text() and dialog.prompt.text().startswith("Wpisz PIN")
    assert dialog.message.text() == "Błędny PIN. Ostatnia próba."
    assert dialog.tries.text() == "Pozostało prób: 1"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.field, "1234")
    assert ok.isEnabled()
    assert dialog.take_pin() == "1234" and dialog.field.text() == ""


def test_worker_thread_gets_the_pin_from_the_ui_thread(qtbot, polish_translations):
    prompt = QtPinPrompt()
    answers: dict = {}

    def worker():
        try:
            answers["pin"] = prompt.ask_pin("EPL-EC", None, False)
        except Cancelled:
            answers["cancelled"] = True

    th = threading.Thread(target=worker)
    th.start()
    _answer(qtbot, "4321")
    th.join(10)
    assert answers == {"pin": "4321"}

    th = threading.Thread(target=worker)
    answers.clear()
    th.start()
    _answer(qtbot, None)
    th.join(10)
    assert answers == {"cancelled": True}


def test_a_progress_dialog_never_covers_the_pin_dialog(qtbot, polish_translations):
    """A background operation with a progress dialog that asks for the PIN (opening a letter, sending a
    relief application): the progress waits while the PIN dialog is open, so the PIN is typed into
    the PIN dialog and Enter does not press the progress dialog's "Anuluj"."""
    from PySide6.QtWidgets import QProgressDialog, QWidget

    from eplatnik.ui.dialogs.pin_dialog import hold_progress_while_asking
    from eplatnik.ui.ops import Op

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    prompt = QtPinPrompt(parent)
    release = threading.Event()

    def work() -> str:
        pin = prompt.ask_pin("EPL-EC", None, False)
        release.wait(10)             # the signing and sending that follow the PIN
        return pin

    op = Op(parent, work).with_progress("Wysyłanie", show_after_ms=50)
    hold_progress_while_asking(op, prompt)     # what the pages do (Korespondencja, Konto, Dokumenty)
    op.run()
    dialog = _open_pin_dialog(qtbot)
    qtbot.wait(700)

    def progress_shown() -> bool:
        return any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
                   + parent.findChildren(QProgressDialog))

    assert not progress_shown() and QApplication.activeModalWidget() is dialog
    qtbot.keyClicks(dialog.field, "4321")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(progress_shown, timeout=5000)        # the work goes on: now the progress shows
    release.set()
    qtbot.waitUntil(op.done.is_set, timeout=10000)
    assert op.result == "4321"
    qtbot.waitUntil(lambda: not progress_shown(), timeout=5000)


@pytest.mark.softhsm
def test_batch_on_token_asks_once_through_the_dialog(qtbot, polish_translations, softhsm, pki):
    """The real flow: a background batch on the SoftHSM token; the PIN is typed into the dialog,
    the first time wrong (the dialog comes back with the core's warning), then right."""
    from eplatnik.signing.pkcs11 import Pkcs11KeySource
    from eplatnik.signing.service import sign_many
    from eplatnik.signing.xades import verify_xml

    prompt = QtPinPrompt()
    out: dict = {}

    def worker():
        try:
            out["result"] = sign_many([(i, kedu_document(1)) for i in range(3)],
                                      Pkcs11KeySource(softhsm.module, softhsm.rsa_label), prompt)
        except Exception as exc:
            out["error"] = exc

    th = threading.Thread(target=worker)
    th.start()
    first = _answer(qtbot, "0000")
    assert "Błędny" not in first.message.text()  # the first prompt never claims a wrong PIN
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=10000)
    second = _open_pin_dialog(qtbot)
    assert "Błędny PIN karty „EPL-RSA”" in second.message.text()
    qtbot.keyClicks(second.field, softhsm.pin)
    second.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    th.join(30)
    assert "error" not in out, out.get("error")
    assert len(out["result"]) == 3
    assert all(verify_xml(s, [pki.ca.cert]).valid for _, s in out["result"].signed)


def test_certificate_dialog_lists_details_and_refuses_expired(qtbot, polish_translations, pki):
    _, expired = pki.ca.issue_person("Stary Podpis", not_before=NOW - dt.timedelta(days=400),
                                     not_after=NOW - dt.timedelta(days=2))
    _, plain = pki.ca.issue_person("Zwykły Certyfikat", qualified=False, key_usage="digital_signature")
    infos = [inspect_certificate(c) for c in (pki.rsa_cert, expired, plain)]
    dialog = CertificateDialog(infos)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Wybierz certyfikat do podpisu"
    first = dialog.list.item(0).text()
    assert "Maria Wiśniewska" in first and "kwalifikowany" in first
    rows = {dialog.details.table.item(r, 0).text(): dialog.details.table.item(r, 1).text()
            for r in range(dialog.details.table.rowCount())}
    assert rows["PESEL"] == "44051401359"
    assert rows["Użycie klucza"] == "nonRepudiation"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and not dialog.details.warnings.isVisible()
    dialog.list.setCurrentRow(1)
    assert "wygasł" in dialog.list.item(1).text()
    assert not ok.isEnabled()
    assert "wygasł" in dialog.details.warnings.text()
    dialog.list.setCurrentRow(2)
    assert "nie deklaruje, że jest kwalifikowany" in dialog.details.warnings.text()
    ok.click()
    assert dialog.chosen == 2


def test_p12_password_through_the_dialog(qtbot, polish_translations, pki):
    from eplatnik.signing.p12 import P12KeySource

    prompt = QtPinPrompt()
    out: dict = {}

    def worker():
        with P12KeySource(pki.ec_p12).open(prompt) as key:
            out["owner"] = key.info.owner

    th = threading.Thread(target=worker)
    th.start()
    dialog = _answer(qtbot, P12_PASSWORD)
    assert "jan.p12" in dialog.prompt.text()
    th.join(10)
    assert out == {"owner": "Jan Kowalski"}
