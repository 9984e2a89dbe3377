"""Issue 14's minor items that live in the core: a contractor without working time, the demo's
certificate path, e-visit prefill for a company and a landline, the cancelled visit's PDF, SMTP with a
login, the payer type guessed from a name."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from support import need_tool

from eplatnik.forms import kedu_reader, kedu_writer
from eplatnik.register import csv_import
from eplatnik.register.models import Payer
from eplatnik.workdays import PayerType


@pytest.fixture
def payer(app):
    return app.register.add_payer(Payer(nip="8567346215", full_name="Firma", short_name="FIRMA",
                                        payer_type=PayerType.LEGAL, regon="192598184"))


def test_a_contractor_row_without_working_time_gets_none(app, payer):
    """An umowa-zlecenie (0411) has no wymiar czasu pracy: not 1/1, and no empty p3 in the RCA."""
    data = ("PESEL;Imię;Nazwisko;Kod tytułu ubezpieczenia;Data rozpoczęcia;Wymiar czasu pracy\n"
            "44051401359;Józef;Zleceniobiorca;041100;2025-01-01;\n"
            "02211307589;Łucja;Pracownica;011000;2025-01-01;\n").encode()
    preview = csv_import.preview(app.register, payer.id, data)
    assert not preview.error_rows, [csv_import.describe_errors(r) for r in preview.error_rows]
    csv_import.commit(app.register, preview)
    people = {p.record.last_name: p.record for p in app.register.list_insured(payer.id)}
    assert people["Zleceniobiorca"].work_time == ""  # no working time
    assert people["Pracownica"].work_time == "1/1"  # an employee works full time unless told otherwise


def test_an_rca_block_without_working_time_leaves_p3_out(app, all_forms):
    rca = all_forms["RCA"]
    contractor = next(b for b in rca.blocks if b.title.code == "0411")
    assert (contractor.work_time.numerator, contractor.work_time.denominator) == (0, 0)
    data = kedu_writer.write_documents([rca])
    back = kedu_reader.read(data)
    blocks = {b.title.code: b for b in back.documents[0].blocks}
    assert blocks["0411"].work_time.denominator == 0 and blocks["0110"].work_time.denominator == 1
    assert data.count(b"<p3>\n") + data.count(b"<p3>\r\n") <= sum(1 for b in rca.blocks if b.title.code != "0411")


def test_the_demo_stores_an_absolute_certificate_path(tmp_path, monkeypatch):
    from eplatnik.app import App
    from eplatnik.demo import create_demo
    from eplatnik.settings import P12_PATH

    monkeypatch.chdir(tmp_path)
    app = App(Path("biuro-demo"))  # a relative workspace, as `--basedir biuro-demo` gives it
    try:
        create_demo(app)
        stored = Path(app.settings.get(P12_PATH))
    finally:
        app.close()
    assert stored.is_absolute() and stored == (tmp_path / "biuro-demo" / "demo" / "signer.p12")
    assert stored.exists()


def test_e_visit_prefill_takes_a_person_and_a_mobile_number(demo_app):
    visits = demo_app.visits
    techbud = demo_app.register.find_payer("9512345675")   # a company with a Warsaw landline
    kowalski = demo_app.register.find_payer("5261040828")  # a sole trader with a mobile
    company = visits.request_for_payer(techbud.id)
    assert company.name == "" and company.phone == "" and company.nip == "9512345675"
    person = visits.request_for_payer(kowalski.id)
    assert person.name == "Jan Kowalski" and person.phone == "+48601234567"


@pytest.mark.parametrize(("number", "mobile"), [("601234567", True), ("+48 512 345 678", True),
                                                ("223456789", False), ("124567890", False), ("587654321", False)])
def test_only_mobile_numbers_receive_the_sms(number, mobile):
    from eplatnik.register.validation import check_phone, is_mobile

    assert is_mobile(number) is mobile
    assert (check_phone(number, mobile=True) is None) is mobile


def test_a_cancelled_visit_pdf_says_so_and_has_no_link(tmp_path):
    pdftotext = need_tool("pdftotext")
    from eplatnik.reports.visit_pdf import render_visit_pdf
    from eplatnik.visits.models import Visit, VisitRequest, VisitStatus

    request = VisitRequest(topic="raty", unit_id="zus-krakow", unit_name="ZUS Kraków",
                           start=datetime.fromisoformat("2026-11-23T09:20:00+01:00"), name="Jan Kowalski",
                           pesel="81062313512", phone="+48601234567", email="jan@example.pl")
    texts = {}
    for status in (VisitStatus.BOOKED, VisitStatus.CANCELLED):
        visit = Visit(id=1, request=request, status=status, remote_id="EW-1",
                      join_url="https://ewizyta.example/join/EW-1")
        out = tmp_path / f"{status.value}.pdf"
        out.write_bytes(render_visit_pdf(visit, "pl"))
        texts[status] = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True,
                                       check=True).stdout
    booked, cancelled = texts[VisitStatus.BOOKED], texts[VisitStatus.CANCELLED]
    assert "Potwierdzenie e-wizyty" in booked and "ewizyta.example/join" in booked
    assert "23.11.2026 09:20" in booked
    assert "Odwołanie e-wizyty" in cancelled and "Potwierdzenie" not in cancelled
    assert "ewizyta.example/join" not in cancelled and "została odwołana" in cancelled


@pytest.fixture
def smtp_with_login():
    """A real SMTP server (aiosmtpd) that wants a login (no TLS on loopback, for the test only)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
    from plugins.visits import free_port

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((session.authenticated, envelope.content))
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"biuro" and auth_data.password == b"tajne"
        return AuthResult(success=ok, handled=False)  # a refusal is answered with 535

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False, auth_required=True, auth_exclude_mechanism=["LOGIN"])
    controller.start()
    yield port, received
    controller.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_with_a_login(smtp_with_login):
    from eplatnik.errors import UserFacingError
    from eplatnik.mailer import SmtpConfig, send_mail, trial_message

    port, received = smtp_with_login
    good = SmtpConfig("127.0.0.1", port, "none", "biuro", "tajne", "biuro@example.pl")
    send_mail(good, trial_message(good, "biuro@example.pl"))
    assert received and received[0][0] is True and b"eplatnik" in received[0][1]
    with pytest.raises(UserFacingError, match="nie przyjął loginu „biuro”"):
        bad = SmtpConfig("127.0.0.1", port, "none", "biuro", "zle", "biuro@example.pl")
        send_mail(bad, trial_message(bad, "biuro@example.pl"))
    with pytest.raises(UserFacingError, match="wymaga zalogowania"):
        anonymous = SmtpConfig("127.0.0.1", port, "none", sender="biuro@example.pl")
        send_mail(anonymous, trial_message(anonymous, "biuro@example.pl"))
    with pytest.raises(UserFacingError, match="nie obsługuje STARTTLS"):
        tls = SmtpConfig("127.0.0.1", port, "starttls", "biuro", "tajne", "biuro@example.pl")
        send_mail(tls, trial_message(tls, "biuro@example.pl"))
    assert "tajne" not in repr(good)


def test_smtp_server_that_cannot_be_reached_says_what_to_check():
    from plugins.visits import free_port

    from eplatnik.errors import UserFacingError
    from eplatnik.mailer import SmtpConfig, send_mail, trial_message

    config = SmtpConfig("127.0.0.1", free_port(), "none", sender="a@example.pl", timeout=3)
    with pytest.raises(UserFacingError, match="Nie można połączyć się z serwerem poczty") as err:
        send_mail(config, trial_message(config, "a@example.pl"))
    assert "adres i port" in err.value.render()
