"""Each verification rule: a case that triggers it (pointing at the right block/field) and the
valid sets that pass it."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from eplatnik.forms.calc_health import percent_of
from eplatnik.forms.model import InsuranceTitle, RsaBlock, RsaDocument, RsaItem, SelfEmployedHealth, WorkTime
from eplatnik.forms.params import load_year_params
from eplatnik.forms.verification import RULES, Severity
from eplatnik.period import Period

D = Decimal
CAP_2026 = load_year_params(2026).annual_pension_cap


def _rca(case):
    return case.doc_set.rca


def _block(case, n=0):
    return case.doc_set.rca_blocks[n]


def _dra(case):
    return case.doc_set.dra


def _doc(case, kind):
    return case.doc_set.of_kind(kind)[0]


def _set_payer(case, **changes):
    for doc in case.doc_set.documents:
        doc.payer = dataclasses.replace(doc.payer, **changes)
    case.doc_set.payer = dataclasses.replace(case.doc_set.payer, **changes)


def _context(case, **changes):
    case.context = dataclasses.replace(case.context, **changes)


def _register_payer(case, **changes):
    _context(case, payer=dataclasses.replace(case.context.payer, **changes))


def _all_periods(case, period):
    case.doc_set.period = period
    for doc in case.doc_set.documents:
        doc.period = period


def _rsa(case, start, end):
    block = _block(case)
    item = RsaItem(title=block.title, code="331", date_from=start, date_to=end, days=(end - start).days + 1)
    case.doc_set.documents.append(RsaDocument(payer=case.doc_set.payer, period=case.doc_set.period,
                                              blocks=[RsaBlock(1, block.person, item)]))


def _retitle_register(case, index, code):
    person = dataclasses.replace(case.people[index],
                                 record=dataclasses.replace(case.people[index].record, insurance_title_code=code))
    insured = list(case.context.insured)
    insured[index] = person
    _context(case, insured=insured)


def _started(case, index, start):
    """The register says the person's business started on ``start``."""
    person = dataclasses.replace(case.people[index],
                                 record=dataclasses.replace(case.people[index].record, start_date=start))
    insured = list(case.context.insured)
    insured[index] = person
    _context(case, insured=insured)


def _self(case, **changes):
    dra = _dra(case)
    for name, value in changes.items():
        setattr(dra, name, value)


def _bump(obj, attr, by="0.01"):
    setattr(obj, attr, getattr(obj, attr) + D(by))


def _health_base_down(case):
    b = _block(case)
    b.health_base -= D("100.00")
    b.health_insured = percent_of(b.health_base, D("9"))


# (rule, case fixture, mutation, expected (document, block, field, block_index) or None to skip the check)
CASES = [
    ("R-ID-001", "employer", lambda c: _set_payer(c, nip="9512345676"), ("DRA", "II", "p1", None)),
    ("R-ID-002", "employer", lambda c: _set_payer(c, regon="146000002"), ("DRA", "II", "p2", None)),
    ("R-ID-003", "self", lambda c: _set_payer(c, pesel=c.doc_set.payer.pesel[:-1] + "0"), ("DRA", "II", "p3", None)),
    ("R-ID-004", "employer", lambda c: _set_payer(c, nip="", regon=""), ("DRA", "II", "p1", None)),
    ("R-ID-005", "employer", lambda c: setattr(_block(c).person, "pesel", _block(c).person.pesel[:-1] + "0"),
     ("RCA", "III.A", "p4", 1)),
    ("R-ID-006", "employer", lambda c: setattr(_block(c, 1).person, "pesel", ""), ("RCA", "III.A", "p4", 2)),
    ("R-ID-007", "registration", lambda c: setattr(_doc(c, "ZUA").person, "birth_date", date(1995, 5, 6)),
     ("ZUA", "III", "p7", None)),
    ("R-ID-008", "employer", lambda c: setattr(_block(c, 2).person, "last_name", ""), ("RCA", "III.A", "p1", 3)),
    ("R-PAY-001", "employer", lambda c: _register_payer(c, nip="5261040828"), ("DRA", "II", "p1", None)),
    ("R-PAY-002", "employer", lambda c: _register_payer(c, regon="010000009"), ("DRA", "II", "p2", None)),
    ("R-PAY-003", "employer", lambda c: _register_payer(c, short_name="TECHBUD"), ("DRA", "II", "p6", None)),
    ("R-PAY-004", "employer", lambda c: setattr(_rca(c), "payer", dataclasses.replace(_rca(c).payer,
                                                                                      nip="5261040828")),
     ("RCA", "II", "p1", None)),
    ("R-PER-001", "employer", lambda c: setattr(_rca(c), "period", Period(2026, 2)), ("RCA", "I", "p1", None)),
    ("R-PER-002", "employer", lambda c: _context(c, today=date(2026, 3, 15)), ("SET", "I", "p2", None)),
    ("R-PER-003", "employer", lambda c: (_all_periods(c, Period(2031, 3)), _context(c, today=date(2031, 5, 1))),
     ("SET", "I", "p2", None)),
    ("R-PER-004", "employer", lambda c: _all_periods(c, Period(1998, 12)), ("SET", "I", "p2", None)),
    ("R-PER-005", "employer", lambda c: (setattr(c.doc_set, "period", None), c.doc_set.documents.clear()),
     ("SET", "I", "p2", None)),
    ("R-DATE-001", "employer", lambda c: setattr(_dra(c), "filled_date", date(2026, 5, 1)),
     ("DRA", "XIII", "p1", None)),
    ("R-DATE-002", "employer", lambda c: _rsa(c, date(2026, 3, 20), date(2026, 3, 10)),
     ("RSA", "III.B", "p3", 1)),
    ("R-DATE-003", "employer", lambda c: _rsa(c, date(2026, 5, 2), date(2026, 5, 10)), ("RSA", "III.B", "p3", 1)),
    ("R-DATE-004", "registration", lambda c: setattr(_doc(c, "ZUA"), "insurance_from", None),
     ("ZUA", "VI", "p1", None)),
    ("R-NUM-001", "employer", lambda c: setattr(_dra(c), "number", "1"), ("DRA", "I", "p2", None)),
    ("R-NUM-002", "employer", lambda c: setattr(c.doc_set, "correction_of", 7), ("DRA", "I", "p2", None)),
    ("R-NUM-003", "employer", lambda c: setattr(_rca(c), "number", "02"), ("RCA", "I", "p1", None)),
    ("R-NUM-004", "employer", lambda c: (setattr(_dra(c), "number", "02"), setattr(_rca(c), "number", "02")),
     ("DRA", "I", "p2", None)),
    ("R-DOC-001", "employer", lambda c: c.doc_set.documents.remove(_dra(c)), ("SET", "", "", None)),
    ("R-DOC-002", "employer", lambda c: setattr(_block(c, 1), "block_id", 1), ("RCA", "III", "", 1)),
    ("R-DOC-003", "employer", lambda c: _rca(c).blocks.append(dataclasses.replace(_block(c), block_id=4)),
     ("RCA", "III", "", None)),
    ("R-DOC-004", "employer", lambda c: setattr(_dra(c), "self_title", InsuranceTitle("0510")),
     ("DRA", "X", "p1", None)),
    ("R-DOC-005", "employer", lambda c: setattr(_block(c), "work_time", WorkTime(0, 0)), ("RCA", "III.B", "p3", 1)),
    ("R-TTL-001", "employer", lambda c: setattr(_block(c), "title", InsuranceTitle("9999")),
     ("RCA", "III.B", "p1", 1)),
    ("R-TTL-002", "employer", lambda c: setattr(_block(c), "title", InsuranceTitle("0510")),
     ("RCA", "III.B", "p1", 1)),
    ("R-TTL-003", "employer", lambda c: _set_payer(c, pesel=_block(c).person.pesel), ("RCA", "III.B", "p1", 1)),
    ("R-TTL-004", "self", lambda c: setattr(_dra(c), "self_title", InsuranceTitle("0110")),
     ("DRA", "X", "p1", None)),
    ("R-TTL-005", "employer", lambda c: _retitle_register(c, 0, "041100"), ("RCA", "III.B", "p1", 1)),
    ("R-CALC-001", "employer", lambda c: _bump(_block(c), "pension_insured"), ("RCA", "III.B", "p7", 1)),
    ("R-CALC-002", "self", lambda c: _bump(_dra(c), "disability_insured"), ("DRA", "IV", "p5", None)),
    ("R-SUM-001", "employer", lambda c: _bump(_dra(c), "accident_payer", "1.00"), ("DRA", "IV", "p26", None)),
    ("R-SUM-002", "employer", lambda c: _bump(_dra(c), "social_total", "1.00"), ("DRA", "IV", "p37", None)),
    ("R-SUM-003", "employer", lambda c: _bump(_block(c, 2), "social_total", "1.00"), ("RCA", "III.B", "p29", 3)),
    ("R-SUM-004", "employer", lambda c: setattr(_dra(c), "insured_count", 5), ("DRA", "III", "p1", None)),
    ("R-BASE-001", "self", lambda c: _self(c, self_pension_base=D("5000.00")), ("DRA", "X", "p2", None)),
    ("R-BASE-002", "employer", lambda c: _context(c, prior_cumulative_bases={
        _block(c).person.pesel: CAP_2026 - D("100.00")}), ("RCA", "III.B", "p4", 1)),
    ("R-BASE-003", "self", lambda c: _self(c, self_sickness_base=D("30000.00")), ("DRA", "X", "p3", None)),
    ("R-BASE-004", "self", lambda c: _self(c, self_title=InsuranceTitle("0590"), self_pension_base=D("1000.00")),
     ("DRA", "X", "p2", None)),
    ("R-BASE-005", "self", lambda c: _self(c, self_title=InsuranceTitle("0540")), ("DRA", "X", "p2", None)),
    ("R-BASE-006", "employer", lambda c: setattr(_block(c), "sickness_base", D("0.00")), ("RCA", "III.B", "p5", 1)),
    ("R-BASE-007", "employer", lambda c: setattr(_block(c, 1), "work_time", WorkTime(1, 1)),
     ("RCA", "III.B", "p6", 2)),
    # a payer's own rate can lie outside the group rates (0.67–3.33 %): only beyond 0.33–7.50 % is it impossible
    ("R-ACC-001", "employer", lambda c: setattr(_dra(c), "accident_rate", D("8.00")), ("DRA", "III", "p3", None)),
    ("R-ACC-003", "employer", lambda c: setattr(_dra(c), "accident_rate", D("4.50")), ("DRA", "III", "p3", None)),
    ("R-ACC-004", "employer", lambda c: setattr(_dra(c), "accident_rate", D("0.93")), ("DRA", "III", "p3", None)),
    ("R-PLUS-001", "self", lambda c: (_self(c, self_title=InsuranceTitle("0590")), _started(c, 0, date(2025, 11, 20))),
     ("DRA", "X", "p1", None)),
    ("R-ACC-002", "employer", lambda c: _register_payer(c, accident_rate=D("0.93")), ("DRA", "III", "p3", None)),
    ("R-FND-001", "self", lambda c: _self(c, self_title=InsuranceTitle("0570"), self_pension_base=D("1441.80"),
                                          self_accident_base=D("1441.80")), ("DRA", "VII", "p1", None)),
    ("R-FND-002", "employer", lambda c: _bump(_dra(c), "fp", "-10.00"), ("DRA", "VII", "p1", None)),
    ("R-FND-003", "self", lambda c: _self(c, fgsp=D("5.65")), ("DRA", "VII", "p2", None)),
    ("R-FND-004", "employer", lambda c: _bump(_dra(c), "fgsp", "1.00"), ("DRA", "VII", "p2", None)),
    ("R-FND-005", "employer", lambda c: _self(c, fep=D("50.00")), ("DRA", "VIII", "p3", None)),
    ("R-HLT-001", "self", lambda c: setattr(_dra(c).self_health, "contribution", D("300.00")),
     ("DRA", "XI", "p4", None)),
    ("R-HLT-002", "employer", lambda c: _bump(_block(c), "health_insured"), ("RCA", "III.C", "p4", 1)),
    ("R-HLT-003", "employer", _health_base_down, ("RCA", "III.C", "p1", 1)),
    ("R-HLT-004", "employer", lambda c: setattr(_block(c), "title", InsuranceTitle("0111")),
     ("RCA", "III.C", "p4", 1)),
    ("R-HLT-005", "self", lambda c: _self(c, self_health=SelfEmployedHealth("ryczalt", D("70000.00"),
                                                                            D("5537.18"), D("498.35"))),
     ("DRA", "XI", "p17", None)),
    ("R-HLT-006", "self", lambda c: _bump(_dra(c), "health_total", "1.00"), ("DRA", "VI", "p2", None)),
    ("R-HLT-007", "self", lambda c: _bump(_dra(c), "self_health_base", "1.00"), ("DRA", "X", "p5", None)),
    ("R-REG-001", "registration", lambda c: setattr(_doc(c, "ZUA"), "pension", False), ("ZUA", "VI", "p2", None)),
    ("R-REG-002", "registration", lambda c: setattr(_doc(c, "ZUA"), "sickness", False), ("ZUA", "VI", "p4", None)),
    ("R-REG-003", "registration", lambda c: setattr(_doc(c, "ZWUA"), "termination_code", "100"),
     ("ZWUA", "V", "p1", None)),
    ("R-REG-004", "registration", lambda c: setattr(_doc(c, "ZWUA"), "reason_code", "999"),
     ("ZWUA", "IV", "p3", None)),
    ("R-REG-005", "registration", lambda c: setattr(_doc(c, "ZIUA"), "new", _doc(c, "ZIUA").old),
     ("ZIUA", "IV", "", None)),
    ("R-REG-006", "registration", lambda c: setattr(_doc(c, "ZZA"), "title", InsuranceTitle("0110")),
     ("ZZA", "V", "p1", None)),
    ("R-REG-007", "registration", lambda c: setattr(_doc(c, "ZUA"), "citizenship", ""), ("ZUA", "IV", "p3", None)),
    ("R-REG-008", "registration", lambda c: setattr(_doc(c, "ZUA"), "sex", "M"), ("ZUA", "IV", "p4", None)),
    ("R-REG-009", "registration", lambda c: setattr(_doc(c, "ZZA"), "nfz", "17R"), ("ZZA", "VI", "p2", None)),
]


def test_every_rule_has_a_triggering_case():
    # R-XSD-001 (schema validity) is reported by the schema validation, not by verify_set
    assert {code for code, *_ in CASES} == set(RULES) - {"R-XSD-001"}


@pytest.mark.parametrize(("code", "case_name", "mutate", "where"), CASES, ids=[c[0] for c in CASES])
def test_rule_triggers_and_points_at_the_field(code, case_name, mutate, where, request):
    case = request.getfixturevalue(f"{case_name}_case")
    assert [f for f in case.verify() if f.rule == code] == []  # the valid set passes this rule
    mutate(case)
    hits = [f for f in case.verify() if f.rule == code]
    assert hits, f"{code} did not trigger"
    assert all(f.severity == RULES[code].severity for f in hits)
    document, block, field, index = where
    assert any((f.document, f.block, f.field) == (document, block, field)
               and (index is None or f.block_index == index) for f in hits), [f.render() for f in hits]
    for f in hits:  # a message in both languages, with its placeholders filled
        assert "{" not in f.message.render("pl") and "{" not in f.message.render("en")


@pytest.mark.parametrize("case_name", ["employer", "self", "registration"])
def test_valid_sets_have_no_findings(case_name, request):
    case = request.getfixturevalue(f"{case_name}_case")
    assert [f.render() for f in case.verify()] == []


def test_errors_block_warnings_ask():
    assert RULES["R-CALC-001"].severity == Severity.ERROR
    assert RULES["R-PAY-003"].severity == Severity.WARNING
