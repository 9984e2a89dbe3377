"""Notifications: one e-mail through a real SMTP server (aiosmtpd) with STARTTLS or SSL/TLS and a
login — through the program's one SMTP helper (eplatnik/mailer.py) — naming only that something
arrived and where, never a letter's title or content."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from eplatnik.errors import UserFacingError
from eplatnik.mailer import SmtpConfig, send_mail
from eplatnik.notify.service import notice_message

# implicit TLS: aiosmtpd cannot see that the connection is TLS and warns about AUTH without it
pytestmark = [pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning"),
              pytest.mark.both_backends]  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)  # machine time: the TLS stack checks the certificate against it
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "smtp.pem", directory / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Sink:
    def __init__(self) -> None:
        self.messages: list = []
        self.logins: list[tuple[str, str]] = []
        self.arrived = threading.Event()


@pytest.fixture(params=["starttls", "ssl"])
def smtp_server(request, tmp_path):
    """aiosmtpd on loopback with a self-made certificate, requiring a login (over TLS only)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    sink = Sink()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            sink.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            sink.arrived.set()
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            sink.logins.append((auth_data.login.decode(), auth_data.password.decode()))
            ok = auth_data.login == b"biuro" and auth_data.password == b"tajne"
            return AuthResult(success=ok, handled=False)      # handled=False: aiosmtpd answers 535 itself
        return AuthResult(success=False, handled=False)

    port = free_port()
    # STARTTLS: AUTH only after the upgrade; implicit TLS: the whole connection is TLS (aiosmtpd does
    # not know it, so its own "TLS before AUTH" check is off there)
    kwargs = ({"tls_context": context, "auth_require_tls": True} if request.param == "starttls"
              else {"ssl_context": context, "auth_require_tls": False})
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_required=True, **kwargs)
    controller.start()
    config = SmtpConfig(host="127.0.0.1", port=port, security=request.param, username="biuro", password="tajne",
                        sender="biuro@example.pl", ca_file=str(cert), timeout=10)
    yield config, sink
    controller.stop()


def _mail(config, subject: str = "Temat", body: str = "Treść"):
    return notice_message(config, "szef@example.pl", subject, body, 1_795_000_000)


def test_mail_goes_out_over_tls_with_login_dated_by_the_programs_clock(smtp_server):
    config, sink = smtp_server
    send_mail(config, _mail(config))
    assert sink.arrived.wait(10)
    assert sink.logins == [("biuro", "tajne")]
    message = sink.messages[0]
    assert message["To"] == "szef@example.pl" and message["Subject"] == "Temat"
    assert message["Date"].datetime == dt.datetime.fromtimestamp(1_795_000_000, dt.UTC)


def test_wrong_password_and_untrusted_certificate_are_clear_errors(smtp_server):
    from dataclasses import replace

    config, _sink = smtp_server
    with pytest.raises(UserFacingError, match="nie przyjął loginu") as err:
        send_mail(replace(config, password="zle"), _mail(config))
    assert "hasło" in err.value.render()
    with pytest.raises(UserFacingError, match="szyfrowanego połączenia"):
        # a self-made certificate the client was not told to trust (smtp.ca_file empty)
        send_mail(replace(config, ca_file=""), _mail(config))


def test_new_letters_and_a_rejected_set_are_told_once_without_content(app, smtp_server):
    from eplatnik import settings as s
    from eplatnik.gateway.letters_protocol import LetterMeta

    config, sink = smtp_server
    st = app.settings
    for var, value in ((s.SMTP_HOST, config.host), (s.SMTP_PORT, config.port), (s.SMTP_SECURITY, config.security),
                       (s.SMTP_USER, config.username), (s.SMTP_PASSWORD, config.password),
                       (s.SMTP_CA_FILE, config.ca_file), (s.SMTP_SENDER, config.sender),
                       (s.NOTIFY_EMAIL_TO, "biuro@example.pl")):
        st.set(var, value)
    meta = LetterMeta(id="LTR-20261120-AAAA", payer_nip="9512345675", payer_name="TECHBUD SP. Z O.O.",
                      title="Decyzja o tajnej treści", kind="decision", placed_at="2026-11-20T09:00:00+00:00",
                      content_sha256="x", content_size=1, state="awaiting")
    app.letters.store.upsert("sandbox", [meta], app.clock.now_iso())
    notifications = app.notifications
    notifications.rejected = list
    first = notifications.run()
    assert [n.kind for n in first.new] == ["letter"] and first.emailed == 1 and not first.email_error
    assert sink.arrived.wait(10)
    [mail] = sink.messages
    body = mail.get_content()
    assert "TECHBUD" in mail["Subject"] and "Korespondencja" in body
    assert "tajnej" not in body and "tajnej" not in mail["Subject"]     # never the letter's title or content
    second = notifications.run()
    assert second.new == [] and second.emailed == 0 and len(sink.messages) == 1   # told once
    shown = notifications.take_desktop()
    assert len(shown) == 1 and notifications.take_desktop() == []


def test_first_run_does_not_announce_old_rejections_but_later_ones(app):
    from types import SimpleNamespace

    def sub(i):
        return SimpleNamespace(id=i, payer_name="NOWAK DESIGN", payer_nip="7792433421", period="2026-10",
                               reference=f"SBX-{i}")

    rejected = [sub(1)]
    service = app.notifications
    service.rejected = lambda: rejected
    assert service.run().new == []                     # the first run takes the old rejection as known
    rejected.append(sub(2))
    [notice] = service.run().new
    assert notice.kind == "rejected" and "NOWAK DESIGN" in notice.subject and "SBX-2" in notice.body
    assert "Wysyłka i potwierdzenia" in notice.body
