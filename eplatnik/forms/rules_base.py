"""The parts every verification rule module shares: ``Severity``, ``Rule``, ``Finding``, the
``VerificationContext``, one pass (``Run``) and ``RuleSet``, a module's rules and checkers.

Each ``rules_*`` module builds its own ``RULES = RuleSet()`` (``RULES.define`` a rule, ``@RULES.checker``
a check) and imports only this module (and its siblings' constants); ``verification.py`` merges them
into one explicit registry, so nothing is registered by an import's side effect.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
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
from .model import DocumentSet
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

    def __init__(self, doc_set: DocumentSet, context: VerificationContext, rules: Mapping[str, Rule]) -> None:
        self.set = doc_set
        self.rules = rules
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
        rule = self.rules[rule_code]
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


class RuleSet:
    """Rules (code → ``Rule``) and checkers, in the order they were defined."""

    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}
        self.checkers: list[Checker] = []

    def define(self, code: str, severity: Severity, description: tuple[str, str], message: tuple[str, str]) -> str:
        """Add a rule; returns its code so rule modules can name it as a constant."""
        if code in self.rules:
            raise ValueError(f"duplicate verification rule {code}")
        self.rules[code] = Rule(code, severity, t(*description), t(*message))
        return code

    def checker(self, fn: Checker) -> Checker:
        self.checkers.append(fn)
        return fn

    @classmethod
    def merge(cls, *sets: RuleSet) -> RuleSet:
        """One registry of several modules' rule sets (a code defined twice is an error)."""
        merged = cls()
        for part in sets:
            for code, rule in part.rules.items():
                if code in merged.rules:
                    raise ValueError(f"duplicate verification rule {code}")
                merged.rules[code] = rule
            merged.checkers += part.checkers
        return merged
