# ruff: noqa: RUF009  (kf() is a dataclasses.field() wrapper that adds the KEDU location)
"""Plain data model of KEDU documents (no XML here): a set of declarations and its documents.

Every field that appears on the form carries its KEDU position in the dataclass field metadata
(``kedu_location(DraDocument, "pension_insured")`` → ``("IV", "p4")``), so verification findings
can point at "nr bloku, nr pola" the way ZUS does. Block and field numbers follow the KEDU 5.7 XSD;
meanings are from /work/shared/domain/kedu-format.md §6–§8.

Money is ``Decimal`` with two places; dates are ``datetime.date``; the settlement month is ``Period``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..period import Period
from .status import SetKind, SetStatus

ZERO = Decimal("0.00")


def kf(block: str, pole: str, default: Any = ZERO) -> Any:
    """A dataclass field located at KEDU block ``block`` (e.g. "IV", "III.B") and field ``pole``."""
    if isinstance(default, (list, dict)):
        return field(default_factory=type(default), metadata={"kedu": (block, pole)})
    return field(default=default, metadata={"kedu": (block, pole)})


def kedu_location(cls_or_obj: Any, attr: str) -> tuple[str, str] | None:
    """(block, field) of a model attribute, or None if it is not a form field."""
    for f in dataclasses.fields(cls_or_obj):
        if f.name == attr:
            return f.metadata.get("kedu")
    return None


@dataclass(frozen=True)
class InsuranceTitle:
    """Insurance-title code (kod tytułu ubezpieczenia, t_KodTytuluUbezpieczenia_6):
    p1 four digits, p2 right to a pension (0/1/2), p3 degree of disability (0/1/2/3)."""
    code: str = "0110"
    pension_right: str = "0"
    disability: str = "0"

    @classmethod
    def parse(cls, text: str) -> InsuranceTitle:
        digits = "".join(ch for ch in (text or "") if ch.isdigit())
        digits = (digits + "00")[:6] if len(digits) >= 4 else digits
        return cls(digits[:4], digits[4:5] or "0", digits[5:6] or "0")

    @property
    def full(self) -> str:
        return f"{self.code}{self.pension_right}{self.disability}"

    def __str__(self) -> str:
        return f"{self.code} {self.pension_right} {self.disability}"


@dataclass(frozen=True)
class WorkTime:
    """Wymiar czasu pracy (RCA III.B p3): numerator p1 / denominator p2."""
    numerator: int = 1
    denominator: int = 1


@dataclass
class PayerIdentity:
    """Payer identification, block II of every document (t_DIPL).
    p1 NIP, p2 REGON, p3 PESEL, p4 document type, p5 document series/number, p6 short name,
    p7 surname, p8 first name, p9 date of birth (p7–p9 only for a natural-person payer)."""
    nip: str = kf("II", "p1", "")
    regon: str = kf("II", "p2", "")
    pesel: str = kf("II", "p3", "")
    document_type: str = kf("II", "p4", "")
    document_number: str = kf("II", "p5", "")
    short_name: str = kf("II", "p6", "")
    last_name: str = kf("II", "p7", "")
    first_name: str = kf("II", "p8", "")
    birth_date: date | None = kf("II", "p9", None)


@dataclass
class PersonIdentity:
    """Insured person's identity. In RCA/RSA block III.A: p1 surname, p2 first name, p3 identifier
    type ("P" = PESEL, "1" ID card, "2" passport), p4 identifier. In ZUA/ZZA/ZWUA III (t_DAU) and
    ZIUA III/IV: p1 PESEL, p2 NIP, p3 document type, p4 series/number, p5 surname, p6 first name,
    p7 date of birth. Locations below are the t_DAU ones; RCA/RSA use ``report_location``."""
    pesel: str = kf("III", "p1", "")
    nip: str = kf("III", "p2", "")
    document_type: str = kf("III", "p3", "")
    document_number: str = kf("III", "p4", "")
    last_name: str = kf("III", "p5", "")
    first_name: str = kf("III", "p6", "")
    birth_date: date | None = kf("III", "p7", None)

    @property
    def id_type(self) -> str:
        """RCA/RSA III.A p3: "P" when a PESEL is known, else the document type."""
        return "P" if self.pesel else (self.document_type or "1")

    @property
    def identifier(self) -> str:
        """RCA/RSA III.A p4."""
        return self.pesel or self.document_number

    @staticmethod
    def report_location(attr: str) -> tuple[str, str] | None:
        return {"last_name": ("III.A", "p1"), "first_name": ("III.A", "p2"),
                "pesel": ("III.A", "p4"), "document_number": ("III.A", "p4")}.get(attr)


@dataclass
class SelfEmployedHealth:
    """Health-contribution data by tax form (t_ZDR): DRA block XI, RCA III.E.
    Skala p1 flag, p2 income, p3 base, p4 contribution; liniowy p5–p8 (same order);
    ryczałt p12 flag, p13 revenue, p16 base, p17 contribution."""
    tax_form: str = ""  # "skala" | "liniowy" | "ryczalt" | "" (ulga/none)
    income: Decimal = ZERO          # skala p2 / liniowy p6 / ryczałt p13 (revenue)
    base: Decimal = ZERO            # p3 / p7 / p16
    contribution: Decimal = ZERO    # p4 / p8 / p17

    def fields(self) -> tuple[str, str, str, str] | None:
        """KEDU field names (flag, income, base, contribution) for the tax form."""
        return {"skala": ("p1", "p2", "p3", "p4"), "liniowy": ("p5", "p6", "p7", "p8"),
                "ryczalt": ("p12", "p13", "p16", "p17")}.get(self.tax_form)


@dataclass
class RcaBlock:
    """One insured person and title in ZUS RCA, repeated block III (``block_id`` = @id_bloku).
    A: identity. B: p1 title code, p2 cap-exceeded notice, p3 work time, p4–p6 bases
    (emerytalne+rentowe, chorobowe, wypadkowe), p7–p10 financed by the insured
    (emerytalne, rentowe, chorobowe, wypadkowe), p11–p14 financed by the payer (same order),
    p29 total. C: p1 health base, p2 payer-, p3 budget-, p4 insured-, p5 church-fund-financed health.
    D: p1–p4 benefits/other amounts. E: self-employed health data."""
    block_id: int = 1
    person: PersonIdentity = field(default_factory=PersonIdentity)
    title: InsuranceTitle = kf("III.B", "p1", InsuranceTitle())
    cap_notice: str = kf("III.B", "p2", "")
    work_time: WorkTime = kf("III.B", "p3", WorkTime())
    pension_base: Decimal = kf("III.B", "p4")
    sickness_base: Decimal = kf("III.B", "p5")
    accident_base: Decimal = kf("III.B", "p6")
    pension_insured: Decimal = kf("III.B", "p7")
    disability_insured: Decimal = kf("III.B", "p8")
    sickness_insured: Decimal = kf("III.B", "p9")
    accident_insured: Decimal = kf("III.B", "p10")
    pension_payer: Decimal = kf("III.B", "p11")
    disability_payer: Decimal = kf("III.B", "p12")
    sickness_payer: Decimal = kf("III.B", "p13")
    accident_payer: Decimal = kf("III.B", "p14")
    social_total: Decimal = kf("III.B", "p29")
    health_base: Decimal = kf("III.C", "p1")
    health_payer: Decimal = kf("III.C", "p2")
    health_budget: Decimal = kf("III.C", "p3")
    health_insured: Decimal = kf("III.C", "p4")
    health_church: Decimal = kf("III.C", "p5")
    benefits: list[Decimal] = kf("III.D", "p1", [])  # D p1..p4 as written (empty = no block D)
    health_data: SelfEmployedHealth | None = kf("III.E", "p1", None)
    # Not on the form: the person's register id and FP/FGŚP/FEP parts used for DRA VII/VIII.
    insured_id: int | None = None
    fp: Decimal = ZERO
    fgsp: Decimal = ZERO
    fep: Decimal = ZERO
    # Fields of block B this model does not name (p15–p28, other financing sources), kept as read
    # from an imported file so re-writing it loses nothing: {"B/p15": Decimal("0.00"), …}.
    extra: dict[str, Decimal] = field(default_factory=dict)

    @property
    def health_total(self) -> Decimal:
        return self.health_payer + self.health_budget + self.health_insured + self.health_church


@dataclass
class RsaItem:
    """One absence or benefit in ZUS RSA block III.B: p1 title code, p2 benefit/absence code
    (3 digits, required), p3 date from, p4 date to, p5 number of days, p6 amount."""
    title: InsuranceTitle = kf("III.B", "p1", InsuranceTitle())
    code: str = kf("III.B", "p2", "")
    date_from: date | None = kf("III.B", "p3", None)
    date_to: date | None = kf("III.B", "p4", None)
    days: int | None = kf("III.B", "p5", None)
    amount: Decimal | None = kf("III.B", "p6", None)


@dataclass
class RsaBlock:
    """ZUS RSA repeated block III (one absence/benefit line): A identity + B item."""
    block_id: int = 1
    person: PersonIdentity = field(default_factory=PersonIdentity)
    item: RsaItem = field(default_factory=RsaItem)
    insured_id: int | None = None


@dataclass
class Document:
    """Common part of every KEDU document (ZUSxxx, @id_dokumentu)."""
    payer: PayerIdentity = field(default_factory=PayerIdentity)
    doc_id: int = 1              # @id_dokumentu, numbered 1.. within the file
    filled_date: date | None = None  # statement date ("data wypełnienia", last block)

    kind = "?"


@dataclass
class DraDocument(Document):
    """ZUS DRA (deklaracja rozliczeniowa). I: p1 deadline code, p2/p1 declaration number ("01"),
    p2/p2 month. III: p1 number of insured, p3 accident rate. IV social contributions
    (p1–p3 totals emerytalne/rentowe/sum, p4–p6 insured part, p7–p9 payer part, p19–p21 totals
    chorobowe/wypadkowe/sum, p22–p24 insured part, p25–p27 payer part, p37 social total to pay).
    VI health (p2 = p5 = p7 in the ordinary case). VII p1 FP+FS, p2 FGŚP, p3 sum.
    VIII p1/p2 FEP head-counts, p3 FEP. IX p1 refund, p2 amount to pay. X self-insured payer's
    title and bases (p2 emerytalne/rentowe, p3 chorobowe, p4 wypadkowe, p5 health). XI health by
    tax form. XIII p1 date filled (``filled_date``)."""
    kind = "DRA"
    deadline_code: str = kf("I", "p1", "6")
    number: str = kf("I", "p2", "01")
    period: Period = kf("I", "p2", Period(2026, 1))
    insured_count: int = kf("III", "p1", 0)
    accident_rate: Decimal = kf("III", "p3", Decimal("1.67"))
    pension_total: Decimal = kf("IV", "p1")
    disability_total: Decimal = kf("IV", "p2")
    pd_total: Decimal = kf("IV", "p3")
    pension_insured: Decimal = kf("IV", "p4")
    disability_insured: Decimal = kf("IV", "p5")
    pd_insured: Decimal = kf("IV", "p6")
    pension_payer: Decimal = kf("IV", "p7")
    disability_payer: Decimal = kf("IV", "p8")
    pd_payer: Decimal = kf("IV", "p9")
    sickness_total: Decimal = kf("IV", "p19")
    accident_total: Decimal = kf("IV", "p20")
    sa_total: Decimal = kf("IV", "p21")
    sickness_insured: Decimal = kf("IV", "p22")
    accident_insured: Decimal = kf("IV", "p23")
    sa_insured: Decimal = kf("IV", "p24")
    sickness_payer: Decimal = kf("IV", "p25")
    accident_payer: Decimal = kf("IV", "p26")
    sa_payer: Decimal = kf("IV", "p27")
    social_total: Decimal = kf("IV", "p37")
    health_total: Decimal = kf("VI", "p2")
    fp: Decimal = kf("VII", "p1")
    fgsp: Decimal = kf("VII", "p2")
    fp_fgsp_total: Decimal = kf("VII", "p3")
    fep_count_a: int | None = kf("VIII", "p1", None)
    fep_count_b: int | None = kf("VIII", "p2", None)
    fep: Decimal = kf("VIII", "p3")
    refund: Decimal = kf("IX", "p1")
    to_pay: Decimal = kf("IX", "p2")
    self_title: InsuranceTitle | None = kf("X", "p1", None)
    self_pension_base: Decimal = kf("X", "p2")
    self_sickness_base: Decimal = kf("X", "p3")
    self_accident_base: Decimal = kf("X", "p4")
    self_health_base: Decimal = kf("X", "p5")
    self_health: SelfEmployedHealth | None = kf("XI", "p1", None)
    # Amounts of blocks IV/V/VI this model does not name (other financing sources, benefits set
    # off, other health parts), kept from an imported file: {"V/p1": Decimal("120.00"), …}.
    extra: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class RcaDocument(Document):
    """ZUS RCA (imienny raport miesięczny): I p1/p1 number, I p1/p2 month; III blocks; IV p1 date."""
    kind = "RCA"
    number: str = kf("I", "p1", "01")
    period: Period = kf("I", "p1", Period(2026, 1))
    blocks: list[RcaBlock] = field(default_factory=list)


@dataclass
class RsaDocument(Document):
    """ZUS RSA (raport o wypłaconych świadczeniach i przerwach): I p1 number/month; III blocks;
    XI p1 date."""
    kind = "RSA"
    number: str = kf("I", "p1", "01")
    period: Period = kf("I", "p1", Period(2026, 1))
    blocks: list[RsaBlock] = field(default_factory=list)


@dataclass
class Address:
    """Address block (t_ADZMAP: p1 postcode, p2 town, p3 gmina, p4 street, p5 house, p6 flat,
    p7/p8 phones)."""
    postal_code: str = ""
    city: str = ""
    municipality: str = ""
    street: str = ""
    house_no: str = ""
    flat_no: str = ""
    phone: str = ""


@dataclass
class ZuaDocument(Document):
    """ZUS ZUA (zgłoszenie do ubezpieczeń). III person (t_DAU); IV p1 second name, p2 family name,
    p3 citizenship, p4 sex; V p1 title; VI p1 date + p2–p5 emerytalne/rentowe/chorobowe/wypadkowe
    flags; VII p1 health registration date, p2 NFZ branch; XI home address; XIV p1 date."""
    kind = "ZUA"
    person: PersonIdentity = field(default_factory=PersonIdentity)
    second_name: str = kf("IV", "p1", "")
    family_name: str = kf("IV", "p2", "")
    citizenship: str = kf("IV", "p3", "")
    sex: str = kf("IV", "p4", "")
    title: InsuranceTitle = kf("V", "p1", InsuranceTitle())
    insurance_from: date | None = kf("VI", "p1", None)
    pension: bool = kf("VI", "p2", True)
    disability: bool = kf("VI", "p3", True)
    sickness: bool = kf("VI", "p4", False)
    accident: bool = kf("VI", "p5", True)
    health_from: date | None = kf("VII", "p1", None)
    nfz: str = kf("VII", "p2", "")
    address: Address | None = kf("XI", "p1", None)


@dataclass
class ZzaDocument(Document):
    """ZUS ZZA (zgłoszenie do ubezpieczenia zdrowotnego). III person; IV extra identity (as ZUA IV);
    V p1 title, p2 occupation code; VI p1 date, p2 NFZ; VIII address; XI p1 date."""
    kind = "ZZA"
    person: PersonIdentity = field(default_factory=PersonIdentity)
    second_name: str = kf("IV", "p1", "")
    family_name: str = kf("IV", "p2", "")
    citizenship: str = kf("IV", "p3", "")
    sex: str = kf("IV", "p4", "")
    title: InsuranceTitle = kf("V", "p1", InsuranceTitle())
    occupation_code: str = kf("V", "p2", "")
    health_from: date | None = kf("VI", "p1", None)
    nfz: str = kf("VI", "p2", "")
    address: Address | None = kf("VIII", "p1", None)


#: NFZ branch codes (kod oddziału NFZ, ZUA VII p2 / ZZA VI p2): one per voivodeship
NFZ_BRANCHES = {
    "01R": "dolnośląski", "02R": "kujawsko-pomorski", "03R": "lubelski", "04R": "lubuski", "05R": "łódzki",
    "06R": "małopolski", "07R": "mazowiecki", "08R": "opolski", "09R": "podkarpacki", "10R": "podlaski",
    "11R": "pomorski", "12R": "śląski", "13R": "świętokrzyski", "14R": "warmińsko-mazurski",
    "15R": "wielkopolski", "16R": "zachodniopomorski",
}


def sex_from_pesel(pesel: str) -> str | None:
    """"K" or "M" from the PESEL's tenth digit (even: a woman), None for a malformed number."""
    if len(pesel) != 11 or not pesel.isdigit():
        return None
    return "K" if int(pesel[9]) % 2 == 0 else "M"


# Deregistration reason codes (ZWUA IV p3) most used; the full list is ZUS's.
DEREGISTRATION_REASONS = {
    "100": ("ustanie tytułu do ubezpieczeń", "end of the insurance title"),
    "120": ("zmiana tytułu/ustalenie prawa do emerytury lub renty",
            "change of title data / pension right established"),
    "140": ("zgon osoby", "death of the person"),
    "500": ("inna przyczyna", "other reason"),
    "600": ("błędne zgłoszenie", "erroneous registration"),
}


@dataclass
class ZwuaDocument(Document):
    """ZUS ZWUA (wyrejestrowanie z ubezpieczeń). III person; IV (required) p1 title, p2 date,
    p3 reason code (100/120/140/500/600…); V employment termination (p1 date, p2 code,
    p3 legal-basis code, p4 legal basis, p5 initiating party); VI p1 date."""
    kind = "ZWUA"
    person: PersonIdentity = field(default_factory=PersonIdentity)
    title: InsuranceTitle = kf("IV", "p1", InsuranceTitle())
    deregistration_date: date | None = kf("IV", "p2", None)
    reason_code: str = kf("IV", "p3", "100")
    termination_date: date | None = kf("V", "p1", None)
    termination_code: str = kf("V", "p2", "")


@dataclass
class ZiuaDocument(Document):
    """ZUS ZIUA (zmiana danych identyfikacyjnych ubezpieczonego). III (t_DIOP) the identity as ZUS
    holds it; IV (t_ADIU) the new identity (the form's own split, kedu-format.md §8.5); V p1 date."""
    kind = "ZIUA"
    old: PersonIdentity = field(default_factory=PersonIdentity)
    new: PersonIdentity = field(default_factory=PersonIdentity)


DOCUMENT_TYPES: dict[str, type[Document]] = {
    "DRA": DraDocument, "RCA": RcaDocument, "RSA": RsaDocument, "ZUA": ZuaDocument,
    "ZZA": ZzaDocument, "ZWUA": ZwuaDocument, "ZIUA": ZiuaDocument,
}


@dataclass
class DocumentSet:
    """A set of documents of one payer sent together ("zestaw"): for a monthly set the DRA plus
    RCA/RSA of one period; for registration documents, any ZUA/ZZA/ZWUA/ZIUA.

    ``number`` is the declaration identifier ("01" first, "02".. corrections); ``correction_of`` is
    the id of the set a correction replaces. ``payer`` is a snapshot of the payer's identity at
    build time; ``payer_id`` is the register id."""
    payer: PayerIdentity = field(default_factory=PayerIdentity)
    period: Period | None = None
    kind: SetKind = SetKind.MONTHLY
    documents: list[Document] = field(default_factory=list)
    number: str = "01"
    correction_of: int | None = None
    status: SetStatus = SetStatus.DRAFT
    payer_id: int | None = None
    id: int | None = None
    created_at: datetime | None = None
    note: str = ""
    #: the draft/forecast parameter entries (``eplatnik.params.model.Entry``) the amounts were computed with
    provisional: list = field(default_factory=list)

    @property
    def is_correction(self) -> bool:
        return self.correction_of is not None

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.documents if d.kind == kind]

    @property
    def dra(self) -> DraDocument | None:
        found = self.of_kind("DRA")
        return found[0] if found else None  # type: ignore[return-value]

    @property
    def rca(self) -> RcaDocument | None:
        found = self.of_kind("RCA")
        return found[0] if found else None  # type: ignore[return-value]

    @property
    def rca_blocks(self) -> list[RcaBlock]:
        return [b for d in self.of_kind("RCA") for b in d.blocks]  # type: ignore[attr-defined]

    @property
    def rsa_blocks(self) -> list[RsaBlock]:
        return [b for d in self.of_kind("RSA") for b in d.blocks]  # type: ignore[attr-defined]
