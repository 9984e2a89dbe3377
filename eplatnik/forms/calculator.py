"""The contributions calculator: pure functions over Decimal, rounded half-up per contribution.

API (used by the set builder, the verification and ``eplatnik-cli contributions``)::

    from eplatnik.forms.calculator import ContributionInput, calculate
    result = calculate(ContributionInput(period=Period(2026, 3), title_code="011000",
                                         gross_pay=Decimal("8000.00")))
    result.line("emerytalne").payer      # employer's 9.76 %
    result.social_total, result.health_total, result.fund_total, result.grand_total

``calculate(inp, params=None) -> ContributionResult``; ``params`` defaults to the packaged figures
in force in ``inp.period`` (``params_for``); services pass their workspace's (installed files win).
``result.provisional`` lists the draft/forecast figures the computation read (a note says so too).
The kind of insured person comes from the title code
(``register.codes.title_kind``): employee / contractor / outwork use ``gross_pay``; the
self-employed use ``declared_base`` (None → the scheme's minimum) or, for Mały ZUS Plus,
``prior_year_income``. Lines: "emerytalne", "rentowe", "chorobowe", "wypadkowe", "zdrowotne",
"FP" (FP + FS), "FGSP", "FEP". Each line's ``payer``/``insured`` amount is its own
``round_half_up(base × rate / 100)``; for the self-employed the whole rate is the insured's.

The 30× annual cap (contributions.md §5) is carried across months by the caller:
``prior_cumulative_pension_base`` is the sum of this person's emerytalne/rentowe bases in earlier
months of the same year; the month's base is clipped to what remains and ``cap_reached`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..errors import UserFacingError
from ..i18n import Text, t
from ..params.labels import provisional_note
from ..params.model import Entry
from ..period import Period
from ..register.codes import expand_title_code, is_known_title_code, title_kind
from ..register.models import ContributionScheme, HealthTaxForm
from . import calc_funds, calc_health
from .calc_health import ZERO, money, percent_of
from .params import WRONG_YEAR, YearParams, params_for

LINE_KEYS = ("emerytalne", "rentowe", "chorobowe", "wypadkowe", "zdrowotne", "FP", "FGSP", "FEP")
SOCIAL_LINE_KEYS = ("emerytalne", "rentowe", "chorobowe", "wypadkowe")

SCHEME_OF_KIND = {
    "self_employed_full": ContributionScheme.FULL,
    "self_employed_preferential": ContributionScheme.PREFERENTIAL,
    "self_employed_plus": ContributionScheme.MALY_ZUS_PLUS,
    "self_employed_start": ContributionScheme.START_RELIEF,
}
PAID_KINDS = ("employee", "contractor", "outwork")

UNKNOWN_TITLE = t("Kod tytułu ubezpieczenia {code} nie występuje w wykazie kodów programu.",
                  "Insurance title code {code} is not in the program's code list.")
UNKNOWN_TITLE_HINT = t("Podaj 6 cyfr, np. 011000 (pracownik) lub 051000 (działalność, pełny ZUS).",
                       "Give 6 digits, e.g. 011000 (employee) or 051000 (self-employed, full ZUS).")
NEED_GROSS = t("Dla tytułu {code} podaj wynagrodzenie brutto (przychód) za miesiąc.",
               "For title {code} give the month's gross pay.")
SCHEME_MISMATCH = t("Schemat składek {scheme} nie pasuje do kodu tytułu {code}.",
                    "Contribution scheme {scheme} does not match title code {code}.")
NEED_PRIOR_INCOME = t("Mały ZUS Plus: podaj dochód z poprzedniego roku albo zadeklarowaną podstawę.",
                      "Mały ZUS Plus: give the prior-year income or a declared base.")
NEGATIVE = t("Kwota {what} nie może być ujemna.", "The amount {what} cannot be negative.")
BELOW_MINIMUM = t("Podstawa {base} jest niższa od minimalnej {minimum} dla tego schematu.",
                  "The base {base} is below the minimum {minimum} for this scheme.")
ABOVE_MAXIMUM = t("Podstawa {base} przekracza najwyższą {maximum} dla Małego ZUS Plus.",
                  "The base {base} exceeds the Mały ZUS Plus maximum {maximum}.")
PLUS_BASE = t("Mały ZUS Plus: podstawa {base} z dochodu {income} (w granicach {low}–{high}).",
              "Mały ZUS Plus: base {base} from income {income} (clamped to {low}–{high}).")
CAP_REACHED = t("Osiągnięto roczny limit podstawy emerytalnej i rentowej ({cap}); "
                "podstawa w tym miesiącu: {base}.",
                "The annual emerytalne/rentowe base cap ({cap}) is reached; this month's base: {base}.")
SICKNESS_CEILING = t("Podstawa dobrowolnego chorobowego ograniczona do {ceiling}.",
                     "The voluntary sickness base is limited to {ceiling}.")
START_RELIEF = t("Ulga na start: tylko składka zdrowotna.", "Start-up relief: health contribution only.")
ACCIDENT_INDIVIDUAL = t("Płatnik z 10 lub więcej ubezpieczonymi ma stopę wypadkową ustaloną przez ZUS "
                        "— sprawdź ją.",
                        "A payer with 10 or more insured has an accident rate set by ZUS — check it.")
HEALTH_EXEMPT = t("Kod tytułu {code}: bez składki zdrowotnej.", "Title code {code}: no health contribution.")
TITLE_EXPANDED = t("Kod tytułu {given} uzupełniono do {code} (bez prawa do emerytury/renty, bez niepełnosprawności).",
                   "Title code {given} was taken as {code} (no pension right, no disability).")
PLUS_FEW_DAYS = t("Mały ZUS Plus: w poprzednim roku działalność trwała {days} dni, a wymagane jest co najmniej "
                  "{minimum} — sprawdź, czy ulga przysługuje.",
                  "Mały ZUS Plus: the business ran {days} days in the prior year and at least {minimum} are "
                  "required — check that the relief applies.")


@dataclass(frozen=True)
class ContributionInput:
    period: Period
    title_code: str
    gross_pay: Decimal | None = None          # employees, zleceniobiorcy, outworkers
    declared_base: Decimal | None = None      # self-employed; None → the scheme's minimum
    scheme: ContributionScheme | None = None  # None → from the title code
    voluntary_sickness: bool = False          # ignored for employees (compulsory for them)
    accident_rate: Decimal | None = None      # percent; None → the year's default (1.67)
    tax_form: HealthTaxForm = HealthTaxForm.NONE  # self-employed health
    health_income: Decimal | None = None      # skala/liniowy: the previous month's income
    annual_revenue: Decimal | None = None     # ryczałt: revenue from 1 January
    prior_year_income: Decimal | None = None  # Mały ZUS Plus (for ryczałt: 50 % of revenue)
    prior_year_days: int | None = None        # days of business in the prior year (default: all)
    prior_cumulative_pension_base: Decimal = ZERO
    birth_date: date | None = None
    is_female: bool | None = None
    work_time: tuple[int, int] = (1, 1)
    insured_count: int = 1
    fp_exempt: bool = False                   # a statutory FP/FGŚP exemption the payer applies
    payer_is_employer: bool = True            # FP for zleceniobiorcy only from employers
    special_conditions: bool = False          # FEP: work in special conditions / of special nature


@dataclass(frozen=True)
class ContributionLine:
    key: str
    base: Decimal
    rate: Decimal          # total rate, percent
    payer: Decimal
    insured: Decimal
    payer_rate: Decimal = ZERO
    insured_rate: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.payer + self.insured


@dataclass(frozen=True)
class ContributionResult:
    period: Period
    title_code: str
    kind: str
    scheme: ContributionScheme
    lines: tuple[ContributionLine, ...]
    pension_base: Decimal
    sickness_base: Decimal
    accident_base: Decimal
    health_base: Decimal
    fund_base: Decimal          # FP/FGŚP/FEP base (not capped)
    cap_reached: bool
    cumulative_pension_base: Decimal  # prior + this month's (capped) base
    accident_rate: Decimal
    health: calc_health.HealthResult | None = None
    notes: tuple[Text, ...] = field(default_factory=tuple)
    provisional: tuple[Entry, ...] = ()  # draft/forecast figures this computation read

    def line(self, key: str) -> ContributionLine:
        """The line ``key``; a zero line when that contribution is not due."""
        for item in self.lines:
            if item.key == key:
                return item
        return ContributionLine(key, ZERO, ZERO, ZERO, ZERO)

    def has(self, key: str) -> bool:
        return any(item.key == key for item in self.lines)

    def _sum(self, keys: tuple[str, ...]) -> Decimal:
        return sum((self.line(k).total for k in keys), ZERO)

    @property
    def social_total(self) -> Decimal:
        return self._sum(SOCIAL_LINE_KEYS)

    @property
    def health_total(self) -> Decimal:
        return self.line("zdrowotne").total

    @property
    def fund_total(self) -> Decimal:
        return self._sum(("FP", "FGSP"))

    @property
    def fep_total(self) -> Decimal:
        return self.line("FEP").total

    @property
    def grand_total(self) -> Decimal:
        return self._sum(LINE_KEYS)

    @property
    def payer_total(self) -> Decimal:
        return sum((item.payer for item in self.lines), ZERO)

    @property
    def insured_total(self) -> Decimal:
        return sum((item.insured for item in self.lines), ZERO)


def split_line(key: str, base: Decimal, params: YearParams, *, self_paid: bool) -> ContributionLine:
    """A social/fund line. Employers' lines round each share separately; the self-employed pay the
    whole rate as one rounded amount (as ZUS publishes their figures)."""
    rate = params.rate(key)
    if self_paid:
        return ContributionLine(key, base, rate.total, ZERO, percent_of(base, rate.total), ZERO, rate.total)
    return ContributionLine(key, base, rate.total, percent_of(base, rate.payer),
                            percent_of(base, rate.insured), rate.payer, rate.insured)


def plus_base(params: YearParams, prior_year_income: Decimal, days: int) -> Decimal:
    """Mały ZUS Plus base: share × income ÷ days × 30, clamped to the year's range (§6.4)."""
    average = prior_year_income / Decimal(max(days, 1)) * 30
    return min(max(money(average * params.plus_income_share), params.plus_min_base), params.plus_max_base)


def _days_in_year(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def _check_amounts(inp: ContributionInput) -> None:
    for what in ("gross_pay", "declared_base", "health_income", "annual_revenue", "prior_year_income",
                 "prior_cumulative_pension_base"):
        value = getattr(inp, what)
        if value is not None and value < 0:
            raise UserFacingError(NEGATIVE(what=what))


def _self_employed_base(inp: ContributionInput, params: YearParams, scheme: ContributionScheme,
                        notes: list[Text]) -> Decimal:
    if scheme == ContributionScheme.FULL:
        minimum = params.full_min_base
    elif scheme == ContributionScheme.PREFERENTIAL:
        minimum = params.preferential_min_base
    else:  # Mały ZUS Plus
        minimum = params.plus_min_base
        if inp.prior_year_days is not None and inp.prior_year_days < params.plus_min_days:
            notes.append(PLUS_FEW_DAYS(days=inp.prior_year_days, minimum=params.plus_min_days))
        if inp.declared_base is None:
            if inp.prior_year_income is None:
                raise UserFacingError(NEED_PRIOR_INCOME)
            days = inp.prior_year_days or _days_in_year(inp.period.year - 1)
            base = plus_base(params, inp.prior_year_income, days)
            notes.append(PLUS_BASE(base=f"{base:.2f}", income=f"{inp.prior_year_income:.2f}",
                                   low=f"{params.plus_min_base:.2f}", high=f"{params.plus_max_base:.2f}"))
            return base
        if inp.declared_base > params.plus_max_base:
            notes.append(ABOVE_MAXIMUM(base=f"{inp.declared_base:.2f}",
                                       maximum=f"{params.plus_max_base:.2f}"))
    base = money(inp.declared_base) if inp.declared_base is not None else minimum
    if base < minimum:
        notes.append(BELOW_MINIMUM(base=f"{base:.2f}", minimum=f"{minimum:.2f}"))
    return base


def _resolve(inp: ContributionInput, params: YearParams | None,
             notes: list[Text]) -> tuple[YearParams, str, str, ContributionScheme]:
    code, expanded = expand_title_code(inp.title_code)
    if not is_known_title_code(code):
        raise UserFacingError(UNKNOWN_TITLE(code=inp.title_code), hint=UNKNOWN_TITLE_HINT)
    if expanded:
        notes.append(TITLE_EXPANDED(given=inp.title_code.strip(), code=code))
    params = params or params_for(inp.period)
    if params.year != inp.period.year:
        raise UserFacingError(WRONG_YEAR(params=params.year, period=str(inp.period)))
    params = params.at(inp.period)
    kind = title_kind(code) or ""
    scheme = SCHEME_OF_KIND.get(kind, ContributionScheme.NONE)
    if inp.scheme not in (None, ContributionScheme.NONE, scheme):
        raise UserFacingError(SCHEME_MISMATCH(scheme=str(inp.scheme), code=code))
    return params, code, kind, scheme


def calculate(inp: ContributionInput, params: YearParams | None = None) -> ContributionResult:
    """All contributions of one insured person under one title for one month."""
    _check_amounts(inp)
    notes: list[Text] = []
    resolved, code, kind, scheme = _resolve(inp, params, notes)
    tracked = resolved.tracking()
    params = tracked  # type: ignore[assignment]  # records which figures the computation reads
    assert params is not None
    accident_rate = inp.accident_rate if inp.accident_rate is not None else params.default_accident_rate
    if inp.accident_rate is None and inp.insured_count >= 10:
        notes.append(ACCIDENT_INDIVIDUAL)
    self_paid = kind.startswith("self_employed")

    if kind in PAID_KINDS:
        if inp.gross_pay is None:
            raise UserFacingError(NEED_GROSS(code=code))
        base = money(inp.gross_pay)
        sickness_insured = kind == "employee" or inp.voluntary_sickness
        sickness_voluntary = kind != "employee"
    elif scheme == ContributionScheme.START_RELIEF:
        base = ZERO
        sickness_insured = sickness_voluntary = False
        notes.append(START_RELIEF)
    else:
        base = _self_employed_base(inp, params, scheme, notes)
        sickness_insured, sickness_voluntary = inp.voluntary_sickness, True

    # 30× annual cap on the emerytalne/rentowe base, carried from earlier months.
    remaining = max(ZERO, params.annual_pension_cap - inp.prior_cumulative_pension_base)
    pension_base = min(base, remaining)
    cap_reached = base > ZERO and base >= remaining
    if cap_reached:
        notes.append(CAP_REACHED(cap=f"{params.annual_pension_cap:.2f}", base=f"{pension_base:.2f}"))

    sickness_base = base if sickness_insured else ZERO
    if sickness_insured and sickness_voluntary and sickness_base > params.sickness_ceiling:
        sickness_base = params.sickness_ceiling
        notes.append(SICKNESS_CEILING(ceiling=f"{params.sickness_ceiling:.2f}"))

    lines: list[ContributionLine] = []
    if scheme != ContributionScheme.START_RELIEF:
        lines.append(split_line("emerytalne", pension_base, params, self_paid=self_paid))
        lines.append(split_line("rentowe", pension_base, params, self_paid=self_paid))
        lines.append(split_line("chorobowe", sickness_base, params, self_paid=self_paid))
        if self_paid:
            lines.append(ContributionLine("wypadkowe", base, accident_rate, ZERO,
                                          percent_of(base, accident_rate), ZERO, accident_rate))
        else:
            lines.append(ContributionLine("wypadkowe", base, accident_rate, percent_of(base, accident_rate),
                                          ZERO, accident_rate, ZERO))

    health = _health(inp, params, code, kind, lines=lines, notes=notes)
    health_base = ZERO
    if health is not None:
        health_base = health.base
        lines.append(ContributionLine("zdrowotne", health.base, health.rate, ZERO, health.amount,
                                      ZERO, health.rate))
        if health.note is not None:
            notes.append(health.note)

    lines.extend(_funds(inp, params, kind, base, pension_base=pension_base, notes=notes))
    provisional = tuple(tracked.used_provisional())
    note = provisional_note(provisional)
    if note is not None:
        notes.append(note)
    return ContributionResult(
        period=inp.period, title_code=code, kind=kind, scheme=scheme, lines=tuple(lines),
        pension_base=pension_base, sickness_base=sickness_base,
        accident_base=base if scheme != ContributionScheme.START_RELIEF else ZERO,
        health_base=health_base, fund_base=base, cap_reached=cap_reached,
        cumulative_pension_base=inp.prior_cumulative_pension_base + pension_base,
        accident_rate=accident_rate, health=health, notes=tuple(notes), provisional=provisional)


def _health(inp: ContributionInput, params: YearParams, code: str, kind: str, *,
            lines: list[ContributionLine], notes: list[Text]) -> calc_health.HealthResult | None:
    if code[:4] in params.health_exempt_title_codes:
        notes.append(HEALTH_EXEMPT(code=code))
        return None
    if kind in PAID_KINDS:
        insured_social = sum((item.insured for item in lines), ZERO)
        return calc_health.employee_health(params, inp.gross_pay or ZERO, insured_social)
    health = calc_health.self_employed_health(params, inp.period, inp.tax_form, inp.health_income,
                                              inp.annual_revenue)
    if health is None:
        notes.append(calc_health.NO_TAX_FORM)
    return health


def _funds(inp: ContributionInput, params: YearParams, kind: str, base: Decimal, *,
           pension_base: Decimal, notes: list[Text]) -> list[ContributionLine]:
    if kind == "self_employed_start":
        return []
    lines = []
    paid_by_payer = True  # FP/FGŚP/FEP are always the payer's (the self-employed are their own payer)
    due, why = calc_funds.fp_due(params, kind, base, inp.period, birth=inp.birth_date, is_female=inp.is_female,
                                 payer_exempt=inp.fp_exempt, payer_is_employer=inp.payer_is_employer)
    if due:
        lines.append(split_line("FP", base if params.fp_uncapped else pension_base, params,
                                self_paid=not paid_by_payer))
    elif why is not None and kind in params.fp_kinds:
        notes.append(why)
    due, why = calc_funds.fgsp_due(params, kind, inp.period, birth=inp.birth_date, is_female=inp.is_female,
                                   payer_exempt=inp.fp_exempt)
    if due:
        lines.append(split_line("FGSP", base if params.fgsp_uncapped else pension_base, params,
                                self_paid=not paid_by_payer))
    elif why is not None and kind in params.fgsp_kinds:
        notes.append(why)
    due, why = calc_funds.fep_due(params, kind, inp.birth_date, inp.special_conditions)
    if due:
        lines.append(split_line("FEP", base if params.fep_uncapped else pension_base, params,
                                self_paid=not paid_by_payer))
    elif why is not None and inp.special_conditions:
        notes.append(why)
    return lines
