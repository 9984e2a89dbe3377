"""The PIN (or PKCS#12 password) dialog, and ``QtPinPrompt`` — the UI side of the core's PinPrompt.

The signing core calls ``ask_pin`` (a card) or ``ask_password`` (a .p12 file) from a worker thread
(the background operation that signs); a dialog may only live on the UI thread. ``QtPinPrompt``
therefore posts a request to the UI thread (queued signal), shows the dialog there, and the worker
waits on a ``threading.Event`` for the answer. The PIN is handed back once and the field is
cleared; it is never stored or logged.

The dialog owns the keyboard while it is open: it is application-modal, raised and activated, its
field has the focus, and ``QtPinPrompt.opened``/``closed`` let the operation that waits for it keep
its progress dialog out of the way (``Op.hold_progress``) — a progress window that pops up over the
PIN dialog would take the typed characters and the Enter key.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...errors import Cancelled
from ...i18n import Text

PIN, PASSWORD = "pin", "password"


class PinDialog(QDialog):
    """Asks for the PIN of one card, or (``secret="password"``) the password of one .p12 file."""

    def __init__(self, token_label: str, tries_left: int | None = None, retry: bool = False,
                 message: Text | None = None, parent: QWidget | None = None, secret: str = PIN) -> None:
        super().__init__(parent)
        self.secret = secret
        password = secret == PASSWORD
        self.setWindowTitle(self.tr("Certificate file password") if password else self.tr("Card PIN"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        self.prompt = QLabel(self.tr("Enter the password of the certificate file “{label}”.").format(label=token_label)
                             if password else self.tr("Enter the PIN for “{label}”.").format(label=token_label))
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)
        self.message = QLabel(message.render() if message is not None else "")
        self.message.setWordWrap(True)
        self.message.setObjectName("pinMessage")
        self.message.setStyleSheet("color: #b00020;" if retry or tries_left == 1 else "")
        self.message.setVisible(message is not None)
        layout.addWidget(self.message)
        self.tries = QLabel(self.tr("Tries left: {n}").format(n=tries_left) if tries_left is not None else "")
        self.tries.setVisible(tries_left is not None)
        layout.addWidget(self.tries)
        self.field = QLineEdit()
        self.field.setObjectName("pinField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Password") if password else self.tr("PIN"))
        layout.addWidget(self.field)
        note = QLabel(self.tr("The password only opens the file for this signing; the program does not keep it.")
                      if password else self.tr("The PIN goes straight to the card; the program does not keep it."))
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._update)
        self._update()
        self.field.setFocus()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # take the keyboard: a window that opened just before must not keep the typed PIN
        if QApplication.platformName() != "offscreen":  # (offscreen has no window stacking)
            self.raise_()
            self.activateWindow()
        self.field.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.field.text()))

    def take_pin(self) -> str:
        """The typed PIN, once: the field is cleared so the text does not linger in the widget."""
        pin = self.field.text()
        self.field.clear()
        return pin


def ask_pin_modal(parent: QWidget | None, token_label: str, tries_left: int | None, retry: bool,
                  message: Text | None, secret: str = PIN) -> str:
    """Show the dialog on the UI thread; the PIN, or ``Cancelled``."""
    dialog = PinDialog(token_label, tries_left, retry, message, parent, secret=secret)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            raise Cancelled()
        return dialog.take_pin()
    finally:
        dialog.deleteLater()


@dataclass
class _Request:
    token_label: str
    tries_left: int | None
    retry: bool
    message: Text | None
    secret: str = PIN
    done: threading.Event = field(default_factory=threading.Event)
    pin: str | None = None
    error: BaseException | None = None

    def __repr__(self) -> str:  # never show the PIN
        return f"_Request({self.token_label!r}, answered={self.done.is_set()})"


class QtPinPrompt(QObject):
    """``PinPrompt`` for the GUI. Create it on the UI thread; call ``ask_pin``/``ask_password`` from
    any thread. ``opened`` and ``closed`` are emitted on the UI thread around each dialog."""

    _requested = Signal(object)
    opened = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self.dialog: PinDialog | None = None  # the dialog being shown, if any
        self._requested.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def ask_password(self, file_name: str, retry: bool, message: Text | None = None) -> str:
        """The password of a .p12/.pfx file (the dialog speaks of a password, not of a card's PIN)."""
        return self._ask(file_name, None, retry, message, PASSWORD)

    def ask_pin(self, token_label: str, tries_left: int | None, retry: bool,
                message: Text | None = None) -> str:
        return self._ask(token_label, tries_left, retry, message, PIN)

    def _ask(self, token_label: str, tries_left: int | None, retry: bool, message: Text | None,
             secret: str) -> str:
        if QThread.currentThread() is QApplication.instance().thread():
            self.opened.emit()
            try:
                return ask_pin_modal(self._parent, token_label, tries_left, retry, message, secret)
            finally:
                self.closed.emit()
        request = _Request(token_label, tries_left, retry, message, secret)
        self._requested.emit(request)
        while not request.done.wait(0.5):
            if not shiboken6.isValid(self):  # the window went away before answering: give up quietly
                raise Cancelled()
        if request.error is not None:
            raise request.error
        pin, request.pin = request.pin, None
        return pin or ""

    @Slot(object)
    def _show(self, request: _Request) -> None:
        # open(), not exec(): no nested event loop on the UI thread while the worker waits
        dialog = PinDialog(request.token_label, request.tries_left, request.retry, request.message,
                           self._parent, secret=request.secret)
        self.dialog = dialog

        def finished(code: int) -> None:
            if code == QDialog.DialogCode.Accepted:
                request.pin = dialog.take_pin()
            else:
                request.error = Cancelled()
            self.dialog = None
            dialog.deleteLater()
            self.closed.emit()  # before the worker goes on: a progress dialog may come back now
            request.done.set()

        dialog.finished.connect(finished)
        self.opened.emit()  # first: whoever waits hides its progress dialog before this one shows
        dialog.open()


def hold_progress_while_asking(op, prompt) -> None:
    """Keep ``op``'s progress dialog out of the way while ``prompt`` shows its password/PIN dialog
    (``Op.hold_progress`` on ``opened``/``closed``, as Dokumenty's signing does), held from the start:
    the password or PIN is the first thing the operation asks for. A prompt without those signals
    (``FixedPin``, None) changes nothing."""
    opened, closed = getattr(prompt, "opened", None), getattr(prompt, "closed", None)
    if opened is None or closed is None:
        return
    opened.connect(lambda: op.hold_progress(True))
    closed.connect(lambda: op.hold_progress(False))
    op.hold_progress(True)
