"""Choose the key to sign with: a PKCS#12 file (.p12/.pfx) or a card/token through its PKCS#11 module.

The password or PIN is not asked here: the signing core asks for it once per batch through
``QtPinPrompt`` (pin_dialog.py), so it is never kept by this dialog.
"""

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
    QVBoxLayout,
    QWidget,
)

from ...settings import P12_PATH, PKCS11_MODULE
from ..ops import Op


class SignDialog(QDialog):
    def __init__(self, app, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setWindowTitle(self.tr("Sign"))
        self.setMinimumWidth(520)
        self.use_file = QRadioButton(self.tr("Certificate file (.p12 / .pfx)"))
        self.use_card = QRadioButton(self.tr("Smart card or token (PKCS#11)"))
        group = QButtonGroup(self)
        group.addButton(self.use_file)
        group.addButton(self.use_card)
        self.p12_path = QLineEdit(self._default_p12())
        browse = QPushButton("…")
        browse.setFixedWidth(32)
        browse.clicked.connect(self._browse)
        p12_row = QHBoxLayout()
        p12_row.addWidget(self.p12_path, 1)
        p12_row.addWidget(browse)
        self.module = QLineEdit(app.settings.get(PKCS11_MODULE))
        self.module.setPlaceholderText(self.tr("e.g. /usr/lib/libcryptoCertum3PKCS.so"))
        self.token = QComboBox()
        self.token.setEditable(True)
        find = QPushButton(self.tr("Find cards"))
        find.clicked.connect(self._find_tokens)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(find)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.use_file)
        form.addRow(self.tr("File"), p12_row)
        form.addRow(self.use_card)
        form.addRow(self.tr("PKCS#11 module"), self.module)
        form.addRow(self.tr("Card (token)"), token_row)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Documents to sign: {n}. You will be asked for the password or PIN "
                                        "once.").format(n=count)))
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.use_card if self.module.text() and not self.p12_path.text() else self.use_file).setChecked(True)

    def _default_p12(self) -> str:
        configured = self.app.settings.get(P12_PATH)
        if configured:
            return configured
        demo = (Path(self.app.basedir) / "demo" / "signer.p12").resolve()
        return str(demo) if demo.exists() else ""

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Certificate file"), self.p12_path.text(),
                                              self.tr("PKCS#12 files (*.p12 *.pfx)"))
        if name:
            self.p12_path.setText(name)
            self.use_file.setChecked(True)

    def _find_tokens(self) -> None:
        module = self.module.text().strip()
        if not module:
            self.error.setText(self.tr("Give the path of the card's PKCS#11 module first."))
            return
        from ...signing.pkcs11 import list_tokens

        def done(tokens) -> None:
            self.token.clear()
            for info in tokens:
                self.token.addItem(info.label)
            self.use_card.setChecked(True)
            self.error.setText("" if tokens else self.tr("No card found in the readers."))

        Op(self, lambda: list_tokens(module)).success(done).failure(lambda e: self.error.setText(e.render())).run()

    def _accept(self) -> None:
        if self.use_file.isChecked() and not Path(self.p12_path.text()).is_file():
            self.error.setText(self.tr("Choose an existing .p12/.pfx file."))
            return
        if self.use_card.isChecked() and not (self.module.text().strip() and self.token.currentText().strip()):
            self.error.setText(self.tr("Give the PKCS#11 module and the card."))
            return
        self.accept()

    def key_source(self):
        if self.use_file.isChecked():
            from ...signing.p12 import P12KeySource

            return P12KeySource(self.p12_path.text())
        from ...signing.pkcs11 import Pkcs11KeySource

        return Pkcs11KeySource(self.module.text().strip(), self.token.currentText().strip())
