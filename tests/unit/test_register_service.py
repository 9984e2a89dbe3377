from datetime import date, timedelta
from decimal import Decimal

import pytest

from eplatnik.errors import ValidationFailed
from eplatnik.register.models import (
    Accountant,
    Authorisation,
    InsuredPerson,
    InsuredRecord,
    Payer,
)
from eplatnik.workdays import PayerType

pytestmark = pytest.mark.both_backends  # app/demo_app on SQLite and on PostgreSQL (tests/plugins/postgres.py)


def _payer(**kw) -> Payer:
    base = dict(nip="8567346215", full_name="Firma Testowa sp. z o.o.", short_name="FIRMA TESTOWA",
                payer_type=PayerType.LEGAL, regon="192598184", postal_code="00-950", city="Warszawa")
    base.update(kw)
    return Payer(**base)


def test_add_list_search_and_duplicate_nip(app):
    reg = app.register
    added = reg.add_payer(_payer())
    assert added.id is not None
    assert [p.nip for p in reg.list_payers(search="testowa")] == ["8567346215"]
    assert [p.nip for p in reg.list_payers(search="856-734")] == ["8567346215"]
    with pytest.raises(ValidationFailed) as err:
        reg.add_payer(_payer(short_name="INNA"))
    assert "już jest w rejestrze" in err.value.render()
    assert len(reg.list_payers()) == 1


def test_invalid_payer_is_not_written(app):
    with pytest.raises(ValidationFailed) as err:
        app.register.add_payer(_payer(nip="8567346216", short_name="X" * 32, postal_code="00950"))
    fields = {e.field for e in err.value.errors}
    assert {"nip", "short_name", "postal_code"} <= fields
    assert app.register.list_payers(include_archived=True) == []


def test_archive_and_restore(app):
    p = app.register.add_payer(_payer())
    app.register.archive_payer(p.id)
    assert app.register.list_payers() == []
    assert app.register.list_payers(include_archived=True)[0].archived
    app.register.archive_payer(p.id, archived=False)
    assert len(app.register.list_payers()) == 1
    actions = [r["action"] for r in app.register.audit_entries("payer", p.id)]
    assert actions == ["payer.add", "payer.archive", "payer.restore"]


def test_insured_history_keeps_earlier_records(app):
    reg = app.register
    p = reg.add_payer(_payer())
    person = reg.add_insured(InsuredPerson(payer_id=p.id, pesel="44051401359", record=InsuredRecord(
        first_name="Jan", last_name="Nowak", birth_date=date(1944, 5, 14), insurance_title_code="011010",
        start_date=date(2025, 1, 1), gross_pay=Decimal("5000.00"))))
    changed = InsuredRecord(first_name="Jan", last_name="Nowak", birth_date=date(1944, 5, 14),
                            insurance_title_code="011010", start_date=date(2025, 1, 1),
                            gross_pay=Decimal("6200.00"), work_time_numerator=1, work_time_denominator=2)
    reg.change_insured(person.id, changed, date(2026, 3, 1))
    history = reg.insured_history(person.id)
    assert [r.gross_pay for r in history] == [Decimal("5000.00"), Decimal("6200.00")]
    assert reg.get_insured(person.id, on=date(2026, 2, 28)).record.gross_pay == Decimal("5000.00")
    assert reg.get_insured(person.id).record.work_time == "1/2"
    with pytest.raises(ValidationFailed):
        reg.change_insured(person.id, changed, date(2026, 1, 1))


def test_insured_validation_pesel_vs_birth_date_and_duplicates(app):
    reg = app.register
    p = reg.add_payer(_payer())
    rec = InsuredRecord(first_name="Jan", last_name="Nowak", birth_date=date(1944, 5, 15),
                        insurance_title_code="011000", start_date=date(2025, 1, 1))
    with pytest.raises(ValidationFailed) as err:
        reg.add_insured(InsuredPerson(payer_id=p.id, pesel="44051401359", record=rec))
    assert "nie zgadza się z PESEL" in err.value.render()
    rec.birth_date = date(1944, 5, 14)
    reg.add_insured(InsuredPerson(payer_id=p.id, pesel="44051401359", record=rec))
    with pytest.raises(ValidationFailed):
        reg.add_insured(InsuredPerson(payer_id=p.id, pesel="44051401359", record=rec))
    # a foreigner without PESEL, identified by passport
    reg.add_insured(InsuredPerson(payer_id=p.id, document_type="2", document_number="fx1234567", record=rec))
    assert {x.identifier for x in reg.list_insured(p.id)} == {"44051401359", "2:FX1234567"}


def test_all_or_nothing_bulk_insert(app):
    reg = app.register
    p = reg.add_payer(_payer())
    good = InsuredRecord(first_name="A", last_name="B", birth_date=date(1944, 5, 14),
                         insurance_title_code="011000", start_date=date(2025, 1, 1))
    people = [InsuredPerson(payer_id=p.id, pesel="44051401359", record=good),
              InsuredPerson(payer_id=p.id, pesel="44051401359", record=good)]  # duplicate → fails in the tx
    with pytest.raises(ValidationFailed):
        reg.add_insured_many(people)
    assert reg.list_insured(p.id) == []


def test_authorisations_expiring(app):
    reg = app.register
    p = reg.add_payer(_payer())
    acc = reg.add_accountant(Accountant(name="Maria Wiśniewska"))
    today = date(2026, 11, 21)
    reg.add_authorisation(Authorisation(payer_id=p.id, accountant_id=acc.id, valid_from=date(2024, 1, 1),
                                        valid_to=today + timedelta(days=10)))
    reg.add_authorisation(Authorisation(payer_id=p.id, accountant_id=acc.id, valid_from=date(2024, 1, 1)))
    expiring = reg.expiring_authorisations(today, 30)
    assert len(expiring) == 1 and expiring[0].accountant_name == "Maria Wiśniewska"
    assert reg.is_authorised(p.id, "Maria Wiśniewska", today)
    assert not reg.is_authorised(p.id, "Ktoś Inny", today)


def test_demo_workspace(demo_app):
    reg = demo_app.register
    payers = {p.short_name: p for p in reg.list_payers()}
    assert set(payers) == {"KOWALSKI REMONTY", "NOWAK DESIGN", "TECHBUD SP. Z O.O."}
    assert reg.count_insured(payers["TECHBUD SP. Z O.O."].id) == 12
    codes = {p.record.insurance_title_code for p in reg.list_insured(payers["KOWALSKI REMONTY"].id)}
    assert codes == {"051000"}
    codes = {p.record.insurance_title_code for p in reg.list_insured(payers["NOWAK DESIGN"].id)}
    assert codes == {"057000"}
    for p in payers.values():
        assert p.validate() == []
        for person in reg.list_insured(p.id):
            assert person.validate() == []
