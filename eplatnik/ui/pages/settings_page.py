"""Ustawienia — language, gateway profile, the accountant at this seat, signing and schema paths."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ... import settings as s
from ..context import UiContext
from ..ops import Op
from .base import Page


def _file_row(edit: QLineEdit, chooser) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    button = QPushButton("…")
    button.setFixedWidth(32)
    button.clicked.connect(chooser)
    row.addWidget(button)
    return box


class SettingsPage(Page):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.tr("Settings")))
        general = QGroupBox(self.tr("General"))
        form = QFormLayout(general)
        self.language = QComboBox()
        self.language.addItem("Polski", "pl")
        self.language.addItem("English", "en")
        self.accountant = QLineEdit()
        form.addRow(self.tr("Language (after restart)"), self.language)
        form.addRow(self.tr("Accountant at this seat"), self.accountant)
        form.addRow(self.tr("Workspace folder"), QLabel(str(ctx.app.basedir)))

        gateway = QGroupBox(self.tr("Gateway"))
        gform = QFormLayout(gateway)
        self.profile = QComboBox()
        self.profile.addItem(self.tr("Sandbox (local, nothing reaches ZUS)"), s.SANDBOX_PROFILE)
        self.profile.addItem(self.tr("ZUS production"), s.PRODUCTION_PROFILE)
        self.profile.addItem(self.tr("Custom address"), s.CUSTOM_PROFILE)
        self.gateway_url = QLineEdit()
        self.production_url = QLineEdit()
        gform.addRow(self.tr("Profile"), self.profile)
        gform.addRow(self.tr("Custom gateway URL"), self.gateway_url)
        gform.addRow(self.tr("ZUS production endpoint"), self.production_url)
        note = QLabel(self.tr("Sending to the real ZUS requires that the program passes ZUS's acceptance tests for "
                              "interface software. Until then use the sandbox."))
        note.setWordWrap(True)
        gform.addRow(note)

        signing = QGroupBox(self.tr("Signing and verification"))
        sform = QFormLayout(signing)
        self.pkcs11 = QLineEdit()
        self.ca_bundle = QLineEdit()
        self.kedu_schema = QLineEdit()
        sform.addRow(self.tr("PKCS#11 module (card reader)"), _file_row(self.pkcs11, lambda: self._choose(
            self.pkcs11, self.tr("PKCS#11 module"), "*.so *.dll *.dylib")))
        sform.addRow(self.tr("Trusted CA bundle (PEM)"), _file_row(self.ca_bundle, lambda: self._choose(
            self.ca_bundle, self.tr("CA bundle"), "*.pem *.crt")))
        sform.addRow(self.tr("Official KEDU schema (XSD)"), _file_row(self.kedu_schema, lambda: self._choose(
            self.kedu_schema, self.tr("KEDU schema"), "*.xsd")))

        visits = QGroupBox(self.tr("E-visits and e-mail"))
        vform = QFormLayout(visits)
        self.slot_minutes = QSpinBox()
        self.slot_minutes.setRange(10, 60)
        self.smtp_host = QLineEdit()
        self.smtp_port = QSpinBox()
        self.smtp_port.setRange(1, 65535)
        vform.addRow(self.tr("E-visit slot length (minutes, assumption)"), self.slot_minutes)
        vform.addRow(self.tr("SMTP server"), self.smtp_host)
        vform.addRow(self.tr("SMTP port"), self.smtp_port)

        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        from ..widgets.params_box import ParamsBox

        self.params_box = ParamsBox(self.app)
        for box in (general, gateway, signing, visits, self.params_box):
            layout.addWidget(box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        layout.addStretch(1)

    def _choose(self, edit: QLineEdit, title: str, pattern: str) -> None:
        name, _ = QFileDialog.getOpenFileName(self, title, edit.text(), f"{title} ({pattern})")
        if name:
            edit.setText(name)

    def activate(self, **kwargs: object) -> None:
        st = self.app.settings
        self.language.setCurrentIndex(self.language.findData(st.get(s.LANGUAGE)))
        self.accountant.setText(st.get(s.ACCOUNTANT))
        self.profile.setCurrentIndex(self.profile.findData(st.get(s.GATEWAY_PROFILE)))
        self.gateway_url.setText(st.get(s.GATEWAY_URL))
        self.production_url.setText(st.get(s.PRODUCTION_GATEWAY_URL))
        self.pkcs11.setText(st.get(s.PKCS11_MODULE))
        self.ca_bundle.setText(st.get(s.TRUST_BUNDLE))
        self.kedu_schema.setText(st.get(s.KEDU_SCHEMA))
        self.slot_minutes.setValue(st.get(s.VISIT_SLOT_MINUTES))
        self.smtp_host.setText(st.get(s.SMTP_HOST))
        self.smtp_port.setValue(st.get(s.SMTP_PORT))
        self.status.setText("")
        self.params_box.reload()

    def save(self) -> None:
        values = {
            s.LANGUAGE: self.language.currentData(), s.ACCOUNTANT: self.accountant.text().strip(),
            s.GATEWAY_PROFILE: self.profile.currentData(), s.GATEWAY_URL: self.gateway_url.text().strip(),
            s.PRODUCTION_GATEWAY_URL: self.production_url.text().strip(), s.PKCS11_MODULE: self.pkcs11.text().strip(),
            s.TRUST_BUNDLE: self.ca_bundle.text().strip(), s.KEDU_SCHEMA: self.kedu_schema.text().strip(),
            s.VISIT_SLOT_MINUTES: self.slot_minutes.value(), s.SMTP_HOST: self.smtp_host.text().strip(),
            s.SMTP_PORT: self.smtp_port.value(),
        }
        st = self.app.settings

        def work() -> None:
            for var, value in values.items():
                st.set(var, value)

        def done(_r: object) -> None:
            self.status.setText(self.tr("Saved."))
            if self.ctx.window is not None:
                self.ctx.window.refresh_status()  # type: ignore[attr-defined]
            self.app.register.actor = values[s.ACCOUNTANT]

        Op(self, work).success(done).run()


def create_page(ctx: UiContext) -> Page:
    return SettingsPage(ctx)
