"""Ustawienia — language, gateway profile, the accountant at this seat, signing and schema paths."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
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
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading(self.tr("Settings")))
        # a long form: on a small screen it scrolls instead of growing the window
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
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
        self.smtp_host.setPlaceholderText("smtp.example.pl")
        self.smtp_port = QSpinBox()
        self.smtp_port.setRange(1, 65535)
        self.smtp_security = QComboBox()
        self.smtp_security.setObjectName("smtpSecurity")
        for key, label in (("starttls", self.tr("STARTTLS (usually port 587)")),
                           ("ssl", self.tr("SSL/TLS (usually port 465)")),
                           ("none", self.tr("none — only a server in the office network (port 25)"))):
            self.smtp_security.addItem(label, key)
        self.smtp_security.activated.connect(self._default_port)
        self.smtp_user = QLineEdit()
        self.smtp_user.setPlaceholderText(self.tr("empty if the server needs no login"))
        self.smtp_password = QLineEdit()
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.smtp_sender = QLineEdit()
        self.smtp_test = QPushButton(self.tr("Send a test message"))
        self.smtp_test.clicked.connect(self.send_test_mail)
        self.smtp_status = QLabel()
        self.smtp_status.setWordWrap(True)
        self.smtp_status.setObjectName("smtpStatus")
        test_row = QWidget()
        tl = QHBoxLayout(test_row)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.smtp_test)
        tl.addWidget(self.smtp_status, 1)
        vform.addRow(self.tr("E-visit slot length (minutes, assumption)"), self.slot_minutes)
        vform.addRow(self.tr("SMTP server"), self.smtp_host)
        vform.addRow(self.tr("SMTP port"), self.smtp_port)
        vform.addRow(self.tr("Security"), self.smtp_security)
        vform.addRow(self.tr("Login"), self.smtp_user)
        vform.addRow(self.tr("Password"), self.smtp_password)
        vform.addRow(self.tr("Sender address"), self.smtp_sender)
        vform.addRow("", test_row)
        self.notify_to = QLineEdit()
        self.notify_to.setObjectName("notifyEmailTo")
        self.notify_to.setPlaceholderText(self.tr("empty: no e-mail"))
        vform.addRow(self.tr("Tell by e-mail about new letters from ZUS and rejected sets"), self.notify_to)

        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        from ..widgets.params_box import ParamsBox

        self.params_box = ParamsBox(self.app)
        for box in (general, gateway, signing, visits, self.params_box):
            layout.addWidget(box)
        layout.addStretch(1)
        # under the scrolling form, always in sight: the button that saves what is on the screen
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)

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
        self.smtp_security.setCurrentIndex(max(0, self.smtp_security.findData(st.get(s.SMTP_SECURITY))))
        self.smtp_user.setText(st.get(s.SMTP_USER))
        self.smtp_password.setText(st.get(s.SMTP_PASSWORD))
        self.smtp_sender.setText(st.get(s.SMTP_SENDER))
        self.notify_to.setText(st.get(s.NOTIFY_EMAIL_TO))
        self.status.setText("")
        self.params_box.reload()

    def save(self) -> None:
        values = {
            s.LANGUAGE: self.language.currentData(), s.ACCOUNTANT: self.accountant.text().strip(),
            s.GATEWAY_PROFILE: self.profile.currentData(), s.GATEWAY_URL: self.gateway_url.text().strip(),
            s.PRODUCTION_GATEWAY_URL: self.production_url.text().strip(), s.PKCS11_MODULE: self.pkcs11.text().strip(),
            s.TRUST_BUNDLE: self.ca_bundle.text().strip(), s.KEDU_SCHEMA: self.kedu_schema.text().strip(),
            s.VISIT_SLOT_MINUTES: self.slot_minutes.value(), s.SMTP_HOST: self.smtp_host.text().strip(),
            s.SMTP_PORT: self.smtp_port.value(), s.SMTP_SECURITY: self.smtp_security.currentData(),
            s.SMTP_USER: self.smtp_user.text().strip(), s.SMTP_PASSWORD: self.smtp_password.text(),
            s.SMTP_SENDER: self.smtp_sender.text().strip() or s.SMTP_SENDER.default,
            s.NOTIFY_EMAIL_TO: self.notify_to.text().strip(),
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


    def _default_port(self, _index: int) -> None:
        """Choosing the security suggests its usual port (unless another was typed on purpose)."""
        from ...mailer import DEFAULT_PORTS

        if self.smtp_port.value() in DEFAULT_PORTS.values():
            self.smtp_port.setValue(DEFAULT_PORTS[self.smtp_security.currentData()])

    def send_test_mail(self) -> None:
        """Send a message to the sender address with what is on the screen (saved or not)."""
        from ...mailer import SmtpConfig, send_mail, trial_message

        config = SmtpConfig(host=self.smtp_host.text().strip(), port=self.smtp_port.value(),
                            security=self.smtp_security.currentData(), username=self.smtp_user.text().strip(),
                            password=self.smtp_password.text(), sender=self.smtp_sender.text().strip()
                            or s.SMTP_SENDER.default)
        to = config.sender
        self.smtp_status.setStyleSheet("")
        self.smtp_status.setText(self.tr("Sending…"))
        self.smtp_test.setEnabled(False)

        def failed(exc) -> None:
            self.smtp_status.setStyleSheet("color: #b71c1c;")
            self.smtp_status.setText(exc.render())

        Op(self, lambda: send_mail(config, trial_message(config, to))).success(
            lambda _r: self.smtp_status.setText(self.tr("Sent to {to}. Check that it arrived.").format(to=to))
        ).failure(failed).finally_(lambda: self.smtp_test.setEnabled(True)).run()


def create_page(ctx: UiContext) -> Page:
    return SettingsPage(ctx)
