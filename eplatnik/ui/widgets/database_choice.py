"""Where this seat's data lives (issue 16, step 16.10): "ten komputer (SQLite)" or "baza biura
(PostgreSQL)" with its server, port, database, user and password, "Sprawdź połączenie" (in the
background) and "Zapamiętaj hasło". Used by Ustawienia and by the first start.

What is stored: the seat setting ``database.url`` — the address without the password. The password
goes into the seat's pgpass file (libpq's format, mode 0600, ``store/pgpass.py``) only when "Zapamiętaj
hasło" is ticked; otherwise the program asks for it when it starts. A change takes effect at the next
start of the program.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ... import settings as s
from ...errors import UserFacingError
from ...office import (
    DEFAULT_PG_PORT,
    DatabaseUrl,
    check_connection,
    forget_password,
    parse_database_url,
    remember_password,
    seat_pgpass,
    stored_password,
    use_seat_pgpass,
)
from ..ops import Op

LOCAL, OFFICE = "sqlite", "postgresql"


@dataclass(frozen=True)
class DatabaseSetting:
    """A seat's choice of database as entered: ``url`` None for this computer's SQLite file."""

    url: DatabaseUrl | None
    password: str = field(default="", repr=False)
    remember: bool = False

    @property
    def value(self) -> str:
        """What ``database.url`` gets: "" for this computer, else the address without the password."""
        return "" if self.url is None else self.url.redacted()

    def apply(self, settings: s.Settings, basedir: Path) -> bool:
        """Store the choice for this seat (files: call it off the UI thread). True when it differs from
        the one stored before — it takes effect when the program starts again."""
        if self.url is not None:
            pgpass = seat_pgpass(basedir)
            if self.remember and self.password:
                remember_password(pgpass, self.url, self.password)
            elif not self.remember:
                forget_password(pgpass, self.url)
            use_seat_pgpass(basedir)
        changed = self.value != settings.get(s.DATABASE_URL)
        settings.set(s.DATABASE_URL, self.value)
        return changed


class DatabaseChoice(QWidget):
    def __init__(self, basedir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databaseChoice")
        self.basedir = Path(basedir)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.mode = QComboBox()
        self.mode.setObjectName("databaseMode")
        self.mode.addItem(self.tr("this computer (SQLite)"), LOCAL)
        self.mode.addItem(self.tr("the office database (PostgreSQL)"), OFFICE)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.server = QLineEdit()
        self.server.setObjectName("databaseServer")
        self.server.setPlaceholderText(self.tr("e.g. serwer-biura or 192.168.1.10"))
        self.port = QSpinBox()
        self.port.setObjectName("databasePort")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PG_PORT)
        self.database = QLineEdit()
        self.database.setObjectName("databaseName")
        self.database.setPlaceholderText("eplatnik")
        self.user = QLineEdit()
        self.user.setObjectName("databaseUser")
        self.password = QLineEdit()
        self.password.setObjectName("databasePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password on this computer"))
        self.remember.setObjectName("databaseRemember")
        self.check_button = QPushButton(self.tr("Check the connection"))
        self.check_button.setObjectName("databaseCheck")
        self.check_button.clicked.connect(self.check)
        self.status = QLabel()
        self.status.setObjectName("databaseStatus")
        self.status.setWordWrap(True)
        check_row = QWidget()
        row = QHBoxLayout(check_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check_button)
        row.addStretch(1)
        form.addRow(self.tr("Database"), self.mode)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database name"), self.database)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.remember)
        form.addRow("", check_row)
        form.addRow(self.status)
        self._office_fields = (self.server, self.port, self.database, self.user, self.password, self.remember,
                               self.check_button)
        self._mode_changed()

    # -- filling and reading ----------------------------------------------------------------------------
    def load(self, address: str) -> None:
        """Show the stored address (``database.url``; empty: this computer's SQLite file)."""
        url = None
        if address.strip():
            try:
                url = parse_database_url(address)
            except UserFacingError:
                url = None
        if url is None or url.dialect != OFFICE:
            self.mode.setCurrentIndex(self.mode.findData(LOCAL))
        else:
            self.mode.setCurrentIndex(self.mode.findData(OFFICE))
            self.server.setText(url.host)
            self.port.setValue(url.port)
            self.database.setText(url.database)
            self.user.setText(url.username)
            known = stored_password(seat_pgpass(self.basedir), url) is not None
            self.remember.setChecked(known)
            self.password.setPlaceholderText(self.tr("remembered on this computer") if known else "")
        self.password.clear()
        self.status.clear()

    def office(self) -> bool:
        return self.mode.currentData() == OFFICE

    def address(self) -> DatabaseUrl | None:
        """The office database as entered (without the password), or None for this computer's file.
        A missing field is a UserFacingError naming it."""
        if not self.office():
            return None
        missing = [label for label, edit in ((self.tr("server"), self.server), (self.tr("database name"),
                   self.database), (self.tr("user"), self.user)) if not edit.text().strip()]
        if missing:
            from ...i18n import Text

            text = self.tr("Fill in: {fields}.").format(fields=", ".join(missing))
            raise UserFacingError(Text(text, text))
        return DatabaseUrl(OFFICE, host=self.server.text().strip(), port=self.port.value(),
                           database=self.database.text().strip(), username=self.user.text().strip())

    def password_to_use(self, url: DatabaseUrl) -> str | None:
        """The password typed, else the one remembered here, else None (libpq: PGPASSWORD, ~/.pgpass)."""
        return self.password.text() or stored_password(seat_pgpass(self.basedir), url)

    def collect(self) -> DatabaseSetting:
        """What is on the screen, read on the UI thread (``apply`` stores it in the background); a
        missing field is a UserFacingError."""
        return DatabaseSetting(self.address(), self.password.text(), self.remember.isChecked())

    # -- "Sprawdź połączenie" ------------------------------------------------------------------------
    def check(self) -> None:
        try:
            url = self.address()
        except UserFacingError as exc:
            self._say(exc.render(), ok=False)
            return
        if url is None:
            return
        from dataclasses import replace

        password = self.password_to_use(url)
        trial = replace(url, password=password) if password else url
        self._say(self.tr("Connecting to {server}…").format(server=url.server), ok=None)
        self.check_button.setEnabled(False)

        def done(found) -> None:
            if found.empty:
                self._say(self.tr("The connection works: an empty database — eplatnik will set it up when it "
                                  "next starts with it."), ok=True)
            else:
                self._say(self.tr("The connection works: an eplatnik database (schema {revision}).").format(
                    revision=found.revision), ok=True)

        Op(self, lambda: check_connection(trial)).success(done).failure(
            lambda exc: self._say(exc.render(), ok=False)).finally_(lambda: self.check_button.setEnabled(True)).run()

    def _say(self, text: str, *, ok: bool | None) -> None:
        self.status.setStyleSheet("" if ok is None else ("color: #1b5e20;" if ok else "color: #b71c1c;"))
        self.status.setText(text)
        # a word-wrapped label in a form does not grow by itself when its text gets longer
        self.status.setMinimumHeight(self.status.heightForWidth(max(self.status.width(), 200)) if text else 0)

    def _mode_changed(self, _index: int = 0) -> None:
        office = self.office()
        for widget in self._office_fields:
            widget.setEnabled(office)
        self.status.clear()
