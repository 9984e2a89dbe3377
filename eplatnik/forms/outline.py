"""A set's documents as rows of (document, block, field, value) for display and editing.

The Documents page shows and edits a set through this flat outline; each row carries the KEDU
location ("nr bloku, nr pola") taken from the model's field metadata and the address that
``DocumentService.edit_field`` understands. No Qt here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..formatting import date_text, money, period_text
from ..i18n import Text
from ..period import Period
from .model import Address, DocumentSet, InsuranceTitle, PersonIdentity, SelfEmployedHealth, WorkTime

#: attribute → (Polish, English) label; attributes not listed are shown by their name
LABELS: dict[str, tuple[str, str]] = {
    "nip": ("NIP", "NIP"), "regon": ("REGON", "REGON"), "pesel": ("PESEL", "PESEL"),
    "document_type": ("rodzaj dokumentu", "document type"), "document_number": ("seria i numer dokumentu",
                                                                            "document series and number"),
    "short_name": ("nazwa skrócona", "short name"), "last_name": ("nazwisko", "surname"),
    "first_name": ("imię", "first name"), "birth_date": ("data urodzenia", "birth date"),
    "deadline_code": ("termin przysyłania", "deadline code"), "number": ("identyfikator deklaracji",
                                                                          "declaration number"),
    "period": ("miesiąc i rok", "month and year"), "insured_count": ("liczba ubezpieczonych", "insured persons"),
    "accident_rate": ("stopa wypadkowa (%)", "accident rate (%)"),
    "pension_total": ("emerytalne — razem", "pension — total"), "disability_total": ("rentowe — razem",
                                                                                    "disability — total"),
    "pd_total": ("emerytalne i rentowe — suma", "pension and disability — sum"),
    "pension_insured": ("emerytalne — ubezpieczony", "pension — insured"),
    "disability_insured": ("rentowe — ubezpieczony", "disability — insured"),
    "pd_insured": ("em.+rent. — ubezpieczony", "pension+disability — insured"),
    "pension_payer": ("emerytalne — płatnik", "pension — payer"),
    "disability_payer": ("rentowe — płatnik", "disability — payer"),
    "pd_payer": ("em.+rent. — płatnik", "pension+disability — payer"),
    "sickness_total": ("chorobowe — razem", "sickness — total"), "accident_total": ("wypadkowe — razem",
                                                                                   "accident — total"),
    "sa_total": ("chorobowe i wypadkowe — suma", "sickness and accident — sum"),
    "sickness_insured": ("chorobowe — ubezpieczony", "sickness — insured"),
    "accident_insured": ("wypadkowe — ubezpieczony", "accident — insured"),
    "sa_insured": ("chor.+wyp. — ubezpieczony", "sickness+accident — insured"),
    "sickness_payer": ("chorobowe — płatnik", "sickness — payer"),
    "accident_payer": ("wypadkowe — płatnik", "accident — payer"),
    "sa_payer": ("chor.+wyp. — płatnik", "sickness+accident — payer"),
    "social_total": ("składki społeczne — razem", "social contributions — total"),
    "health_total": ("zdrowotne — do zapłaty", "health — to pay"), "fp": ("Fundusz Pracy i FS", "Labour Fund"),
    "fgsp": ("FGŚP", "Guaranteed Benefits Fund"), "fp_fgsp_total": ("FP + FGŚP — suma", "Labour Fund + FGŚP"),
    "fep_count_a": ("FEP — liczba osób (a)", "FEP head-count (a)"),
    "fep_count_b": ("FEP — liczba osób (b)", "FEP head-count (b)"), "fep": ("FEP", "Bridging Pension Fund"),
    "refund": ("kwota do zwrotu", "refund"), "to_pay": ("kwota do zapłaty", "amount to pay"),
    "self_title": ("kod tytułu płatnika", "payer's own title code"),
    "self_pension_base": ("podstawa em./rent. płatnika", "payer's pension base"),
    "self_sickness_base": ("podstawa chorobowego płatnika", "payer's sickness base"),
    "self_accident_base": ("podstawa wypadkowego płatnika", "payer's accident base"),
    "self_health_base": ("podstawa zdrowotnej płatnika", "payer's health base"),
    "self_health": ("zdrowotna wg formy opodatkowania", "health by tax form"),
    "title": ("kod tytułu ubezpieczenia", "insurance title code"),
    "cap_notice": ("przekroczenie rocznej podstawy", "annual cap notice"), "work_time": ("wymiar czasu pracy",
                                                                                        "working time"),
    "pension_base": ("podstawa em. i rent.", "pension and disability base"),
    "sickness_base": ("podstawa chorobowego", "sickness base"), "accident_base": ("podstawa wypadkowego",
                                                                                 "accident base"),
    "health_base": ("podstawa zdrowotnej", "health base"), "health_payer": ("zdrowotna — płatnik",
                                                                           "health — payer"),
    "health_budget": ("zdrowotna — budżet", "health — state budget"),
    "health_insured": ("zdrowotna — ubezpieczony", "health — insured"),
    "health_church": ("zdrowotna — Fundusz Kościelny", "health — Church Fund"),
    "benefits": ("świadczenia / inne kwoty", "benefits / other amounts"),
    "health_data": ("zdrowotna wg formy opodatkowania", "health by tax form"),
    "code": ("kod świadczenia / przerwy", "benefit / absence code"), "date_from": ("od", "from"),
    "date_to": ("do", "to"), "days": ("liczba dni", "days"), "amount": ("kwota", "amount"),
    "second_name": ("drugie imię", "second name"), "family_name": ("nazwisko rodowe", "family name"),
    "citizenship": ("obywatelstwo", "citizenship"), "sex": ("płeć", "sex"),
    "insurance_from": ("data powstania obowiązku", "insured from"), "pension": ("emerytalne", "pension"),
    "disability": ("rentowe", "disability"), "sickness": ("chorobowe", "sickness"),
    "accident": ("wypadkowe", "accident"), "health_from": ("zdrowotne od", "health insurance from"),
    "nfz": ("oddział NFZ", "NFZ branch"), "address": ("adres zamieszkania", "home address"),
    "occupation_code": ("kod zawodu", "occupation code"),
    "deregistration_date": ("data wyrejestrowania", "deregistration date"),
    "reason_code": ("kod przyczyny wyrejestrowania", "deregistration reason code"),
    "termination_date": ("data rozwiązania umowy", "termination date"),
    "termination_code": ("kod trybu rozwiązania", "termination code"),
    "filled_date": ("data wypełnienia", "date filled"),
}
_NOT_EDITABLE_TYPES = ("SelfEmployedHealth", "Address", "PersonIdentity", "list[")


@dataclass(frozen=True)
class OutlineRow:
    form: str                  # "DRA", "RCA", …
    block: str                 # KEDU block, e.g. "IV" or "III.B"
    pole: str                  # KEDU field, e.g. "p7"
    attr: str                  # model attribute
    label: Text
    value: str
    block_id: int | None = None  # the n-th RCA/RSA block (@id_bloku)
    person: str = ""           # whose block it is (RCA/RSA)
    edit_address: str | None = None  # what DocumentService.edit_field takes; None = not editable

    @property
    def location(self) -> str:
        return f"{self.block}/{self.pole}" if self.pole else self.block


def format_value(value: Any) -> str:
    """A field's value as people read it: "1 103,27", "05.12.2026", "11.2026" (the edit accepts it back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return Text("tak", "yes").render() if value else Text("nie", "no").render()
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, InsuranceTitle):
        return value.full
    if isinstance(value, WorkTime):
        return f"{value.numerator}/{value.denominator}" if value.denominator else ""
    if isinstance(value, Period):
        return period_text(value)
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, SelfEmployedHealth):
        return f"{value.tax_form or '—'}: {money(value.income)} / {money(value.base)} / {money(value.contribution)}"
    if isinstance(value, Address):
        return ", ".join(p for p in (f"{value.street} {value.house_no}".strip(), value.postal_code, value.city) if p)
    if isinstance(value, list):
        return "; ".join(format_value(v) for v in value)
    return str(value)


def _label(attr: str) -> Text:
    pl, en = LABELS.get(attr, (attr.replace("_", " "), attr.replace("_", " ")))
    return Text(pl, en)


def _located_fields(obj: Any) -> list[tuple[str, str, str, Any]]:
    rows = []
    for f in dataclasses.fields(obj):
        location = f.metadata.get("kedu")
        if location:
            rows.append((f.name, location[0], location[1], getattr(obj, f.name)))
    return rows


def _editable(obj: Any, attr: str) -> bool:
    """Simple typed fields (text, amounts, dates, codes) can be edited in place; composites cannot."""
    annotation = str(next(f.type for f in dataclasses.fields(obj) if f.name == attr))
    return not any(kind in annotation for kind in _NOT_EDITABLE_TYPES)


def outline(ds: DocumentSet) -> list[OutlineRow]:
    rows: list[OutlineRow] = []
    for doc in ds.documents:
        form = doc.kind
        for attr, block, pole, value in _located_fields(doc.payer):
            if value in ("", None):
                continue
            rows.append(OutlineRow(form, block, pole, attr, _label(attr), format_value(value),
                                   edit_address=f"{block}/{pole}"))
        person = getattr(doc, "person", None)
        if isinstance(person, PersonIdentity):
            for attr, block, pole, value in _located_fields(person):
                if value in ("", None):
                    continue
                rows.append(OutlineRow(form, block, pole, attr, _label(attr), format_value(value),
                                       edit_address=f"{block}/{pole}"))
        for attr, block, pole, value in _located_fields(doc):
            rows.append(OutlineRow(form, block, pole, attr, _label(attr), format_value(value),
                                   edit_address=attr if _editable(doc, attr) else None))
        for old_new, tag in ((getattr(doc, "old", None), "III"), (getattr(doc, "new", None), "IV")):
            if isinstance(old_new, PersonIdentity):
                for attr, _block, pole, value in _located_fields(old_new):
                    if value not in ("", None):
                        rows.append(OutlineRow(form, tag, pole, attr, _label(attr), format_value(value)))
        for block_obj in getattr(doc, "blocks", ()):
            who = f"{block_obj.person.last_name} {block_obj.person.first_name}".strip()
            for attr in ("last_name", "first_name", "pesel"):
                loc = PersonIdentity.report_location(attr)
                value = getattr(block_obj.person, attr)
                if loc and value:
                    rows.append(OutlineRow(form, loc[0], loc[1], attr, _label(attr), value, block_obj.block_id,
                                           who, edit_address=f"{loc[0]}/{loc[1]}"))
            holder = getattr(block_obj, "item", block_obj)
            for attr, block, pole, value in _located_fields(holder):
                rows.append(OutlineRow(form, block, pole, attr, _label(attr), format_value(value),
                                       block_obj.block_id, who, edit_address=attr if _editable(holder, attr) else None))
    return rows
