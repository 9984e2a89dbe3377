"""What every page receives: the core App, the event bridge and the main window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..app import App
from .bridge import EventBridge

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow


@dataclass
class UiContext:
    app: App
    bridge: EventBridge
    window: QMainWindow | None = None

    def navigate(self, page_key: str, **kwargs: object) -> None:
        """Switch the main window to a page (e.g. from the dashboard to a payer)."""
        if self.window is not None:
            self.window.show_page(page_key, **kwargs)  # type: ignore[attr-defined]
