"""A set's documents laid out as the paper forms read: numbered blocks, numbered fields, labels.

One layout for the Documents page's form view and for the printout (``reports.declaration_pdf``),
so both show the same blocks, the same labels and the same values. Block and field numbers are the
KEDU ones (``IV`` / ``p37`` is "blok IV, pole 37"); titles and labels are the forms' own wording
(kedu-format.md §6–§8; the DRA/RCA labels as quick_dra's report_format.yaml gives them). Where a
field's meaning is not established, the label says only what is known.

Values read the way a person writes them on the form: amounts ``1 234,56`` (every amount the KEDU
file holds is shown, ``0,00`` included), dates ``05.12.2026``, flags ``TAK``/``NIE``; a field the
file leaves out is blank. ``edit`` is the address ``DocumentService.edit_field`` takes, or None for
a field that follows from others. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..formatting import money
from ..period import Period
from .kedu_blocks import STATEMENT_BLOCK
from .model import (
    ZERO,
    Address,
    Document,
    DocumentSet,
    DraDocument,
    InsuranceTitle,
    PersonIdentity,
    RcaBlock,
    RsaBlock,
    SelfEmployedHealth,
    WorkTime,
)

FORM_TITLES = {
    "DRA": "ZUS DRA — DEKLARACJA ROZLICZENIOWA",
    "RCA": "ZUS RCA — IMIENNY RAPORT MIESIĘCZNY O NALEŻNYCH SKŁADKACH I WYPŁACONYCH ŚWIADCZENIACH",
    "RSA": "ZUS RSA — IMIENNY RAPORT MIESIĘCZNY O WYPŁACONYCH ŚWIADCZENIACH I PRZERWACH",
    "ZUA": "ZUS ZUA — ZGŁOSZENIE DO UBEZPIECZEŃ / ZGŁOSZENIE ZMIANY DANYCH OSOBY UBEZPIECZONEJ",
    "ZZA": "ZUS ZZA — ZGŁOSZENIE DO UBEZPIECZENIA ZDROWOTNEGO",
    "ZWUA": "ZUS ZWUA — WYREJESTROWANIE Z UBEZPIECZEŃ",
    "ZIUA": "ZUS ZIUA — ZGŁOSZENIE ZMIANY DANYCH IDENTYFIKACYJNYCH OSOBY UBEZPIECZONEJ",
}
STATEMENT = "Oświadczam, że dane zawarte w formularzu są zgodne ze stanem prawnym i faktycznym."
SIGNATURE = "Podpis płatnika składek lub osoby upoważnionej"
STATEMENT_TITLE = "OŚWIADCZENIE PŁATNIKA SKŁADEK"

DRA_BLOCKS = {
    "I": "DANE ORGANIZACYJNE", "II": "DANE IDENTYFIKACYJNE PŁATNIKA SKŁADEK", "III": "INNE INFORMACJE",
    "IV": "ZESTAWIENIE NALEŻNYCH SKŁADEK NA UBEZPIECZENIA SPOŁECZNE ORAZ ŹRÓDEŁ FINANSOWANIA",
    "V": "ZESTAWIENIE WYPŁACONYCH ŚWIADCZEŃ PODLEGAJĄCYCH ROZLICZENIU W CIĘŻAR SKŁADEK",
    "VI": "ZESTAWIENIE NALEŻNYCH SKŁADEK NA UBEZPIECZENIE ZDROWOTNE",
    "VII": "ZESTAWIENIE NALEŻNYCH SKŁADEK NA FP I FS ORAZ FGŚP",
    "VIII": "ZESTAWIENIE NALEŻNYCH SKŁADEK NA FUNDUSZ EMERYTUR POMOSTOWYCH",
    "IX": "ZESTAWIENIE NALEŻNYCH SKŁADEK DO ZWROTU / ZAPŁATY (p. IV.37 + VI.07 + VII.03 + VIII.03 − V.05)",
    "X": "DANE O UBEZPIECZENIU PŁATNIKA OPŁACAJĄCEGO SKŁADKI WYŁĄCZNIE ZA SIEBIE",
    "XI": "FORMA OPODATKOWANIA ORAZ PRZYCHÓD I DOCHÓD DLA CELÓW SKŁADKI NA UBEZPIECZENIE ZDROWOTNE",
}
PAYER_LABELS = {"p1": "Numer NIP", "p2": "Numer REGON", "p3": "Numer PESEL", "p4": "Rodzaj dokumentu",
                "p5": "Seria i numer dokumentu", "p6": "Nazwa skrócona", "p7": "Nazwisko",
                "p8": "Imię pierwsze", "p9": "Data urodzenia"}
DAU_LABELS = {"p1": "Numer PESEL", "p2": "Numer NIP", "p3": "Rodzaj dokumentu", "p4": "Seria i numer dokumentu",
              "p5": "Nazwisko", "p6": "Imię pierwsze", "p7": "Data urodzenia"}
ADDRESS_LABELS = [("postal_code", "Kod pocztowy"), ("city", "Miejscowość"), ("municipality", "Gmina / dzielnica"),
                  ("street", "Ulica"), ("house_no", "Numer domu"), ("flat_no", "Numer lokalu"),
                  ("phone", "Numer telefonu")]
TAX_FORMS = {"skala": "zasady ogólne (skala)", "liniowy": "podatek liniowy", "ryczalt": "ryczałt"}
ADDRESS_BLOCK = {"ZUA": "XI", "ZZA": "VIII"}


@dataclass(frozen=True)
class FormField:
    block: str                  # KEDU block: "IV", "III.B"
    pole: str                   # KEDU field: "p37"
    label: str
    value: str                  # as printed
    edit: str | None = None     # DocumentService.edit_field address; None = follows from other fields
    edit_value: str = ""        # what the editor starts with
    block_id: int | None = None  # RCA/RSA @id_bloku
    kind: str = "text"          # text | amount | date | flag | code

    @property
    def number(self) -> str:
        """The form's field number: "p7" → "07"."""
        digits = self.pole.lstrip("p")
        return digits.zfill(2) if digits.isdigit() else digits


@dataclass(frozen=True)
class FormGrid:
    """A table of fields as on the form (DRA IV, RCA III.B): row label and one field per column."""
    head: list[str]
    rows: list[tuple[str, list[FormField]]]


@dataclass
class FormBlock:
    number: str
    title: str
    fields: list[FormField] = field(default_factory=list)
    grid: FormGrid | None = None
    text: str = ""                  # a statement printed in the block
    signature: bool = False         # room for the date and the signature
    columns: int = 3                # boxes to a row

    @property
    def label(self) -> str:
        """How the form names the block: "IV", or the letter of a person's sub-block ("III.B" → "B")."""
        return self.number.rsplit(".", 1)[-1]

    def all_fields(self) -> list[FormField]:
        grid = [f for _label, row in self.grid.rows for f in row] if self.grid else []
        return grid + self.fields


@dataclass
class PersonSection:
    """One insured person's repeated block (RCA/RSA III, @id_bloku)."""
    block_id: int
    heading: str
    blocks: list[FormBlock]


@dataclass
class FormPage:
    form: str
    title: str
    blocks: list[FormBlock]
    persons: list[PersonSection] = field(default_factory=list)
    closing: list[FormBlock] = field(default_factory=list)
    correction: str = ""

    def all_fields(self) -> list[FormField]:
        out = [f for b in self.blocks for f in b.all_fields()]
        out += [f for p in self.persons for b in p.blocks for f in b.all_fields()]
        return out + [f for b in self.closing for f in b.all_fields()]


# -- values ---------------------------------------------------------------------------------------
def amount_text(value: Decimal | None) -> str:
    """As on the official form, "36 412,07" — the program's one formatter, in Polish."""
    return money(value, "pl")


def show(value: Any) -> str:
    """A model value as printed on the form."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TAK" if value else "NIE"
    if isinstance(value, Decimal):
        return amount_text(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Period):
        return f"{value.month:02d}.{value.year}"
    if isinstance(value, InsuranceTitle):
        return f"{value.code} {value.pension_right} {value.disability}"
    if isinstance(value, WorkTime):
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def _edit_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, InsuranceTitle):
        return value.full
    if isinstance(value, bool):
        return "tak" if value else "nie"
    return show(value)


def _kind(value: Any) -> str:
    return ("amount" if isinstance(value, Decimal) else "date" if isinstance(value, date)
            else "flag" if isinstance(value, bool) else "code" if isinstance(value, InsuranceTitle) else "text")


def fld(block: str, pole: str, label: str, value: Any, edit: str | None = None,
        block_id: int | None = None) -> FormField:
    return FormField(block, pole, label, show(value), edit, _edit_value(value) if edit else "", block_id,
                     _kind(value))


# -- common blocks --------------------------------------------------------------------------------
def _payer(doc: Document) -> FormBlock:
    p = doc.payer
    values = (p.nip, p.regon, p.pesel, p.document_type, p.document_number, p.short_name, p.last_name,
              p.first_name, p.birth_date)
    fields = [fld("II", f"p{n}", PAYER_LABELS[f"p{n}"], v, f"II/p{n}") for n, v in enumerate(values, 1)]
    return FormBlock("II", "DANE IDENTYFIKACYJNE PŁATNIKA SKŁADEK", fields)


def _statement(doc: Document) -> FormBlock:
    number = STATEMENT_BLOCK.get(doc.kind, "")
    return FormBlock(number, STATEMENT_TITLE, [fld(number, "p1", "Data wypełnienia", doc.filled_date,
                                                    "filled_date")], text=STATEMENT, signature=True)


def _person_dau(block: str, person: PersonIdentity, title: str, editable: bool = True) -> FormBlock:
    values = (person.pesel, person.nip, person.document_type, person.document_number, person.last_name,
              person.first_name, person.birth_date)
    return FormBlock(block, title, [fld(block, f"p{n}", DAU_LABELS[f"p{n}"], v,
                                        f"{block}/p{n}" if editable else None) for n, v in enumerate(values, 1)])


def _extra(extra: dict[str, Decimal], block: str, n: int) -> Decimal:
    return extra.get(f"{block}/p{n}", ZERO)


def _health(block: str, health: SelfEmployedHealth | None, block_id: int | None = None) -> FormBlock | None:
    if health is None or health.fields() is None:
        return None
    flag, income, base, contribution = health.fields()  # type: ignore[misc]
    title = DRA_BLOCKS["XI"] if block == "XI" else "SKŁADKA ZDROWOTNA WEDŁUG FORMY OPODATKOWANIA"
    return FormBlock(block, title, columns=4, fields=[
        FormField(block, flag, "Forma opodatkowania", TAX_FORMS.get(health.tax_form, health.tax_form),
                  block_id=block_id),
        fld(block, income, "Dochód / przychód", health.income, f"{block}/{income}", block_id),
        fld(block, base, "Podstawa wymiaru składki", health.base, f"{block}/{base}", block_id),
        fld(block, contribution, "Kwota składki na ubezpieczenie zdrowotne", health.contribution,
            f"{block}/{contribution}", block_id)])


# -- DRA ------------------------------------------------------------------------------------------
def _dra(d: DraDocument) -> FormPage:
    blocks = [
        FormBlock("I", DRA_BLOCKS["I"], [
            fld("I", "p1", "Termin przesyłania (kod)", d.deadline_code, "deadline_code"),
            fld("I", "p2", "Identyfikator deklaracji — numer", d.number, "number"),
            fld("I", "p2", "Identyfikator deklaracji — miesiąc i rok", d.period, "period")]),
        _payer(d),
        FormBlock("III", DRA_BLOCKS["III"], [
            fld("III", "p1", "Liczba ubezpieczonych", d.insured_count, "insured_count"),
            fld("III", "p3", "Stopa procentowa składek na ubezpieczenie wypadkowe", d.accident_rate,
                "accident_rate")]),
    ]

    heads = ["Składki finansowane przez ubezpieczonych", "Składki finansowane przez płatnika składek",
             "Sumy składek"]
    rows = [("Ubezpieczenie emerytalne", ("p4", "pension_insured"), ("p7", "pension_payer"), ("p1", "pension_total")),
            ("Ubezpieczenia rentowe", ("p5", "disability_insured"), ("p8", "disability_payer"),
             ("p2", "disability_total")),
            ("Emerytalne i rentowe — suma", ("p6", "pd_insured"), ("p9", "pd_payer"), ("p3", "pd_total")),
            ("Ubezpieczenie chorobowe", ("p22", "sickness_insured"), ("p25", "sickness_payer"),
             ("p19", "sickness_total")),
            ("Ubezpieczenie wypadkowe", ("p23", "accident_insured"), ("p26", "accident_payer"),
             ("p20", "accident_total")),
            ("Chorobowe i wypadkowe — suma", ("p24", "sa_insured"), ("p27", "sa_payer"), ("p21", "sa_total"))]
    grid = FormGrid(heads, [(label, [fld("IV", pole, f"{label} — {head.lower()}", getattr(d, attr), attr)
                                     for head, (pole, attr) in zip(heads, cells, strict=True)])
                            for label, *cells in rows])
    other = [n for n in (*range(10, 19), *range(28, 37)) if _extra(d.extra, "IV", n)]
    blocks.append(FormBlock("IV", DRA_BLOCKS["IV"], [
        *(fld("IV", f"p{n}", "Składki z innych źródeł finansowania", _extra(d.extra, "IV", n)) for n in other),
        fld("IV", "p37", "Kwota składek na ubezpieczenia społeczne, które powinien przekazać płatnik składek",
            d.social_total, "social_total")], grid=grid))
    blocks.append(FormBlock("V", DRA_BLOCKS["V"], [
        fld("V", f"p{n}", "Kwota wypłaconych świadczeń" if n < 5 else "Razem do potrącenia",
            _extra(d.extra, "V", n)) for n in range(1, 6)]))
    health = {1: ZERO, 2: d.health_total, 3: ZERO, 4: ZERO, 5: d.health_total, 6: ZERO, 7: d.health_total}
    health.update({n: v for n in (1, 3, 4, 6) if (v := _extra(d.extra, "VI", n))})
    labels = {1: "Kwota należnych składek finansowana przez płatnika składek",
              2: "Kwota należnych składek finansowana przez ubezpieczonych",
              3: "Kwota należnych składek finansowana przez Fundusz Kościelny",
              4: "Kwota należnych składek finansowana z budżetu państwa bezpośrednio do ZUS",
              5: "Suma kwot należnych składek", 6: "Kwota do potrącenia",
              7: "Kwota składek na ubezpieczenie zdrowotne do zapłaty"}
    blocks.append(FormBlock("VI", DRA_BLOCKS["VI"], [
        fld("VI", f"p{n}", labels[n], v, "health_total" if n == 2 else None) for n, v in health.items()]))
    blocks.append(FormBlock("VII", DRA_BLOCKS["VII"], [
        fld("VII", "p1", "Kwota należnych składek na Fundusz Pracy i Fundusz Solidarnościowy", d.fp, "fp"),
        fld("VII", "p2", "Kwota należnych składek na Fundusz Gwarantowanych Świadczeń Pracowniczych", d.fgsp,
            "fgsp"),
        fld("VII", "p3", "Kwota do zapłaty (01 + 02)", d.fp_fgsp_total, "fp_fgsp_total")]))
    blocks.append(FormBlock("VIII", DRA_BLOCKS["VIII"], [
        fld("VIII", "p1", "Liczba ubezpieczonych, za których opłaca się składkę na FEP", d.fep_count_a,
            "fep_count_a"),
        fld("VIII", "p2", "Liczba ubezpieczonych (FEP)", d.fep_count_b, "fep_count_b"),
        fld("VIII", "p3", "Kwota należnych składek na Fundusz Emerytur Pomostowych", d.fep, "fep")]))
    blocks.append(FormBlock("IX", DRA_BLOCKS["IX"], [
        fld("IX", "p1", "Kwota do zwrotu przez ZUS", d.refund, "refund"),
        fld("IX", "p2", "Kwota do zapłaty", d.to_pay, "to_pay")]))
    if d.self_title is not None:
        blocks.append(FormBlock("X", DRA_BLOCKS["X"], [
            fld("X", "p1", "Kod tytułu ubezpieczenia", d.self_title, "self_title"),
            fld("X", "p2", "Podstawa wymiaru składek na ubezpieczenia emerytalne i rentowe", d.self_pension_base,
                "self_pension_base"),
            fld("X", "p3", "Podstawa wymiaru składki na ubezpieczenie chorobowe", d.self_sickness_base,
                "self_sickness_base"),
            fld("X", "p4", "Podstawa wymiaru składki na ubezpieczenie wypadkowe", d.self_accident_base,
                "self_accident_base"),
            fld("X", "p5", "Podstawa wymiaru składki na ubezpieczenie zdrowotne", d.self_health_base,
                "self_health_base")]))
    health_block = _health("XI", d.self_health)
    if health_block is not None:
        blocks.append(health_block)
    return FormPage("DRA", FORM_TITLES["DRA"], blocks, closing=[_statement(d)])


# -- RCA / RSA ------------------------------------------------------------------------------------
def _report_person(b: RcaBlock | RsaBlock) -> FormBlock:
    p, bid = b.person, b.block_id
    return FormBlock("III.A", "DANE IDENTYFIKACYJNE OSOBY UBEZPIECZONEJ", columns=4, fields=[
        fld("III.A", "p1", "Nazwisko", p.last_name, "III.A/p1", bid),
        fld("III.A", "p2", "Imię pierwsze", p.first_name, "III.A/p2", bid),
        fld("III.A", "p3", "Typ identyfikatora", p.id_type, None, bid),
        fld("III.A", "p4", "Identyfikator (PESEL lub dokument)", p.identifier, "III.A/p4", bid)])


def _heading(b: RcaBlock | RsaBlock) -> str:
    p = b.person
    who = f"{p.last_name} {p.first_name}".strip()
    kind = "PESEL" if p.id_type == "P" else "dokument"
    return f"III. DANE O UBEZPIECZONYM nr {b.block_id}: {who}, {kind} {p.identifier}"


def _rca_person(b: RcaBlock) -> PersonSection:
    bid = b.block_id

    def f(block: str, pole: str, label: str, attr: str) -> FormField:
        return fld(block, pole, label, getattr(b, attr), attr, bid)

    heads = ["finansowana przez ubezpieczonego", "finansowana przez płatnika składek"]
    rows = [("Ubezpieczenie emerytalne", ("p7", "pension_insured"), ("p11", "pension_payer")),
            ("Ubezpieczenia rentowe", ("p8", "disability_insured"), ("p12", "disability_payer")),
            ("Ubezpieczenie chorobowe", ("p9", "sickness_insured"), ("p13", "sickness_payer")),
            ("Ubezpieczenie wypadkowe", ("p10", "accident_insured"), ("p14", "accident_payer"))]
    grid = FormGrid(["Składka " + h for h in heads],
                    [(label, [f("III.B", pole, f"{label} — składka {head}", attr)
                              for head, (pole, attr) in zip(heads, cells, strict=True)]) for label, *cells in rows])
    extra = [fld("III.B", k.split("/")[1], "Inne źródła finansowania", v, None, bid)
             for k, v in sorted(b.extra.items(), key=lambda kv: int(kv[0].split("/p")[1])) if v]
    blocks = [
        _report_person(b),
        FormBlock("III.B", "ZESTAWIENIE NALEŻNYCH SKŁADEK NA UBEZPIECZENIA SPOŁECZNE", columns=4, fields=[
            f("III.B", "p1", "Kod tytułu ubezpieczenia", "title"),
            f("III.B", "p2", "Informacja o przekroczeniu rocznej podstawy", "cap_notice"),
            f("III.B", "p3", "Wymiar czasu pracy", "work_time"),
            f("III.B", "p4", "Podstawa wymiaru składek na ubezpieczenia emerytalne i rentowe", "pension_base"),
            f("III.B", "p5", "Podstawa wymiaru składki na ubezpieczenie chorobowe", "sickness_base"),
            f("III.B", "p6", "Podstawa wymiaru składki na ubezpieczenie wypadkowe", "accident_base"),
            *extra,
            f("III.B", "p29", "Łączna kwota składek", "social_total")], grid=grid),
        FormBlock("III.C", "ZESTAWIENIE NALEŻNYCH SKŁADEK NA UBEZPIECZENIE ZDROWOTNE", columns=5, fields=[
            f("III.C", "p1", "Podstawa wymiaru składki", "health_base"),
            f("III.C", "p2", "Kwota należnej składki finansowana przez płatnika składek", "health_payer"),
            f("III.C", "p3", "Kwota należnej składki finansowana z budżetu państwa bezpośrednio do ZUS",
              "health_budget"),
            f("III.C", "p4", "Kwota należnej składki finansowana przez ubezpieczonego", "health_insured"),
            f("III.C", "p5", "Kwota należnej składki finansowana przez Fundusz Kościelny", "health_church")]),
    ]
    if b.benefits:
        blocks.append(FormBlock("III.D", "ZESTAWIENIE WYPŁACONYCH ŚWIADCZEŃ I WSKAZANYCH PRZERW", columns=4, fields=[
            fld("III.D", f"p{n}", "Kwota", v, None, bid) for n, v in enumerate(b.benefits[:4], 1)]))
    health = _health("III.E", b.health_data, bid)
    if health is not None:
        blocks.append(health)
    return PersonSection(bid, _heading(b), blocks)


def _rsa_person(b: RsaBlock) -> PersonSection:
    i, bid = b.item, b.block_id
    return PersonSection(bid, _heading(b), [
        _report_person(b),
        FormBlock("III.B", "WYKAZ OKRESÓW PRZERW W OPŁACANIU SKŁADEK I WYPŁACONYCH ŚWIADCZEŃ", fields=[
            fld("III.B", "p1", "Kod tytułu ubezpieczenia", i.title, "title", bid),
            fld("III.B", "p2", "Kod świadczenia / przerwy", i.code, "code", bid),
            fld("III.B", "p3", "Okres od", i.date_from, "date_from", bid),
            fld("III.B", "p4", "Okres do", i.date_to, "date_to", bid),
            fld("III.B", "p5", "Liczba dni", i.days, "days", bid),
            fld("III.B", "p6", "Kwota świadczenia", i.amount, "amount", bid)])])


def _report(d: Any) -> FormPage:
    first = FormBlock("I", "DANE ORGANIZACYJNE", [
        fld("I", "p1", "Identyfikator raportu — numer", d.number, "number"),
        fld("I", "p1", "Identyfikator raportu — miesiąc i rok", d.period, "period")])
    persons = [_rca_person(b) if d.kind == "RCA" else _rsa_person(b) for b in d.blocks]
    return FormPage(d.kind, FORM_TITLES[d.kind], [first, _payer(d)], persons, [_statement(d)])


# -- registration documents -----------------------------------------------------------------------
def _address(block: str, address: Address | None) -> FormBlock:
    a = address or Address()
    return FormBlock(block, "ADRES ZAMIESZKANIA", [
        fld(block, f"p{n}", label, getattr(a, attr), f"{block}/p{n}") for n, (attr, label) in
        enumerate(ADDRESS_LABELS, 1)])


def _extra_identity(d: Any) -> FormBlock:
    return FormBlock("IV", "DANE DODATKOWE OSOBY UBEZPIECZONEJ", [
        fld("IV", "p1", "Imię drugie", d.second_name, "second_name"),
        fld("IV", "p2", "Nazwisko rodowe", d.family_name, "family_name"),
        fld("IV", "p3", "Obywatelstwo", d.citizenship, "citizenship"),
        fld("IV", "p4", "Płeć (K/M)", d.sex, "sex")])


def _registration(d: Any) -> FormPage:
    blocks = [_payer(d)]
    if d.kind == "ZIUA":
        blocks += [_person_dau("III", d.old, "DANE IDENTYFIKACYJNE OSOBY UBEZPIECZONEJ (DANE W ZUS)", False),
                   _person_dau("IV", d.new, "DANE IDENTYFIKACYJNE OSOBY UBEZPIECZONEJ (NOWE DANE)", False)]
    else:
        blocks.append(_person_dau("III", d.person, "DANE IDENTYFIKACYJNE OSOBY UBEZPIECZONEJ"))
    if d.kind == "ZUA":
        blocks += [
            _extra_identity(d),
            FormBlock("V", "KOD TYTUŁU UBEZPIECZENIA", [fld("V", "p1", "Kod tytułu ubezpieczenia", d.title, "title")]),
            FormBlock("VI", "DATA POWSTANIA OBOWIĄZKU UBEZPIECZENIA I ZGŁOSZENIE DO UBEZPIECZEŃ", [
                fld("VI", "p1", "Data powstania obowiązku ubezpieczeń", d.insurance_from, "insurance_from"),
                fld("VI", "p2", "Ubezpieczenie emerytalne", d.pension, "pension"),
                fld("VI", "p3", "Ubezpieczenia rentowe", d.disability, "disability"),
                fld("VI", "p4", "Ubezpieczenie chorobowe", d.sickness, "sickness"),
                fld("VI", "p5", "Ubezpieczenie wypadkowe", d.accident, "accident")]),
            FormBlock("VII", "ZGŁOSZENIE DO UBEZPIECZENIA ZDROWOTNEGO", [
                fld("VII", "p1", "Data powstania obowiązku ubezpieczenia zdrowotnego", d.health_from, "health_from"),
                fld("VII", "p2", "Kod oddziału NFZ", d.nfz, "nfz")]),
            _address("XI", d.address)]
    elif d.kind == "ZZA":
        blocks += [
            _extra_identity(d),
            FormBlock("V", "KOD TYTUŁU UBEZPIECZENIA", [
                fld("V", "p1", "Kod tytułu ubezpieczenia", d.title, "title"),
                fld("V", "p2", "Kod wykonywanego zawodu", d.occupation_code, "occupation_code")]),
            FormBlock("VI", "ZGŁOSZENIE DO UBEZPIECZENIA ZDROWOTNEGO", [
                fld("VI", "p1", "Data powstania obowiązku ubezpieczenia zdrowotnego", d.health_from, "health_from"),
                fld("VI", "p2", "Kod oddziału NFZ", d.nfz, "nfz")]),
            _address("VIII", d.address)]
    elif d.kind == "ZWUA":
        blocks += [
            FormBlock("IV", "DANE O WYREJESTROWANIU Z UBEZPIECZEŃ", [
                fld("IV", "p1", "Kod tytułu ubezpieczenia", d.title, "title"),
                fld("IV", "p2", "Data wyrejestrowania", d.deregistration_date, "deregistration_date"),
                fld("IV", "p3", "Kod przyczyny wyrejestrowania", d.reason_code, "reason_code")]),
            FormBlock("V", "ROZWIĄZANIE / WYGAŚNIĘCIE STOSUNKU PRACY", [
                fld("V", "p1", "Data rozwiązania / wygaśnięcia stosunku pracy", d.termination_date,
                    "termination_date"),
                fld("V", "p2", "Kod trybu rozwiązania / wygaśnięcia", d.termination_code, "termination_code")])]
    return FormPage(d.kind, FORM_TITLES.get(d.kind, d.kind), blocks, closing=[_statement(d)])


# -- the set --------------------------------------------------------------------------------------
def correction_text(correction_of: int | None, corrected_number: str = "") -> str:
    if correction_of is None:
        return ""
    number = f" (deklaracja nr {corrected_number})" if corrected_number else ""
    return f"KOREKTA — korekta zestawu nr {correction_of}{number}"


def form_pages(ds: DocumentSet, *, corrected_number: str = "") -> list[FormPage]:
    """Every document of the set as a form page, DRA first as in the file."""
    pages = []
    marker = correction_text(ds.correction_of, corrected_number)
    for doc in ds.documents:
        if isinstance(doc, DraDocument):
            page = _dra(doc)
        elif doc.kind in ("RCA", "RSA"):
            page = _report(doc)
        else:
            page = _registration(doc)
        page.correction = marker
        pages.append(page)
    return pages
