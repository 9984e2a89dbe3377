"""Verification rules: arithmetic (each contribution = base × rate rounded half-up, block and DRA
totals, DRA = sum of the RCA blocks) and bases within the year's limits (self-employed minimums by
scheme, 30× annual cap, voluntary sickness ceiling, accident rates a payer can have, and unusual ones).
Sources: contributions.md §1–§6, kedu-format.md §6, §7, §10."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Text, t
from ..register.codes import is_known_title_code, title_kind
from .calc_health import ZERO, percent_of
from .model import DraDocument, RcaBlock, kedu_location
from .params import YearParams
from .rules_base import RuleSet, Run, Severity

RULES = RuleSet()
define, checker = RULES.define, RULES.checker

E, W = Severity.ERROR, Severity.WARNING

CALC_RATE = define("R-CALC-001", E, ("Każda składka = podstawa × stopa, zaokrąglona do grosza (w górę od 0,5).",
                                     "Each contribution = base × rate, rounded half-up to the grosz."),
                   ("Składka {what} {value} — oczekiwano {expected} ({base} × {rate}%).",
                    "Contribution {what} {value} — expected {expected} ({base} × {rate}%)."))
CALC_SELF = define("R-CALC-002", E, ("Składki płatnika ubezpieczającego tylko siebie wynikają z podstaw bloku X.",
                                     "A self-insured payer's contributions follow from the block X bases."),
                   ("Kwota {what} {value} — z podstawy bloku X wynika {expected} ({base} × {rate}%).",
                    "Amount {what} {value} — block X base gives {expected} ({base} × {rate}%)."))
SUM_DRA_RCA = define("R-SUM-001", E, ("Kwoty DRA są sumami bloków RCA.", "DRA amounts are the sums of the RCA blocks."),
                     ("{what}: w DRA {value}, suma z RCA {expected}.", "{what}: DRA says {value}, RCA sum {expected}."))
SUM_DRA = define("R-SUM-002", E, ("Sumy w DRA zgadzają się z ich składnikami.", "DRA totals equal their parts."),
                 ("Pole {field} = {value}, a suma pól {parts} wynosi {expected}.",
                  "Field {field} = {value} but fields {parts} add up to {expected}."))
SUM_RCA = define("R-SUM-003", E, ("Łączna kwota składek w bloku RCA (p29) = p7 + … + p14.",
                                  "The RCA block total (p29) = p7 + … + p14."),
                 ("Łączna kwota składek {value}, a suma składek wynosi {expected}.",
                  "Total contributions {value} but the contributions add up to {expected}."))
SUM_COUNT = define("R-SUM-004", W, ("Liczba ubezpieczonych w DRA odpowiada raportom.",
                                    "The DRA's number of insured matches the reports."),
                   ("Liczba ubezpieczonych {value}, a raporty obejmują {expected} osób.",
                    "Number of insured {value} but the reports cover {expected} people."))
BASE_MIN = define("R-BASE-001", E, ("Podstawa samozatrudnionego nie niższa niż minimum schematu.",
                                    "A self-employed base is not below the scheme's minimum."),
                  ("Podstawa {value} jest niższa od minimalnej {minimum} dla kodu {code} w {year} r.",
                   "Base {value} is below the minimum {minimum} for code {code} in {year}."))
BASE_CAP = define("R-BASE-002", E, ("Roczna podstawa emerytalna i rentowa nie przekracza 30-krotności.",
                                    "The yearly emerytalne/rentowe base does not exceed the 30× cap."),
                  ("Podstawa {value} po wcześniejszych {prior} przekracza roczny limit {cap}; najwyżej {allowed}.",
                   "Base {value} after earlier {prior} exceeds the annual cap {cap}; at most {allowed}."))
BASE_SICKNESS = define("R-BASE-003", E, ("Podstawa dobrowolnego chorobowego nie przekracza limitu miesięcznego.",
                                         "The voluntary sickness base does not exceed the monthly ceiling."),
                       ("Podstawa chorobowego {value} przekracza limit {ceiling} (250% prognozowanego wynagrodzenia).",
                        "Sickness base {value} exceeds the ceiling {ceiling} (250% of the forecast average pay)."))
BASE_PLUS = define("R-BASE-004", E, ("Podstawa Małego ZUS Plus mieści się w przedziale roku.",
                                     "The Mały ZUS Plus base is within the year's range."),
                   ("Podstawa {value} poza przedziałem Małego ZUS Plus {low}–{high}.",
                    "Base {value} is outside the Mały ZUS Plus range {low}–{high}."))
BASE_START = define("R-BASE-005", E, ("Ulga na start: bez składek społecznych.",
                                      "Start-up relief: no social contributions."),
                    ("Kod {code} (ulga na start) nie może mieć podstaw ani składek społecznych.",
                     "Code {code} (start-up relief) cannot have social bases or contributions."))
BASE_EMPLOYEE = define("R-BASE-006", W, ("Podstawy pracownika są spójne (chorobowe obowiązkowe).",
                                         "An employee's bases are consistent (sickness is compulsory)."),
                       ("{problem}", "{problem}"))
BASE_WAGE = define("R-BASE-007", W, ("Wynagrodzenie pracownika nie niższe od minimalnego.",
                                     "An employee's pay is not below the minimum wage."),
                   ("Podstawa {value} jest niższa od minimalnego wynagrodzenia {minimum} dla wymiaru {work_time} — "
                    "sprawdź (np. niepełny miesiąc).",
                    "Base {value} is below the minimum wage {minimum} for working time {work_time} — check it "
                    "(e.g. an incomplete month)."))
ACC_RANGE = define("R-ACC-001", E, ("Stopa wypadkowa jest możliwa: stopa grupy × wskaźnik korygujący, "
                                     "ewentualnie podwyższona przez ZUS.",
                                     "The accident rate is possible: a group rate × a correction factor, possibly "
                                     "raised by ZUS."),
                   ("Stopa wypadkowa {value}% jest poza możliwym zakresem {low}–{high}% (stopy grup {glow}–{ghigh}% "
                    "× wskaźnik {clow}–{chigh}, podwyższone najwyżej o {up}%).",
                    "Accident rate {value}% is outside the possible range {low}–{high}% (group rates {glow}–{ghigh}% "
                    "× a factor of {clow}–{chigh}, raised by at most {up}%)."))
ACC_UNUSUAL = define("R-ACC-003", W, ("Stopa wypadkowa spoza przedziału stóp grup wymaga indywidualnej decyzji ZUS.",
                                      "An accident rate outside the group-rate range needs an individual ZUS notice."),
                     ("Stopa wypadkowa {value}% leży poza przedziałem stóp dla grup działalności ({low}–{high}%). Taką "
                      "stopę ma tylko płatnik, któremu ZUS ustalił ją indywidualnie — sprawdź zawiadomienie ZUS.",
                      "Accident rate {value}% lies outside the group-rate range ({low}–{high}%). Only a payer whose "
                      "rate ZUS set individually has such a rate — check the ZUS notice."))
ACC_SMALL = define("R-ACC-004", W, ("Płatnik zgłaszający do 9 ubezpieczonych ma zwykle stopę jednolitą.",
                                    "A payer with up to 9 insured usually has the uniform rate."),
                   ("Płatnik zgłasza {count} ubezpieczonych, a stopa {value}% różni się od jednolitej {default}% "
                    "dla płatników do 9 ubezpieczonych — sprawdź, czy ZUS ustalił ją na podstawie ZUS IWA.",
                    "The payer reports {count} insured and the rate {value}% differs from the uniform {default}% for "
                    "payers with up to 9 insured — check that ZUS set it from a ZUS IWA."))
ACC_REGISTER = define("R-ACC-002", W, ("Stopa wypadkowa zgodna z kartoteką płatnika.",
                                       "The accident rate matches the payer register."),
                      ("Stopa wypadkowa {value}% różni się od kartoteki ({register}%).",
                       "Accident rate {value}% differs from the register ({register}%)."))

_EMPLOYEE_SICKNESS = ("Pracownik podlega obowiązkowo ubezpieczeniu chorobowemu, a podstawa chorobowego wynosi 0.",
                      "An employee is compulsorily in sickness insurance but the sickness base is 0.")
_EMPLOYEE_BASES = ("Podstawy pracownika różnią się (emerytalna {pension}, chorobowa {sickness}, wypadkowa "
                   "{accident}) bez osiągnięcia limitu rocznego.",
                   "The employee's bases differ (pension {pension}, sickness {sickness}, accident {accident}) "
                   "without reaching the annual cap.")
SELF_KINDS = ("self_employed_full", "self_employed_preferential", "self_employed_plus", "self_employed_start")


def _loc(cls: type, attr: str) -> tuple[str, str]:
    return kedu_location(cls, attr) or ("", "")


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


_CONTRIBUTIONS = {"pension": "emerytalne", "disability": "rentowe", "sickness": "chorobowe", "accident": "wypadkowe"}


def _label(attr: str) -> Text:
    """"pension_insured" → "emerytalne (ubezpieczony)" / "emerytalne (insured)"."""
    name, side = attr.rsplit("_", 1)
    contribution = _CONTRIBUTIONS.get(name, name)
    return t(f"{contribution} ({'ubezpieczony' if side == 'insured' else 'płatnik'})", f"{contribution} ({side})")


def _expect(run: Run, code: str, where: tuple[str, type, str, int | None], *, actual: Decimal, base: Decimal,
            rate: Decimal) -> None:
    document, cls, attr, index = where
    expected = percent_of(base, rate)
    if actual != expected:
        block, field_name = _loc(cls, attr)
        run.report(code, document, block, field_name, index, what=_label(attr), value=_money(actual),
                   expected=_money(expected), base=_money(base), rate=f"{rate}")


def check_bases(run: Run, p: YearParams, kind: str, code: str, *, document: str, cls: type, index: int | None,
                pension_base: Decimal, sickness_base: Decimal, prior: Decimal) -> None:
    """Bases within the year's limits (shared by RCA blocks and DRA block X)."""
    pension_block, pension_field = _loc(cls, "pension_base" if cls is RcaBlock else "self_pension_base")
    sick_block, sick_field = _loc(cls, "sickness_base" if cls is RcaBlock else "self_sickness_base")
    minimum = {"self_employed_full": p.full_min_base, "self_employed_preferential": p.preferential_min_base}.get(kind)
    if minimum is not None and pension_base < minimum and prior + pension_base < p.annual_pension_cap:
        run.report(BASE_MIN, document, pension_block, pension_field, index, value=_money(pension_base),
                   minimum=_money(minimum), code=code, year=p.year)
    if kind == "self_employed_plus" and not (p.plus_min_base <= pension_base <= p.plus_max_base) \
            and prior + pension_base < p.annual_pension_cap:
        run.report(BASE_PLUS, document, pension_block, pension_field, index, value=_money(pension_base),
                   low=_money(p.plus_min_base), high=_money(p.plus_max_base))
    if prior + pension_base > p.annual_pension_cap:
        run.report(BASE_CAP, document, pension_block, pension_field, index, value=_money(pension_base),
                   prior=_money(prior), cap=_money(p.annual_pension_cap),
                   allowed=_money(max(ZERO, p.annual_pension_cap - prior)))
    if kind != "employee" and sickness_base > p.sickness_ceiling:
        run.report(BASE_SICKNESS, document, sick_block, sick_field, index, value=_money(sickness_base),
                   ceiling=_money(p.sickness_ceiling))


def check_block_amounts(run: Run, b: RcaBlock, accident_rate: Decimal, prior: Decimal) -> None:
    """Base × rate for each contribution of one RCA block, its total, and its bases."""
    p = run.params
    code = b.title.full
    if p is None or not is_known_title_code(code):
        return
    kind = title_kind(code) or ""
    i = b.block_id
    self_paid = kind in SELF_KINDS
    if kind == "self_employed_start":
        if any(x > ZERO for x in (b.pension_base, b.sickness_base, b.accident_base, b.social_total)):
            run.report(BASE_START, "RCA", "III.B", "p4", i, code=code)
        return
    for attr, base, key, side in (
            ("pension_insured", b.pension_base, "emerytalne", "insured"),
            ("disability_insured", b.pension_base, "rentowe", "insured"),
            ("sickness_insured", b.sickness_base, "chorobowe", "insured"),
            ("pension_payer", b.pension_base, "emerytalne", "payer"),
            ("disability_payer", b.pension_base, "rentowe", "payer"),
            ("sickness_payer", b.sickness_base, "chorobowe", "payer")):
        rate = p.rate(key)
        share = (rate.total if side == "insured" else ZERO) if self_paid else getattr(rate, side)
        _expect(run, CALC_RATE, ("RCA", RcaBlock, attr, i), actual=getattr(b, attr), base=base, rate=share)
    acc_insured, acc_payer = (accident_rate, ZERO) if self_paid else (ZERO, accident_rate)
    _expect(run, CALC_RATE, ("RCA", RcaBlock, "accident_insured", i), actual=b.accident_insured,
            base=b.accident_base, rate=acc_insured)
    _expect(run, CALC_RATE, ("RCA", RcaBlock, "accident_payer", i), actual=b.accident_payer,
            base=b.accident_base, rate=acc_payer)
    parts = (b.pension_insured + b.disability_insured + b.sickness_insured + b.accident_insured + b.pension_payer
             + b.disability_payer + b.sickness_payer + b.accident_payer)
    if b.social_total != parts:
        run.report(SUM_RCA, "RCA", "III.B", "p29", i, value=_money(b.social_total), expected=_money(parts))
    check_bases(run, p, kind, code, document="RCA", cls=RcaBlock, index=i, pension_base=b.pension_base,
                sickness_base=b.sickness_base, prior=prior)
    if kind == "employee":
        _check_employee_bases(run, p, b, prior)


def _check_employee_bases(run: Run, p: YearParams, b: RcaBlock, prior: Decimal) -> None:
    i = b.block_id
    if b.sickness_base == ZERO and b.accident_base > ZERO:
        run.report(BASE_EMPLOYEE, "RCA", "III.B", "p5", i, problem=t(*_EMPLOYEE_SICKNESS))
    capped = prior + b.pension_base >= p.annual_pension_cap
    if not capped and b.sickness_base > ZERO and len({b.pension_base, b.sickness_base, b.accident_base}) > 1:
        run.report(BASE_EMPLOYEE, "RCA", "III.B", "p4", i, problem=t(*_EMPLOYEE_BASES)(
            pension=_money(b.pension_base), sickness=_money(b.sickness_base), accident=_money(b.accident_base)))
    wt = b.work_time
    if wt.denominator > 0 and b.accident_base > ZERO:
        minimum = (p.minimum_wage * wt.numerator / wt.denominator).quantize(Decimal("0.01"))
        if b.accident_base < minimum:
            run.report(BASE_WAGE, "RCA", "III.B", "p6", i, value=_money(b.accident_base), minimum=_money(minimum),
                       work_time=f"{wt.numerator}/{wt.denominator}")


def accident_rate_of(run: Run) -> Decimal:
    dra = run.set.dra
    if dra is not None:
        return dra.accident_rate
    if run.context.payer is not None:
        return run.context.payer.accident_rate
    return run.params.default_accident_rate if run.params else Decimal(0)


def prior_base(run: Run, identifier: str) -> Decimal:
    return run.context.prior_cumulative_bases.get(identifier, ZERO)


@checker
def check_rca_amounts(run: Run) -> None:
    rate = accident_rate_of(run)
    # Several blocks of one person (several titles) share the year's cap: carry it across blocks.
    running: dict[str, Decimal] = {}
    for block in run.set.rca_blocks:
        ident = block.person.identifier
        prior = running.get(ident, prior_base(run, ident))
        check_block_amounts(run, block, rate, prior)
        running[ident] = prior + block.pension_base


@checker
def check_accident_rate(run: Run) -> None:
    dra = run.set.dra
    p = run.params
    if dra is None or p is None:
        return
    block, field_name = _loc(DraDocument, "accident_rate")
    rate = dra.accident_rate
    if not (p.individual_accident_min <= rate <= p.individual_accident_max):
        run.report(ACC_RANGE, "DRA", block, field_name, value=f"{rate}", low=f"{p.individual_accident_min}",
                   high=f"{p.individual_accident_max}", glow=f"{p.group_accident_min}", ghigh=f"{p.group_accident_max}",
                   clow=f"{p.accident_correction_min}", chigh=f"{p.accident_correction_max}",
                   up=f"{p.accident_raise_max_percent}")
    elif not (p.group_accident_min <= rate <= p.group_accident_max):
        run.report(ACC_UNUSUAL, "DRA", block, field_name, value=f"{rate}", low=f"{p.group_accident_min}",
                   high=f"{p.group_accident_max}")
    elif 0 < dra.insured_count <= 9 and rate != p.default_accident_rate:
        run.report(ACC_SMALL, "DRA", block, field_name, value=f"{rate}", count=dra.insured_count,
                   default=f"{p.default_accident_rate}")
    reg = run.context.payer
    if reg is not None and reg.accident_rate != dra.accident_rate:
        run.report(ACC_REGISTER, "DRA", block, field_name, value=f"{dra.accident_rate}",
                   register=f"{reg.accident_rate}")


DRA_FROM_RCA = (("pension_insured", "pension_insured"), ("disability_insured", "disability_insured"),
                ("pension_payer", "pension_payer"), ("disability_payer", "disability_payer"),
                ("sickness_insured", "sickness_insured"), ("accident_insured", "accident_insured"),
                ("sickness_payer", "sickness_payer"), ("accident_payer", "accident_payer"))

DRA_SUMS = (("pension_total", ("pension_insured", "pension_payer")),
            ("disability_total", ("disability_insured", "disability_payer")),
            ("pd_total", ("pension_total", "disability_total")),
            ("pd_insured", ("pension_insured", "disability_insured")),
            ("pd_payer", ("pension_payer", "disability_payer")),
            ("sickness_total", ("sickness_insured", "sickness_payer")),
            ("accident_total", ("accident_insured", "accident_payer")),
            ("sa_total", ("sickness_total", "accident_total")),
            ("sa_insured", ("sickness_insured", "accident_insured")),
            ("sa_payer", ("sickness_payer", "accident_payer")),
            ("social_total", ("pd_insured", "pd_payer", "sa_insured", "sa_payer")),
            ("fp_fgsp_total", ("fp", "fgsp")))


@checker
def check_dra_sums(run: Run) -> None:
    dra = run.set.dra
    if dra is None:
        return
    for target, parts in DRA_SUMS:
        expected = sum((getattr(dra, part) for part in parts), ZERO)
        if getattr(dra, target) != expected:
            block, field_name = _loc(DraDocument, target)
            names = " + ".join(_loc(DraDocument, part)[1] for part in parts)
            run.report(SUM_DRA, "DRA", block, field_name, field=field_name, value=_money(getattr(dra, target)),
                       parts=names, expected=_money(expected))
    whole = dra.social_total + dra.health_total + dra.fp_fgsp_total + dra.fep
    if dra.to_pay - dra.refund != whole:
        block, field_name = _loc(DraDocument, "to_pay")
        run.report(SUM_DRA, "DRA", block, field_name, field=field_name, value=_money(dra.to_pay),
                   parts="IV p37 + VI p2 + VII p3 + VIII p3", expected=_money(whole))
    blocks = run.set.rca_blocks
    if blocks:
        for dra_attr, rca_attr in DRA_FROM_RCA:
            expected = sum((getattr(b, rca_attr) for b in blocks), ZERO)
            if getattr(dra, dra_attr) != expected:
                block, field_name = _loc(DraDocument, dra_attr)
                rca_field = _loc(RcaBlock, rca_attr)[1]
                run.report(SUM_DRA_RCA, "DRA", block, field_name, what=f"IV {field_name} (RCA III.B {rca_field})",
                           value=_money(getattr(dra, dra_attr)), expected=_money(expected))
        people = len({b.person.identifier for b in blocks})
        if dra.insured_count != people:
            run.report(SUM_COUNT, "DRA", "III", "p1", value=dra.insured_count, expected=people)
    elif dra.self_title is not None:
        _check_self_insured(run, dra)


def _check_self_insured(run: Run, dra: DraDocument) -> None:
    p = run.params
    code = dra.self_title.full if dra.self_title else ""
    if p is None or not is_known_title_code(code):
        return
    kind = title_kind(code) or ""
    if kind == "self_employed_start":
        if dra.self_pension_base > ZERO or dra.social_total > ZERO:
            run.report(BASE_START, "DRA", "X", "p2", code=code)
        return
    for attr, base, rate in (("pension_insured", dra.self_pension_base, p.rate("emerytalne").total),
                             ("disability_insured", dra.self_pension_base, p.rate("rentowe").total),
                             ("sickness_insured", dra.self_sickness_base, p.rate("chorobowe").total),
                             ("accident_insured", dra.self_accident_base, dra.accident_rate),
                             ("pension_payer", dra.self_pension_base, ZERO),
                             ("disability_payer", dra.self_pension_base, ZERO)):
        _expect(run, CALC_SELF, ("DRA", DraDocument, attr, None), actual=getattr(dra, attr), base=base, rate=rate)
    if dra.insured_count != 1:
        run.report(SUM_COUNT, "DRA", "III", "p1", value=dra.insured_count, expected=1)
    check_bases(run, p, kind, code, document="DRA", cls=DraDocument, index=None,
                pension_base=dra.self_pension_base, sickness_base=dra.self_sickness_base,
                prior=prior_base(run, run.payer_pesel))


PLUS_DAYS = define("R-PLUS-001", W, ("Mały ZUS Plus: co najmniej 60 dni działalności w poprzednim roku.",
                                     "Mały ZUS Plus: at least 60 days of business in the prior year."),
                   ("{name}: kod {code} (Mały ZUS Plus) — {problem}",
                    "{name}: code {code} (Mały ZUS Plus) — {problem}"))


@checker
def check_plus_days(run: Run) -> None:
    """A Mały ZUS Plus title for someone whose business ran too few days in the prior year (register dates)."""
    from ..register.warnings import plus_days_problem

    if run.period is None:
        return
    titles: list[tuple[str, str, str, str, str, int | None]] = [
        (b.person.identifier, b.title.full, "RCA", "III.B", "p1", b.block_id) for b in run.set.rca_blocks]
    dra = run.set.dra
    if dra is not None and dra.self_title is not None and not run.set.rca_blocks:
        titles.append((run.payer_pesel, dra.self_title.full, "DRA", "X", "p1", None))
    for ident, code, document, block, field_name, index in titles:
        person = run.insured_index.get(ident)
        if person is None or title_kind(code) != "self_employed_plus":
            continue
        problem = plus_days_problem(person, run.period.year, run.context.params_store, code)
        if problem is not None:
            run.report(PLUS_DAYS, document, block, field_name, index, name=person.record.full_name, code=code,
                       problem=problem)
