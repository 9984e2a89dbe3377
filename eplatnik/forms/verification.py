"""Verification of a KEDU document set before signing, like Płatnik's "weryfikacja".

Every rule has a code (``R-CALC-001``), a severity (``Severity.ERROR`` blocks signing,
``Severity.WARNING`` asks the person to confirm) and a bilingual description; the registry is
``REGISTRY``, merged explicitly from the rule modules' ``RuleSet``s (``RULES``: code → ``Rule``).
A ``Finding`` points at the document, block and field the way ZUS reports them
("ZUSRCA, blok III.B, pole p7, blok nr 3").

API::

    findings = verify_set(document_set, VerificationContext(payer=register_payer, ...))
    blocking = has_errors(findings)
    findings = verify_contribution_block(rca_block, period, accident_rate=Decimal("1.67"))

The checks live in ``rules_identity`` (identifiers, payer, period, numbers, titles, registration
documents), ``rules_amounts`` (DRA/RCA sums, base × rate, bases and limits) and ``rules_funds``
(FP/FS, FGŚP, FEP and health). Only rules that need nothing from ZUS's own register are here
(kedu-format.md §11); ZUS runs the rest when it receives the set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..params.store import ParamsStore
from ..period import Period
from . import rules_amounts, rules_funds, rules_identity, rules_registration
from .model import DocumentSet, RcaBlock
from .params import YearParams
from .rules_base import Checker, Finding, Rule, RuleSet, Run, Severity, VerificationContext

__all__ = ["CHECKERS", "REGISTRY", "RULES", "SCHEMA_RULE", "Checker", "Finding", "Rule", "RuleSet", "Run", "Severity",
           "VerificationContext", "has_errors", "rule_catalogue", "summary", "verify_contribution_block", "verify_set"]


#: Schema validity. Reported by the schema validation that runs before these rules
#: (DocumentService.verify), listed here so the catalogue names every code a person can see.
_SCHEMA = RuleSet()
SCHEMA_RULE = _SCHEMA.define("R-XSD-001", Severity.ERROR,
                     ("Plik jest zgodny ze schematem KEDU.", "The file conforms to the KEDU schema."),
                     ("{detail}", "{detail}"))

#: every rule and checker, in this order (the order checkers run in); no registration at import
REGISTRY = RuleSet.merge(_SCHEMA, rules_amounts.RULES, rules_funds.RULES, rules_identity.RULES,
                         rules_registration.RULES)
RULES: dict[str, Rule] = REGISTRY.rules
CHECKERS: list[Checker] = REGISTRY.checkers


def verify_set(document_set: DocumentSet, context: VerificationContext | None = None) -> list[Finding]:
    """All findings for a set, errors first, in document/block order."""
    run = Run(document_set, context or VerificationContext(), RULES)
    for check in CHECKERS:
        check(run)
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return sorted(run.findings, key=lambda f: (order[f.severity], f.document, f.block_index or 0, f.block,
                                              _field_number(f.field), f.rule))


def verify_contribution_block(block: RcaBlock, period: Period, *, accident_rate: Decimal | None = None,
                              prior_cumulative_base: Decimal = Decimal("0.00"), payer_pesel: str = "",
                              params: YearParams | None = None,
                              params_store: ParamsStore | None = None) -> list[Finding]:
    """Findings for one RCA block alone (live verification while a block is edited): title code,
    PESEL, base × rate for each contribution, bases within the year's limits, health."""
    doc_set = DocumentSet(period=period)
    doc_set.payer.pesel = payer_pesel
    run = Run(doc_set, VerificationContext(params=params, params_store=params_store), RULES)
    rules_identity.check_block_identity(run, block)
    if run.params is not None:
        rate = accident_rate if accident_rate is not None else run.params.default_accident_rate
        rules_amounts.check_block_amounts(run, block, rate, prior_cumulative_base)
        rules_funds.check_block_health(run, block)
    return run.findings


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.is_error for f in findings)


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    errors = sum(1 for f in findings if f.is_error)
    return {"errors": errors, "warnings": len(findings) - errors}


def rule_catalogue() -> list[Rule]:
    """Every rule, sorted by code (for the UI's rule list and the documentation)."""
    return [RULES[code] for code in sorted(RULES)]


def _field_number(name: str) -> int:
    digits = "".join(ch for ch in name if ch.isdigit())
    return int(digits) if digits else 0
