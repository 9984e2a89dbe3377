"""Serialise the document model to KEDU XML (5.7 by default; 5.6 on request for old importers).

Element names are positional (blocks I, II …, fields p1, p2 …) exactly as in the official XSD; the
mapping model field → (block, field) is the one documented in ``model.py``. Amounts are written
with a dot and two decimals. Nothing is validated here: ``kedu_schema`` does that, so a negative or
oversized amount shows up as a located schema finding instead of a crash.

A signature (``ds:Signature``, enveloped XAdES) is appended by the signing area as the last
child of ``KEDU``, which is where the schema allows it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from lxml import etree

from .. import __version__
from .kedu_schema import WRITE_NAMESPACE
from .model import (
    ZERO,
    Address,
    Document,
    DocumentSet,
    DraDocument,
    InsuranceTitle,
    PayerIdentity,
    PersonIdentity,
    RcaBlock,
    RcaDocument,
    RsaBlock,
    RsaDocument,
    SelfEmployedHealth,
    ZiuaDocument,
    ZuaDocument,
    ZwuaDocument,
    ZzaDocument,
)

PRODUCER = "eplatnik"
SYMBOL = "eplatnik"
_CENT = Decimal("0.01")

#: Namespaces this writer can write under (kedu-format.md §2). The content is the same structure in
#: each: the one known difference between 5.6 and 5.7 is type t_RRSR (DRA XII, RCA III.F), which
#: this program does not write. Older versions are for handing a set to ePłatnik or Płatnik, whose
#: import takes KEDU up to 5.4 / 5.5 (forms.handoff).
NAMESPACES_BY_VERSION = {
    "5.4": "http://www.zus.pl/2021/KEDU_5_4",
    "5.5": "http://www.zus.pl/2022/KEDU_5_5",
    "5.6": "http://www.zus.pl/2024/KEDU_5_6",
    "5.7": WRITE_NAMESPACE,
}


def namespace_for(version: str) -> str:
    """The namespace of KEDU ``version`` ("5.4" … "5.7"); KeyError for one this writer cannot write."""
    return NAMESPACES_BY_VERSION[version]


def money(value: Decimal | None) -> str:
    return f"{(value or ZERO).quantize(_CENT, rounding=ROUND_HALF_UP):.2f}"


class _W:
    """Tiny element-builder bound to one namespace."""

    def __init__(self, namespace: str) -> None:
        self.ns = "{" + namespace + "}"

    def el(self, parent: etree._Element, name: str, text: str | None = None,
           **attrs: str) -> etree._Element:
        e = etree.SubElement(parent, self.ns + name, attrs or None)
        if text is not None:
            e.text = text
        return e

    def opt(self, parent: etree._Element, name: str, value: object) -> None:
        """Write a field only when it has a value (empty strings and None are left out)."""
        if value is None or value == "":
            return
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, Decimal):
            text = money(value)
        elif isinstance(value, date):
            text = value.isoformat()
        else:
            text = str(value)
        self.el(parent, name, text)

    def amounts(self, parent: etree._Element, values: dict[int, Decimal | None]) -> None:
        for n in sorted(values):
            self.el(parent, f"p{n}", money(values[n]))

    def title(self, parent: etree._Element, name: str, title: InsuranceTitle) -> None:
        e = self.el(parent, name)
        self.el(e, "p1", title.code)
        self.el(e, "p2", title.pension_right)
        self.el(e, "p3", title.disability)

    def ident(self, parent: etree._Element, name: str, number: str, period: object) -> None:
        e = self.el(parent, name)
        self.el(e, "p1", number)
        self.el(e, "p2", str(period))

    def payer(self, parent: etree._Element, p: PayerIdentity) -> None:
        e = self.el(parent, "II")
        for n, value in enumerate((p.nip, p.regon, p.pesel, p.document_type, p.document_number,
                                   p.short_name, p.last_name, p.first_name, p.birth_date), 1):
            self.opt(e, f"p{n}", value)

    def person_dau(self, parent: etree._Element, name: str, p: PersonIdentity) -> None:
        e = self.el(parent, name)
        for n, value in enumerate((p.pesel, p.nip, p.document_type, p.document_number, p.last_name,
                                   p.first_name, p.birth_date), 1):
            self.opt(e, f"p{n}", value)

    def person_report(self, parent: etree._Element, p: PersonIdentity) -> None:
        a = self.el(parent, "A")
        self.el(a, "p1", p.last_name)
        self.el(a, "p2", p.first_name)
        self.el(a, "p3", p.id_type)
        self.el(a, "p4", p.identifier)

    def health(self, parent: etree._Element, name: str, h: SelfEmployedHealth) -> None:
        names = h.fields()
        if names is None:
            return
        e = self.el(parent, name)
        flag, income, base, contribution = names
        for n in sorted((flag, income, base, contribution), key=lambda s: int(s[1:])):
            value = {flag: True, income: h.income, base: h.base, contribution: h.contribution}[n]
            self.opt(e, n, value)

    def address(self, parent: etree._Element, name: str, a: Address | None) -> None:
        if a is None:
            return
        e = self.el(parent, name)
        for n, value in enumerate((a.postal_code, a.city, a.municipality, a.street, a.house_no,
                                   a.flat_no, a.phone), 1):
            self.opt(e, f"p{n}", value)


def _extra(extra: dict[str, Decimal], block: str) -> dict[int, Decimal | None]:
    """Amounts kept from an imported file for fields the model does not name (see model.extra)."""
    prefix = block + "/p"
    return {int(k[len(prefix):]): v for k, v in extra.items() if k.startswith(prefix)}


def _dra(w: _W, root: etree._Element, d: DraDocument, doc_id: int) -> None:
    e = w.el(root, "ZUSDRA", id_dokumentu=str(doc_id))
    i = w.el(e, "I")
    w.el(i, "p1", d.deadline_code)
    w.ident(i, "p2", d.number, d.period)
    w.payer(e, d.payer)
    iii = w.el(e, "III")
    w.el(iii, "p1", str(d.insured_count))
    w.el(iii, "p3", money(d.accident_rate))
    iv: dict[int, Decimal | None] = dict.fromkeys(range(1, 37), ZERO)
    iv.update(_extra(d.extra, "IV"))
    iv.update({1: d.pension_total, 2: d.disability_total, 3: d.pd_total, 4: d.pension_insured,
               5: d.disability_insured, 6: d.pd_insured, 7: d.pension_payer, 8: d.disability_payer,
               9: d.pd_payer, 19: d.sickness_total, 20: d.accident_total, 21: d.sa_total,
               22: d.sickness_insured, 23: d.accident_insured, 24: d.sa_insured,
               25: d.sickness_payer, 26: d.accident_payer, 27: d.sa_payer, 37: d.social_total})
    w.amounts(w.el(e, "IV"), iv)
    w.amounts(w.el(e, "V"), {**dict.fromkeys(range(1, 6), ZERO), **_extra(d.extra, "V")})
    w.amounts(w.el(e, "VI"), {1: ZERO, 3: ZERO, 4: ZERO, 5: d.health_total, 6: ZERO, 7: d.health_total,
                              **_extra(d.extra, "VI"), 2: d.health_total})
    w.amounts(w.el(e, "VII"), {1: d.fp, 2: d.fgsp, 3: d.fp_fgsp_total})
    viii = w.el(e, "VIII")
    w.opt(viii, "p1", d.fep_count_a)
    w.opt(viii, "p2", d.fep_count_b)
    w.el(viii, "p3", money(d.fep))
    w.amounts(w.el(e, "IX"), {1: d.refund, 2: d.to_pay})
    if d.self_title is not None:
        x = w.el(e, "X")
        w.title(x, "p1", d.self_title)
        w.amounts(x, {2: d.self_pension_base, 3: d.self_sickness_base, 4: d.self_accident_base,
                      5: d.self_health_base})
    if d.self_health is not None:
        w.health(e, "XI", d.self_health)
    if d.filled_date:
        w.opt(w.el(e, "XIII"), "p1", d.filled_date)


def _rca_block(w: _W, parent: etree._Element, b: RcaBlock) -> None:
    iii = w.el(parent, "III", id_bloku=str(b.block_id))
    w.person_report(iii, b.person)
    bb = w.el(iii, "B")
    w.title(bb, "p1", b.title)
    w.opt(bb, "p2", b.cap_notice)
    if b.work_time.denominator:  # a contractor has no working time: the optional p3 is left out
        wt = w.el(bb, "p3")
        w.el(wt, "p1", str(b.work_time.numerator))
        w.el(wt, "p2", str(b.work_time.denominator))
    w.amounts(bb, {**_extra(b.extra, "B"), 4: b.pension_base, 5: b.sickness_base, 6: b.accident_base,
                   7: b.pension_insured, 8: b.disability_insured, 9: b.sickness_insured,
                   10: b.accident_insured, 11: b.pension_payer, 12: b.disability_payer,
                   13: b.sickness_payer, 14: b.accident_payer, 29: b.social_total})
    w.amounts(w.el(iii, "C"), {1: b.health_base, 2: b.health_payer, 3: b.health_budget,
                               4: b.health_insured, 5: b.health_church})
    if b.benefits:
        w.amounts(w.el(iii, "D"), dict(enumerate(b.benefits[:4], 1)))
    if b.health_data is not None:
        w.health(iii, "E", b.health_data)


def _rsa_block(w: _W, parent: etree._Element, b: RsaBlock) -> None:
    iii = w.el(parent, "III", id_bloku=str(b.block_id))
    w.person_report(iii, b.person)
    bb = w.el(iii, "B")
    w.title(bb, "p1", b.item.title)
    w.el(bb, "p2", b.item.code)
    w.opt(bb, "p3", b.item.date_from)
    w.opt(bb, "p4", b.item.date_to)
    w.opt(bb, "p5", b.item.days)
    w.opt(bb, "p6", b.item.amount)


def _report_head(w: _W, parent: etree._Element, d: RcaDocument | RsaDocument) -> None:
    w.ident(w.el(parent, "I"), "p1", d.number, d.period)
    w.payer(parent, d.payer)


def _report_tail(w: _W, parent: etree._Element, d: RcaDocument | RsaDocument) -> None:
    if d.filled_date:
        w.opt(w.el(parent, "IV" if d.kind == "RCA" else "XI"), "p1", d.filled_date)


def _report(w: _W, root: etree._Element, d: RcaDocument | RsaDocument, doc_id: int) -> None:
    e = w.el(root, "ZUS" + d.kind, id_dokumentu=str(doc_id))
    _report_head(w, e, d)
    block_writer: Callable[[_W, etree._Element, Any], None] = _rca_block if d.kind == "RCA" else _rsa_block
    for b in d.blocks:
        block_writer(w, e, b)
    _report_tail(w, e, d)


def _extra_identity(w: _W, e: etree._Element, d: ZuaDocument | ZzaDocument) -> None:
    if d.second_name or d.family_name or d.citizenship or d.sex:
        iv = w.el(e, "IV")
        for n, value in enumerate((d.second_name, d.family_name, d.citizenship, d.sex), 1):
            w.opt(iv, f"p{n}", value)


def _zua(w: _W, root: etree._Element, d: ZuaDocument, doc_id: int) -> None:
    e = w.el(root, "ZUSZUA", id_dokumentu=str(doc_id))
    w.payer(e, d.payer)
    w.person_dau(e, "III", d.person)
    _extra_identity(w, e, d)
    w.title(w.el(e, "V"), "p1", d.title)
    vi = w.el(e, "VI")
    w.opt(vi, "p1", d.insurance_from)
    for n, flag in enumerate((d.pension, d.disability, d.sickness, d.accident), 2):
        w.opt(vi, f"p{n}", flag)
    if d.health_from or d.nfz:
        vii = w.el(e, "VII")
        w.opt(vii, "p1", d.health_from)
        w.opt(vii, "p2", d.nfz)
    w.address(e, "XI", d.address)
    if d.filled_date:
        w.opt(w.el(e, "XIV"), "p1", d.filled_date)


def _zza(w: _W, root: etree._Element, d: ZzaDocument, doc_id: int) -> None:
    e = w.el(root, "ZUSZZA", id_dokumentu=str(doc_id))
    w.payer(e, d.payer)
    w.person_dau(e, "III", d.person)
    _extra_identity(w, e, d)
    v = w.el(e, "V")
    w.title(v, "p1", d.title)
    w.opt(v, "p2", d.occupation_code)
    if d.health_from or d.nfz:
        vi = w.el(e, "VI")
        w.opt(vi, "p1", d.health_from)
        w.opt(vi, "p2", d.nfz)
    w.address(e, "VIII", d.address)
    if d.filled_date:
        w.opt(w.el(e, "XI"), "p1", d.filled_date)


def _zwua(w: _W, root: etree._Element, d: ZwuaDocument, doc_id: int) -> None:
    e = w.el(root, "ZUSZWUA", id_dokumentu=str(doc_id))
    w.payer(e, d.payer)
    w.person_dau(e, "III", d.person)
    iv = w.el(e, "IV")
    w.title(iv, "p1", d.title)
    w.opt(iv, "p2", d.deregistration_date)  # left out when missing: the verification names it
    w.el(iv, "p3", d.reason_code)
    if d.termination_date or d.termination_code:
        v = w.el(e, "V")
        w.opt(v, "p1", d.termination_date)
        w.opt(v, "p2", d.termination_code)
    if d.filled_date:
        w.opt(w.el(e, "VI"), "p1", d.filled_date)


def _ziua(w: _W, root: etree._Element, d: ZiuaDocument, doc_id: int) -> None:
    e = w.el(root, "ZUSZIUA", id_dokumentu=str(doc_id))
    w.payer(e, d.payer)
    w.person_dau(e, "III", d.old)
    w.person_dau(e, "IV", d.new)
    if d.filled_date:
        w.opt(w.el(e, "V"), "p1", d.filled_date)


_WRITERS: dict[str, Callable[..., None]] = {"DRA": _dra, "RCA": _report, "RSA": _report, "ZUA": _zua,
                                            "ZZA": _zza, "ZWUA": _zwua, "ZIUA": _ziua}


def build_tree(documents: Iterable[Document], *, namespace: str = WRITE_NAMESPACE,
               created: date | None = None) -> etree._Element:
    """The KEDU root element holding ``documents`` (numbered id_dokumentu 1.. in this order)."""
    w = _W(namespace)
    root = etree.Element(w.ns + "KEDU", {"wersja_schematu": "1"}, nsmap={None: namespace})
    _header(w, root, created)
    for doc_id, doc in enumerate(documents, 1):
        _WRITERS[doc.kind](w, root, doc, doc_id)
    return root


def to_bytes(root: etree._Element, *, pretty: bool = True) -> bytes:
    """Serialise a tree from ``build_tree`` (the streaming ``write_documents`` is the usual path)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=pretty)


def _header(w: _W, root: etree._Element, created: date | None) -> None:
    head = w.el(root, "naglowek.KEDU")
    program = w.el(head, "program")
    w.el(program, "producent", PRODUCER)
    w.el(program, "symbol", SYMBOL)
    w.el(program, "wersja", __version__)
    if created:
        w.el(head, "data_utworzenia_KEDU", created.isoformat())


class _Out:
    """Serialises detached elements one by one without repeating the namespace declaration."""

    def __init__(self, stream: IO[bytes], namespace: str, pretty: bool) -> None:
        self.stream, self.pretty = stream, pretty
        self._decl = f' xmlns="{namespace}"'.encode()
        self._nsmap = {None: namespace}
        self._ns = "{" + namespace + "}"

    def holder(self) -> etree._Element:
        return etree.Element(self._ns + "x", nsmap=self._nsmap)

    def children(self, holder: etree._Element) -> None:
        for child in holder:
            data = etree.tostring(child, encoding="UTF-8", xml_declaration=False,
                                  pretty_print=self.pretty)
            head, sep, rest = data.partition(b">")
            self.stream.write(head.replace(self._decl, b"", 1) + sep + rest)

    def raw(self, text: str) -> None:
        self.stream.write(text.encode("utf-8") + (b"\n" if self.pretty else b""))


def write_to(stream: IO[bytes], documents: Iterable[Document], *, namespace: str = WRITE_NAMESPACE,
             created: date | None = None, pretty: bool = True) -> None:
    """Stream the KEDU file to ``stream``: memory stays flat however many RCA blocks there are."""
    w = _W(namespace)
    out = _Out(stream, namespace, pretty)
    stream.write(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    out.raw(f'<KEDU xmlns="{namespace}" wersja_schematu="1">')
    holder = out.holder()
    _header(w, holder, created)
    out.children(holder)
    for doc_id, doc in enumerate(documents, 1):
        holder = out.holder()
        if isinstance(doc, (RcaDocument, RsaDocument)):
            out.raw(f'<ZUS{doc.kind} id_dokumentu="{doc_id}">')
            _report_head(w, holder, doc)
            out.children(holder)
            block_writer: Callable[[_W, etree._Element, Any], None] = (
                _rca_block if doc.kind == "RCA" else _rsa_block)
            for b in doc.blocks:
                holder = out.holder()
                block_writer(w, holder, b)
                out.children(holder)
            holder = out.holder()
            _report_tail(w, holder, doc)
            out.children(holder)
            out.raw(f"</ZUS{doc.kind}>")
        else:
            _WRITERS[doc.kind](w, holder, doc, doc_id)
            out.children(holder)
    out.raw("</KEDU>")


def write_documents(documents: Iterable[Document], *, namespace: str = WRITE_NAMESPACE,
                    created: date | None = None, pretty: bool = True) -> bytes:
    buf = io.BytesIO()
    write_to(buf, documents, namespace=namespace, created=created, pretty=pretty)
    return buf.getvalue()


def write_set(document_set: DocumentSet, *, namespace: str = WRITE_NAMESPACE,
              created: date | None = None, pretty: bool = True) -> bytes:
    """The KEDU file of one set (DRA first, then RCA and RSA, as Płatnik orders them)."""
    return write_documents(document_set.documents, namespace=namespace, created=created,
                           pretty=pretty)
