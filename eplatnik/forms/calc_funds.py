"""When FP/FS, FGŚP and FEP (Fundusz Pracy / Solidarnościowy, Gwarantowanych Świadczeń
Pracowniczych, Emerytur Pomostowych) are due — rules read from the year parameters.

Sources: contributions.md §2 and §4. Each function returns ``(due, reason)``; ``reason`` is a
bilingual note explaining why a fund is *not* due (shown by the CLI and the verification).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..i18n import Text, t
from ..period import Period
from .params import YearParams

NOT_FOR_KIND = t("{fund} nie jest należny dla tego tytułu ubezpieczenia.",
                 "{fund} is not due for this insurance title.")
BELOW_MINIMUM_WAGE = t("FP/FS nie jest należny: podstawa {base} jest niższa "
                       "od minimalnego wynagrodzenia {mw}.",
                       "FP/FS is not due: the base {base} is below the minimum wage {mw}.")
AGE_EXEMPT = t("{fund} nie jest należny: zwolnienie z powodu wieku "
               "(kobiety od {female} lat, mężczyźni od {male} lat).",
               "{fund} is not due: age exemption (women from {female}, men from {male}).")
PAYER_EXEMPT = t("{fund} nie jest należny: płatnik wskazał zwolnienie "
                 "(np. 36 miesięcy po urlopie rodzicielskim).",
                 "{fund} is not due: the payer stated an exemption (e.g. 36 months after parental leave).")
CONTRACTOR_NOT_EMPLOYER = t("FP/FS za zleceniobiorcę płaci tylko pracodawca lub jednostka organizacyjna.",
                            "FP/FS for a contractor is paid only by an employer or an organisational unit.")
FEP_NOT_SPECIAL = t("FEP jest należny tylko za pracę w szczególnych warunkach lub o szczególnym charakterze.",
                    "FEP is due only for work in special conditions or of a special nature.")
FEP_TOO_OLD = t("FEP nie jest należny: osoba urodzona przed {date}.",
                "FEP is not due: person born before {date}.")

FUND_NAMES = {"FP": "FP/FS", "FGSP": "FGŚP", "FEP": "FEP"}


def _birthday(birth: date, age: int) -> date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # born on 29 February: the birthday falls on 1 March in a common year
        return date(birth.year + age, 3, 1)


def first_exempt_period(birth: date, age: int) -> Period:
    """The first month without FP/FGŚP: the month after the birthday, or that month if it is the 1st."""
    birthday = _birthday(birth, age)
    month = Period.of(birthday)
    return month if birthday.day == 1 else month.next()


def age_exempt(params: YearParams, fund: str, period: Period, birth: date | None,
               is_female: bool | None) -> bool:
    if fund not in params.age_exemption_applies_to or birth is None or is_female is None:
        return False
    age = params.age_exemption_female if is_female else params.age_exemption_male
    return period >= first_exempt_period(birth, age)


def fp_due(params: YearParams, kind: str, monthly_base: Decimal, period: Period, *, birth: date | None,
           is_female: bool | None, payer_exempt: bool = False,
           payer_is_employer: bool = True) -> tuple[bool, Text | None]:
    """FP + FS: compulsory emerytalne/rentowe title, base ≥ minimum wage, no exemption."""
    name = FUND_NAMES["FP"]
    if kind not in params.fp_kinds:
        return False, NOT_FOR_KIND(fund=name)
    if kind in ("contractor", "outwork") and not payer_is_employer:
        return False, CONTRACTOR_NOT_EMPLOYER
    if monthly_base < params.fp_min_base:
        return False, BELOW_MINIMUM_WAGE(base=f"{monthly_base:.2f}", mw=f"{params.fp_min_base:.2f}")
    if age_exempt(params, "FP", period, birth, is_female):
        return False, _age_note(params, name)
    if payer_exempt:
        return False, PAYER_EXEMPT(fund=name)
    return True, None


def fgsp_due(params: YearParams, kind: str, period: Period, *, birth: date | None, is_female: bool | None,
             payer_exempt: bool = False) -> tuple[bool, Text | None]:
    name = FUND_NAMES["FGSP"]
    if kind not in params.fgsp_kinds:
        return False, NOT_FOR_KIND(fund=name)
    if age_exempt(params, "FGSP", period, birth, is_female):
        return False, _age_note(params, name)
    if payer_exempt:
        return False, PAYER_EXEMPT(fund=name)
    return True, None


def _age_note(params: YearParams, name: str) -> Text:
    return AGE_EXEMPT(fund=name, female=params.age_exemption_female, male=params.age_exemption_male)


def fep_due(params: YearParams, kind: str, birth: date | None,
            special_conditions: bool) -> tuple[bool, Text | None]:
    if kind not in params.fep_kinds:
        return False, NOT_FOR_KIND(fund="FEP")
    if not special_conditions:
        return False, FEP_NOT_SPECIAL
    if birth is not None and birth <= params.fep_born_after:
        return False, FEP_TOO_OLD(date=params.fep_born_after.isoformat())
    return True, None
