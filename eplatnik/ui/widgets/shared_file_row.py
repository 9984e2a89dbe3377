"""Ustawienia → one file the whole workspace shares (the official KEDU schema, the trusted CA bundle):
what is in force ("kedu_5_8.xsd (z bazy biura, zmienił Anna Nowak 06.12.2026)"), "Wybierz plik…" which
checks the file and stores its content for every desk at once (workspace/shared_files.py), and "Usuń".

Reading and storing run off the UI thread (``Op``); a refused file shows the core's Polish message and
nothing is stored.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...formatting import date_text
from ..ops import Op


class SharedFileRow(QWidget):
    def __init__(self, page: QWidget, kind: str, title: str, pattern: str, nothing: str) -> None:
        super().__init__(page)
        self.page, self.kind, self.title, self.pattern, self.nothing = page, kind, title, pattern, nothing
        self.setObjectName(f"sharedFile_{kind}")
        self._asked = 0  # reloads and stores begun: an older reload's answer is dropped
        self.shown = QLabel(nothing)
        self.shown.setWordWrap(True)
        self.shown.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # a long name must not widen
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setEnabled(False)
        # what is in force on its own line (a name, who and when need the field's whole width), the buttons below
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.shown)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        column.addLayout(row)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)

    @property
    def files(self):
        return self.page.app.shared_files  # type: ignore[attr-defined]

    def text(self) -> str:
        """What the row shows (for tests and the page)."""
        return self.shown.text()

    # -- showing -------------------------------------------------------------------------------------
    def reload(self) -> None:
        self._asked += 1
        asked = self._asked
        # only the newest answer is shown (a reload begun before a refused file must not hide its message)
        Op(self, lambda: self.files.in_force(self.kind)).success(
            lambda found: self._show(found) if asked == self._asked else None).run()

    def _show(self, found) -> None:
        self.remove_button.setEnabled(found is not None)
        self.shown.setStyleSheet("")
        if found is None:
            self.shown.setText(self.nothing)
            self.shown.setToolTip("")
            return
        if found.stored is None:  # an older one-seat workspace: a path in the settings
            self.shown.setText(self.tr("{name} (path in the settings: {path})").format(
                name=found.name, path=found.legacy_path))
            self.shown.setToolTip(found.legacy_path)
            return
        who = found.stored.changed_by.split(" (")[0] or "—"  # "Anna Nowak (biuro-3:anowak)" → the person
        where = self.tr("from the office database") if found.office else self.tr("from the workspace database")
        self.shown.setText(self.tr("{name} ({where}, changed by {who} {when})").format(
            name=found.name, where=where, who=who, when=date_text(found.stored.changed_at)))
        self.shown.setToolTip(f"{found.stored.changed_by}\nSHA-256 {found.stored.sha256}")

    # -- changing -------------------------------------------------------------------------------------
    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.title, "", f"{self.title} ({self.pattern})")
        if name:
            self.store(name)

    def store(self, path: str) -> None:
        """Check the file and store its content for the workspace (every desk of an office)."""
        self.choose_button.setEnabled(False)

        self._asked += 1

        def failed(exc) -> None:
            self.shown.setStyleSheet("color: #b71c1c;")
            self.shown.setText(self.tr("Not stored: {error}").format(error=exc.render()))
            QMessageBox.warning(self, self.tr("File refused"), exc.render())

        Op(self, lambda: self.files.choose(self.kind, path)).success(lambda _stored: self.reload()).failure(
            failed).finally_(lambda: self.choose_button.setEnabled(True)).run()

    def remove(self) -> None:
        self.remove_button.setEnabled(False)
        Op(self, lambda: self.files.remove(self.kind)).finally_(self.reload).run()
