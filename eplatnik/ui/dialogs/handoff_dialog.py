"""Hand declarations to ePłatnik or Płatnik: the export dialog (one set, or the whole month) and the
Pomoc page that explains the route. The files come from ``forms.handoff``; nothing here decides
versions or content."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...forms.handoff import DEFAULT_VERSION, TARGETS
from ...forms.kedu_writer import NAMESPACES_BY_VERSION


class HandoffDialog(QDialog):
    """Where to and in which KEDU version; ``folder`` mode (the month) picks a folder, else a file."""

    def __init__(self, suggested: Path, *, folder: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder_mode = folder
        self.setWindowTitle(self.tr("Export for ePłatnik / Płatnik"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Until this program passes ZUS's acceptance tests, declarations reach ZUS through "
                               "ePłatnik (eZUS) or Płatnik: they import the KEDU file and you sign and send it "
                               "there. ZUS issues the receipt (UPO) there."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        row = QHBoxLayout()
        self.targets = QButtonGroup(self)
        for n, tgt in enumerate(TARGETS.values()):
            button = QRadioButton(tgt.name)
            button.setObjectName(f"target-{tgt.key}")
            button.setChecked(n == 0)
            self.targets.addButton(button, n)
            row.addWidget(button)
        row.addStretch(1)
        form.addRow(self.tr("Program"), row)
        self.version = QComboBox()
        self.version.setObjectName("keduVersion")
        for version in NAMESPACES_BY_VERSION:
            label = self.tr("KEDU {v} (recommended: ZUS lists it for import)").format(v=version) \
                if version == DEFAULT_VERSION else self.tr("KEDU {v}").format(v=version)
            self.version.addItem(label, version)
        self.version.setCurrentIndex(self.version.findData(DEFAULT_VERSION))
        form.addRow(self.tr("Version"), self.version)
        where = QHBoxLayout()
        self.path = QLineEdit(str(suggested))
        self.path.setObjectName("handoffPath")
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form.addRow(self.tr("Folder") if folder else self.tr("File"), where)
        layout.addLayout(form)
        self.steps = QLabel()
        self.steps.setObjectName("handoffSteps")
        self.steps.setWordWrap(True)
        self.steps.setStyleSheet("QLabel { background: #f5f7fa; border: 1px solid #c5cfdc; padding: 6px; }")
        layout.addWidget(self.steps)
        self.targets.idToggled.connect(lambda _i, _on: self._show_steps())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_steps()

    def target_key(self) -> str:
        return list(TARGETS)[max(0, self.targets.checkedId())]

    def kedu_version(self) -> str:
        return self.version.currentData()

    def target_path(self) -> Path:
        return Path(self.path.text().strip())

    def _show_steps(self) -> None:
        self.steps.setText(TARGETS[self.target_key()].steps.render())
        if not self.folder_mode:  # the file name says which program it is for
            current = self.target_path()
            other = "platnik" if self.target_key() == "eplatnik" else "eplatnik"
            self.path.setText(str(current).replace(f"_{other}_", f"_{self.target_key()}_"))

    def _browse(self) -> None:
        if self.folder_mode:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the files"), str(self.target_path()))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export for ePłatnik / Płatnik"),
                                                    str(self.target_path()), self.tr("KEDU files (*.xml)"))
        if chosen:
            self.path.setText(chosen)


class HandoffHelp(QDialog):
    """Pomoc → how to hand declarations to ePłatnik or Płatnik, and what the sandbox is not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sending to the real ZUS: ePłatnik and Płatnik"))
        self.resize(680, 560)
        layout = QVBoxLayout(self)
        text = QTextBrowser()
        text.setObjectName("handoffHelp")
        text.setOpenExternalLinks(True)
        steps = "".join(f"<h3>{t.name}</h3><p>{t.steps.render()}</p>" for t in TARGETS.values())
        text.setHtml(self.tr(
            "<h2>Sending to the real ZUS</h2>"
            "<p>This program sends to ZUS only after it passes ZUS's acceptance tests for interface software. Until "
            "then its <b>sandbox</b> plays ZUS's side: a sandbox receipt shows that the set would be accepted, but "
            "<b>it is not a ZUS receipt (UPO)</b> and nothing reaches ZUS.</p>"
            "<p>The real route today: export the declarations for <b>ePłatnik</b> (eZUS, in the browser) or "
            "<b>Płatnik</b> (ZUS's desktop program), import them there, then sign and send them there. ZUS's help "
            "pages list KEDU 5.0–5.4 for import into ePłatnik and 5.0–5.5 for Płatnik 10.2, so the files are "
            "written as KEDU 5.4 unless you choose another version.</p>"
            "<ol><li>Dokumenty: select a verified set → Export KEDU ▾ → For ePłatnik / Płatnik… (one client), or "
            "Month-end → Export for ePłatnik / Płatnik… (every client of the period, one file each and a "
            "JAK-ZAIMPORTOWAC.txt).</li>"
            "<li>Import the file in ePłatnik or Płatnik as below.</li>"
            "<li>Check, sign and send there; keep the UPO that ZUS issues there.</li></ol>"
            "{steps}"
            "<p>From the command line: <code>eplatnik-cli kedu export --payer NIP --period RRRR-MM --for eplatnik "
            "-o plik.xml</code> or <code>--clients all --period RRRR-MM --for platnik -o KATALOG</code>.</p>"
        ).format(steps=steps))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
