"""Verification rules: FP/FS, FGŚP and FEP only where due, and the health contribution
(employees: 9 % of gross minus the insured's social contributions; self-employed by tax form with
the health-year minimum; ryczałt tiers). Sources: contributions.md §2, §4, §7."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..register import validation as v
from ..register.codes import is_known_title_code, title_kind
from ..workdays import PayerType
from . import calc_funds
from .calc_health import ZERO, percent_of
from .model import RcaBlock, SelfEmployedHealth
from .params import YearParams
from .rules_base import RuleSet, Run, Severity

RULES = RuleSet()
define, checker = RULES.define, RULES.checker

E, W = Severity.ERROR, Severity.WARNING

FND_FP_NOT_DUE = define("R-FND-001", E, ("FP/FS tylko za osoby, za które są należne.",
                                         "FP/FS only for people for whom it is due."),
                        ("FP/FS {value}, a za żadną osobę nie jest należny (podstawy poniżej minimalnego "
                         "wynagrodzenia, zwolnienia lub tytuły bez FP).",
                         "FP/FS {value} but it is due for nobody (bases below the minimum wage, exemptions or "
                         "titles without FP)."))
FND_FP_AMOUNT = define("R-FND-002", W, ("FP/FS odpowiada osobom, za które jest należny.",
                                        "FP/FS matches the people for whom it is due."),
                       ("FP/FS {value}, a z podstaw osób, za które jest należny, wynika {expected} — sprawdź "
                        "zwolnienia.", "FP/FS {value} but the bases of the people it is due for give {expected} "
                        "— check exemptions."))
FND_FGSP_NOT_DUE = define("R-FND-003", E, ("FGŚP tylko za pracowników i zleceniobiorców.",
                                           "FGŚP only for employees and contractors."),
                          ("FGŚP {value}, a w zestawie nie ma osoby, za którą jest należny.",
                           "FGŚP {value} but nobody in the set is someone it is due for."))
FND_FGSP_AMOUNT = define("R-FND-004", W, ("FGŚP odpowiada podstawom osób.", "FGŚP matches the people's bases."),
                         ("FGŚP {value}, a z podstaw wynika {expected} — sprawdź zwolnienia.",
                          "FGŚP {value} but the bases give {expected} — check exemptions."))
FND_FEP = define("R-FND-005", W, ("FEP tylko za pracę w szczególnych warunkach.",
                                  "FEP only for work in special conditions."),
                 ("FEP {value}, a oczekiwano {expected} (praca w szczególnych warunkach lub o szczególnym "
                  "charakterze, osoby urodzone po 1948 r.).",
                  "FEP {value} but {expected} was expected (work in special conditions or of a special nature, "
                  "people born after 1948)."))
HLT_MINIMUM = define("R-HLT-001", E, ("Składka zdrowotna samozatrudnionego nie niższa od minimalnej.",
                                      "A self-employed health contribution is not below the minimum."),
                     ("Składka zdrowotna {value} jest niższa od minimalnej {minimum} w okresie {period}.",
                      "Health contribution {value} is below the minimum {minimum} for {period}."))
HLT_RATE = define("R-HLT-002", E, ("Składka zdrowotna = podstawa × stopa.", "Health contribution = base × rate."),
                  ("Składka zdrowotna {value} — z podstawy {base} wynika {expected} ({rate}%).",
                   "Health contribution {value} — base {base} gives {expected} ({rate}%)."))
HLT_BASE = define("R-HLT-003", W, ("Podstawa zdrowotna pracownika = przychód − składki społeczne ubezpieczonego.",
                                   "An employee's health base = pay − the insured's social contributions."),
                  ("Podstawa zdrowotna {value}, a przychód pomniejszony o składki ubezpieczonego daje {expected}.",
                   "Health base {value} but pay minus the insured's contributions gives {expected}."))
HLT_EXEMPT = define("R-HLT-004", E, ("Bez składki zdrowotnej dla kodów zwolnionych.",
                                     "No health contribution for exempt codes."),
                    ("Kod {code} nie podlega ubezpieczeniu zdrowotnemu, a podano składkę {value}.",
                     "Code {code} has no health insurance but a contribution {value} is given."))
HLT_LUMP_SUM = define("R-HLT-005", E, ("Ryczałt: składka zdrowotna z progu przychodu.",
                                       "Ryczałt: health contribution from the revenue tier."),
                      ("Przy przychodzie {revenue} składka zdrowotna na ryczałcie wynosi {expected}, podano {value}.",
                       "With revenue {revenue} the ryczałt health contribution is {expected}; {value} is given."))
HLT_TOTAL = define("R-HLT-006", E, ("Suma składek zdrowotnych DRA zgadza się z raportami.",
                                    "The DRA health total matches the reports."),
                   ("Składka zdrowotna w DRA {value}, a z raportów/bloku XI wynika {expected}.",
                    "The DRA health contribution is {value} but the reports/block XI give {expected}."))

HLT_SELF_BASE = define("R-HLT-007", E, ("Podstawa zdrowotna w bloku X = podstawa z bloku XI.",
                                        "The health base in block X = the base in block XI."),
                       ("Podstawa zdrowotna {value} w bloku X różni się od podstawy {expected} z bloku XI.",
                        "Health base {value} in block X differs from the base {expected} in block XI."))

SELF_KINDS = ("self_employed_full", "self_employed_preferential", "self_employed_plus", "self_employed_start")


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _birth_and_sex(pesel: str) -> tuple[date | None, bool | None]:
    if not pesel or v.check_pesel(pesel) is not None:
        return None, None
    return v.pesel_birth_date(pesel), v.pesel_gender(pesel) == "F"


def check_tax_form_health(run: Run, h: SelfEmployedHealth, document: str, block: str,
                          index: int | None) -> None:
    """DRA XI / RCA III.E: the self-employed health contribution by tax form."""
    p, period = run.params, run.period
    fields = h.fields()
    if p is None or period is None or fields is None:
        return
    amount_field = fields[3]
    if h.tax_form == "ryczalt":
        tier = p.lump_sum_tier(h.income)[1]
        expected = percent_of(percent_of(p.lump_sum_average_wage, tier.percent), p.health_rate)
        if h.contribution != expected:
            run.report(HLT_LUMP_SUM, document, block, amount_field, index, revenue=_money(h.income),
                       expected=_money(expected), value=_money(h.contribution))
        return
    minimum = percent_of(p.health_min_base(period), p.health_rate)
    if h.contribution < minimum:
        run.report(HLT_MINIMUM, document, block, amount_field, index, value=_money(h.contribution),
                   minimum=_money(minimum), period=str(period))
        return
    rates = {p.health_rate} if h.tax_form == "skala" else {p.flat_tax_health_rate, p.health_rate}
    if not any(percent_of(h.base, rate) == h.contribution for rate in rates):
        rate = p.health_rate if h.tax_form == "skala" else p.flat_tax_health_rate
        run.report(HLT_RATE, document, block, amount_field, index, value=_money(h.contribution),
                   base=_money(h.base), expected=_money(percent_of(h.base, rate)), rate=f"{rate}")


def check_block_health(run: Run, b: RcaBlock) -> None:
    p = run.params
    code = b.title.full
    if p is None or not is_known_title_code(code):
        return
    kind = title_kind(code) or ""
    i = b.block_id
    if code[:4] in p.health_exempt_title_codes:
        if b.health_total > ZERO:
            run.report(HLT_EXEMPT, "RCA", "III.C", "p4", i, code=code, value=_money(b.health_total))
        return
    if b.health_data is not None and b.health_data.fields() is not None:
        check_tax_form_health(run, b.health_data, "RCA", "III.E", i)
        return
    if kind in SELF_KINDS:
        rates = {p.health_rate, p.flat_tax_health_rate}
        if b.health_total and not any(percent_of(b.health_base, r) == b.health_total for r in rates):
            run.report(HLT_RATE, "RCA", "III.C", "p4", i, value=_money(b.health_total), base=_money(b.health_base),
                       expected=_money(percent_of(b.health_base, p.health_rate)), rate=f"{p.health_rate}")
        return
    expected = percent_of(b.health_base, p.health_rate)
    if b.health_total != expected:
        run.report(HLT_RATE, "RCA", "III.C", "p4", i, value=_money(b.health_total), base=_money(b.health_base),
                   expected=_money(expected), rate=f"{p.health_rate}")
    gross = max(b.pension_base, b.sickness_base, b.accident_base)
    net = gross - b.pension_insured - b.disability_insured - b.sickness_insured
    if b.health_base > ZERO and b.health_base != net:
        run.report(HLT_BASE, "RCA", "III.C", "p1", i, value=_money(b.health_base), expected=_money(net))


@checker
def check_health(run: Run) -> None:
    for block in run.set.rca_blocks:
        check_block_health(run, block)
    dra = run.set.dra
    if dra is None:
        return
    if dra.self_health is not None:
        check_tax_form_health(run, dra.self_health, "DRA", "XI", None)
        if dra.self_title is not None and dra.self_health.fields() and dra.self_health_base != dra.self_health.base:
            run.report(HLT_SELF_BASE, "DRA", "X", "p5", value=_money(dra.self_health_base),
                       expected=_money(dra.self_health.base))
    blocks = run.set.rca_blocks
    if blocks:
        expected = sum((b.health_total for b in blocks), ZERO)
    elif dra.self_health is not None and dra.self_health.fields() is not None:
        expected = dra.self_health.contribution
    else:
        return
    if dra.health_total != expected:
        run.report(HLT_TOTAL, "DRA", "VI", "p2", value=_money(dra.health_total), expected=_money(expected))


class _Due:
    """Expected FP/FGŚP/FEP of the set, summed per person as the calculator computes them."""

    def __init__(self) -> None:
        self.fp = self.fgsp = self.fep = ZERO
        self.fp_bases = self.fgsp_bases = self.fep_bases = ZERO
        self.fgsp_possible = False

    def add(self, run: Run, p: YearParams, kind: str, base: Decimal, identifier: str, pesel: str) -> None:
        period = run.period
        if period is None:
            return
        birth, female = _birth_and_sex(pesel)
        exempt = identifier in run.context.fp_exempt
        fp_ok, _ = calc_funds.fp_due(p, kind, base, period, birth=birth, is_female=female, payer_exempt=exempt,
                                     payer_is_employer=_payer_is_employer(run))
        if fp_ok:
            self.fp += percent_of(base, p.rate("FP").total)
            self.fp_bases += base
        self.fgsp_possible |= kind in p.fgsp_kinds
        fgsp_ok, _ = calc_funds.fgsp_due(p, kind, period, birth=birth, is_female=female, payer_exempt=exempt)
        if fgsp_ok:
            self.fgsp += percent_of(base, p.rate("FGSP").total)
            self.fgsp_bases += base
        fep_ok, _ = calc_funds.fep_due(p, kind, birth, identifier in run.context.special_conditions)
        if fep_ok:
            self.fep += percent_of(base, p.rate("FEP").total)
            self.fep_bases += base


def _payer_is_employer(run: Run) -> bool:
    if run.context.payer_is_employer is not None:
        return run.context.payer_is_employer
    payer = run.context.payer
    if payer is not None and payer.payer_type != PayerType.OTHER:
        return True  # a legal person or budget unit is an organisational unit
    return any(title_kind(b.title.full) == "employee" for b in run.set.rca_blocks)


def _matches(value: Decimal, per_person: Decimal, bases: Decimal, rate: Decimal) -> bool:
    # Płatnik rounds per person; some programs round the summed base once: accept either.
    return value in (per_person, percent_of(bases, rate))


@checker
def check_funds(run: Run) -> None:
    dra, p = run.set.dra, run.params
    if dra is None or p is None:
        return
    due = _Due()
    for b in run.set.rca_blocks:
        code = b.title.full
        if is_known_title_code(code):
            due.add(run, p, title_kind(code) or "", max(b.pension_base, b.sickness_base, b.accident_base),
                    b.person.identifier, b.person.pesel)
    if not run.set.rca_blocks and dra.self_title is not None and is_known_title_code(dra.self_title.full):
        due.add(run, p, title_kind(dra.self_title.full) or "", max(dra.self_pension_base, dra.self_accident_base),
                run.payer_pesel, run.payer_pesel)
    fp_block, fp_field = "VII", "p1"
    if dra.fp > ZERO and due.fp == ZERO:
        run.report(FND_FP_NOT_DUE, "DRA", fp_block, fp_field, value=_money(dra.fp))
    elif not _matches(dra.fp, due.fp, due.fp_bases, p.rate("FP").total):
        run.report(FND_FP_AMOUNT, "DRA", fp_block, fp_field, value=_money(dra.fp), expected=_money(due.fp))
    if dra.fgsp > ZERO and not due.fgsp_possible:
        run.report(FND_FGSP_NOT_DUE, "DRA", "VII", "p2", value=_money(dra.fgsp))
    elif not _matches(dra.fgsp, due.fgsp, due.fgsp_bases, p.rate("FGSP").total):
        run.report(FND_FGSP_AMOUNT, "DRA", "VII", "p2", value=_money(dra.fgsp), expected=_money(due.fgsp))
    if not _matches(dra.fep, due.fep, due.fep_bases, p.rate("FEP").total):
        run.report(FND_FEP, "DRA", "VIII", "p3", value=_money(dra.fep), expected=_money(due.fep))

