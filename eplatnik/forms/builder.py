"""Build document sets from the register: the monthly DRA + RCA (+ RSA) and registration forms.

Pure functions over register objects; the ``DocumentService`` supplies the register data, the
previous month's set (carry-over) and the earlier months' pension bases (for the 30× annual cap).
Every amount comes from ``calculator.calculate``; the DRA totals are sums of the RCA blocks
(kedu-format.md §10).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..errors import UserFacingError
from ..i18n import t
from ..params.model import Entry
from ..period import Period
from ..register.codes import normalise_title_code, title_kind
from ..register.models import HealthTaxForm, InsuredPerson, Payer
from ..workdays import PayerType
from .calculator import ContributionInput, ContributionResult, calculate
from .model import (
    ZERO,
    Address,
    DocumentSet,
    DraDocument,
    InsuranceTitle,
    PayerIdentity,
    PersonIdentity,
    RcaBlock,
    RcaDocument,
    RsaBlock,
    RsaDocument,
    RsaItem,
    SelfEmployedHealth,
    SetKind,
    WorkTime,
    ZiuaDocument,
    ZuaDocument,
    ZwuaDocument,
    ZzaDocument,
    sex_from_pesel,
)
from .params import YearParams

# DRA I/p1 "termin przysyłania": 6 = by the 20th is confirmed (kedu-format.md §6); 3 is what
# employer-side generators write for the 15th; 1 for budget units (5th) follows the form's order.
DEADLINE_CODES = {PayerType.OTHER: "6", PayerType.LEGAL: "3", PayerType.BUDGET: "1"}

PERSON_FAILED = t("Nie można wyliczyć składek dla {name} ({ident}): {reason}",
                  "Cannot compute the contributions of {name} ({ident}): {reason}")


@dataclass
class PersonMonth:
    """One person's inputs for the month that are not in the register (all optional)."""
    gross_pay: Decimal | None = None        # overrides the register's pay for this month
    declared_base: Decimal | None = None    # self-employed: a base above the minimum
    health_income: Decimal | None = None    # skala/liniowy: the previous month's income
    annual_revenue: Decimal | None = None   # ryczałt: revenue from 1 January
    absences: list[RsaItem] = field(default_factory=list)


@dataclass
class MonthInputs:
    persons: dict[str, PersonMonth] = field(default_factory=dict)  # key: PESEL or document number
    filled_date: date | None = None
    fp_exempt: frozenset[str] = frozenset()
    special_conditions: frozenset[str] = frozenset()


def _up(text: str, limit: int) -> str:
    return " ".join((text or "").split()).upper()[:limit]


def payer_identity(payer: Payer) -> PayerIdentity:
    """Block II snapshot: a natural person also gives PESEL, name and date of birth."""
    ident = PayerIdentity(nip=payer.nip, regon=payer.regon, short_name=_up(payer.short_name, 31))
    if payer.pesel:
        ident.pesel = payer.pesel
        ident.last_name = _up(payer.last_name, 31)
        ident.first_name = _up(payer.first_name, 22)
        ident.birth_date = payer.birth_date
    return ident


def person_identity(person: InsuredPerson, *, report: bool = False) -> PersonIdentity:
    """Identity for ZUA/ZZA/ZWUA (with date of birth) or, with ``report``, for RCA/RSA III.A."""
    r = person.record
    p = PersonIdentity(pesel=person.pesel, last_name=_up(r.last_name, 31), first_name=_up(r.first_name, 22))
    if not person.pesel:
        p.document_type, p.document_number = str(person.document_type), person.document_number
    if not report:
        p.birth_date = r.birth_date
    return p


def identifier(person: InsuredPerson) -> str:
    return person.pesel or person.document_number


def _is_female(person: InsuredPerson) -> bool | None:
    pesel = person.pesel
    return int(pesel[9]) % 2 == 0 if len(pesel) == 11 and pesel.isdigit() else None


def _is_self_employed(person: InsuredPerson) -> bool:
    return (title_kind(person.record.insurance_title_code) or "").startswith("self_employed")


def _carried_health(previous: DocumentSet | None, ident: str) -> SelfEmployedHealth | None:
    """The self-employed health data of the previous month's set, for the carry-over."""
    if previous is None:
        return None
    for block in previous.rca_blocks:
        if block.person.identifier == ident and block.health_data is not None:
            return block.health_data
    dra = previous.dra
    if dra is not None and dra.self_health is not None and dra.payer.pesel == ident:
        return dra.self_health
    return None


def _carried_pay(previous: DocumentSet | None, ident: str) -> Decimal | None:
    if previous is None:
        return None
    for block in previous.rca_blocks:
        if block.person.identifier == ident:
            return block.accident_base  # the month's full (uncapped) base
    return None


def contribution_input(payer: Payer, person: InsuredPerson, period: Period, *, prior_base: Decimal,
                       inputs: PersonMonth, previous: DocumentSet | None, insured_count: int,
                       payer_is_employer: bool, fp_exempt: bool = False,
                       special_conditions: bool = False) -> ContributionInput:
    r = person.record
    ident = identifier(person)
    self_employed = _is_self_employed(person)
    gross = inputs.gross_pay
    if gross is None and not self_employed:
        gross = r.gross_pay if r.gross_pay > ZERO else (_carried_pay(previous, ident) or r.gross_pay)
    tax_form = payer.health_tax_form if self_employed else HealthTaxForm.NONE
    carried = _carried_health(previous, ident)
    income, revenue = inputs.health_income, inputs.annual_revenue
    if carried is not None and carried.tax_form == str(tax_form):
        if income is None and tax_form in (HealthTaxForm.SCALE, HealthTaxForm.FLAT):
            income = carried.income
        if revenue is None and tax_form == HealthTaxForm.LUMP_SUM and period.month != 1:
            revenue = carried.income  # revenue from 1 January only grows within the year
    return ContributionInput(
        period=period, title_code=normalise_title_code(r.insurance_title_code), gross_pay=gross,
        declared_base=inputs.declared_base, voluntary_sickness=r.voluntary_sickness,
        accident_rate=payer.accident_rate, tax_form=tax_form, health_income=income,
        annual_revenue=revenue, prior_cumulative_pension_base=prior_base, birth_date=r.birth_date,
        is_female=_is_female(person), work_time=(r.work_time_numerator, r.work_time_denominator),
        insured_count=insured_count, fp_exempt=fp_exempt, payer_is_employer=payer_is_employer,
        special_conditions=special_conditions)


def rca_block(block_id: int, person: InsuredPerson, result: ContributionResult) -> RcaBlock:
    """RCA block III of one person from the calculator's result."""
    r = person.record
    line = result.line
    block = RcaBlock(
        block_id=block_id, person=person_identity(person, report=True),
        title=InsuranceTitle.parse(result.title_code),
        work_time=WorkTime(r.work_time_numerator, r.work_time_denominator),
        pension_base=result.pension_base, sickness_base=result.sickness_base,
        accident_base=result.accident_base,
        pension_insured=line("emerytalne").insured, disability_insured=line("rentowe").insured,
        sickness_insured=line("chorobowe").insured, accident_insured=line("wypadkowe").insured,
        pension_payer=line("emerytalne").payer, disability_payer=line("rentowe").payer,
        sickness_payer=line("chorobowe").payer, accident_payer=line("wypadkowe").payer,
        health_base=result.health_base, health_insured=line("zdrowotne").insured,
        health_payer=line("zdrowotne").payer, insured_id=person.id,
        fp=line("FP").total, fgsp=line("FGSP").total, fep=line("FEP").total)
    block.social_total = result.social_total
    health = result.health
    if health is not None and health.tax_form != HealthTaxForm.NONE:
        hd = SelfEmployedHealth(str(health.tax_form), health.income or ZERO, health.base, health.amount)
        block.health_data = hd if hd.fields() else None
    return block


def sum_into_dra(dra: DraDocument, blocks: list[RcaBlock]) -> DraDocument:
    """Fill DRA blocks III–IX with the sums of the RCA blocks (kedu-format.md §10)."""
    def total(attr: str) -> Decimal:
        return sum((getattr(b, attr) for b in blocks), ZERO)

    d = dra
    d.insured_count = len({b.person.identifier for b in blocks})
    d.pension_insured, d.disability_insured = total("pension_insured"), total("disability_insured")
    d.pension_payer, d.disability_payer = total("pension_payer"), total("disability_payer")
    d.sickness_insured, d.accident_insured = total("sickness_insured"), total("accident_insured")
    d.sickness_payer, d.accident_payer = total("sickness_payer"), total("accident_payer")
    d.pd_insured = d.pension_insured + d.disability_insured
    d.pd_payer = d.pension_payer + d.disability_payer
    d.pension_total = d.pension_insured + d.pension_payer
    d.disability_total = d.disability_insured + d.disability_payer
    d.pd_total = d.pd_insured + d.pd_payer
    d.sa_insured = d.sickness_insured + d.accident_insured
    d.sa_payer = d.sickness_payer + d.accident_payer
    d.sickness_total = d.sickness_insured + d.sickness_payer
    d.accident_total = d.accident_insured + d.accident_payer
    d.sa_total = d.sa_insured + d.sa_payer
    d.social_total = d.pd_insured + d.pd_payer + d.sa_insured + d.sa_payer
    d.health_total = sum((b.health_total for b in blocks), ZERO)
    d.fp, d.fgsp = total("fp"), total("fgsp")
    d.fp_fgsp_total = d.fp + d.fgsp
    d.fep = total("fep")
    with_fep = sum(1 for b in blocks if b.fep > ZERO)
    d.fep_count_a = with_fep or None
    d.to_pay = d.social_total + d.health_total + d.fp_fgsp_total + d.fep
    return d


def _self_only(payer: Payer, insured: list[InsuredPerson]) -> bool:
    """A payer insuring only themselves files DRA with blocks X/XI and no RCA."""
    return (len(insured) == 1 and bool(payer.pesel) and insured[0].pesel == payer.pesel
            and _is_self_employed(insured[0]))


def build_monthly(payer: Payer, insured: list[InsuredPerson], period: Period, *,
                  prior_bases: dict[str, Decimal] | None = None, previous: DocumentSet | None = None,
                  inputs: MonthInputs | None = None, number: str = "01",
                  correction_of: int | None = None, params: YearParams | None = None,
                  today: date) -> DocumentSet:
    """The month's set for ``payer``: DRA, RCA (one block per person) and RSA when absences exist."""
    inputs = inputs or MonthInputs()
    prior_bases = prior_bases or {}
    payer_is_employer = any(title_kind(p.record.insurance_title_code) == "employee" for p in insured)
    identity = payer_identity(payer)
    blocks: list[RcaBlock] = []
    rsa_blocks: list[RsaBlock] = []
    provisional: dict[tuple[str, str], Entry] = {}
    for person in insured:
        ident = identifier(person)
        month = inputs.persons.get(ident, PersonMonth())
        inp = contribution_input(payer, person, period, prior_base=prior_bases.get(ident, ZERO),
                                 inputs=month, previous=previous, insured_count=len(insured),
                                 payer_is_employer=payer_is_employer, fp_exempt=ident in inputs.fp_exempt,
                                 special_conditions=ident in inputs.special_conditions)
        try:
            result = calculate(inp, params)
        except UserFacingError as exc:
            raise UserFacingError(PERSON_FAILED(name=person.record.full_name, ident=ident,
                                                reason=exc.text), hint=exc.hint) from None
        blocks.append(rca_block(len(blocks) + 1, person, result))
        provisional.update({(e.figure, str(e.applies_from)): e for e in result.provisional})
        for item in month.absences:
            rsa_blocks.append(RsaBlock(block_id=len(rsa_blocks) + 1,
                                       person=person_identity(person, report=True), item=item,
                                       insured_id=person.id))
    filled = inputs.filled_date or today
    dra = DraDocument(payer=identity, period=period, number=number, filled_date=filled,
                      deadline_code=DEADLINE_CODES.get(payer.payer_type, "6"),
                      accident_rate=payer.accident_rate)
    sum_into_dra(dra, blocks)
    documents: list = [dra]
    if _self_only(payer, insured):
        b = blocks[0]
        dra.self_title = b.title
        dra.self_pension_base, dra.self_sickness_base = b.pension_base, b.sickness_base
        dra.self_accident_base, dra.self_health_base = b.accident_base, b.health_base
        dra.self_health = b.health_data
    elif blocks:
        documents.append(RcaDocument(payer=identity, period=period, number=number, blocks=blocks,
                                     filled_date=filled))
    if rsa_blocks:
        documents.append(RsaDocument(payer=identity, period=period, number=number, blocks=rsa_blocks,
                                     filled_date=filled))
    for n, doc in enumerate(documents, 1):
        doc.doc_id = n
    return DocumentSet(payer=identity, period=period, kind=SetKind.MONTHLY, documents=documents,
                       number=number, correction_of=correction_of, payer_id=payer.id,
                       provisional=sorted(provisional.values(), key=lambda e: e.figure))


def _address(person: InsuredPerson) -> Address | None:
    r = person.record
    if not (r.city or r.postal_code):
        return None
    return Address(postal_code="".join(ch for ch in r.postal_code if ch.isdigit())[:5],
                   city=_up(r.city, 26), street=_up(r.street, 30), house_no=r.house_no[:7],
                   flat_no=r.flat_no[:7])


def zua_for(payer: Payer, person: InsuredPerson, *, today: date, nfz: str = "", citizenship: str = "",
            on: date | None = None) -> ZuaDocument:
    """ZUA (social + health registration) from the person's current register record. The sex comes
    from the PESEL; the register holds no citizenship or NFZ branch, so those are given (empty ones
    are reported by the verification, naming the field)."""
    r = person.record
    kind = title_kind(r.insurance_title_code) or ""
    start = on or r.start_date
    return ZuaDocument(
        payer=payer_identity(payer), person=person_identity(person),
        second_name=_up(r.second_name, 22), citizenship=_up(citizenship, 22),
        sex=sex_from_pesel(person.pesel) or "", title=InsuranceTitle.parse(r.insurance_title_code),
        insurance_from=start, pension=True, disability=True,
        sickness=kind == "employee" or r.voluntary_sickness, accident=True,
        health_from=start, nfz=nfz[:3], address=_address(person), filled_date=today)


def zza_for(payer: Payer, person: InsuredPerson, *, today: date, nfz: str = "", citizenship: str = "",
            on: date | None = None) -> ZzaDocument:
    """ZZA (health insurance only, e.g. ulga na start) from the register record (as ``zua_for``)."""
    r = person.record
    return ZzaDocument(payer=payer_identity(payer), person=person_identity(person),
                       second_name=_up(r.second_name, 22), citizenship=_up(citizenship, 22),
                       sex=sex_from_pesel(person.pesel) or "",
                       title=InsuranceTitle.parse(r.insurance_title_code),
                       health_from=on or r.start_date, nfz=nfz[:3], address=_address(person),
                       filled_date=today)


def zwua_for(payer: Payer, person: InsuredPerson, *, on: date, reason_code: str = "100",
             today: date, termination_code: str = "") -> ZwuaDocument:
    """ZWUA deregistration. Block V (end of the employment relationship) only for employees."""
    r = person.record
    employee = title_kind(r.insurance_title_code) == "employee"
    return ZwuaDocument(payer=payer_identity(payer), person=person_identity(person),
                        title=InsuranceTitle.parse(r.insurance_title_code), deregistration_date=on,
                        reason_code=reason_code, termination_date=on if employee else None,
                        termination_code=termination_code if employee else "",
                        filled_date=today)


def ziua_for(payer: Payer, old: InsuredPerson, new: InsuredPerson, *, today: date) -> ZiuaDocument:
    """ZIUA: III the identity ZUS holds, IV the corrected identity."""
    return ZiuaDocument(payer=payer_identity(payer), old=person_identity(old), new=person_identity(new),
                        filled_date=today)


def registration_set(payer: Payer, documents: list, on: date | None = None) -> DocumentSet:
    for n, doc in enumerate(documents, 1):
        doc.doc_id = n
    return DocumentSet(payer=payer_identity(payer), period=Period.of(on) if on else None,
                       kind=SetKind.REGISTRATION, documents=list(documents), payer_id=payer.id)


def next_number(numbers: list[str]) -> str:
    """The next free declaration identifier ("01" first, then "02" …)."""
    used = [int(n) for n in numbers if n.isdigit()]
    return f"{(max(used) + 1) if used else 1:02d}"
