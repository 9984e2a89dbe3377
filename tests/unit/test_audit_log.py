"""Who did what (issue 16): every audited change names the accountant and the seat (computer:user) it
was made at, with the time from the program's clock; ``AuditLog.for_client`` shows one client's
changes from the register, the documents' history and the payments, newest first, in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from eplatnik.app import App
from eplatnik.clock import FixedClock
from eplatnik.errors import UserFacingError
from eplatnik.forms.absences import Absence
from eplatnik.period import Period
from eplatnik.register.models import InsuredPerson, InsuredRecord, Payer
from eplatnik.settings import ACCOUNTANT
from eplatnik.workdays import PayerType

NIP, OTHER = "8567346215", "5261040828"


def _seat(basedir, accountant: str, seat: str, moment: str) -> App:
    """The workspace as one desk sees it: its accountant (Ustawienia) and its computer:user."""
    app = App(basedir, clock=FixedClock(moment))
    app.settings.set(ACCOUNTANT, accountant)
    app.seat.__dict__["id"] = seat            # as if opened at another computer / by another user
    app.db.identify(seat=seat, actor=lambda: app.actor)
    return app


def _payer(nip: str, name: str) -> Payer:
    return Payer(nip=nip, full_name=f"{name} sp. z o.o.", short_name=name, payer_type=PayerType.LEGAL,
                 regon="192598184", postal_code="00-950", city="Warszawa")


def _person(payer_id: int) -> InsuredPerson:
    return InsuredPerson(payer_id=payer_id, pesel="44051401359", record=InsuredRecord(
        first_name="Jan", last_name="Nowak", birth_date=date(1944, 5, 14), insurance_title_code="011000",
        start_date=date(2026, 1, 1), gross_pay=Decimal("5000.00")))


@pytest.fixture
def office(tmp_path):
    """Two accountants at two desks change one client; a second client is changed too."""
    base = tmp_path / "ws"
    with _seat(base, "Anna Nowak", "biuro-1:anowak", "2026-12-01T09:00") as a:
        payer = a.register.add_payer(_payer(NIP, "FIRMA TESTOWA"))
        a.register.add_insured(_person(payer.id))
        a.register.add_payer(_payer(OTHER, "INNA FIRMA"))
    with _seat(base, "Katarzyna Wiśniewska", "biuro-2:kwisniewska", "2026-12-03T14:30") as b:
        b.register.update_payer(replace(b.register.get_payer(payer.id), city="Kraków", postal_code="30-001"))
        person = b.register.list_insured(payer.id)[0]
        b.documents.absences.add(Absence(insured_id=person.id, code="331", date_from=date(2026, 11, 3),
                                         date_to=date(2026, 11, 7)))
        built = b.documents.build_monthly(payer.id, Period(2026, 11))
    with _seat(base, "Anna Nowak", "biuro-1:anowak", "2026-12-05T13:03") as a:
        a.documents.verify(built.id)
        a.account.add_manual(NIP, date(2026, 12, 4), "1000.00", "przelew")
    return base, payer.id, built.id


def test_each_change_names_the_accountant_and_the_seat_newest_first(office):
    base, _payer_id, set_id = office
    with App(base) as app:
        entries = app.audit.for_client(NIP)
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    by_action = {e.action: e for e in entries}
    assert {"payer.add", "insured.add", "payer.update", "absence.add", "document.draft", "document.verified",
            "payments.import"} <= set(by_action)
    assert (by_action["payer.add"].actor, by_action["payer.add"].seat) == ("Anna Nowak", "biuro-1:anowak")
    assert (by_action["payer.update"].actor, by_action["payer.update"].seat) == \
        ("Katarzyna Wiśniewska", "biuro-2:kwisniewska")
    assert (by_action["document.draft"].actor, by_action["document.draft"].seat) == \
        ("Katarzyna Wiśniewska", "biuro-2:kwisniewska")
    assert (by_action["document.verified"].actor, by_action["document.verified"].seat) == \
        ("Anna Nowak", "biuro-1:anowak")
    # the time is the program's clock (stored as UTC): 13:03 in Warsaw is 12:03 UTC
    assert by_action["payments.import"].at.startswith("2026-12-05T12:03")
    # in words, in Polish
    assert by_action["payer.update"].what == "Zmieniono dane płatnika"
    assert by_action["document.verified"].what == "Sprawdzono zestaw"
    assert by_action["document.draft"].object == f"zestaw nr {set_id}: DRA, RCA, RSA za 11.2026"
    assert (by_action["payments.import"].what, by_action["payments.import"].object) == \
        ("Wpisano wpłatę ręcznie", "wpłata 1 000,00 zł z dnia 04.12.2026")
    assert by_action["insured.add"].object == "ubezpieczony 44051401359"
    absence = by_action["absence.add"]     # kept by the documents area (its author and time, no seat)
    assert (absence.actor, absence.what, absence.object) == (
        "Katarzyna Wiśniewska", "Wpisano nieobecność lub zasiłek (kod 331)",
        "ubezpieczony 44051401359: 03.11.2026 – 07.11.2026")
    # the other client's changes are not this client's
    assert all(e.object != "INNA FIRMA" for e in entries)
    with App(base) as app:
        other = app.audit.for_client(OTHER)
    assert [e.action for e in other] == ["payer.add"]


def test_since_a_day_and_by_payer_id_and_english(office):
    base, payer_id, _ = office
    with App(base) as app:
        recent = app.audit.for_client(payer_id, since=date(2026, 12, 3))
        english = app.audit.for_client(payer_id, lang="en")
    assert {e.actor for e in recent} == {"Katarzyna Wiśniewska", "Anna Nowak"}
    assert "payer.add" not in {e.action for e in recent} and "payer.update" in {e.action for e in recent}
    assert {e.what for e in english} >= {"Payer's details changed", "Set verified"}


def test_a_deleted_payment_and_an_unknown_payer(office):
    base, payer_id, _ = office
    with _seat(base, "Katarzyna Wiśniewska", "biuro-2:kwisniewska", "2026-12-06T08:00") as b:
        (payment,) = [t for t in b.account.transactions(payer_id=payer_id) if t.source == "manual"]
        assert b.account.delete_manual(payment.id)
        newest = b.audit.for_client(NIP)[0]
        assert (newest.action, newest.actor, newest.seat) == \
            ("payments.delete", "Katarzyna Wiśniewska", "biuro-2:kwisniewska")
        assert newest.what == "Usunięto wpłatę wpisaną ręcznie"
        with pytest.raises(UserFacingError, match="Nie ma płatnika"):
            b.audit.for_client("1111111111")


def test_another_accountant_named_in_ustawienia_during_a_session_is_recorded_from_then_on(office):
    base, payer_id, _ = office
    with _seat(base, "Anna Nowak", "biuro-1:anowak", "2026-12-06T08:00") as app:
        app.account.add_manual(NIP, date(2026, 12, 5), "10.00")
        app.register.archive_payer(payer_id)
        app.settings.set(ACCOUNTANT, "Tomasz Zastępca")        # Ustawienia → Osoba pracująca na tym stanowisku
        app.clock.set("2026-12-06T09:00")
        app.register.archive_payer(payer_id, archived=False)
        app.account.add_manual(NIP, date(2026, 12, 5), "20.00")
        newest = [(e.action, e.actor) for e in app.audit.for_client(NIP, since=date(2026, 12, 6))]
    assert newest == [("payments.import", "Tomasz Zastępca"), ("payer.restore", "Tomasz Zastępca"),
                      ("payer.archive", "Anna Nowak"), ("payments.import", "Anna Nowak")]


def test_the_audit_log_and_the_clients_history_on_an_office_database(pg_cluster):
    """The same AuditLog on PostgreSQL (issue 16): an entry names the seat and the accountant the
    database was told, and the per-client view reads the register's entries and the documents' history
    through the same statements (no plain SQL strings, which the server refuses)."""
    import sqlalchemy as sa

    from eplatnik.store import schema
    from eplatnik.store.audit import AuditLog
    from eplatnik.store.database import Database

    def create(url):
        db = Database(url)
        try:
            db.transaction(lambda c: schema.metadata.create_all(c.sa))
        finally:
            db.close()

    db = Database(pg_cluster.url(pg_cluster.create_database(template=pg_cluster.template("portable_schema", create))))
    try:
        db.identify(seat="biuro-2:kwisniewska", actor=lambda: "Katarzyna Wiśniewska")
        clock = FixedClock("2026-12-05T13:03")
        log = AuditLog(db, clock)
        t = schema.metadata.tables
        stamp = clock.now_iso()

        def register(c):
            payer_id = c.execute(sa.insert(t["payers"]).values(
                nip=NIP, full_name="Firma", short_name="FIRMA", payer_type="legal", created_at=stamp,
                updated_at=stamp).returning(t["payers"].c.id)).scalar_one()
            person_id = c.execute(sa.insert(t["insured_persons"]).values(
                payer_id=payer_id, pesel="44051401359", created_at=stamp).returning(t["insured_persons"].c.id)
            ).scalar_one()
            log.record(c, None, "payer.add", "payer", payer_id, NIP)
            log.record(c, "Anna Nowak", "insured.add", "insured", person_id, "44051401359",
                       at="2026-12-05T12:04:00.000Z")
            set_id = c.execute(sa.insert(t["document_sets"]).values(
                payer_id=payer_id, period="2026-11", kind="monthly", status="draft", forms="DRA,RCA", xml=b"<x/>",
                xml_sha256="0", created_at=stamp, updated_at=stamp).returning(t["document_sets"].c.id)).scalar_one()
            c.execute(sa.insert(t["document_transitions"]).values(
                set_id=set_id, to_status="signed", at="2026-12-05T12:05:00.000Z", actor="Anna Nowak",
                seat="biuro-1:anowak", note=""))
            return payer_id

        payer_id = db.transaction(register)
        entries = log.for_client(NIP)
        assert [(e.action, e.actor, e.seat) for e in entries] == [
            ("document.signed", "Anna Nowak", "biuro-1:anowak"),
            ("insured.add", "Anna Nowak", "biuro-2:kwisniewska"),
            ("payer.add", "Katarzyna Wiśniewska", "biuro-2:kwisniewska"),
        ]
        assert [e.what for e in entries] == ["Podpisano zestaw", "Dodano ubezpieczonego", "Dodano płatnika do rejestru"]
        assert entries[0].object == "zestaw nr 1: DRA, RCA za 11.2026"
        assert [e.action for e in log.for_client(payer_id, since=date(2026, 12, 6))] == []
        assert [r["action"] for r in log.entries("payer", payer_id)] == ["payer.add"]
    finally:
        db.close()
