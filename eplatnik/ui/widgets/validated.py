"""Input fields validated as typed: a red frame and a message that says what is wrong."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from ...i18n import Text

Check = Callable[[str], Text | None]
_ERROR_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fff5f5; }"


class ValidatedLineEdit(QWidget):
    validity_changed = Signal(bool)

    def __init__(self, check: Check | None = None, placeholder: str = "", max_length: int | None = None,
                 parent: QWidget | None = None, warning: Check | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.warning = warning  # allowed but unusual: shown in orange, the field stays valid
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        if max_length:
            self.edit.setMaxLength(max_length)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self._valid = True
        self._external: str | None = None
        self.edit.textChanged.connect(self._revalidate)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)
        self._revalidate()

    def is_valid(self) -> bool:
        return self._valid

    def error_text(self) -> str:
        return self.message.text() if not self._valid else ""

    def set_external_error(self, message: str | None) -> None:
        """Show an error found elsewhere (e.g. a duplicate NIP reported by the register)."""
        self._external = message
        self._show(message)

    def _revalidate(self) -> None:
        self._external = None
        problem = self.check(self.edit.text()) if self.check else None
        self._show(problem.render() if problem else None)
        note = self.warning(self.edit.text()) if (self.warning and problem is None) else None
        if note is not None:
            self.message.setText(note.render())
            self.message.setStyleSheet("color: #e65100;")
            self.message.setVisible(True)

    def warning_text(self) -> str:
        return self.message.text() if self._valid and self.message.isVisible() else ""

    def _show(self, message: str | None) -> None:
        valid = message is None
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(message or "")
        self.message.setVisible(not valid)
        self.edit.setStyleSheet("" if valid else _ERROR_STYLE)
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self._valid = valid
