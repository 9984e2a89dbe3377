"""The relief application document: a plain data structure → XML in its own namespace → back.

``ReliefApplication`` is what any draft (the payer-account area's instalment/deferral drafts, a JSON
file, the GUI) turns into before it is signed (XAdES, like a declaration) and sent through the
gateway (package type ``EPLATNIK1.CMS.ZIP.XADESBES.WNIOSEKXML``). Schema:
``resources/schemas/wniosek_ulga_1.xsd``. Amounts are ``Decimal``s with two places; the schedule
must add up to the arrears (plus the prolongation fee, when there is one). A deferral names one new
deadline for everything, or one per arrears month (in the months' order), as the account's drafts do.
``applications.from_draft`` turns the account's drafts (``relief.model.ReliefDraft``) into this.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from .. import xmlsafe
from ..errors import FieldError, UserFacingError, ValidationFailed
from ..i18n import t

RELIEF_NS = "urn:eplatnik:relief:application:1"
SCHEMA = Path(__file__).resolve().parent.parent / "resources" / "schemas" / "wniosek_ulga_1.xsd"
KINDS = ("instalments", "deferral")
KIND_FORMS = {"instalments": "WNIOSEK-RATY", "deferral": "WNIOSEK-ODROCZENIE"}
NS = {"w": RELIEF_NS}
CENT = Decimal("0.01")

NOT_VALID = t("Wniosek nie jest zgodny ze schematem: {detail}", "The application does not match its schema: {detail}")


def _q(name: str) -> str:
    return f"{{{RELIEF_NS}}}{name}"


@dataclass(frozen=True)
class ArrearsMonth:
    period: str          # YYYY-MM
    amount: Decimal


@dataclass(frozen=True)
class Instalment:
    due: dt.date
    amount: Decimal


@dataclass(frozen=True)
class ReliefApplication:
    payer_nip: str
    payer_name: str
    kind: str                                   # instalments | deferral
    arrears: tuple[ArrearsMonth, ...]
    schedule: tuple[Instalment, ...]
    justification: str
    application_date: dt.date
    payer_regon: str = ""
    payer_pesel: str = ""
    payer_address: str = ""
    prolongation_fee: Decimal | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def total_arrears(self) -> Decimal:
        return sum((a.amount for a in self.arrears), Decimal("0.00"))

    @property
    def form(self) -> str:
        return KIND_FORMS.get(self.kind, "WNIOSEK")

    # -- a plain structure (JSON files, other areas' drafts) ------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "application_date": self.application_date.isoformat(),
                "payer": {"nip": self.payer_nip, "name": self.payer_name, "regon": self.payer_regon,
                          "pesel": self.payer_pesel, "address": self.payer_address},
                "arrears": [{"period": a.period, "amount": str(a.amount)} for a in self.arrears],
                "schedule": [{"due": i.due.isoformat(), "amount": str(i.amount)} for i in self.schedule],
                "prolongation_fee": str(self.prolongation_fee) if self.prolongation_fee is not None else None,
                "justification": self.justification}

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, today: dt.date) -> ReliefApplication:
        """Build and check an application; ``ValidationFailed`` names every bad field (nothing is sent)."""
        errors: list[FieldError] = []

        def amount(value: Any, where: str) -> Decimal:
            try:
                number = Decimal(str(value).replace(",", ".").replace(" ", ""))
            except (InvalidOperation, ValueError):
                errors.append(FieldError(where, t("niepoprawna kwota „{v}”", "invalid amount '{v}'")(v=value)))
                return Decimal("0.00")
            if number <= 0 or number != number.quantize(CENT):
                errors.append(FieldError(where, t("kwota musi być dodatnia, z groszami", "the amount must be "
                                                  "positive, to the grosz")))
            return number.quantize(CENT)

        def day(value: Any, where: str) -> dt.date:
            try:
                return dt.date.fromisoformat(str(value))
            except ValueError:
                errors.append(FieldError(where, t("niepoprawna data „{v}” (RRRR-MM-DD)",
                                                  "invalid date '{v}' (YYYY-MM-DD)")(v=value)))
                return today

        from ..period import Period
        from ..register.validation import check_nip, check_pesel, check_regon

        payer = data.get("payer") or {}
        nip = str(payer.get("nip", "")).replace("-", "").strip()
        checks = (("payer.nip", check_nip(nip)), ("payer.regon", check_regon(str(payer.get("regon") or ""))),
                  ("payer.pesel", check_pesel(str(payer.get("pesel") or ""))))
        for name, problem in checks:
            if problem is not None:
                errors.append(FieldError(name, problem))
        kind = str(data.get("kind", ""))
        if kind not in KINDS:
            errors.append(FieldError("kind", t("rodzaj wniosku: instalments albo deferral",
                                               "the kind: instalments or deferral")))
        arrears = []
        for n, item in enumerate(data.get("arrears") or [], start=1):
            period = str(item.get("period", ""))
            try:
                Period.parse(period)
            except UserFacingError as exc:
                errors.append(FieldError(f"arrears[{n}].period", exc.text))
            arrears.append(ArrearsMonth(period, amount(item.get("amount"), f"arrears[{n}].amount")))
        if not arrears:
            errors.append(FieldError("arrears", t("brak zaległości", "no arrears")))
        schedule = tuple(Instalment(day(item.get("due"), f"schedule[{n}].due"),
                                    amount(item.get("amount"), f"schedule[{n}].amount"))
                         for n, item in enumerate(data.get("schedule") or [], start=1))
        fee = data.get("prolongation_fee")
        fee_amount = amount(fee, "prolongation_fee") if fee not in (None, "", "0", "0.00", 0) else None
        app = cls(payer_nip=nip, payer_name=str(payer.get("name", "")).strip(), kind=kind, arrears=tuple(arrears),
                  schedule=schedule, justification=str(data.get("justification", "")).strip(),
                  application_date=day(data.get("application_date") or today.isoformat(), "application_date"),
                  payer_regon=str(payer.get("regon") or ""), payer_pesel=str(payer.get("pesel") or ""),
                  payer_address=str(payer.get("address") or ""), prolongation_fee=fee_amount,
                  id=str(data.get("id") or uuid.uuid4().hex))
        errors += app.problems()
        if errors:
            raise ValidationFailed(errors=errors)
        return app

    def problems(self) -> list[FieldError]:
        out = []
        if not self.payer_name:
            out.append(FieldError("payer.name", t("brak nazwy płatnika", "the payer's name is missing")))
        if not self.justification:
            out.append(FieldError("justification", t("podaj uzasadnienie (sytuacja finansowa)",
                                                      "give the justification (financial situation)")))
        if not self.schedule:
            out.append(FieldError("schedule", t("brak harmonogramu", "no schedule")))
        elif self.kind == "deferral" and len(self.schedule) not in (1, len(self.arrears)):
            out.append(FieldError("schedule", t("odroczenie ma jeden nowy termin albo po jednym dla każdego miesiąca",
                                                "a deferral has one new deadline, or one for each month")))
        expected = self.total_arrears + (self.prolongation_fee or Decimal("0.00"))
        planned = sum((i.amount for i in self.schedule), Decimal("0.00"))
        if self.schedule and planned != expected:
            out.append(FieldError("schedule", t("raty sumują się do {planned}, a zaległość z opłatą to {expected}",
                                                "the instalments add up to {planned} while the arrears with the fee "
                                                "are {expected}")(planned=planned, expected=expected)))
        dues = [i.due for i in self.schedule]
        if dues != sorted(dues) or any(d <= self.application_date for d in dues):
            out.append(FieldError("schedule", t("terminy rat muszą rosnąć i być późniejsze niż data wniosku",
                                                "instalment dates must increase and follow the application date")))
        return out

    # -- XML ---------------------------------------------------------------------------------------
    def to_xml(self) -> bytes:
        root = etree.Element(_q("WniosekUlga"), nsmap={None: RELIEF_NS}, wersja="1")

        def add(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
            el = etree.SubElement(parent, _q(name), attrib=attrs)
            if text is not None:
                el.text = text
            return el

        add(root, "Identyfikator", self.id)
        add(root, "DataWniosku", self.application_date.isoformat())
        add(root, "Rodzaj", self.kind)
        payer = add(root, "Platnik")
        add(payer, "NIP", self.payer_nip)
        if self.payer_regon:
            add(payer, "REGON", self.payer_regon)
        if self.payer_pesel:
            add(payer, "PESEL", self.payer_pesel)
        add(payer, "Nazwa", self.payer_name)
        if self.payer_address:
            add(payer, "Adres", self.payer_address)
        arrears = add(root, "Zaleglosci")
        for a in self.arrears:
            add(arrears, "Okres", okres=a.period, kwota=str(a.amount))
        add(arrears, "Razem", str(self.total_arrears))
        schedule = add(root, "Harmonogram")
        for n, i in enumerate(self.schedule, start=1):
            add(schedule, "Rata", nr=str(n), termin=i.due.isoformat(), kwota=str(i.amount))
        if self.prolongation_fee is not None:
            add(root, "OplataProlongacyjna", str(self.prolongation_fee))
        add(root, "Uzasadnienie", self.justification)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def is_relief(data: bytes) -> bool:
    """A cheap test before parsing: does the document declare the relief namespace near its start?"""
    return RELIEF_NS.encode("ascii") in data[:4096]


_schema: list[etree.XMLSchema] = []
_schema_lock = threading.Lock()


def _xsd() -> etree.XMLSchema:
    with _schema_lock:
        if not _schema:
            _schema.append(etree.XMLSchema(xmlsafe.parse_bytes(SCHEMA.read_bytes())))
        return _schema[0]


def validate(data: bytes) -> list[str]:
    """Schema problems of an application document (signed or not); empty when valid."""
    root = xmlsafe.parse_bytes(data)
    schema = _xsd()
    if schema.validate(root):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log][:50]


def read(data: bytes) -> ReliefApplication:
    """Parse an application document (checked against its schema first)."""
    problems = validate(data)
    if problems:
        raise UserFacingError(NOT_VALID(detail="; ".join(problems[:5])))
    root = xmlsafe.parse_bytes(data)

    def text(path: str) -> str:
        el = root.find(path, NS)
        return (el.text or "").strip() if el is not None else ""

    fee = text("w:OplataProlongacyjna")
    return ReliefApplication(
        payer_nip=text("w:Platnik/w:NIP"), payer_name=text("w:Platnik/w:Nazwa"), kind=text("w:Rodzaj"),
        arrears=tuple(ArrearsMonth(o.get("okres", ""), Decimal(o.get("kwota", "0")))
                      for o in root.findall("w:Zaleglosci/w:Okres", NS)),
        schedule=tuple(Instalment(dt.date.fromisoformat(r.get("termin", "")), Decimal(r.get("kwota", "0")))
                       for r in root.findall("w:Harmonogram/w:Rata", NS)),
        justification=text("w:Uzasadnienie"), application_date=dt.date.fromisoformat(text("w:DataWniosku")),
        payer_regon=text("w:Platnik/w:REGON"), payer_pesel=text("w:Platnik/w:PESEL"),
        payer_address=text("w:Platnik/w:Adres"), prolongation_fee=Decimal(fee) if fee else None,
        id=text("w:Identyfikator"))
