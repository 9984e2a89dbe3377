"""Fixtures for the verification tests: valid document sets built from register objects by the
real set builder (an employer, a self-insured sole trader, registration documents)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

TODAY = date(2026, 4, 10)


@dataclass
class Case:
    doc_set: object
    context: object
    people: list = field(default_factory=list)

    def verify(self):
        from eplatnik.forms.verification import verify_set

        return verify_set(self.doc_set, self.context)


def _person(payer_id, first, last, birth, female, title, gross, serial, work_time=(1, 1), sickness=False):
    from eplatnik.register.models import InsuredPerson, InsuredRecord
    from eplatnik.register.synthetic import pesel_for

    return InsuredPerson(payer_id=payer_id, pesel=pesel_for(birth, serial, female), record=InsuredRecord(
        first_name=first, last_name=last, birth_date=birth, insurance_title_code=title,
        start_date=date(2020, 1, 1), gross_pay=Decimal(gross), work_time_numerator=work_time[0],
        work_time_denominator=work_time[1], voluntary_sickness=sickness, postal_code="00-026", city="Warszawa"))


@pytest.fixture
def employer_case() -> Case:
    """TECHBUD (legal person), March 2026: two employees (one a woman past 55, part-time) and a
    contractor with voluntary sickness."""
    from eplatnik.demo import DEMO_PAYERS
    from eplatnik.forms.builder import build_monthly
    from eplatnik.forms.verification import VerificationContext
    from eplatnik.period import Period

    payer = copy.deepcopy(DEMO_PAYERS[2])
    payer.id = 3
    people = [
        _person(3, "Piotr", "Zieliński", date(1985, 2, 14), False, "011000", "9500.00", 11),
        _person(3, "Ewa", "Piotrowska", date(1970, 8, 19), True, "011000", "3300.00", 12, (1, 2)),
        _person(3, "Jan", "Zlecony", date(1999, 1, 5), False, "041100", "6000.00", 13, sickness=True),
    ]
    doc_set = build_monthly(payer, people, Period(2026, 3), today=TODAY)
    return Case(doc_set, VerificationContext(payer=payer, insured=people, today=TODAY), people)


@pytest.fixture
def self_case() -> Case:
    """Jan Kowalski, a sole trader on full ZUS with voluntary sickness, skala, insuring only himself."""
    from eplatnik.demo import DEMO_PAYERS, KOWALSKI_PESEL
    from eplatnik.forms.builder import MonthInputs, PersonMonth, build_monthly
    from eplatnik.forms.verification import VerificationContext
    from eplatnik.period import Period
    from eplatnik.register.models import InsuredPerson, InsuredRecord

    payer = copy.deepcopy(DEMO_PAYERS[0])
    payer.id = 1
    owner = InsuredPerson(payer_id=1, pesel=KOWALSKI_PESEL, record=InsuredRecord(
        first_name="Jan", last_name="Kowalski", birth_date=date(1981, 6, 23), insurance_title_code="051000",
        start_date=date(2015, 1, 1), voluntary_sickness=True))
    inputs = MonthInputs(persons={KOWALSKI_PESEL: PersonMonth(health_income=Decimal("12000.00"))})
    doc_set = build_monthly(payer, [owner], Period(2026, 3), today=TODAY, inputs=inputs)
    return Case(doc_set, VerificationContext(payer=payer, insured=[owner], today=TODAY), [owner])


@pytest.fixture
def registration_case() -> Case:
    """Kowalski's registration set: ZUA for an employee, ZZA (ulga na start) for himself, ZWUA for a
    contractor, ZIUA correcting the employee's surname."""
    from eplatnik.demo import DEMO_PAYERS, KOWALSKI_PESEL
    from eplatnik.forms.builder import registration_set, ziua_for, zua_for, zwua_for, zza_for
    from eplatnik.forms.verification import VerificationContext
    from eplatnik.register.models import InsuredPerson, InsuredRecord

    payer = copy.deepcopy(DEMO_PAYERS[0])
    payer.id = 1
    employee = _person(1, "Anna", "Kos", date(1995, 5, 5), True, "011000", "6000.00", 21)
    contractor = _person(1, "Adam", "Lis", date(1990, 3, 3), False, "041100", "3000.00", 22)
    owner = InsuredPerson(payer_id=1, pesel=KOWALSKI_PESEL, record=InsuredRecord(
        first_name="Jan", last_name="Kowalski", birth_date=date(1981, 6, 23), insurance_title_code="054000",
        start_date=date(2026, 4, 1), street="ul. Lipowa", house_no="12", postal_code="30-001", city="Kraków"))
    employee.record.house_no = "5"
    renamed = copy.deepcopy(employee)
    renamed.record.last_name = "Kos-Nowak"
    docs = [zua_for(payer, employee, nfz="07R", citizenship="polskie", today=TODAY),
            zza_for(payer, owner, nfz="06R", citizenship="polskie", today=TODAY),
            zwua_for(payer, contractor, on=date(2026, 3, 31), reason_code="100", today=TODAY),
            ziua_for(payer, employee, renamed, today=TODAY)]
    doc_set = registration_set(payer, docs, on=TODAY)
    return Case(doc_set, VerificationContext(payer=payer, insured=[employee, contractor, owner], today=TODAY),
                [employee, contractor, owner])
