"""Import a bank statement: the file's transactions with what will happen to each (a contribution
payment of which client, ignored and why, already imported), and for a CSV export the column mapping
with the bank presets — the preview is read again after every change. Nothing is stored until
"Import"; reading and storing run in the background (Op)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...account.statements.csv_bank import PRESETS, CsvMapping, preview
from ...errors import UserFacingError
from ...formatting import money
from ..ops import Op
from ..table import Column, RecordTableModel, make_table

FIELDS = ("date", "amount", "account", "counterparty", "title")


class StatementDialog(QDialog):
    def __init__(self, app, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.path = path
        self.data = path.read_bytes()
        self.report = None
        self.mapping: CsvMapping | None = None
        self.setWindowTitle(self.tr("Import a bank statement — {name}").format(name=path.name))
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("statementSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.mapping_box = QGroupBox(self.tr("CSV columns"))
        form = QFormLayout(self.mapping_box)
        self.preset_combo = QComboBox()
        self.preset_combo.setObjectName("csvPreset")
        self.preset_combo.addItem(self.tr("recognised automatically"), "")
        for name in PRESETS:
            self.preset_combo.addItem(name, name)
        form.addRow(self.tr("Bank layout"), self.preset_combo)
        self.column_combos: dict[str, QComboBox] = {}
        labels = {"date": self.tr("Booking date"), "amount": self.tr("Amount (minus = paid out)"),
                  "account": self.tr("Counterparty account"), "counterparty": self.tr("Counterparty name"),
                  "title": self.tr("Transfer title")}
        row = QHBoxLayout()
        for name in FIELDS:
            combo = QComboBox()
            combo.setObjectName(f"csvColumn-{name}")
            self.column_combos[name] = combo
            combo.currentIndexChanged.connect(lambda _i: self._columns_changed())
            box = QVBoxLayout()
            box.addWidget(QLabel(labels[name]))
            box.addWidget(combo)
            row.addLayout(box)
        form.addRow(row)
        layout.addWidget(self.mapping_box)
        self.mapping_box.setVisible(False)

        self.model = RecordTableModel([
            Column(self.tr("Line"), lambda r: r.tx.line, align_right=True),
            Column(self.tr("Date"), lambda r: f"{r.tx.booked_on:%d.%m.%Y}", sort_key=lambda r: r.tx.booked_on),
            Column(self.tr("Amount"), lambda r: ("−" if r.tx.direction == "debit" else "+") + money(r.tx.amount, "pl"),
                   sort_key=lambda r: r.tx.amount, align_right=True),
            Column(self.tr("Result"), self._outcome, foreground=lambda r: {"matched": "#2e7d32", "duplicate": "#757575"}
                   .get(r.outcome)),
            Column(self.tr("Counterparty"), lambda r: r.tx.counterparty_name),
            Column(self.tr("Account"), lambda r: r.tx.counterparty_account),
            Column(self.tr("Title"), lambda r: r.tx.title),
        ])
        self.table = make_table(self.model)
        self.table.setObjectName("statementPreview")
        layout.addWidget(self.table, 1)
        self.error = QLabel()
        self.error.setObjectName("statementError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importStatement")
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.preset_combo.currentIndexChanged.connect(self._preset_changed)
        self._is_csv = False
        self.read()

    def _outcome(self, row) -> str:
        if row.outcome == "duplicate":
            return self.tr("already imported")
        if row.outcome == "matched":
            return self.tr("payment: {name} (NIP {nip})").format(name=row.payer_name, nip=row.payer_nip)
        reason = row.match.reason_text()
        return self.tr("ignored: {why}").format(why=reason.render() if reason else "")

    # -- CSV mapping -------------------------------------------------------------------------------
    def _fill_columns(self, header: list[str], mapping: CsvMapping) -> None:
        from ...account.statements.csv_bank import norm

        for name, combo in self.column_combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(none)"), "")
            for cell in header:
                combo.addItem(cell, cell)
            wanted = norm(getattr(mapping, name) or "")
            index = next((i for i in range(combo.count()) if norm(combo.itemData(i) or "") == wanted and wanted), 0)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _preset_changed(self) -> None:
        name = self.preset_combo.currentData()
        self.mapping = PRESETS[name] if name else None
        self.read()

    def _columns_changed(self) -> None:
        from dataclasses import replace

        base = self.mapping or (self._preview.mapping if self._preview else CsvMapping())
        values = {name: combo.currentData() or "" for name, combo in self.column_combos.items()}
        self.mapping = replace(base, name="custom", **values)
        self.read(refill=False)

    # -- reading and importing ---------------------------------------------------------------------
    def read(self, refill: bool = True) -> None:
        app, data, name, mapping = self.app, self.data, self.path.name, self.mapping

        def work():
            from ...account.statements import detect_format

            fmt = detect_format(data, name)
            shown = preview(data, mapping) if fmt == "csv" else None
            return fmt, shown, app.account.read(data, name=name, fmt=fmt, csv_mapping=mapping)

        def done(result) -> None:
            fmt, shown, report = result
            self._is_csv = fmt == "csv"
            self._preview = shown
            self.mapping_box.setVisible(self._is_csv)
            if shown is not None and refill:
                self._fill_columns(shown.header, shown.mapping)
            self.show_report(report)

        def failed(exc: UserFacingError) -> None:
            self.report = None
            self.model.set_records([])
            self.error.setText(exc.render())
            self.import_button.setEnabled(False)

        self._preview = None
        Op(self, work).success(done).failure(failed).run()

    def show_report(self, report) -> None:
        self.report = report
        self.error.clear()
        self.model.set_records(report.rows)
        self.table.resizeColumnsToContents()
        st = report.statement
        self.summary.setText(self.tr("{fmt}, encoding {enc}: {n} transactions — {m} contribution payments, "
                                     "{i} ignored, {d} already imported.").format(
            fmt=st.format.upper(), enc=st.encoding, n=len(report.rows), m=report.count("matched"),
            i=report.count("ignored"), d=report.count("duplicate")))
        self.import_button.setEnabled(any(not r.duplicate for r in report.rows))

    def do_import(self) -> None:
        app, data, name, fmt, mapping = self.app, self.data, self.path.name, self.report.statement.format, self.mapping
        self.import_button.setEnabled(False)

        def failed(exc: UserFacingError) -> None:
            self.error.setText(exc.render())
            self.import_button.setEnabled(True)

        Op(self, lambda: app.account.import_statement(data, name=name, fmt=fmt, csv_mapping=mapping)) \
            .success(lambda _r: self.accept()).failure(failed).run()
