"""CSV import of insured persons: choose a file, preview with per-row errors, import on confirmation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...register import csv_import
from ..ops import Op
from ..table import Column, RecordTableModel, make_table


class CsvImportDialog(QDialog):
    def __init__(self, app, payer_id: int, payer_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.payer_id = payer_id
        self.preview: csv_import.ImportPreview | None = None
        self.imported: list[int] = []
        self.setWindowTitle(self.tr("Import insured persons from CSV — {payer}").format(payer=payer_name))
        self.resize(900, 520)
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        browse = QPushButton(self.tr("Choose file…"))
        browse.clicked.connect(self.choose)
        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        self.summary = QLabel(self.tr("Columns: PESEL; First name; Last name; Insurance title code; Start date "
                                      "(optional: birth date, work time, gross pay, address). UTF-8 or "
                                      "Windows-1250 (Excel), separated by ; or ,"))
        self.summary.setWordWrap(True)
        self.model = RecordTableModel([
            Column(self.tr("Row"), lambda r: r.row_number, align_right=True),
            Column(self.tr("Status"), lambda r: self.tr("OK") if r.ok else self.tr("Error"),
                   background=lambda r: None if r.ok else "#ffcdd2"),
            Column(self.tr("PESEL"), lambda r: r.values.get("pesel", "")),
            Column(self.tr("Last name"), lambda r: r.values.get("last_name", "")),
            Column(self.tr("First name"), lambda r: r.values.get("first_name", "")),
            Column(self.tr("Title code"), lambda r: r.values.get("insurance_title_code", "")),
            Column(self.tr("What is wrong"), lambda r: csv_import.describe_errors(r)),
        ])
        self.table = make_table(self.model)
        self.only_valid = QCheckBox(self.tr("Import only the valid rows (skip the rows with errors)"))
        self.only_valid.toggled.connect(lambda _: self._update())
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.only_valid)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("CSV file"), "", self.tr("CSV files (*.csv *.txt)"))
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        self.path.setText(str(path))
        self.error.setText("")
        reg = self.app.register
        payer_id = self.payer_id

        def work() -> csv_import.ImportPreview:
            return csv_import.preview(reg, payer_id, path.read_bytes())

        Op(self, work).success(self._previewed).failure(lambda e: self._failed(e.render())).with_progress(
            self.tr("Reading the file…")).run()

    def _failed(self, text: str) -> None:
        self.preview = None
        self.model.set_records([])
        self.error.setText(text)
        self._update()

    def _previewed(self, result: csv_import.ImportPreview) -> None:
        self.preview = result
        self.model.set_records(result.rows)
        self.table.resizeColumnsToContents()
        rows = self.tr("%n rows", "%n row", len(result.rows))
        valid = self.tr("%n valid", "%n valid", len(result.valid_rows))
        bad = self.tr("%n with errors", "%n with errors", len(result.error_rows))
        counts = f"{rows}: {valid}, {bad}"
        self.summary.setText(self.tr("{counts} (encoding {enc}). Nothing has been written yet.").format(
            counts=counts, enc=result.encoding))
        self._update()

    def _update(self) -> None:
        p = self.preview
        ok = p is not None and bool(p.valid_rows) and (not p.error_rows or self.only_valid.isChecked())
        self.import_button.setEnabled(ok)
        self.only_valid.setEnabled(p is not None and bool(p.error_rows))

    def do_import(self) -> None:
        if self.preview is None:
            return
        preview = self.preview
        only_valid = self.only_valid.isChecked()
        self.import_button.setEnabled(False)
        Op(self, lambda: csv_import.commit(self.app.register, preview, only_valid)).success(self._done).failure(
            lambda e: self._failed(e.render())).with_progress(self.tr("Importing…")).run()

    def _done(self, ids: list[int]) -> None:
        self.imported = ids
        self.accept()
