"""Conversion of KEDU blocks (XML elements) into the document model, with located type errors.

Used by ``kedu_reader`` block by block while a file streams. Fields the model locates with
``kf(block, field)`` are filled generically; titles, periods, work time, health data and addresses
have their own converters.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Hashable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from lxml import etree

from .. import xmlsafe
from ..i18n import Text, t
from ..period import Period
from . import kedu_schema
from .model import (
    Address,
    Document,
    DraDocument,
    InsuranceTitle,
    PersonIdentity,
    RcaBlock,
    RcaDocument,
    RsaBlock,
    RsaDocument,
    SelfEmployedHealth,
    WorkTime,
    ZiuaDocument,
    ZuaDocument,
    ZwuaDocument,
    ZzaDocument,
)

STATEMENT_BLOCK = {"DRA": "XIII", "RCA": "IV", "RSA": "XI", "ZUA": "XIV", "ZZA": "XI",
                   "ZWUA": "VI", "ZIUA": "V"}
#: KEDU 4.0 (Płatnik 9) put the statement date elsewhere: DRA XI (5.x: XIII, XI is health by tax form)
#: and RCA V (5.x: IV) — kedu-format.md §7, §8.1; its RCA blocks have no total (III.B p29).
STATEMENT_BLOCK_4 = {**STATEMENT_BLOCK, "DRA": "XI", "RCA": "V"}
_MONEY_RE = re.compile(r"^\d{1,13}(\.\d{1,2})?$")


class KeduReadError(xmlsafe.XmlError):
    """The file is XML but not a readable KEDU document; names line/document/block/field."""

    def __init__(self, message: Any, *, line: int | None = None, document: str = "",
                 block: str = "", field: str = "") -> None:
        super().__init__(message, hint=t("Popraw plik w programie, który go utworzył, i zaimportuj "
                                         "go ponownie; nic nie zostało zapisane.",
                                         "Correct the file in the program that produced it and "
                                         "import it again; nothing was saved."), line=line)
        self.document, self.block, self.field = document, block, field


def _fmt(template: Text, **params: Any) -> Text:
    """Fill a bilingual template whose parameters may themselves be bilingual."""
    def side(lang: str) -> dict[str, Any]:
        return {k: (v.render(lang) if isinstance(v, (Text, kedu_schema.SchemaProblem)) else v)
                for k, v in params.items()}
    return Text(template.pl.format(**side("pl")), template.en.format(**side("en")))


def _local(elem: etree._Element) -> str:
    tag = elem.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(elem: etree._Element) -> dict[str, etree._Element]:
    return {_local(c): c for c in elem if isinstance(c.tag, str)}


_SKIP_TYPES = ("Title", "WorkTime", "Period", "list", "Health", "Address")


@functools.cache
def _simple_fields(cls: type, block_key: str) -> tuple[tuple[str, str, str], ...]:
    """(field, attribute, annotation) of the simple-typed model fields located in ``block_key``."""
    out = []
    for f in dataclasses.fields(cls):
        loc = f.metadata.get("kedu")
        if loc and loc[0] == block_key and not any(s in str(f.type) for s in _SKIP_TYPES):
            out.append((loc[1], f.name, str(f.type)))
    return tuple(out)


class _Conv:
    """Typed value conversion with located errors."""

    def __init__(self, kind: str, version: str = "") -> None:
        self.kind = kind
        self.version = version
        self.dropped: list[str] = []  # blocks read but not carried (annual settlement XII / III.F)
        self.converted: list[str] = []  # fields the program filled because the file's version lacks them

    @property
    def statement_blocks(self) -> dict[str, str]:
        return STATEMENT_BLOCK_4 if self.version.startswith("4") else STATEMENT_BLOCK

    def fail(self, elem: etree._Element, what: Any) -> KeduReadError:
        doc, block, fld, _ = kedu_schema.element_location(elem)
        where = "/".join(x for x in (doc or self.kind, block, fld) if x)
        return KeduReadError(
            _fmt(t("Błędna wartość „{value}” w {where} (wiersz {line}): oczekiwano {what}.",
                   "Invalid value '{value}' in {where} (line {line}): expected {what}."),
                 value=(elem.text or "").strip(), where=where, line=elem.sourceline, what=what),
            line=elem.sourceline, document=doc or self.kind, block=block, field=fld)

    def value(self, elem: etree._Element, typ: str) -> Any:
        text = (elem.text or "").strip()
        try:
            if "Decimal" in typ:
                if not _MONEY_RE.match(text):
                    raise ValueError(text)
                return Decimal(text).quantize(Decimal("0.01"))
            if "bool" in typ:
                if text not in ("true", "false", "1", "0"):
                    raise ValueError(text)
                return text in ("true", "1")
            if "date" in typ:
                return date.fromisoformat(text)
            if "int" in typ:
                return int(text)
            return text
        except (ValueError, InvalidOperation):
            what = {"Decimal": t("kwoty w formacie 1234.56", "an amount like 1234.56"),
                    "bool": t("true/false", "true/false"),
                    "date": t("daty RRRR-MM-DD", "a date YYYY-MM-DD"),
                    "int": t("liczby całkowitej", "a whole number")}
            key = next((k for k in what if k in typ), "int")
            raise self.fail(elem, what[key]) from None

    def fill(self, obj: Any, elem: etree._Element, block_key: str) -> None:
        """Set every simple field of ``obj`` located in ``block_key`` from the children of elem."""
        kids = _children(elem)
        for pole, name, typ in _simple_fields(cast(Hashable, type(obj)), block_key):
            if pole in kids:
                setattr(obj, name, self.value(kids[pole], typ))

    def title(self, elem: etree._Element | None) -> InsuranceTitle:
        if elem is None:
            return InsuranceTitle()
        k = _children(elem)
        code = (k["p1"].text or "").strip() if "p1" in k else ""
        if not re.fullmatch(r"\d{4}", code):
            raise self.fail(k.get("p1", elem), t("kodu tytułu ubezpieczenia (4 cyfry)",
                                                "an insurance-title code (4 digits)"))
        return InsuranceTitle(code, (k["p2"].text or "0").strip() if "p2" in k else "0",
                              (k["p3"].text or "0").strip() if "p3" in k else "0")

    def ident(self, elem: etree._Element) -> tuple[str, Period]:
        k = _children(elem)
        number = (k["p1"].text or "").strip() if "p1" in k else "01"
        try:
            period = Period.parse((k["p2"].text or "").strip())
        except Exception:  # noqa: BLE001 - Period raises a UserFacingError; re-locate it
            raise self.fail(k.get("p2", elem), t("miesiąca RRRR-MM", "a month YYYY-MM")) from None
        return number, period

    def health(self, elem: etree._Element) -> SelfEmployedHealth | None:
        k = _children(elem)
        for form, names in (("skala", ("p1", "p2", "p3", "p4")), ("liniowy", ("p5", "p6", "p7", "p8")),
                            ("ryczalt", ("p12", "p13", "p16", "p17"))):
            if names[0] in k and self.value(k[names[0]], "bool"):
                vals = [self.value(k[n], "Decimal") if n in k else Decimal("0.00") for n in names[1:]]
                return SelfEmployedHealth(form, *vals)
        return None

    def person_report(self, elem: etree._Element) -> PersonIdentity:
        k = _children(elem)
        txt = {n: (k[n].text or "").strip() for n in ("p1", "p2", "p3", "p4") if n in k}
        p = PersonIdentity(last_name=txt.get("p1", ""), first_name=txt.get("p2", ""))
        if txt.get("p3", "P") == "P":
            p.pesel = txt.get("p4", "")
        else:
            p.document_type, p.document_number = txt.get("p3", ""), txt.get("p4", "")
        return p


def _read_block(conv: _Conv, doc: Document, name: str, elem: etree._Element) -> None:
    """Apply one top-level block of a document to the model."""
    kind = doc.kind
    if name == "II":
        conv.fill(doc.payer, elem, "II")
    elif name == conv.statement_blocks.get(kind):
        k = _children(elem)
        if "p1" in k:
            doc.filled_date = conv.value(k["p1"], "date")
    elif isinstance(doc, DraDocument):
        _read_dra_block(conv, doc, name, elem)
    elif isinstance(doc, (RcaDocument, RsaDocument)):
        if name == "I":
            k = _children(elem)
            if "p1" in k:
                doc.number, doc.period = conv.ident(k["p1"])
        elif name == "III":
            _read_report_block(conv, doc, elem)
    elif isinstance(doc, (ZuaDocument, ZzaDocument, ZwuaDocument, ZiuaDocument)):
        _read_registration_block(conv, doc, name, elem)


def _read_dra_block(conv: _Conv, doc: DraDocument, name: str, elem: etree._Element) -> None:
    k = _children(elem)
    if name == "I":
        if "p1" in k:
            doc.deadline_code = (k["p1"].text or "").strip()
        if "p2" in k:
            doc.number, doc.period = conv.ident(k["p2"])
    elif name == "X":
        conv.fill(doc, elem, "X")
        if "p1" in k:
            doc.self_title = conv.title(k["p1"])
    elif name == "XI":
        doc.self_health = conv.health(elem)
    elif name in ("III", "IV", "V", "VI", "VII", "VIII", "IX"):
        conv.fill(doc, elem, name)
        if name in ("IV", "V", "VI"):
            _keep_extra(conv, doc.extra, name, elem, {p for p, _, _ in _simple_fields(DraDocument, name)})
        elif name in ("VII", "VIII", "IX"):  # e.g. KEDU 4.0's VII p4–p7: reported, not carried
            known = {p for p, _, _ in _simple_fields(DraDocument, name)}
            for pole, child in k.items():
                if pole not in known and re.fullmatch(r"p\d+", pole) and (child.text or "").strip() not in (
                        "", "0", "0.00"):
                    conv.dropped.append(f"DRA {name}/{pole}")
        for pole in ("VI/p5", "VI/p7"):  # normally repeat p2, which the model holds
            if name == "VI" and doc.extra.get(pole) == doc.health_total:
                del doc.extra[pole]
    elif re.fullmatch(r"[IVX]+", name):
        conv.dropped.append(f"DRA {name}")


def _keep_extra(conv: _Conv, extra: dict[str, Decimal], prefix: str, elem: etree._Element,
                known: set[str]) -> None:
    """Amounts the model does not name: kept so a re-written file carries them unchanged."""
    for pole, child in _children(elem).items():
        if pole not in known and re.fullmatch(r"p\d+", pole):
            value = conv.value(child, "Decimal")
            if value:
                extra[f"{prefix}/{pole}"] = value


def _read_report_block(conv: _Conv, doc: RcaDocument | RsaDocument, elem: etree._Element) -> None:
    try:
        block_id = int((elem.get("id_bloku") or str(len(doc.blocks) + 1)).strip())
    except ValueError:
        raise conv.fail(elem, t("numeru bloku id_bloku", "an id_bloku number")) from None
    k = _children(elem)
    person = conv.person_report(k["A"]) if "A" in k else PersonIdentity()
    b = k.get("B")
    if isinstance(doc, RsaDocument):
        block = RsaBlock(block_id=block_id, person=person)
        if b is not None:
            conv.fill(block.item, b, "III.B")
            block.item.title = conv.title(_children(b).get("p1"))
        doc.blocks.append(block)
        return
    rca = RcaBlock(block_id=block_id, person=person)
    if b is not None:
        conv.fill(rca, b, "III.B")
        kb = _children(b)
        if "p29" not in kb:  # KEDU 4.0 has no block total: the sum of the eight contributions
            rca.social_total = (rca.pension_insured + rca.disability_insured + rca.sickness_insured
                                + rca.accident_insured + rca.pension_payer + rca.disability_payer
                                + rca.sickness_payer + rca.accident_payer)
            conv.converted.append("RCA III.B p29")
        _keep_extra(conv, rca.extra, "B", b, {p for p, _, _ in _simple_fields(RcaBlock, "III.B")} | {"p1", "p2", "p3"})
        rca.title = conv.title(kb.get("p1"))
        if "p3" in kb:
            wt = _children(kb["p3"])
            rca.work_time = WorkTime(conv.value(wt["p1"], "int") if "p1" in wt else 1,
                                     conv.value(wt["p2"], "int") if "p2" in wt else 1)
        else:  # no working time given (a contractor's block)
            rca.work_time = WorkTime(0, 0)
    if "C" in k:
        conv.fill(rca, k["C"], "III.C")
    if "D" in k:
        kd = _children(k["D"])
        rca.benefits = [conv.value(kd[n], "Decimal") if n in kd else Decimal("0.00")
                        for n in ("p1", "p2", "p3", "p4")]
    if "E" in k:
        rca.health_data = conv.health(k["E"])
    if "F" in k:
        conv.dropped.append("RCA III.F")
    doc.blocks.append(rca)


def _address(conv: _Conv, elem: etree._Element) -> Address:
    k = _children(elem)
    vals = [(k[f"p{n}"].text or "").strip() if f"p{n}" in k else "" for n in range(1, 8)]
    return Address(*vals)


def _read_registration_block(conv: _Conv, doc: Document, name: str, elem: etree._Element) -> None:
    k = _children(elem)
    if isinstance(doc, ZiuaDocument):
        if name in ("III", "IV"):
            conv.fill(doc.old if name == "III" else doc.new, elem, "III")
        return
    if name == "III":
        conv.fill(doc.person, elem, "III")  # type: ignore[attr-defined]
        return
    title_block = "IV" if isinstance(doc, ZwuaDocument) else "V"
    if name == title_block and "p1" in k:
        doc.title = conv.title(k["p1"])  # type: ignore[attr-defined]
    address_block = {"ZUA": "XI", "ZZA": "VIII"}.get(doc.kind)
    if name == address_block:
        doc.address = _address(conv, elem)  # type: ignore[attr-defined]
        return
    conv.fill(doc, elem, name)
