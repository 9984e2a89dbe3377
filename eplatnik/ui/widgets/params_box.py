"""Ustawienia → Parametry składek: the years the program has, their status and origin; install a file.

Everything that reads or writes files runs off the UI thread (``Op``); a refused file shows the core's
message, which names the field that is wrong, and nothing is written.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ...params.labels import STATUS_NAMES, figure_name
from ..ops import Op
from ..table import Column, RecordTableModel, make_table


class ParamsBox(QGroupBox):
    def __init__(self, app, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Contribution parameters"))
        self.setObjectName("paramsBox")
        self.app = app
        self.model = RecordTableModel([
            Column(self.tr("Year"), lambda f: str(f.year)),
            Column(self.tr("Status"), self._status_text,
                   background=lambda f: "#fff3e0" if (f.provisional or f.problem) else "#e8f5e9"),
            Column(self.tr("File"), self._origin_text),
            Column(self.tr("Prepared"), lambda f: _pl_date(f.prepared)),
        ])
        self.table = make_table(self.model)
        self.table.setObjectName("paramsTable")
        self.table.setFixedHeight(100)  # the header and three years without scrolling; the page stays short
        self.table.setToolTip(self.tr("Rates and amounts of each year, with their sources. A file installed here "
                                      "wins over the one that came with the program, so next year's figures can "
                                      "be added the day they are published."))
        self.install_button = QPushButton(self.tr("Install file…"))
        self.install_button.setObjectName("installParams")
        self.details_button = QPushButton(self.tr("Details…"))
        self.status = QLabel()
        self.status.setObjectName("paramsStatus")
        self.status.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.install_button.clicked.connect(self.choose_file)
        self.details_button.clicked.connect(self.show_details)

    # -- texts -------------------------------------------------------------------------------------
    def _status_text(self, f) -> str:
        if f.problem is not None:
            return self.tr("damaged: {problem}").format(problem=f.problem.render())
        if f.provisional:
            return self.tr("not final: {n} figures (draft/forecast)").format(n=len(f.provisional))
        return self.tr("all final")

    def _origin_text(self, f) -> str:
        if f.origin == "office":  # stored in the office's database: every desk computes with it
            text = self.tr("from the office database (installed by {who} {when})").format(
                who=f.changed_by.split(" (")[0] or "—", when=_pl_date(f.changed_at[:10]))
            if f.packaged_path is not None:
                text += " " + self.tr("(overrides the program's own)")
            return text
        if f.origin == "installed":
            text = self.tr("installed in the workspace")
            if f.packaged_path is not None:
                text += " " + self.tr("(overrides the program's own)")
            return text
        return self.tr("packaged with the program")

    # -- loading and installing ------------------------------------------------------------------
    def reload(self) -> None:
        store = self.app.params
        Op(self, store.list).success(self._loaded).run()

    def _loaded(self, files) -> None:
        self.model.set_records(files)
        self.table.resizeColumnsToContents()

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Parameter file"), "",
                                              self.tr("Parameter file") + " (*.json)")
        if name:
            self.install(name)

    def install(self, path: str) -> None:
        store = self.app.params
        self.install_button.setEnabled(False)

        def done(installed) -> None:
            self.install_button.setEnabled(True)
            self.status.setText(self.tr("Installed the {year} parameters ({status}).").format(
                year=installed.year, status=self._status_text(installed)))
            self.reload()

        def failed(exc) -> None:
            self.install_button.setEnabled(True)
            self.status.setText(self.tr("Not installed: {error}").format(error=exc.render()))
            QMessageBox.warning(self, self.tr("Parameter file refused"), exc.render())

        Op(self, lambda: store.install(path)).success(done).failure(failed).run()

    def show_details(self) -> None:
        files = list(self.model.records)
        lines = []
        for f in files:
            lines.append(f"{f.year} — {self._status_text(f)} — {self._origin_text(f)}\n{f.path}")
            for e in f.provisional:
                lines.append(f"  • {figure_name(e.figure).render()} {self.tr('from')} {e.applies_from}: "
                             f"{e.value} ({STATUS_NAMES[e.status].render()})\n    {e.source}"
                             + (f"\n    {self.tr('final when')}: {e.final_when}" if e.final_when else ""))
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Contribution parameters"))
        box.setText(self.tr("Figures that are not final yet, with their sources. All figures: "
                            "eplatnik-cli params show YEAR."))
        box.setDetailedText("\n".join(lines))
        box.exec()


def _pl_date(iso: str) -> str:
    """2026-12-05 → 05.12.2026."""
    parts = iso.split("-")
    return ".".join(reversed(parts)) if len(parts) == 3 else iso
