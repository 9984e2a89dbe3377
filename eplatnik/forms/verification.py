"""Verification of a KEDU document set before signing, like Płatnik's "weryfikacja".

Every rule has a code (``R-CALC-001``), a severity (``Severity.ERROR`` blocks signing,
``Severity.WARNING`` asks the person to confirm) and a bilingual description; the registry is
``RULES`` (code → ``Rule``). A ``Finding`` points at the document, block and field the way ZUS
reports them ("ZUSRCA, blok III.B, pole p7, blok nr 3").

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

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..clock import default_clock
from ..errors import UserFacingError
from ..i18n import Text, language, t
from ..params.store import ParamsStore
from ..period import Period
from ..register.models import InsuredPerson, Payer
from .model import DocumentSet, RcaBlock
from .params import YearParams, params_for


class Severity(enum.StrEnum):
    ERROR = "error"      # blocks signing (ZUS class K)
    WARNING = "warning"  # the person confirms before signing (ZUS class Z)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    description: Text
    message: Text  # template of the finding message, with {placeholders}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    document: str          # "DRA", "RCA", "RSA", "ZUA", … or "SET"
    block: str             # "II", "IV", "III.B" …
    field: str             # "p1" … ("" for the whole block)
    message: Text
    block_index: int | None = None  # @id_bloku of a repeated block (RCA/RSA III)

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    def location(self, lang: str | None = None) -> str:
        pl = (lang or language()) != "en"
        parts = [f"ZUS{self.document}" if self.document != "SET" else ("zestaw" if pl else "set")]
        if self.block:
            parts.append(f"{'blok' if pl else 'block'} {self.block}")
        if self.block_index is not None:
            parts.append(f"{'nr bloku' if pl else 'block no.'} {self.block_index}")
        if self.field:
            parts.append(f"{'pole' if pl else 'field'} {self.field}")
        return ", ".join(parts)

    def render(self, lang: str | None = None) -> str:
        return f"[{self.rule}] {self.location(lang)}: {self.message.render(lang)}"

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {"rule": self.rule, "severity": self.severity.value, "document": self.document,
                "block": self.block, "field": self.field, "block_index": self.block_index,
                "message": self.message.render(lang), "message_pl": self.message.render("pl"),
                "message_en": self.message.render("en")}


RULES: dict[str, Rule] = {}


def define(code: str, severity: Severity, description: tuple[str, str], message: tuple[str, str]) -> str:
    """Register a rule; returns its code so rule modules can name it as a constant."""
    if code in RULES:
        raise ValueError(f"duplicate verification rule {code}")
    RULES[code] = Rule(code, severity, t(*description), t(*message))
    return code


#: Schema validity. Reported by the schema validation that runs before these rules
#: (DocumentService.verify), listed here so the catalogue names every code a person can see.
SCHEMA_RULE = define("R-XSD-001", Severity.ERROR,
                     ("Plik jest zgodny ze schematem KEDU.", "The file conforms to the KEDU schema."),
                     ("{detail}", "{detail}"))


@dataclass
class VerificationContext:
    """What the verification knows besides the set itself.

    ``payer``: the register's Payer (identity and accident rate are compared with it).
    ``insured``: the register's insured persons of that payer (title codes are compared).
    ``prior_cumulative_bases``: PESEL (or document number) → sum of the person's emerytalne/rentowe
    bases in the earlier months of the same year (for the 30× annual cap).
    ``fp_exempt`` / ``special_conditions``: identifiers with a stated FP/FGŚP exemption / FEP work.
    ``payer_is_employer``: FP for zleceniobiorcy is due only from an employer or an organisational
    unit (contributions.md §4); None derives it from the payer type and the set's title codes.
    """

    payer: Payer | None = None
    insured: Sequence[InsuredPerson] = ()
    prior_cumulative_bases: dict[str, Decimal] = field(default_factory=dict)
    fp_exempt: frozenset[str] = frozenset()
    special_conditions: frozenset[str] = frozenset()
    payer_is_employer: bool | None = None  # None: a legal person, or any employee in the set
    today: date | None = None
    params: YearParams | None = None
    params_store: ParamsStore | None = None  # the workspace's parameter files (None: the packaged ones)

    def insured_by_identifier(self) -> dict[str, InsuredPerson]:
        return {p.pesel or p.document_number: p for p in self.insured}


class Run:
    """One verification pass: the set, the context, the year's parameters and the findings so far."""

    def __init__(self, doc_set: DocumentSet, context: VerificationContext) -> None:
        self.set = doc_set
        self.context = context
        self.findings: list[Finding] = []
        self.today = context.today or default_clock().today()
        self.period = doc_set.period or _first_period(doc_set)
        self.params: YearParams | None = context.params
        self.params_problem: Text | None = None
        self.insured_index = context.insured_by_identifier()
        if self.params is None and self.period is not None:
            try:
                self.params = params_for(self.period, context.params_store)
            except UserFacingError as exc:
                self.params_problem = exc.text

    def report(self, rule_code: str, document: str, block: str, field_name: str,
               block_index: int | None = None, /, **params: Any) -> None:
        """Record a finding of rule ``rule_code``; ``params`` fill the rule's message template."""
        rule = RULES[rule_code]
        self.findings.append(Finding(rule_code, rule.severity, document, block, field_name,
                                     rule.message(**params), block_index))

    @property
    def payer_pesel(self) -> str:
        if self.set.payer.pesel:
            return self.set.payer.pesel
        return self.context.payer.pesel if self.context.payer else ""


def _first_period(doc_set: DocumentSet) -> Period | None:
    for doc in doc_set.documents:
        period = getattr(doc, "period", None)
        if isinstance(period, Period):
            return period
    return None


Checker = Callable[[Run], None]
CHECKERS: list[Checker] = []


def checker(fn: Checker) -> Checker:
    CHECKERS.append(fn)
    return fn


def verify_set(document_set: DocumentSet, context: VerificationContext | None = None) -> list[Finding]:
    """All findings for a set, errors first, in document/block order."""
    run = Run(document_set, context or VerificationContext())
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
    run = Run(doc_set, VerificationContext(params=params, params_store=params_store))
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


# The rule modules define their rules and register their checkers on import; they import this
# module, so they come last.
from . import rules_amounts, rules_funds, rules_identity, rules_registration  # noqa: E402, F401
