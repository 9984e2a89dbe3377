"""The three kinds of failure (see CONVENTIONS #8).

* ``UserFacingError`` — shown to the person as written (translated), with what to do next.
* ``Cancelled`` — the person cancelled; nothing is shown.
* anything else — a bug: logged with its traceback; the UI shows a crash dialog with the log path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import Text, t


class UserFacingError(Exception):
    """An error whose message is meant for the user (Polish/English)."""

    exit_code = 1

    def __init__(self, message: Text | str, *, hint: Text | str | None = None) -> None:
        self.text = message if isinstance(message, Text) else Text(message, message)
        self.hint = hint if (hint is None or isinstance(hint, Text)) else Text(hint, hint)
        super().__init__(str(self.text))

    def render(self, lang: str | None = None) -> str:
        msg = self.text.render(lang)
        if self.hint is not None:
            msg = f"{msg} {self.hint.render(lang)}"
        return msg

    def __str__(self) -> str:
        return self.render()


class Cancelled(Exception):
    """The operation was cancelled by the person; callers stay silent."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field."""

    field: str
    message: Text

    def render(self, lang: str | None = None) -> str:
        return self.message.render(lang)

    def render_with_label(self, lang: str | None = None) -> str:
        """"data urodzenia: …" — the field named as people know it, then what is wrong."""
        from .field_labels import field_label

        return f"{field_label(self.field, lang)}: {self.render(lang)}"


@dataclass
class ValidationFailed(UserFacingError):
    """Input did not pass validation; ``errors`` lists each field and what is wrong."""

    errors: list[FieldError] = field(default_factory=list)
    exit_code = 2

    def __post_init__(self) -> None:
        summary = t("Dane są niepoprawne: {details}", "The data is not valid: {details}")
        details = "; ".join(e.render_with_label() for e in self.errors)
        UserFacingError.__init__(self, summary(details=details))

    def render(self, lang: str | None = None) -> str:
        details = "; ".join(e.render_with_label(lang) for e in self.errors)
        return t("Dane są niepoprawne: {details}", "The data is not valid: {details}")(
            details=details
        ).render(lang)

    def __str__(self) -> str:
        return self.render()

    def __hash__(self) -> int:
        return id(self)


class StorageError(UserFacingError):
    """The workspace database could not be read or written (locked, read-only, disk full)."""
