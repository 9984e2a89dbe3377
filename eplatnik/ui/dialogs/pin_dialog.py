"""The PIN (or PKCS#12 password) dialog, and ``QtPinPrompt`` — the UI side of the core's PinPrompt.

The signing core calls ``ask_pin`` from a worker thread (the background operation that signs); a
dialog may only live on the UI thread. ``QtPinPrompt`` therefore posts a request to the UI thread
(queued signal), shows the dialog there, and the worker waits on a ``threading.Event`` for the
answer. The PIN is handed back once and the field is cleared; it is never stored or logged.
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


class PinDialog(QDialog):
    """Asks for the PIN of one card (or the password of one .p12 file)."""

    def __init__(self, token_label: str, tries_left: int | None = None, retry: bool = False,
                 message: Text | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("PIN"))
        self.setModal(True)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        self.prompt = QLabel(self.tr("Enter the PIN for “{label}”.").format(label=token_label))
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
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("PIN"))
        layout.addWidget(self.field)
        note = QLabel(self.tr("The PIN goes straight to the card; the program does not keep it."))
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

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.field.text()))

    def take_pin(self) -> str:
        """The typed PIN, once: the field is cleared so the text does not linger in the widget."""
        pin = self.field.text()
        self.field.clear()
        return pin


def ask_pin_modal(parent: QWidget | None, token_label: str, tries_left: int | None, retry: bool,
                  message: Text | None) -> str:
    """Show the dialog on the UI thread; the PIN, or ``Cancelled``."""
    dialog = PinDialog(token_label, tries_left, retry, message, parent)
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
    done: threading.Event = field(default_factory=threading.Event)
    pin: str | None = None
    error: BaseException | None = None

    def __repr__(self) -> str:  # never show the PIN
        return f"_Request({self.token_label!r}, answered={self.done.is_set()})"


class QtPinPrompt(QObject):
    """``PinPrompt`` for the GUI. Create it on the UI thread; call ``ask_pin`` from any thread."""

    _requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self.dialog: PinDialog | None = None  # the dialog being shown, if any
        self._requested.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def ask_pin(self, token_label: str, tries_left: int | None, retry: bool,
                message: Text | None = None) -> str:
        if QThread.currentThread() is QApplication.instance().thread():
            return ask_pin_modal(self._parent, token_label, tries_left, retry, message)
        request = _Request(token_label, tries_left, retry, message)
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
                           self._parent)
        self.dialog = dialog

        def finished(code: int) -> None:
            if code == QDialog.DialogCode.Accepted:
                request.pin = dialog.take_pin()
            else:
                request.error = Cancelled()
            request.done.set()
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
