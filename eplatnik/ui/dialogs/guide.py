"""Pomoc → Przewodnik: the month in six steps, where the data lives, what the sandbox is.

The text is a packaged HTML file per language (resources/help/guide_pl.html, guide_en.html), so it
can be read and corrected without touching code; ``{workspace}`` is replaced by this workspace's folder.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ...i18n import language
from ..resources import resource_dir


def guide_html(workspace: str, lang: str | None = None) -> str:
    lang = lang or language()
    path = resource_dir("help") / f"guide_{'en' if lang == 'en' else 'pl'}.html"
    return path.read_text(encoding="utf-8").replace("{workspace}", escape(workspace))


class GuideDialog(QDialog):
    def __init__(self, workspace: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Guide — eplatnik"))
        self.resize(720, 620)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(guide_html(workspace))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
