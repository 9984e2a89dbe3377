"""Sending one e-mail through an SMTP server: plain, STARTTLS or SSL/TLS, with or without a login.

Every e-mail the program sends (e-visit reminders through the sandbox, notices of letters from ZUS
and rejected sets — notify/) goes through ``send_mail`` with an ``SmtpConfig``, so the security, the
login and the certificate checks (the system's trust store, plus ``smtp.ca_file`` for an office
server with its own CA) work the same everywhere.
Failures come back as ``UserFacingError`` with what to check (server, port, login, TLS).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from .errors import UserFacingError
from .i18n import t

#: none: plain SMTP (a local relay); starttls: port 587, the usual today; ssl: SMTP over TLS, port 465
SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 15.0

NO_SERVER = t("Nie podano serwera SMTP.", "No SMTP server is set.")
NO_SERVER_HINT = t("Wpisz go w Ustawieniach (E-wizyty i poczta e-mail).",
                   "Enter it in Settings (E-visits and e-mail).")
LOGIN_FAILED = t("Serwer poczty {host} nie przyjął loginu „{user}” i hasła.",
                 "The mail server {host} refused the login '{user}' and password.")
LOGIN_HINT = t("Sprawdź login i hasło (u wielu dostawców potrzebne jest osobne hasło do aplikacji).",
               "Check the login and password (many providers need a separate app password).")
NEEDS_LOGIN = t("Serwer poczty {host} wymaga zalogowania.", "The mail server {host} requires a login.")
NEEDS_LOGIN_HINT = t("Podaj login i hasło w Ustawieniach.", "Enter the login and password in Settings.")
NO_STARTTLS = t("Serwer poczty {host} nie obsługuje STARTTLS.", "The mail server {host} does not offer STARTTLS.")
TLS_FAILED = t("Nie udało się nawiązać szyfrowanego połączenia z {host}:{port}: {error}",
               "Could not set up an encrypted connection to {host}:{port}: {error}")
TLS_HINT = t("Sprawdź rodzaj zabezpieczenia: STARTTLS zwykle na porcie 587, SSL/TLS na porcie 465.",
             "Check the security: STARTTLS is usually port 587, SSL/TLS port 465.")
UNREACHABLE = t("Nie można połączyć się z serwerem poczty {host}:{port}: {error}",
                "Cannot connect to the mail server {host}:{port}: {error}")
UNREACHABLE_HINT = t("Sprawdź adres i port serwera oraz połączenie z siecią.",
                     "Check the server's address and port and the network connection.")
REFUSED = t("Serwer poczty {host} nie przyjął wiadomości: {error}",
            "The mail server {host} did not accept the message: {error}")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password: str = ""
    sender: str = "eplatnik@localhost"
    timeout: float = TIMEOUT
    ca_file: str = ""     # an office server's own CA (PEM), trusted besides the system's

    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.ca_file:
            context.load_verify_locations(cafile=self.ca_file)
        return context

    def __repr__(self) -> str:  # never show the password in logs or tracebacks
        return (f"SmtpConfig({self.host!r}, {self.port}, {self.security!r}, username={self.username!r}, "
                f"password={'***' if self.password else ''!r})")


def config_from_settings(settings) -> SmtpConfig:
    from .settings import SMTP_CA_FILE, SMTP_HOST, SMTP_PASSWORD, SMTP_PORT, SMTP_SECURITY, SMTP_SENDER, SMTP_USER

    return SmtpConfig(host=settings.get(SMTP_HOST), port=settings.get(SMTP_PORT),
                      security=settings.get(SMTP_SECURITY), username=settings.get(SMTP_USER),
                      password=settings.get(SMTP_PASSWORD), sender=settings.get(SMTP_SENDER),
                      ca_file=settings.get(SMTP_CA_FILE))


def _connect(config: SmtpConfig) -> smtplib.SMTP:
    context = config.ssl_context()
    if config.security == "ssl":
        return smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    if config.security == "starttls":
        try:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise UserFacingError(NO_STARTTLS(host=config.host), hint=TLS_HINT)
            smtp.starttls(context=context)
            smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
    return smtp


def send_mail(config: SmtpConfig, message: EmailMessage) -> None:
    """Send ``message`` (its From is set to the sender when empty); a clear error when it cannot go."""
    if not config.host:
        raise UserFacingError(NO_SERVER, hint=NO_SERVER_HINT)
    if not message["From"]:
        message["From"] = config.sender
    where = {"host": config.host, "port": config.port}
    try:
        with _connect(config) as smtp:
            if config.username:
                smtp.login(config.username, config.password)
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise UserFacingError(LOGIN_FAILED(host=config.host, user=config.username), hint=LOGIN_HINT) from exc
    except smtplib.SMTPSenderRefused as exc:
        if exc.smtp_code == 530:
            raise UserFacingError(NEEDS_LOGIN(host=config.host), hint=NEEDS_LOGIN_HINT) from exc
        raise UserFacingError(REFUSED(host=config.host, error=str(exc))) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise UserFacingError(NO_STARTTLS(host=config.host), hint=TLS_HINT) from exc
    except ssl.SSLError as exc:
        raise UserFacingError(TLS_FAILED(**where, error=exc.reason or str(exc)), hint=TLS_HINT) from exc
    except smtplib.SMTPException as exc:
        raise UserFacingError(REFUSED(host=config.host, error=str(exc))) from exc
    except OSError as exc:
        raise UserFacingError(UNREACHABLE(**where, error=exc.strerror or str(exc)), hint=UNREACHABLE_HINT) from exc


def trial_message(config: SmtpConfig, to: str) -> EmailMessage:
    """The message the Settings page sends to check the configuration."""
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = to
    message["Subject"] = t("eplatnik: wiadomość próbna", "eplatnik: test message").render()
    message.set_content(t("Ustawienia poczty w programie eplatnik działają.",
                          "The e-mail settings of eplatnik work.").render())
    return message
