"""Base class for the pages of the main window (one per navigation area).

A page module defines ``create_page(ctx: UiContext) -> Page``. ``activate(**kwargs)`` is called
each time the page is shown (load data with ``Op`` there, never on the UI thread);
``PAGE_TITLE`` names it in the navigation.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
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


class Coalesced:
    """``fn`` once for all the calls made in one pass of the event loop: another seat's commit touches
    several topics (documents, submissions, the month), the bridge delivers them together, and a page
    that shows all of them loads once, not once per topic."""

    def __init__(self, parent: QObject, fn: Callable[[], object]) -> None:
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(fn)

    def __call__(self) -> None:
        self._timer.start()


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
