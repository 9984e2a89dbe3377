"""Registration documents: required fields that are empty fail the verification, naming the field;
filled in on the form (the same edit path as every field), the document passes."""

from __future__ import annotations

import dataclasses
from datetime import date

from eplatnik.forms.form_layout import form_pages
from eplatnik.forms.model import sex_from_pesel
from eplatnik.register.models import InsuredPerson, InsuredRecord
from eplatnik.register.synthetic import pesel_for


def _messages(outcome) -> list[str]:
    return [f.render("pl") for f in outcome.findings if f.is_error]


def _new_hire(app, *, address: bool) -> InsuredPerson:
    payer = app.register.find_payer("9512345675")
    record = InsuredRecord(first_name="Zofia", last_name="Nowicka", birth_date=date(1996, 4, 2),
                           insurance_title_code="011000", start_date=date(2026, 11, 2))
    if address:
        record = dataclasses.replace(record, street="ul. Polna", house_no="3", postal_code="05-800",
                                     city="Pruszków")
    return app.register.add_insured(InsuredPerson(payer_id=payer.id, pesel=pesel_for(record.birth_date, 411, True),
                                                  record=record))


def test_zua_with_empty_required_fields_fails_naming_each(demo_app):
    person = _new_hire(demo_app, address=False)
    info = demo_app.documents.build_registration(person.payer_id, person.id, "ZUA")
    zua = demo_app.documents.get_set(info.id).documents[0]
    assert zua.sex == sex_from_pesel(person.pesel) == "K"  # from the PESEL, nobody has to type it
    outcome = demo_app.documents.verify(info.id)
    assert not outcome.ok and str(demo_app.documents.get_info(info.id).status) == "draft"
    text = "\n".join(_messages(outcome))
    for name, where in (("obywatelstwo", "blok IV, pole 03"), ("kod oddziału NFZ", "blok VII, pole 02"),
                        ("adres zamieszkania — kod pocztowy", "blok XI, pole 01"),
                        ("adres zamieszkania — miejscowość", "blok XI, pole 02"),
                        ("adres zamieszkania — numer domu", "blok XI, pole 05")):
        assert f"Nie wypełniono pola „{name}” ({where})" in text, text
    assert "płeć" not in text
    english = "\n".join(f.render("en") for f in outcome.findings)
    assert "The field 'citizenship' is empty (block IV, field 03)" in english

    # filled in on the form: the fields the verification named are editable there
    page = form_pages(demo_app.documents.get_set(info.id))[0]
    editable = {(f.block, f.pole): f.edit for f in page.all_fields() if f.edit}
    set_id = info.id
    for (block, pole), value in ((("IV", "p3"), "polskie"), (("VII", "p2"), "07R"), (("XI", "p1"), "05-800"),
                                 (("XI", "p2"), "Pruszków"), (("XI", "p4"), "Polna"), (("XI", "p5"), "3")):
        set_id = demo_app.documents.edit_field(set_id, "ZUA", editable[(block, pole)], value).id
    outcome = demo_app.documents.verify(set_id)
    assert outcome.ok, _messages(outcome)
    zua = demo_app.documents.get_set(set_id).documents[0]
    assert zua.address.postal_code == "05800" and zua.citizenship == "polskie" and zua.nfz == "07R"


def test_zua_from_the_register_with_branch_and_citizenship_passes(demo_app):
    from eplatnik.forms.registration import register_document

    person = _new_hire(demo_app, address=True)
    done = register_document(demo_app.documents, demo_app.register, person.id, "ZUA", today=demo_app.clock.today(),
                             nfz="07R", citizenship="polskie")
    assert done.outcome.ok, _messages(done.outcome)
    assert str(done.info.status) == "verified"


def test_wrong_sex_and_unknown_nfz_branch_are_errors(demo_app):
    person = _new_hire(demo_app, address=True)
    info = demo_app.documents.build_registration(person.payer_id, person.id, "ZZA", nfz="99X", citizenship="X")
    info = demo_app.documents.edit_field(info.id, "ZZA", "sex", "M")
    text = "\n".join(_messages(demo_app.documents.verify(info.id)))
    assert "Nieznany kod oddziału NFZ „99X”" in text
    assert f"Płeć „M” nie zgadza się z numerem PESEL {person.pesel}" in text


def test_zwua_and_ziua_required_fields(demo_app):
    from eplatnik.forms.builder import registration_set, ziua_for, zwua_for

    person = _new_hire(demo_app, address=True)
    payer = demo_app.register.get_payer(person.payer_id)
    today = demo_app.clock.today()
    zwua = zwua_for(payer, person, on=date(2026, 11, 30), today=today)
    zwua.deregistration_date = None
    renamed = dataclasses.replace(person, record=dataclasses.replace(person.record, last_name="Kowal"))
    ziua = ziua_for(payer, person, renamed, today=today)
    ziua.new.birth_date = None
    info = demo_app.documents.save_set(registration_set(payer, [zwua, ziua], date(2026, 11, 30)))
    findings = demo_app.documents.verify(info.id).findings
    where = {(f.document, f.block, f.field) for f in findings if f.is_error}
    assert ("ZWUA", "IV", "p2") in where      # the deregistration date
    assert ("ZIUA", "IV", "p7") in where      # the new identity's date of birth
