"""Forms commands: ``contributions`` — the contributions calculator from the command line.

    eplatnik-cli contributions --year 2026 --title 051000 --base 5652 --sickness [--json]
    eplatnik-cli contributions --year 2026 --month 3 --title 011000 --gross 8000
    eplatnik-cli contributions --year 2026 --title 051000 --tax-form liniowy --income 12000

The KEDU commands (``kedu validate/export/import``) live in ``kedu_cmds.py``.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal

from ..errors import UserFacingError
from ..formatting import money
from ..forms.calculator import ContributionInput, ContributionResult, calculate
from ..forms.params import YearParams, params_for
from ..i18n import Text, t
from ..period import Period
from ..register import validation as v
from ..register.codes import describe_title_code
from ..register.models import ContributionScheme, HealthTaxForm

LINE_NAMES = {
    "emerytalne": t("emerytalne", "pension (emerytalne)"),
    "rentowe": t("rentowe", "disability (rentowe)"),
    "chorobowe": t("chorobowe", "sickness (chorobowe)"),
    "wypadkowe": t("wypadkowe", "accident (wypadkowe)"),
    "zdrowotne": t("zdrowotne", "health (zdrowotne)"),
    "FP": t("FP + FS", "FP + FS (labour funds)"),
    "FGSP": t("FGŚP", "FGŚP (guaranteed benefits fund)"),
    "FEP": t("FEP", "FEP (bridging pensions fund)"),
}
BAD_AMOUNT = t("Niepoprawna kwota w opcji {option}: „{value}”.", "Invalid amount in option {option}: '{value}'.")
BAD_AMOUNT_HINT = t("Podaj liczbę nieujemną z najwyżej dwoma miejscami po przecinku, np. 5652,00.",
                    "Give a non-negative number with at most two decimals, e.g. 5652.00.")
BAD_DATE = t("Niepoprawna data w opcji {option}: „{value}”.", "Invalid date in option {option}: '{value}'.")
BAD_DATE_HINT = t("Podaj datę w formacie RRRR-MM-DD.", "Give the date as YYYY-MM-DD.")
BAD_WORK_TIME = t("Niepoprawny wymiar czasu pracy „{value}”.", "Invalid working time '{value}'.")
BAD_WORK_TIME_HINT = t("Podaj ułamek, np. 1/1 lub 1/2.", "Give a fraction, e.g. 1/1 or 1/2.")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("contributions", help="oblicz składki ZUS dla tytułu ubezpieczenia i podstawy")
    p.add_argument("--year", type=int, required=True, help="rok składkowy, np. 2026")
    p.add_argument("--month", type=int, default=12, help="miesiąc okresu rozliczeniowego 1–12 (domyślnie 12)")
    p.add_argument("--title", required=True, help="kod tytułu ubezpieczenia, 6 cyfr, np. 051000 lub 011000")
    p.add_argument("--base", help="zadeklarowana podstawa (samozatrudniony); dla pracownika: wynagrodzenie brutto")
    p.add_argument("--gross", help="wynagrodzenie brutto / przychód z umowy (pracownik, zleceniobiorca)")
    p.add_argument("--sickness", action="store_true", help="dobrowolne ubezpieczenie chorobowe")
    p.add_argument("--scheme", choices=[s.value for s in ContributionScheme if s.value],
                   help="schemat składek samozatrudnionego (musi pasować do kodu tytułu)")
    p.add_argument("--tax-form", choices=[f.value for f in HealthTaxForm if f.value],
                   help="forma opodatkowania (składka zdrowotna samozatrudnionego)")
    p.add_argument("--income", help="dochód z poprzedniego miesiąca (skala, liniowy)")
    p.add_argument("--revenue", help="przychód od początku roku (ryczałt)")
    p.add_argument("--prior-year-income", help="dochód z poprzedniego roku (Mały ZUS Plus)")
    p.add_argument("--prior-year-days", type=int, help="dni prowadzenia działalności w poprzednim roku")
    p.add_argument("--prior-cumulative-base", default="0",
                   help="suma podstaw emerytalno-rentowych z wcześniejszych miesięcy roku (limit 30-krotności)")
    p.add_argument("--accident-rate", help="stopa wypadkowa płatnika w %% (domyślnie z parametrów roku)")
    p.add_argument("--insured-count", type=int, default=1, help="liczba ubezpieczonych płatnika")
    p.add_argument("--birth-date", help="data urodzenia RRRR-MM-DD (zwolnienia FP/FGŚP, FEP)")
    p.add_argument("--sex", choices=["K", "M"], help="płeć: K kobieta, M mężczyzna (zwolnienie z FP z wiekiem)")
    p.add_argument("--work-time", default="1/1", help="wymiar czasu pracy, np. 1/2")
    p.add_argument("--special-conditions", action="store_true", help="praca w szczególnych warunkach (FEP)")
    p.add_argument("--fp-exempt", action="store_true", help="płatnik stosuje zwolnienie z FP/FGŚP")
    p.add_argument("--not-employer", action="store_true",
                   help="zleceniodawca nie jest pracodawcą (bez FP za zleceniobiorcę)")
    p.add_argument("--json", action="store_true", help="wynik w formacie JSON")
    p.set_defaults(func=cmd_contributions)


def _amount(value: str | None, option: str) -> Decimal | None:
    if value is None or not str(value).strip():
        return None
    try:
        return v.parse_amount(value)
    except ValueError:
        raise UserFacingError(BAD_AMOUNT(option=option, value=value), hint=BAD_AMOUNT_HINT) from None


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserFacingError(BAD_DATE(option=option, value=value), hint=BAD_DATE_HINT) from None


def _work_time(value: str) -> tuple[int, int]:
    try:
        num, den = (int(x) for x in value.split("/"))
    except ValueError:
        raise UserFacingError(BAD_WORK_TIME(value=value), hint=BAD_WORK_TIME_HINT) from None
    if not 0 < num <= den:
        raise UserFacingError(BAD_WORK_TIME(value=value), hint=BAD_WORK_TIME_HINT)
    return num, den


def input_from_args(args: argparse.Namespace) -> ContributionInput:
    base = _amount(args.base, "--base")
    gross = _amount(args.gross, "--gross")
    return ContributionInput(
        period=Period(args.year, args.month),
        title_code=args.title,
        gross_pay=gross if gross is not None else base,
        declared_base=base,
        scheme=ContributionScheme(args.scheme) if args.scheme else None,
        voluntary_sickness=args.sickness,
        accident_rate=_amount(args.accident_rate, "--accident-rate"),
        tax_form=HealthTaxForm(args.tax_form) if args.tax_form else HealthTaxForm.NONE,
        health_income=_amount(args.income, "--income"),
        annual_revenue=_amount(args.revenue, "--revenue"),
        prior_year_income=_amount(args.prior_year_income, "--prior-year-income"),
        prior_year_days=args.prior_year_days,
        prior_cumulative_pension_base=_amount(args.prior_cumulative_base, "--prior-cumulative-base")
        or Decimal("0.00"),
        birth_date=_date(args.birth_date, "--birth-date"),
        is_female=None if args.sex is None else args.sex == "K",
        work_time=_work_time(args.work_time),
        insured_count=args.insured_count,
        fp_exempt=args.fp_exempt,
        payer_is_employer=not args.not_employer,
        special_conditions=args.special_conditions,
    )


def result_json(result: ContributionResult, params: YearParams | None = None) -> dict:
    """The JSON form of a result: every contribution by name with its payer/insured split, and totals."""
    def money(value: Decimal) -> str:
        return f"{value:.2f}"

    return {
        "period": str(result.period),
        "title_code": result.title_code,
        "kind": result.kind,
        "scheme": result.scheme.value,
        "bases": {"pension": money(result.pension_base), "sickness": money(result.sickness_base),
                  "accident": money(result.accident_base), "health": money(result.health_base),
                  "funds": money(result.fund_base)},
        "accident_rate": money(result.accident_rate),
        "cap_reached": result.cap_reached,
        "cumulative_pension_base": money(result.cumulative_pension_base),
        "contributions": [
            {"key": line.key, "name": LINE_NAMES[line.key].render(), "base": money(line.base),
             "rate": money(line.rate), "payer_rate": money(line.payer_rate),
             "insured_rate": money(line.insured_rate), "payer": money(line.payer),
             "insured": money(line.insured), "total": money(line.total)}
            for line in result.lines],
        "totals": {"social": money(result.social_total), "health": money(result.health_total),
                   "fp_fgsp": money(result.fund_total), "fep": money(result.fep_total),
                   "payer": money(result.payer_total), "insured": money(result.insured_total),
                   "total": money(result.grand_total)},
        "notes": [note.render() for note in result.notes],
        "year_parameters": _year_parameters(result, params),
        "provisional_figures": [e.as_dict() for e in result.provisional],
    }


def _year_parameters(result: ContributionResult, params: YearParams | None) -> dict[str, str]:
    """The figures in force in the result's month (each has a source: ``eplatnik-cli params show YEAR``)."""
    p = params or params_for(result.period)
    return {"minimum_wage": f"{p.minimum_wage:.2f}", "forecast_average_pay": f"{p.forecast_average_pay:.2f}",
            "annual_pension_cap": f"{p.annual_pension_cap:.2f}", "full_min_base": f"{p.full_min_base:.2f}",
            "preferential_min_base": f"{p.preferential_min_base:.2f}",
            "sickness_ceiling": f"{p.sickness_ceiling:.2f}",
            "health_min_base": f"{p.health_min_base(result.period):.2f}"}


def _fmt(value: Decimal) -> str:
    """Money for people: "1 103,27" in Polish, "1,103.27" in English (the program's one formatter)."""
    return money(value)


def result_table(result: ContributionResult) -> list[str]:
    def tr(pl: str, en: str) -> str:
        return Text(pl, en).render()

    lines = [tr("Składki za okres {p}, tytuł {c}", "Contributions for {p}, title {c}").format(
        p=result.period, c=describe_title_code(result.title_code))]
    width = max(len(LINE_NAMES[line.key].render()) for line in result.lines) + 2 if result.lines else 24
    header = (f"{tr('Składka', 'Contribution'):<{width}}{tr('Podstawa', 'Base'):>12}{tr('Stopa %', 'Rate %'):>9}"
              f"{tr('Płatnik', 'Payer'):>12}{tr('Ubezpieczony', 'Insured'):>14}{tr('Razem', 'Total'):>12}")
    lines += [header, "-" * len(header)]
    for line in result.lines:
        lines.append(f"{LINE_NAMES[line.key].render():<{width}}{_fmt(line.base):>12}{_fmt(line.rate):>9}"
                     f"{_fmt(line.payer):>12}{_fmt(line.insured):>14}{_fmt(line.total):>12}")
    lines.append("-" * len(header))
    totals = [
        (tr("Ubezpieczenia społeczne", "Social insurance"), result.social_total),
        (tr("Ubezpieczenie zdrowotne", "Health insurance"), result.health_total),
        (tr("FP + FS i FGŚP", "FP + FS and FGŚP"), result.fund_total),
        (tr("FEP", "FEP"), result.fep_total),
        (tr("Finansuje płatnik", "Financed by the payer"), result.payer_total),
        (tr("Finansuje ubezpieczony", "Financed by the insured"), result.insured_total),
        (tr("Razem do zapłaty", "Total to pay"), result.grand_total),
    ]
    lines += [f"{label + ':':<36}{_fmt(amount):>12}" for label, amount in totals]
    if result.notes:
        lines.append(tr("Uwagi:", "Notes:"))
        lines += [f"  - {note.render()}" for note in result.notes]
    return lines


def cmd_contributions(args: argparse.Namespace, ctx) -> int:
    from .params_cmds import store_of

    inp = input_from_args(args)
    params = params_for(inp.period, store_of(ctx))  # the workspace's installed files win over the packaged ones
    result = calculate(inp, params)
    if args.json:
        ctx.out_json(result_json(result, params))
    else:
        for line in result_table(result):
            ctx.out(line)
    return 0
