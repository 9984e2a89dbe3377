"""Register domain types: payers (client firms), insured persons with dated records, authorisations."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from ..errors import FieldError
from ..i18n import Text, t
from ..workdays import PayerType
from . import validation as v
from .codes import needs_work_time


class ContributionScheme(enum.StrEnum):
    """How a self-employed payer pays for themselves (empty for companies)."""

    NONE = ""
    FULL = "full"                    # duży ZUS, base ≥ 60 % of the forecast average pay
    PREFERENTIAL = "preferential"    # mały ZUS, base ≥ 30 % of the minimum wage (24 months)
    MALY_ZUS_PLUS = "maly_zus_plus"  # base from prior-year income, clamped
    START_RELIEF = "ulga_na_start"   # 6 months: health only


class HealthTaxForm(enum.StrEnum):
    NONE = ""
    SCALE = "skala"      # 9 % of income
    FLAT = "liniowy"     # 4.9 % of income
    LUMP_SUM = "ryczalt"  # tiers by revenue
    CARD = "karta"       # karta podatkowa


class DocumentType(enum.StrEnum):
    """Identity documents for people without a PESEL (KEDU: 1 = ID card, 2 = passport)."""

    NONE = ""
    ID_CARD = "1"
    PASSPORT = "2"


@dataclass
class Payer:
    nip: str
    full_name: str
    short_name: str
    payer_type: PayerType = PayerType.OTHER
    regon: str = ""
    pesel: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_date: date | None = None
    street: str = ""
    house_no: str = ""
    flat_no: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    accident_rate: Decimal = Decimal("1.67")
    bank_account: str = ""
    notes: str = ""
    contribution_scheme: ContributionScheme = ContributionScheme.NONE
    health_tax_form: HealthTaxForm = HealthTaxForm.NONE
    archived: bool = False
    id: int | None = None

    @property
    def is_natural_person(self) -> bool:
        return bool(self.pesel)

    @property
    def address(self) -> str:
        house = self.house_no + (f"/{self.flat_no}" if self.flat_no else "")
        street = f"{self.street} {house}".strip()
        return ", ".join(p for p in (street, f"{self.postal_code} {self.city}".strip()) if p)

    def normalised(self) -> Payer:
        return replace(
            self,
            nip=v.compact_digits(self.nip), regon=v.compact_digits(self.regon),
            pesel=v.compact_digits(self.pesel), full_name=self.full_name.strip(),
            short_name=self.short_name.strip(), postal_code=self.postal_code.strip(),
            email=self.email.strip(), phone=v.normalise_phone(self.phone) if self.phone.strip() else "",
            bank_account=v.normalise_iban(self.bank_account), city=self.city.strip(),
            street=self.street.strip(),
        )

    def validate(self) -> list[FieldError]:
        p = self
        checks = [
            ("nip", v.check_nip(p.nip, required=True)),
            ("regon", v.check_regon(p.regon, required=p.payer_type != PayerType.OTHER and not p.pesel)),
            ("pesel", v.check_pesel(p.pesel)),
            ("full_name", v.check_required(p.full_name)),
            ("short_name", v.check_short_name(p.short_name)),
            ("birth_date", v.check_pesel_birth_date(p.pesel, p.birth_date)),
            ("postal_code", v.check_postal_code(p.postal_code)),
            ("email", v.check_email(p.email)),
            ("phone", v.check_phone(p.phone)),
            ("accident_rate", v.check_accident_rate(str(p.accident_rate))),
            ("bank_account", v.check_iban(p.bank_account)),
        ]
        if p.pesel and p.payer_type == PayerType.LEGAL:
            checks.append(("pesel", t("Osoba prawna nie ma numeru PESEL — usuń go albo zmień typ płatnika.",
                                      "A legal person has no PESEL — remove it or change the payer type.")))
        return [FieldError(name, msg) for name, msg in checks if msg is not None]


@dataclass
class InsuredRecord:
    """The state of an insured person from ``valid_from`` on. A change is a new record."""

    first_name: str
    last_name: str
    birth_date: date
    insurance_title_code: str
    start_date: date
    valid_from: date | None = None
    second_name: str = ""
    street: str = ""
    house_no: str = ""
    flat_no: str = ""
    postal_code: str = ""
    city: str = ""
    work_time_numerator: int = 1
    work_time_denominator: int = 1
    gross_pay: Decimal = Decimal("0.00")
    end_date: date | None = None
    voluntary_sickness: bool = False
    recorded_at: str = ""
    recorded_by: str = ""
    id: int | None = None

    @property
    def work_time(self) -> str:
        """"1/2"; empty for a person who has no working time (a contractor: 0/0 in the register)."""
        if self.work_time_denominator == 0:
            return ""
        return f"{self.work_time_numerator}/{self.work_time_denominator}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def days_active_in(self, year: int) -> int:
        """Calendar days of ``year`` between the start and the end date (e.g. days of business)."""
        first = max(self.start_date, date(year, 1, 1))
        last = min(self.end_date or date(year, 12, 31), date(year, 12, 31))
        return max(0, (last - first).days + 1)


@dataclass
class InsuredPerson:
    payer_id: int
    record: InsuredRecord
    pesel: str = ""
    document_type: DocumentType = DocumentType.NONE
    document_number: str = ""
    id: int | None = None

    @property
    def identifier(self) -> str:
        return self.pesel or f"{self.document_type}:{self.document_number}"

    def validate(self) -> list[FieldError]:
        r = self.record
        errors: list[FieldError] = []

        def add(name: str, msg: object) -> None:
            if msg is not None:
                errors.append(FieldError(name, msg))  # type: ignore[arg-type]

        if self.pesel:
            add("pesel", v.check_pesel(self.pesel))
            add("birth_date", v.check_pesel_birth_date(self.pesel, r.birth_date))
        elif not (self.document_type and self.document_number.strip()):
            add("pesel", v.DOC_REQUIRED)
        add("first_name", v.check_required(r.first_name))
        add("last_name", v.check_required(r.last_name))
        add("postal_code", v.check_postal_code(r.postal_code))
        add("insurance_title_code", v.check_title_code(r.insurance_title_code))
        no_work_time = r.work_time_numerator == 0 and r.work_time_denominator == 0
        if no_work_time and needs_work_time(r.insurance_title_code):
            add("work_time", v.WORK_TIME_REQUIRED)
        elif not no_work_time and not (0 < r.work_time_numerator <= r.work_time_denominator):
            add("work_time", v.FRACTION_BAD)
        if r.gross_pay < 0:
            add("gross_pay", v.AMOUNT_BAD)
        if r.end_date is not None and r.end_date < r.start_date:
            add("end_date", v.DATE_ORDER)
        return errors


class AuthorisationScope(enum.StrEnum):
    FULL = "full"              # all matters (PEL full)
    DOCUMENTS = "documents"    # prepare, sign and send documents
    VISITS = "visits"          # book e-visits and talk to ZUS for the client
    READ = "read"              # view the account

    @property
    def label(self) -> Text:
        return {
            AuthorisationScope.FULL: t("pełne", "full"),
            AuthorisationScope.DOCUMENTS: t("dokumenty rozliczeniowe", "declarations"),
            AuthorisationScope.VISITS: t("e-wizyty", "e-visits"),
            AuthorisationScope.READ: t("tylko wgląd", "read only"),
        }[self]


@dataclass
class Accountant:
    name: str
    pesel: str = ""
    email: str = ""
    active: bool = True
    id: int | None = None


@dataclass
class Authorisation:
    payer_id: int
    accountant_id: int
    valid_from: date
    valid_to: date | None = None
    scope: AuthorisationScope = AuthorisationScope.FULL
    reference: str = ""  # e.g. the ZUS-PEL registration number
    revoked: bool = False
    id: int | None = None
    accountant_name: str = ""
    payer_name: str = ""
    payer_nip: str = ""

    def active_on(self, day: date) -> bool:
        return not self.revoked and self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def expires_within(self, day: date, days: int) -> bool:
        return self.active_on(day) and self.valid_to is not None and (self.valid_to - day).days <= days


@dataclass
class RegisterSummary:
    payers: int = 0
    archived: int = 0
    insured: int = 0
    accountants: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
