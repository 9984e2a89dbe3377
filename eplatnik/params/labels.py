"""Names people read for the figures and statuses, and the note a computation with draft figures carries."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ..i18n import Text, t
from .model import Entry, Status

STATUS_NAMES = {
    Status.FINAL: t("ostateczna", "final"),
    Status.DRAFT: t("projekt", "draft"),
    Status.FORECAST: t("prognoza", "forecast"),
}

FIGURE_NAMES: dict[str, Text] = {
    "minimum_wage": t("minimalne wynagrodzenie", "minimum wage"),
    "forecast_average_pay": t("prognozowane przeciętne wynagrodzenie", "forecast average pay"),
    "annual_pension_cap": t("roczny limit podstawy emerytalnej i rentowej (30-krotność)",
                            "annual emerytalne/rentowe base cap (30×)"),
    "self_employed.full_min_base": t("najniższa podstawa przedsiębiorcy (pełny ZUS)",
                                     "self-employed minimum base (full)"),
    "self_employed.preferential_min_base": t("podstawa preferencyjna (mały ZUS)", "preferential base"),
    "self_employed.plus_min_base": t("Mały ZUS Plus: najniższa podstawa", "Mały ZUS Plus: lowest base"),
    "self_employed.plus_max_base": t("Mały ZUS Plus: najwyższa podstawa", "Mały ZUS Plus: highest base"),
    "self_employed.plus_revenue_limit": t("Mały ZUS Plus: limit przychodu", "Mały ZUS Plus: revenue limit"),
    "self_employed.plus_income_share": t("Mały ZUS Plus: udział dochodu w podstawie", "Mały ZUS Plus: income share"),
    "self_employed.plus_min_days": t("Mały ZUS Plus: najmniej dni działalności w poprzednim roku",
                                     "Mały ZUS Plus: minimum days of business in the prior year"),
    "self_employed.sickness_ceiling": t("limit podstawy dobrowolnego chorobowego", "voluntary sickness base ceiling"),
    "rates.emerytalne": t("stopa emerytalna", "emerytalne rate"),
    "rates.rentowe": t("stopa rentowa", "rentowe rate"),
    "rates.chorobowe": t("stopa chorobowa", "chorobowe rate"),
    "rates.FP": t("stopa FP + FS", "FP + FS rate"),
    "rates.FGSP": t("stopa FGŚP", "FGŚP rate"),
    "rates.FEP": t("stopa FEP", "FEP rate"),
    "accident.default_rate": t("stopa wypadkowa (do 9 ubezpieczonych)", "accident rate (up to 9 insured)"),
    "accident.group_rate_min": t("najniższa stopa wypadkowa grupy", "lowest group accident rate"),
    "accident.group_rate_max": t("najwyższa stopa wypadkowa grupy", "highest group accident rate"),
    "accident.correction_min": t("najniższy wskaźnik korygujący", "lowest correction factor"),
    "accident.correction_max": t("najwyższy wskaźnik korygujący", "highest correction factor"),
    "accident.raise_max_percent": t("podwyższenie stopy wypadkowej przez ZUS (%)", "accident rate raise by ZUS (%)"),
    "funds.fp_min_base": t("próg FP/FS (minimalne wynagrodzenie)", "FP/FS threshold (minimum wage)"),
    "funds.fp_kinds": t("kto płaci FP/FS", "who pays FP/FS"),
    "funds.fp_uncapped": t("FP bez limitu 30-krotności", "FP not capped"),
    "funds.fgsp_kinds": t("kto płaci FGŚP", "who pays FGŚP"),
    "funds.fgsp_uncapped": t("FGŚP bez limitu 30-krotności", "FGŚP not capped"),
    "funds.age_exemption": t("zwolnienie z FP/FGŚP ze względu na wiek", "FP/FGŚP age exemption"),
    "funds.fep_kinds": t("kto płaci FEP", "who pays FEP"),
    "funds.fep_uncapped": t("FEP bez limitu 30-krotności", "FEP not capped"),
    "funds.fep_born_after": t("FEP: urodzeni po", "FEP: born after"),
    "health.rate": t("stopa zdrowotna", "health rate"),
    "health.flat_tax_rate": t("stopa zdrowotna (podatek liniowy)", "health rate (flat tax)"),
    "health.minimum_base": t("minimalna podstawa zdrowotna (skala, liniowy)", "minimum health base (scale, flat)"),
    "health.lump_sum_average_wage": t("przeciętne wynagrodzenie IV kw. (ryczałt)", "Q4 average wage (ryczałt)"),
    "health.lump_sum_tiers": t("progi ryczałtu (zdrowotna)", "ryczałt health tiers"),
    "health.card_base": t("podstawa zdrowotna (karta podatkowa)", "health base (karta podatkowa)"),
    "health.exempt_title_codes": t("tytuły bez składki zdrowotnej", "titles without health contribution"),
}

PROVISIONAL = t("Uwaga: obliczono z wartościami, które nie są jeszcze ostateczne — {figures}. Wynik może się zmienić "
                "po ich publikacji; gdy się ukażą, zainstaluj nowe parametry (eplatnik-cli params list).",
                "Note: computed with figures that are not final yet — {figures}. The result may change once they "
                "are published; then install the new parameters (eplatnik-cli params list).")


def figure_name(figure: str) -> Text:
    return FIGURE_NAMES.get(figure, Text(figure, figure))


def describe(entries: Iterable[Entry], *, with_year: bool = True) -> Text:
    """"minimalne wynagrodzenie 2027 (projekt), …" in both languages."""
    items = list(entries)

    def side(lang: str) -> str:
        return ", ".join(f"{figure_name(e.figure).render(lang)}{f' {e.applies_from.year}' if with_year else ''} "
                         f"({STATUS_NAMES[e.status].render(lang)})" for e in items)

    return Text(side("pl"), side("en"))


def provisional_note(entries: Iterable[Entry]) -> Text | None:
    items = list(entries)
    if not items:
        return None
    return _note(tuple((e.figure, e.applies_from.year, e.status) for e in items))


@functools.lru_cache(maxsize=256)
def _note(key: tuple[tuple[str, int, Status], ...]) -> Text:
    def side(lang: str) -> str:
        return ", ".join(f"{figure_name(f).render(lang)} {y} ({STATUS_NAMES[s].render(lang)})" for f, y, s in key)

    return Text(PROVISIONAL.pl.format(figures=side("pl")), PROVISIONAL.en.format(figures=side("en")))


def stored_describe(items: Iterable[dict]) -> Text:
    """``describe`` for entries stored with a document set (``params_note``: dicts)."""
    rows = list(items)

    def side(lang: str) -> str:
        return ", ".join(f"{figure_name(i['figure']).render(lang)} {str(i['from'])[:4]} "
                         f"({STATUS_NAMES[Status(i['status'])].render(lang)})" for i in rows)

    return Text(side("pl"), side("en"))


def stored_note(items: Iterable[dict]) -> Text | None:
    """The "computed with figures not final yet" note for a stored set (None when there is nothing to say)."""
    rows = list(items)
    if not rows:
        return None
    figures = stored_describe(rows)
    return Text(PROVISIONAL.pl.format(figures=figures.pl), PROVISIONAL.en.format(figures=figures.en))


DERIVED_TOO = t(" oraz wartości z nich wyliczone", " and the figures derived from them")


def describe_sources(entries: Iterable[Entry]) -> Text:
    """The figures that are not final at their root (not derived), once each, "and the figures derived
    from them" when there are such: short enough for a warning line."""
    items = list(entries)
    roots = list({e.figure: e for e in items if e.derived is None}.values())
    text = describe(roots, with_year=False)
    if len(roots) < len(items):
        return Text(text.pl + DERIVED_TOO.pl, text.en + DERIVED_TOO.en)
    return text
