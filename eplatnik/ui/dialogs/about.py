"""Help → About: version, licence, the active gateway profile and where this workspace keeps its data.

The facts come from ``App.about_info`` (the same as ``eplatnik-cli about``), read off
the UI thread; Qt and PySide6 versions are added here. "Copy" puts everything on the clipboard as
plain text, for a support request.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...workspace import LICENCE
from ..ops import Op
from ..resources import app_icon

GPL_URL = "https://www.gnu.org/licenses/gpl-3.0.html"


class AboutDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("About eplatnik"))
        self.setWindowIcon(app_icon())
        self.setMinimumWidth(620)

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(72, 72))
        title = QLabel(f"<b style='font-size:16pt'>eplatnik {__version__}</b>")
        title.setObjectName("aboutTitle")
        subtitle = QLabel(self.tr("Register of payers, KEDU declarations, signing and submission to ZUS"))
        subtitle.setWordWrap(True)
        head_text = QVBoxLayout()
        head_text.addWidget(title)
        head_text.addWidget(subtitle)
        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(head_text, 1)

        self.licence = QLabel(self.tr("{licence} — free software: you may use, study, share and change it "
                                      "(<a href=\"{url}\">GNU GPL v3</a>)").format(licence=LICENCE, url=GPL_URL))
        self.licence.setOpenExternalLinks(True)
        self.licence.setWordWrap(True)
        self.gateway = self._value("aboutGateway")
        self.workspace = self._value("aboutWorkspace")
        self.database = self._value("aboutDatabase")
        self.documents = self._value("aboutDocuments")
        self.logs = self._value("aboutLogs")
        self.backups = self._value("aboutBackups")
        self.schema = self._value("aboutSchema")
        self.runtime = self._value("aboutRuntime")
        self.runtime.setText(self.runtime_text())

        form = QFormLayout()
        form.addRow(self.tr("Licence:"), self.licence)
        form.addRow(self.tr("Gateway:"), self.gateway)
        form.addRow(self.tr("Workspace:"), self.workspace)
        form.addRow(self.tr("Database:"), self.database)
        form.addRow(self.tr("Documents (evidence):"), self.documents)
        form.addRow(self.tr("Logs:"), self.logs)
        form.addRow(self.tr("Backups:"), self.backups)
        form.addRow(self.tr("Database schema:"), self.schema)
        form.addRow(self.tr("Runtime:"), self.runtime)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder = QPushButton(self.tr("Open workspace folder"))
        self.copy_button = QPushButton(self.tr("Copy details"))
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.open_folder.clicked.connect(self._open_workspace)
        self.copy_button.clicked.connect(self._copy)
        self.copy_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(buttons)
        for label in (self.gateway, self.workspace, self.database, self.documents, self.logs, self.backups,
                      self.schema):
            label.setText("…")
        app = ctx.app  # the worker gets the App only: no widget is referenced from another thread
        Op(self, lambda: app.about_info()).success(self._fill).run()

    def _value(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    @staticmethod
    def runtime_text() -> str:
        return (f"Qt {qVersion()}, PySide6 {PySide6.__version__}, Python {platform.python_version()}, "
                f"{platform.system()} {platform.machine()}")

    def _fill(self, info: dict[str, Any]) -> None:
        self.info = info
        gateway = info["gateway"]
        text = gateway["label"] + (f" — {gateway['url']}" if gateway["url"] else "")
        self.gateway.setText(text)
        colour = "#b00020" if gateway["production"] else "#2e7d32"
        self.gateway.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}")
        paths = info["paths"]
        self.workspace.setText(paths["workspace"])
        self.database.setText(paths["database"])
        self.documents.setText(paths["documents"])
        self.logs.setText(paths["logs"])
        self.backups.setText(paths["backups"])
        self.schema.setText(str(info["schema_version"]))
        self.copy_button.setEnabled(True)

    def details_text(self) -> str:
        """Everything the dialog shows, as plain text (language-neutral keys for support)."""
        lines = [f"eplatnik {__version__}", f"licence: {LICENCE}", f"runtime: {self.runtime_text()}"]
        if self.info is not None:
            gateway = self.info["gateway"]
            lines.append(f"gateway: {gateway['profile']} {gateway['url'] or ''}".rstrip())
            lines += [f"{key}: {value}" for key, value in self.info["paths"].items()]
            lines.append(f"schema: {self.info['schema_version']}")
        return "\n".join(lines)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())

    def _open_workspace(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.ctx.app.basedir))))
