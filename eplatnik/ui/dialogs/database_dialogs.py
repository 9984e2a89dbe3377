"""Opening the workspace's database at start-up (issue 16, step 16.10): the first start's choice of
database, and the password the office database asks for when none is remembered.

``open_asking_password`` is the start-up loop (no widgets in it, so it is tested without dialogs):
open the workspace; when the server refuses the login (``DatabaseAuthFailed``) ask for the password —
the first time without a reproach when none was given at all, afterwards with the server's answer —
and try again with it; Cancel ends the start. The password is kept in memory (and handed to job
children in their environment); it is written to the seat's pgpass file only when "Zapamiętaj hasło"
was ticked, and only once the server accepted it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ... import settings as s
from ...errors import UserFacingError
from ...office import DatabaseAuthFailed, DatabaseUrl, remember_password, seat_pgpass, stored_password, use_seat_pgpass

A = TypeVar("A")
#: (the address, the refusal to show or None the first time) → (password, remember) or None (Cancel)
AskPassword = Callable[[DatabaseUrl, UserFacingError | None], "tuple[str, bool] | None"]


def open_asking_password(open_app: Callable[[DatabaseUrl], A], location: DatabaseUrl, basedir: Path,
                         ask: AskPassword) -> A | None:
    """``open_app(location)``, asking for the password while the server refuses it; None on Cancel."""
    refused: UserFacingError | None = None
    remember = False
    had_password = location.password is not None or stored_password(seat_pgpass(basedir), location) is not None
    while True:
        try:
            opened = open_app(location)
        except DatabaseAuthFailed as exc:
            if location.dialect != "postgresql":
                raise
            refused = exc if (had_password or refused is not None) else None
            answer = ask(location, refused)
            if answer is None:
                return None
            password, remember = answer
            location = replace(location, password=password)
            had_password = True
            refused = exc
            continue
        if remember and location.password:
            remember_password(seat_pgpass(basedir), location, location.password)
            use_seat_pgpass(basedir)
        return opened


class PasswordDialog(QDialog):
    """"Serwer … prosi o hasło": the password (never shown), and whether to remember it here."""

    def __init__(self, url: DatabaseUrl, refused: UserFacingError | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databasePasswordDialog")
        self.setWindowTitle(self.tr("Office database password"))
        layout = QVBoxLayout(self)
        ask = QLabel(self.tr("The server {server} asks for the password of user “{user}” to the database "
                             "“{database}”.").format(server=url.server, user=url.username or "?",
                                                     database=url.database))
        ask.setWordWrap(True)
        layout.addWidget(ask)
        self.problem = QLabel(refused.render() if refused is not None else "")
        self.problem.setObjectName("passwordProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        self.problem.setVisible(refused is not None)
        layout.addWidget(self.problem)
        self.password = QLineEdit()
        self.password.setObjectName("databasePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.remember = QCheckBox(self.tr("Remember the password on this computer"))
        self.remember.setObjectName("databaseRemember")
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def answer(self) -> tuple[str, bool] | None:
        return (self.password.text(), self.remember.isChecked()) if self.exec() == QDialog.DialogCode.Accepted \
            else None


def ask_password_dialog(url: DatabaseUrl, refused: UserFacingError | None) -> tuple[str, bool] | None:
    return PasswordDialog(url, refused).answer()


class FirstStartDialog(QDialog):
    """The first start at this computer: where the data lives — this computer, or the office database."""

    def __init__(self, basedir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstStartDialog")
        self.basedir = Path(basedir)
        self.typed_password = ""
        self.setWindowTitle(self.tr("eplatnik — where the data lives"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Welcome. Choose where eplatnik keeps its data: on this computer (one desk), or in "
                               "the office's PostgreSQL database shared by every desk of the office. It can be "
                               "changed later in Settings."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        from ..widgets.database_choice import DatabaseChoice  # not on the usual start-up path (ops → Qt enums)

        self.choice = DatabaseChoice(self.basedir)
        layout.addWidget(self.choice)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _accept(self) -> None:
        try:
            choice = self.choice.collect()
        except UserFacingError as exc:
            self.problem.setText(exc.render())
            return
        settings = s.Settings(self.basedir)
        choice.apply(settings, self.basedir)  # two small files, before the main window exists
        self.typed_password = choice.password  # used for this start even when not remembered
        self.accept()


def is_first_start(basedir: Path) -> bool:
    """No workspace at ``basedir`` yet: neither its database file nor its settings."""
    return not (Path(basedir) / "eplatnik.db").exists() and not (Path(basedir) / s.Settings.FILENAME).exists()
