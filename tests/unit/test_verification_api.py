"""The verification API: findings (location, languages, JSON), ordering, the rule catalogue and
the single-block helper the set editor calls while a block is edited."""

from __future__ import annotations

import string
from decimal import Decimal

from eplatnik.forms.verification import (
    RULES,
    Finding,
    Severity,
    VerificationContext,
    has_errors,
    rule_catalogue,
    summary,
    verify_contribution_block,
    verify_set,
)
from eplatnik.period import Period

D = Decimal


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogue_codes_severities_and_bilingual_texts():
    rules = rule_catalogue()
    assert len(rules) == len(RULES) >= 60
    for rule in rules:
        prefix, group, number = rule.code.split("-")
        assert prefix == "R" and group.isupper() and len(number) == 3 and number.isdigit()
        assert rule.severity in (Severity.ERROR, Severity.WARNING)
        assert rule.description.pl and rule.description.en and rule.description.pl != rule.description.en
        assert _fields(rule.message.pl) == _fields(rule.message.en), rule.code


def test_finding_location_render_and_json(employer_case):
    employer_case.doc_set.rca_blocks[1].pension_insured += D("0.01")
    finding = next(f for f in employer_case.verify() if f.rule == "R-CALC-001")
    assert finding.location("pl") == "ZUSRCA, blok III.B, nr bloku 2, pole p7"
    assert finding.location("en") == "ZUSRCA, block III.B, block no. 2, field p7"
    assert finding.render("pl").startswith("[R-CALC-001] ZUSRCA, blok III.B, nr bloku 2, pole p7: Składka")
    data = finding.as_dict("en")
    assert data["rule"] == "R-CALC-001" and data["severity"] == "error" and data["block_index"] == 2
    assert "expected" in data["message_en"] and "oczekiwano" in data["message_pl"]


def test_errors_come_first_and_summary(employer_case):
    case = employer_case
    case.context = VerificationContext(payer=case.context.payer, insured=case.context.insured,
                                       today=case.context.today)
    case.context.payer.short_name = "INNA NAZWA"          # warning
    case.doc_set.dra.social_total += D("1.00")            # error
    findings = case.verify()
    assert findings[0].severity == Severity.ERROR and findings[-1].severity == Severity.WARNING
    assert has_errors(findings)
    # IV p37 and IX p2 (which follows from p37); the short name differs on the DRA and on the RCA
    assert summary(findings) == {"errors": 2, "warnings": 2}
    assert not has_errors([f for f in findings if f.severity == Severity.WARNING])


def test_verify_set_without_context_checks_the_set_alone(self_case):
    findings = verify_set(self_case.doc_set)
    assert not has_errors(findings)
    assert {f.rule for f in findings} <= {"R-PER-002"}  # without "today", a recent period may not have ended


def test_single_block_helper(employer_case):
    block = employer_case.doc_set.rca_blocks[0]
    period = Period(2026, 3)
    assert verify_contribution_block(block, period, accident_rate=D("1.67")) == []
    capped = verify_contribution_block(block, period, accident_rate=D("1.67"),
                                       prior_cumulative_base=D("280000.00"))
    assert [f.rule for f in capped] == ["R-BASE-002"]
    block.sickness_insured += D("0.01")
    wrong = verify_contribution_block(block, period, accident_rate=D("1.67"))
    assert any(f.rule == "R-CALC-001" and f.field == "p9" and f.block_index == 1 for f in wrong)
    assert any(f.rule == "R-SUM-003" for f in wrong)
    other_rate = verify_contribution_block(employer_case.doc_set.rca_blocks[1], period, accident_rate=D("0.93"))
    assert any(f.rule == "R-CALC-001" and f.field == "p14" for f in other_rate)


def test_cap_is_shared_by_blocks_of_one_person(employer_case):
    """Two titles of one person in one report: the second block's base counts on top of the first."""
    import dataclasses

    case = employer_case
    first = case.doc_set.rca_blocks[0]
    pesel = first.person.pesel
    case.context = dataclasses.replace(case.context, prior_cumulative_bases={pesel: D("273000.00")})
    assert not [f for f in case.verify() if f.rule == "R-BASE-002"]  # 273000 + 9500 ≤ 282600
    second = dataclasses.replace(first, block_id=4, title=first.title)
    case.doc_set.rca.blocks.append(second)
    hits = [f for f in case.verify() if f.rule == "R-BASE-002"]
    assert [f.block_index for f in hits] == [4]


def test_finding_is_a_plain_value():
    f = Finding("R-SUM-002", Severity.ERROR, "DRA", "IV", "p37", RULES["R-SUM-002"].message(
        field="p37", value="1.00", parts="p6", expected="2.00"))
    assert f.is_error and "p37" in f.render("en")


def test_fp_for_contractors_only_from_employers_or_organisational_units():
    """contributions.md §4: FP for a zleceniobiorca only from an employer or an organisational unit."""
    import copy
    from datetime import date

    from plugins.verification import TODAY, _person

    from eplatnik.demo import DEMO_PAYERS
    from eplatnik.forms.builder import build_monthly

    contractor = _person(1, "Adam", "Lis", date(1990, 3, 3), False, "041100", "6000.00", 22)
    sole_trader = copy.deepcopy(DEMO_PAYERS[0])
    doc_set = build_monthly(sole_trader, [contractor], Period(2026, 3), today=TODAY)
    context = VerificationContext(payer=sole_trader, insured=[contractor], today=TODAY)
    assert doc_set.dra.fp == D("0.00") and verify_set(doc_set, context) == []
    doc_set.dra.fp = doc_set.dra.fp_fgsp_total = D("147.00")
    doc_set.dra.fp_fgsp_total += doc_set.dra.fgsp
    doc_set.dra.to_pay += D("147.00")
    assert [f.rule for f in verify_set(doc_set, context)] == ["R-FND-001"]
    company = copy.deepcopy(DEMO_PAYERS[2])
    company_set = build_monthly(company, [contractor], Period(2026, 3), today=TODAY)
    findings = verify_set(company_set, VerificationContext(payer=company, insured=[contractor], today=TODAY))
    expected_fp = "147.00" if company_set.dra.fp == D("0.00") else None
    if expected_fp:  # the set builder left FP out: the verification asks about it
        assert [f.rule for f in findings] == ["R-FND-002"]
    else:
        assert findings == []


#: the catalogue before the rules moved into an explicit registry (issue 15): the same codes, no rule lost
CATALOGUE_CODES = (
    "R-ACC-001", "R-ACC-002", "R-ACC-003", "R-ACC-004", "R-BASE-001", "R-BASE-002", "R-BASE-003",
    "R-BASE-004", "R-BASE-005", "R-BASE-006", "R-BASE-007", "R-CALC-001", "R-CALC-002",
    "R-DATE-001", "R-DATE-002", "R-DATE-003", "R-DATE-004", "R-DOC-001", "R-DOC-002", "R-DOC-003",
    "R-DOC-004", "R-DOC-005", "R-FND-001", "R-FND-002", "R-FND-003", "R-FND-004", "R-FND-005",
    "R-HLT-001", "R-HLT-002", "R-HLT-003", "R-HLT-004", "R-HLT-005", "R-HLT-006", "R-HLT-007",
    "R-ID-001", "R-ID-002", "R-ID-003", "R-ID-004", "R-ID-005", "R-ID-006", "R-ID-007", "R-ID-008",
    "R-NUM-001", "R-NUM-002", "R-NUM-003", "R-NUM-004", "R-PAY-001", "R-PAY-002", "R-PAY-003",
    "R-PAY-004", "R-PER-001", "R-PER-002", "R-PER-003", "R-PER-004", "R-PER-005", "R-PLUS-001",
    "R-REG-001", "R-REG-002", "R-REG-003", "R-REG-004", "R-REG-005", "R-REG-006", "R-REG-007",
    "R-REG-008", "R-REG-009", "R-SUM-001", "R-SUM-002", "R-SUM-003", "R-SUM-004", "R-TTL-001",
    "R-TTL-002", "R-TTL-003", "R-TTL-004", "R-TTL-005", "R-XSD-001")


def test_rule_catalogue_complete():
    """Every rule a person could see before is still defined, once, and every module's checks run."""
    import ast
    from pathlib import Path

    from eplatnik.forms import rules_amounts, rules_funds, rules_identity, rules_registration, verification

    assert tuple(r.code for r in rule_catalogue()) == CATALOGUE_CODES
    modules = (rules_amounts, rules_funds, rules_identity, rules_registration)
    assert sum(len(m.RULES.rules) for m in modules) + 1 == len(RULES) == 75  # + the schema rule
    assert [c for m in modules for c in m.RULES.checkers] == verification.CHECKERS
    assert len(verification.CHECKERS) == 11
    for module in modules:  # a rule module imports the shared base, never the registry that merges it
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "verification" not in imported, module.__name__
