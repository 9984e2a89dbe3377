"""What changed against the previous period, from two sets really built from the register: a pay
rise and a new employee are flagged, the amount to pay moves, an unchanged month flags nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from eplatnik.month.changes import FIRST, compare
from eplatnik.period import Period
from eplatnik.register.models import InsuredPerson, InsuredRecord
from eplatnik.register.synthetic import pesel_for

JULY, AUGUST, SEPTEMBER = Period(2026, 7), Period(2026, 8), Period(2026, 9)


def _techbud(app):
    return next(p for p in app.register.list_payers() if p.nip == "9512345675")


def test_first_month_then_an_unchanged_month(demo_app):
    techbud = _techbud(demo_app)
    steps = demo_app.month_steps()
    assert steps.build(techbud.id, JULY).changes == [FIRST]
    assert steps.build(techbud.id, AUGUST).changes == []


def test_pay_rise_and_new_employee_are_flagged(demo_app):
    techbud = _techbud(demo_app)
    docs = demo_app.documents
    july = docs.get_set(docs.build_monthly(techbud.id, JULY).id)
    person = demo_app.register.list_insured(techbud.id)[0]
    demo_app.register.change_insured(person.id, replace(person.record, gross_pay=Decimal("15000.00"), id=None),
                                     date(2026, 8, 1))
    newcomer = InsuredRecord(first_name="Zofia", last_name="Nowicka", birth_date=date(1995, 3, 4),
                             insurance_title_code="011000", start_date=date(2026, 8, 1), gross_pay=Decimal("6000.00"))
    demo_app.register.add_insured(InsuredPerson(payer_id=techbud.id, pesel=pesel_for(date(1995, 3, 4), 77, True),
                                                record=newcomer))
    august = docs.get_set(docs.build_monthly(techbud.id, AUGUST).id)
    texts = [c.render("en") for c in compare(july, august)]
    assert any(t.upper().startswith("NEW PERSON: ZOFIA NOWICKA") for t in texts), texts
    assert any(f"{person.record.last_name}".upper() in t.upper() and "pension base" in t and "15000.00" in t
               for t in texts), texts
    assert texts[-1].startswith("To pay ") and "+" in texts[-1]
    assert not any("missing" in t for t in texts)
