"""Input fields validated as typed: a red frame and a message that says what is wrong.

The message line under a field keeps its height whether or not there is a message, so the form
does not jump while the person types. Fields that share a row (postal code and city; street, house,
flat) share one ``MessageLine`` under the whole row: a narrow field's message is not cut off.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from ...i18n import Text

Check = Callable[[str], Text | None]
_ERROR_STYLE = "QLineEdit { border: 1px solid #c62828; background: #fff5f5; }"


class MessageLine(QLabel):
    """One line (or more, for a long message) of red text that keeps its place when empty; a warning
    (allowed but unusual) shows in orange while there is no error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet("color: #c62828;")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setMinimumHeight(self.fontMetrics().height())
        self._messages: dict[int, str] = {}
        self._warnings: dict[int, str] = {}

    def set_message(self, source: object, message: str | None, *, warning: bool = False) -> None:
        for kind in (self._messages, self._warnings):
            kind.pop(id(source), None)
        if message:
            (self._warnings if warning else self._messages)[id(source)] = message
        shown = self._messages or self._warnings
        self.setStyleSheet("color: #c62828;" if self._messages else "color: #e65100;")
        self.setText("\n".join(dict.fromkeys(shown.values())))

    def message_of(self, source: object) -> str:
        return self._messages.get(id(source), "")

    def warning_of(self, source: object) -> str:
        return self._warnings.get(id(source), "")


class ValidatedLineEdit(QWidget):
    validity_changed = Signal(bool)

    def __init__(self, check: Check | None = None, placeholder: str = "", max_length: int | None = None,
                 parent: QWidget | None = None, warning: Check | None = None, *,
                 line: MessageLine | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.warning = warning  # allowed but unusual: shown in orange, the field stays valid
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        if max_length:
            self.edit.setMaxLength(max_length)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        if line is None:  # a field on its own row: its own message line under it
            line = MessageLine()
            layout.addWidget(line)
            if check is None and warning is None:  # nothing to say as the person types: no reserved line
                line.setMinimumHeight(0)
                line.hide()
                self._own_hidden_line = True
        self.message = line
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
        return self.message.message_of(self) if not self._valid else ""

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
            self.message.set_message(self, note.render(), warning=True)
            if getattr(self, "_own_hidden_line", False):
                self.message.setVisible(True)

    def warning_text(self) -> str:
        return self.message.warning_of(self) if self._valid else ""

    def _show(self, message: str | None) -> None:
        valid = message is None
        self.message.set_message(self, message)
        if getattr(self, "_own_hidden_line", False):
            self.message.setVisible(not valid)
        self.edit.setStyleSheet("" if valid else _ERROR_STYLE)
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self._valid = valid


class MarkedField(QWidget):
    """Gives a non-text input (a date) the same error display as ``ValidatedLineEdit``."""

    validity_changed = Signal(bool)

    def __init__(self, widget: QWidget, line: MessageLine) -> None:
        super().__init__()
        self.widget, self.message = widget, line
        self._valid = True

    def is_valid(self) -> bool:
        return self._valid

    def error_text(self) -> str:
        return self.message.message_of(self)

    def set_external_error(self, message: str | None) -> None:
        valid = not message
        self.message.set_message(self, message)
        self.widget.setStyleSheet("" if valid else "border: 1px solid #c62828; background: #fff5f5;")
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)


def field_row(*fields: tuple[QWidget, int], line: MessageLine) -> QWidget:
    """Several fields side by side (with stretch factors) and their shared message line below."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for widget, stretch in fields:
        row.addWidget(widget, stretch)
    column.addLayout(row)
    column.addWidget(line)
    return box
