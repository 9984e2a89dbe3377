"""Ustawienia, in two groups: this seat (language, the accountant at this desk, the card reader's
module, the proxy, which database this seat works on) and the office / workspace (gateway profile,
trust and schema files, e-visits, e-mail); plus the contribution parameter years.

The two groups stand side by side when the page is wide enough and one above the other when it is not
(a 1024 px screen), and no label is wider than the field beside it needs, so nothing is cut at the
right edge and the form only ever scrolls down.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QBoxLayout,
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
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ... import settings as s
from ...errors import UserFacingError
from ...net.config import proxy_problem
from ...workspace.shared_files import CA_BUNDLE, KEDU_SCHEMA
from ..context import UiContext
from ..ops import Op
from ..widgets.database_choice import DatabaseChoice
from ..widgets.shared_file_row import SharedFileRow
from .base import Page

#: below this page width the two groups stand one above the other
SIDE_BY_SIDE_MIN = 980


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


def _narrow(combo: QComboBox) -> QComboBox:
    """A combo box that does not widen the page to its longest entry (the page must fit 1280 px)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    return combo


def _section(form: QFormLayout, text: str) -> None:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    form.addRow(label)


class SettingsPage(Page):
    """Two groups: what belongs to this desk (kept in this computer's workspace folder) and what the
    whole office shares (the workspace's settings) — settings.py gives each setting its scope."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading(self.tr("Settings")))
        # a long form: on a small screen it scrolls instead of growing the window
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll = scroll
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.columns = columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.addWidget(self._seat_group(ctx), 1)
        columns.addWidget(self._workspace_group(), 1)
        layout.addLayout(columns)

        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setWordWrap(True)
        from ..widgets.params_box import ParamsBox

        self.params_box = ParamsBox(self.app)
        layout.addWidget(self.params_box)
        layout.addStretch(1)
        # under the scrolling form, always in sight: the button that saves what is on the screen
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)
        ctx.bridge.event.connect(self._on_event)

    def _seat_group(self, ctx: UiContext) -> QGroupBox:
        self.seat_group = QGroupBox(self.tr("This seat"))
        form = QFormLayout(self.seat_group)
        note = QLabel(self.tr("Kept on this computer only: each desk of an office sets its own."))
        note.setWordWrap(True)
        form.addRow(note)
        self.language = QComboBox()
        self.language.addItem("Polski", "pl")
        self.language.addItem("English", "en")
        self.accountant = QLineEdit()
        self.pkcs11 = QLineEdit()
        form.addRow(self.tr("Language (after restart)"), self.language)
        form.addRow(self.tr("Accountant at this seat"), self.accountant)
        form.addRow(self.tr("PKCS#11 module (card reader)"), _file_row(self.pkcs11, lambda: self._choose(
            self.pkcs11, self.tr("PKCS#11 module"), "*.so *.dll *.dylib")))
        folder = QLabel(str(ctx.app.basedir))
        folder.setToolTip(str(ctx.app.basedir))
        folder.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # a long path must not widen
        form.addRow(self.tr("Workspace folder"), folder)

        _section(form, self.tr("Network"))
        self.proxy_mode = _narrow(QComboBox())
        self.proxy_mode.addItem(self.tr("From the system (HTTPS_PROXY, NO_PROXY)"), "environment")
        self.proxy_mode.addItem(self.tr("No proxy"), "direct")
        self.proxy_mode.addItem(self.tr("This proxy"), "manual")
        self.proxy_url = QLineEdit()
        self.proxy_url.setPlaceholderText("http://proxy.biuro.local:3128")
        self.no_proxy = QLineEdit()
        self.no_proxy.setPlaceholderText(self.tr("host names, comma separated"))
        self.proxy_mode.currentIndexChanged.connect(self._proxy_mode_changed)
        form.addRow(self.tr("Proxy"), self.proxy_mode)
        form.addRow(self.tr("Proxy address"), self.proxy_url)
        form.addRow(self.tr("Without proxy for"), self.no_proxy)
        loopback = QLabel(self.tr("The built-in sandbox (127.0.0.1) is always reached directly."))
        loopback.setWordWrap(True)
        form.addRow(loopback)

        _section(form, self.tr("Database"))
        self.database_choice = DatabaseChoice(ctx.app.basedir)
        form.addRow(self.database_choice)
        self.database_in_use = QLabel()
        self.database_in_use.setObjectName("databaseInUse")
        self.database_in_use.setWordWrap(True)
        form.addRow(self.database_in_use)
        restart = QLabel(self.tr("A change of database takes effect when the program is started again."))
        restart.setWordWrap(True)
        form.addRow(restart)
        return self.seat_group

    def _workspace_group(self) -> QGroupBox:
        self.workspace_group = QGroupBox(self.tr("Office / workspace"))
        form = QFormLayout(self.workspace_group)
        note = QLabel(self.tr("Shared by everyone working in this workspace."))
        note.setWordWrap(True)
        form.addRow(note)

        _section(form, self.tr("Gateway"))
        self.profile = _narrow(QComboBox())
        self.profile.addItem(self.tr("Sandbox (local, nothing reaches ZUS)"), s.SANDBOX_PROFILE)
        self.profile.addItem(self.tr("ZUS production"), s.PRODUCTION_PROFILE)
        self.profile.addItem(self.tr("Custom address"), s.CUSTOM_PROFILE)
        self.gateway_url = QLineEdit()
        self.production_url = QLineEdit()
        form.addRow(self.tr("Profile"), self.profile)
        form.addRow(self.tr("Custom gateway URL"), self.gateway_url)
        form.addRow(self.tr("ZUS production endpoint"), self.production_url)
        gateway_note = QLabel(self.tr("Sending to the real ZUS requires that the program passes ZUS's acceptance "
                                      "tests for interface software. Until then use the sandbox."))
        gateway_note.setWordWrap(True)
        form.addRow(gateway_note)

        _section(form, self.tr("Signing and verification"))
        # stored in the workspace's database as content, not as a path (an office: every desk uses them)
        self.ca_bundle = SharedFileRow(self, CA_BUNDLE, self.tr("CA bundle"), "*.pem *.crt *.cer",
                                       self.tr("none (the issuer of a signature is not checked)"))
        self.kedu_schema = SharedFileRow(self, KEDU_SCHEMA, self.tr("KEDU schema"), "*.xsd",
                                         self.tr("none (the schemas built into the program)"))
        form.addRow(self.tr("Trusted CA bundle (PEM)"), self.ca_bundle)
        form.addRow(self.tr("Official KEDU schema (XSD)"), self.kedu_schema)

        _section(form, self.tr("E-visits and e-mail"))
        self.slot_minutes = QSpinBox()
        self.slot_minutes.setRange(10, 60)
        self.smtp_host = QLineEdit()
        self.smtp_host.setPlaceholderText("smtp.example.pl")
        self.smtp_port = QSpinBox()
        self.smtp_port.setRange(1, 65535)
        self.smtp_security = _narrow(QComboBox())
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
        form.addRow(self.tr("E-visit slot length (minutes, assumption)"), self.slot_minutes)
        form.addRow(self.tr("SMTP server"), self.smtp_host)
        form.addRow(self.tr("SMTP port"), self.smtp_port)
        form.addRow(self.tr("Security"), self.smtp_security)
        form.addRow(self.tr("Login"), self.smtp_user)
        # the password is the one secret here: kept for this seat only (settings.py), said beside it
        form.addRow(self.tr("Password (this computer only)"), self.smtp_password)
        form.addRow(self.tr("Sender address"), self.smtp_sender)
        form.addRow("", test_row)
        self.notify_to = QLineEdit()
        self.notify_to.setObjectName("notifyEmailTo")
        self.notify_to.setPlaceholderText(self.tr("empty: no e-mail"))
        notify = QLabel(self.tr("Tell by e-mail about new letters from ZUS and rejected sets:"))
        notify.setWordWrap(True)
        form.addRow(notify)
        form.addRow(self.tr("E-mail address"), self.notify_to)
        return self.workspace_group

    def _on_event(self, topic: str, _payload: dict) -> None:
        """Another desk (or process) stored or removed a shared file: show what is in force now."""
        if topic == "files.changed" and self.isVisible():
            self.ca_bundle.reload()
            self.kedu_schema.reload()
            self.params_box.reload()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wide = self.width() >= SIDE_BY_SIDE_MIN
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def _proxy_mode_changed(self, _index: int = 0) -> None:
        manual = self.proxy_mode.currentData() == "manual"
        self.proxy_url.setEnabled(manual)
        self.no_proxy.setEnabled(manual)

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
        proxy = st.get(s.NET_PROXY).strip()
        mode = "environment" if not proxy else ("direct" if proxy == s.DIRECT_PROXY else "manual")
        self.proxy_mode.setCurrentIndex(self.proxy_mode.findData(mode))
        self.proxy_url.setText(proxy if mode == "manual" else "")
        self.no_proxy.setText(st.get(s.NET_NO_PROXY))
        self._proxy_mode_changed()
        self.ca_bundle.reload()
        self.kedu_schema.reload()
        self.slot_minutes.setValue(st.get(s.VISIT_SLOT_MINUTES))
        self.smtp_host.setText(st.get(s.SMTP_HOST))
        self.smtp_port.setValue(st.get(s.SMTP_PORT))
        self.smtp_security.setCurrentIndex(max(0, self.smtp_security.findData(st.get(s.SMTP_SECURITY))))
        self.smtp_user.setText(st.get(s.SMTP_USER))
        self.smtp_password.setText(st.get(s.SMTP_PASSWORD))
        self.smtp_sender.setText(st.get(s.SMTP_SENDER))
        self.notify_to.setText(st.get(s.NOTIFY_EMAIL_TO))
        self.database_choice.load(st.get(s.DATABASE_URL))
        url = self.app.database_url
        self.database_in_use.setText(self.tr("In use now: {address}").format(
            address=url.path if url.dialect == "sqlite" else url))
        self.status.setText("")
        self.params_box.reload()

    def _proxy_value(self) -> str | None:
        """What to store as net.proxy, or None (and a message) when the address cannot be a proxy."""
        mode = self.proxy_mode.currentData()
        if mode == "environment":
            return ""
        if mode == "direct":
            return s.DIRECT_PROXY
        url = self.proxy_url.text().strip()
        if not url or proxy_problem(url) or url == s.DIRECT_PROXY:
            self.status.setText(self.tr("The proxy address must look like http://host:port — nothing was saved."))
            self.proxy_url.setFocus()
            return None
        return url

    def save(self) -> None:
        proxy = self._proxy_value()
        if proxy is None:
            return
        try:
            database = self.database_choice.collect()
        except UserFacingError as exc:
            self.status.setText(exc.render())
            return
        values = {
            s.LANGUAGE: self.language.currentData(), s.ACCOUNTANT: self.accountant.text().strip(),
            s.GATEWAY_PROFILE: self.profile.currentData(), s.GATEWAY_URL: self.gateway_url.text().strip(),
            s.PRODUCTION_GATEWAY_URL: self.production_url.text().strip(), s.PKCS11_MODULE: self.pkcs11.text().strip(),
            s.VISIT_SLOT_MINUTES: self.slot_minutes.value(), s.SMTP_HOST: self.smtp_host.text().strip(),
            s.SMTP_PORT: self.smtp_port.value(), s.SMTP_SECURITY: self.smtp_security.currentData(),
            s.SMTP_USER: self.smtp_user.text().strip(), s.SMTP_PASSWORD: self.smtp_password.text(),
            s.SMTP_SENDER: self.smtp_sender.text().strip() or s.SMTP_SENDER.default, s.NET_PROXY: proxy,
            s.NET_NO_PROXY: self.no_proxy.text().strip() if proxy not in ("", s.DIRECT_PROXY) else "",
            s.NOTIFY_EMAIL_TO: self.notify_to.text().strip(),
        }
        st = self.app.settings

        basedir = self.app.basedir

        def work() -> bool:
            for var, value in values.items():
                st.set(var, value)
            return database.apply(st, basedir)

        def done(database_changed: bool) -> None:
            self.status.setText(self.tr("Saved. The new database is used after the program is started again.")
                                if database_changed else self.tr("Saved."))
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
