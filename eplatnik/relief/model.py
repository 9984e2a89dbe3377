"""The relief draft's data model: plain dataclasses with ``to_dict()`` and ``to_xml()``, so the same
draft can be printed (reports/relief_pdf.py) and sent to ZUS through the gateway later."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

KINDS = ("instalments", "deferral")
XML_NAMESPACE = "urn:eplatnik:relief-draft:1"


@dataclass(frozen=True)
class ReliefPayer:
    nip: str
    name: str
    short_name: str = ""
    regon: str = ""
    pesel: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ArrearsMonth:
    period: str                 # YYYY-MM
    deadline: date
    principal: Decimal          # unpaid contributions of the month
    interest: Decimal           # late interest up to the application date (full złoty, 0 under the threshold)
    funds: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    amount: Decimal             # principal + interest part of this instalment
    prolongation_fee: Decimal   # estimate: fee rate × amount × days / 365, full złoty

    @property
    def total(self) -> Decimal:
        return self.amount + self.prolongation_fee


@dataclass
class ReliefDraft:
    kind: str                   # "instalments" | "deferral"
    payer: ReliefPayer
    prepared_on: date
    arrears: list[ArrearsMonth]
    schedule: list[Instalment]
    interest_rate: Decimal      # % a year on prepared_on
    prolongation_rate: Decimal  # % a year (50 % of the interest rate)
    reason: str = ""            # the payer's own words: why the debt cannot be paid at once
    form: str = ""              # ZUS form this draft prepares: RSR or RSO

    @property
    def total_principal(self) -> Decimal:
        return sum((m.principal for m in self.arrears), Decimal("0.00"))

    @property
    def total_interest(self) -> Decimal:
        return sum((m.interest for m in self.arrears), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.total_principal + self.total_interest

    @property
    def total_fee(self) -> Decimal:
        return sum((i.prolongation_fee for i in self.schedule), Decimal("0"))

    def to_dict(self) -> dict:
        def plain(value):
            if isinstance(value, Decimal):
                return f"{value:.2f}"
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        data = plain(asdict(self))
        data.update(total_principal=plain(self.total_principal), total_interest=plain(self.total_interest),
                    total=plain(self.total), total_prolongation_fee=plain(self.total_fee))
        return data

    def to_xml(self) -> bytes:
        from lxml import etree

        ns = f"{{{XML_NAMESPACE}}}"
        root = etree.Element(ns + "ReliefDraft", nsmap={None: XML_NAMESPACE}, kind=self.kind, form=self.form,
                             prepared=self.prepared_on.isoformat())
        payer = etree.SubElement(root, ns + "Payer")
        for key, value in asdict(self.payer).items():
            if value:
                etree.SubElement(payer, ns + key).text = str(value)
        arrears = etree.SubElement(root, ns + "Arrears", principal=f"{self.total_principal:.2f}",
                                   interest=f"{self.total_interest:.2f}", total=f"{self.total:.2f}")
        for m in self.arrears:
            etree.SubElement(arrears, ns + "Month", period=m.period, deadline=m.deadline.isoformat(),
                             principal=f"{m.principal:.2f}", interest=f"{m.interest:.2f}")
        schedule = etree.SubElement(root, ns + "Schedule", interestRate=f"{self.interest_rate:.2f}",
                                    prolongationRate=f"{self.prolongation_rate:.2f}")
        for i in self.schedule:
            etree.SubElement(schedule, ns + "Instalment", number=str(i.number), due=i.due_on.isoformat(),
                             amount=f"{i.amount:.2f}", prolongationFee=f"{i.prolongation_fee:.2f}")
        etree.SubElement(root, ns + "Reason").text = self.reason
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
