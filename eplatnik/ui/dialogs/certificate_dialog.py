"""Choosing a signing certificate, and reading one in plain words.

``CertificateDetails`` shows the core's description (owner, PESEL/NIP, issuer, validity, key usage,
qualified claims) with its warnings highlighted. ``CertificateDialog`` lists several certificates
(e.g. those on a card) and returns the chosen one; with a single certificate it is a details view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...signing.certs import CertificateInfo

WARNING_COLOUR = QColor("#b00020")


class CertificateDetails(QWidget):
    """A two-column table of one certificate's details; warnings in red below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 2)
        self.table.horizontalHeader().setVisible(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("certificateWarnings")
        self.warnings.setStyleSheet(f"color: {WARNING_COLOUR.name()};")
        layout.addWidget(self.warnings)

    def show_info(self, info: CertificateInfo | None) -> None:
        rows = [] if info is None else info.describe(warnings=False)
        self.table.setRowCount(len(rows))
        for row, (label, value) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(label))
            self.table.setItem(row, 1, QTableWidgetItem(value))
        self.table.resizeRowsToContents()
        texts = [] if info is None else [w.render() for w in info.warnings]
        self.warnings.setText("\n".join(f"⚠ {w}" for w in texts))
        self.warnings.setVisible(bool(texts))


class CertificateDialog(QDialog):
    """Pick one of ``infos`` (labels as shown in the list); ``chosen`` is its index after OK."""

    def __init__(self, infos: Sequence[CertificateInfo], parent: QWidget | None = None, *,
                 choose: bool = True, preselect: int = 0) -> None:
        super().__init__(parent)
        self.infos = list(infos)
        self.chosen: int | None = None
        self.setWindowTitle(self.tr("Choose a signing certificate") if choose else self.tr("Certificate"))
        self.resize(820, 460)
        layout = QVBoxLayout(self)
        body = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMinimumWidth(260)
        for info in self.infos:
            self.list.addItem(self._item(info))
        self.list.setVisible(len(self.infos) > 1 or choose)
        body.addWidget(self.list, 1)
        self.details = CertificateDetails()
        body.addWidget(self.details, 2)
        layout.addLayout(body)
        buttons = (QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                   if choose else QDialogButtonBox.StandardButton.Close)
        self.buttons = QDialogButtonBox(buttons)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.currentRowChanged.connect(self._select)
        if self.infos:
            self.list.setCurrentRow(max(0, min(preselect, len(self.infos) - 1)))
        else:
            self._select(-1)

    def _item(self, info: CertificateInfo) -> QListWidgetItem:
        flags = []
        if info.claims_qualified:
            flags.append(self.tr("qualified"))
        status = info.status()
        if status == "expired":
            flags.append(self.tr("expired"))
        elif status == "not_yet_valid":
            flags.append(self.tr("not yet valid"))
        text = self.tr("{owner}\nvalid until {date}").format(owner=info.owner, date=info.not_after.date())
        if flags:
            text += f" · {', '.join(flags)}"
        item = QListWidgetItem(text)
        if info.warnings:
            item.setForeground(QBrush(WARNING_COLOUR))
        item.setData(Qt.ItemDataRole.ToolTipRole, "\n".join(w.render() for w in info.warnings))
        return item

    def _select(self, row: int) -> None:
        info = self.infos[row] if 0 <= row < len(self.infos) else None
        self.details.show_info(info)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            # an expired or not-yet-valid certificate cannot sign: do not let it be chosen
            ok.setEnabled(info is not None and info.status() == "valid")

    def _accept(self) -> None:
        self.chosen = self.list.currentRow()
        self.accept()
