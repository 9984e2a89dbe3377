"""Base class for the pages of the main window (one per navigation area).

A page module defines ``create_page(ctx: UiContext) -> Page``. ``activate(**kwargs)`` is called
each time the page is shown (load data with ``Op`` there, never on the UI thread);
``PAGE_TITLE`` names it in the navigation.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..context import UiContext


class Page(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    @property
    def app(self):
        return self.ctx.app

    def activate(self, **kwargs: object) -> None:
        """Called when the page becomes visible."""

    def heading(self, text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        label.setFont(font)
        return label


class ComingPage(Page):
    """An area that later work fills in; it says so plainly instead of faking a screen."""

    def __init__(self, ctx: UiContext, title: str, what: str, meanwhile: str) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(title))
        body = QLabel(what + "\n\n" + meanwhile)
        body.setWordWrap(True)
        body.setObjectName("comingText")
        layout.addWidget(body)
        layout.addStretch(1)
