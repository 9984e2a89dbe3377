"""Sending one e-mail through the office's SMTP server: plain, STARTTLS or implicit TLS, with login.

Certificates are checked (the system's trust store, plus ``smtp.ca_file`` for an office server with
its own CA). The password is kept in ``<workspace>/secrets/smtp-password`` (owner-only file), not in
settings.json, and never logged.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from ..errors import UserFacingError
from ..fsutil import atomic_write_text
from ..i18n import t

SECURITY_CHOICES = ("none", "starttls", "tls")
PASSWORD_FILE = Path("secrets") / "smtp-password"
TIMEOUT = 15.0

SEND_FAILED = t("Nie udało się wysłać e-maila przez {host}:{port}: {detail}",
                "Could not send the e-mail through {host}:{port}: {detail}")
SEND_HINT = t("Sprawdź ustawienia SMTP (serwer, port, szyfrowanie, login i hasło) w Ustawieniach.",
              "Check the SMTP settings (server, port, encryption, login and password) in Settings.")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    security: str = "starttls"        # none | starttls | tls
    username: str = ""
    password: str = field(default="", repr=False)
    sender: str = "eplatnik@localhost"
    ca_file: str = ""
    timeout: float = TIMEOUT

    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.ca_file:
            context.load_verify_locations(cafile=self.ca_file)
        return context


def send_mail(config: SmtpConfig, to: str, subject: str, body: str, *, date: float,
              headers: dict[str, str] | None = None) -> None:
    """Send one plain-text message dated ``date`` (a POSIX timestamp from the program's clock);
    raises ``UserFacingError`` saying what failed."""
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(date, localtime=False)
    message["Message-ID"] = make_msgid(domain="eplatnik.local")
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body)
    try:
        if config.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout,
                                                  context=config.ssl_context())
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with smtp:
            if config.security == "starttls":
                smtp.starttls(context=config.ssl_context())
            if config.username:
                smtp.login(config.username, config.password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        detail = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        raise UserFacingError(SEND_FAILED(host=config.host, port=config.port, detail=detail[:300]),
                              hint=SEND_HINT) from exc


def load_password(basedir: Path) -> str:
    try:
        return (Path(basedir) / PASSWORD_FILE).read_text(encoding="utf-8").rstrip("\n")
    except OSError:
        return ""


def save_password(basedir: Path, password: str) -> None:
    """Keep the SMTP password in an owner-only file of the workspace (empty: remove it)."""
    path = Path(basedir) / PASSWORD_FILE
    if not password:
        path.unlink(missing_ok=True)
        return
    atomic_write_text(path, password)   # mkstemp makes it owner-only (0600); chmod again to be sure
    with contextlib.suppress(OSError):
        path.chmod(0o600)
