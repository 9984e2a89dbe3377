"""Read KEDU files (5.7, 5.6, older 5.x and 4.0 namespaces) into the document model, streaming.

The file is parsed block by block through the hardened parser: each block is converted as soon as
it is complete and then freed, so a report with 10 000 RCA blocks needs memory only for the model.
Files in a namespace with a packaged schema (5.6, 5.7, or the user's official XSD) are validated
while they stream; older 5.x files are read by element names, which these documents share, with
every value type-checked (``kedu_blocks``); KEDU 4.0's few differences are converted (``converted``) and
what does not map is reported (``dropped``, ``skipped``). Any problem stops the whole read (an import is
all-or-nothing) with a message that names the line, the document, the block and the field.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from .. import xmlsafe
from ..i18n import t
from . import kedu_schema
from .kedu_blocks import (  # noqa: F401 - KeduReadError and STATEMENT_BLOCK are part of this API
    STATEMENT_BLOCK,
    KeduReadError,
    _children,
    _Conv,
    _fmt,
    _local,
    _read_block,
)
from .model import (
    DOCUMENT_TYPES,
    Document,
    DocumentSet,
    PayerIdentity,
    SetKind,
)


@dataclass
class KeduFile:
    """What a KEDU file holds."""
    namespace: str = ""
    version: str = ""
    program: str = ""
    documents: list[Document] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # unsupported forms: count
    dropped: dict[str, int] = field(default_factory=dict)  # blocks not carried, e.g. "DRA XII": count
    converted: dict[str, int] = field(default_factory=dict)  # filled by the program, e.g. "RCA III.B p29"
    signed: bool = False
    validated: bool = False  # True when checked against an official schema while reading


def _open(source: str | os.PathLike[str] | bytes | IO[bytes]) -> Any:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def _sniff_namespace(source: Any, max_bytes: int | None) -> str:
    for _event, elem in xmlsafe.iterparse(_open(source), events=("start",), max_bytes=max_bytes):
        return etree.QName(elem).namespace or ""
    return ""


def _stream(source: Any, schema: etree.XMLSchema | None,
            max_bytes: int | None) -> Iterator[tuple[str, etree._Element, int]]:
    depth = 0
    for event, elem in xmlsafe.iterparse(_open(source), events=("start", "end"),
                                         max_bytes=max_bytes, schema=schema):
        if event == "start":
            depth += 1
            yield event, elem, depth
        else:
            yield event, elem, depth
            depth -= 1


def read(source: str | os.PathLike[str] | bytes | IO[bytes], *, official: str | Path | None = None,
         max_bytes: int | None = None, validate: bool = True) -> KeduFile:
    """Read a KEDU file (path, bytes or a binary stream) into ``KeduFile``; raises
    ``xmlsafe.XmlError`` (incl. ``KeduReadError``) for anything unreadable or invalid.
    ``validate=False`` skips the schema (for the program's own stored files, validated elsewhere).

    A signed file is read only through its signature: its signature must verify, and the documents
    are read from the canonical content it covers (``eplatnik/signed_xml.py``) — never from the bytes
    around it (a comment inside a name, an unsigned document hidden in ``ds:Signature``)."""
    if hasattr(source, "read"):
        source = source.read()  # a stream is read once for the namespace sniff and once to parse
    if isinstance(source, bytes) and _DS_MARK in source:
        signed = _read_signed(source, official, max_bytes, validate)
        if signed is not None:
            return signed
    result = _read_stream(source, official, max_bytes, validate)
    if result.signed:  # a signature the quick look missed (e.g. a UTF-16 file, or a path)
        data = source if isinstance(source, bytes) else xmlsafe.read_limited(source, max_bytes=max_bytes)
        signed = _read_signed(data, official, max_bytes, validate)
        if signed is None:
            raise KeduReadError(t("Nie można ustalić, co obejmuje podpis dokumentu.",
                                  "Cannot tell what the document's signature covers."))
        return signed
    return result


_DS_MARK = kedu_schema.NS_DSIG.encode("ascii")


def _read_signed(data: bytes, official: str | Path | None, max_bytes: int | None,
                 validate: bool) -> KeduFile | None:
    """The file read from what its signature covers; None when it carries no signature at all."""
    from .. import signed_xml

    root = xmlsafe.parse_bytes(data, max_bytes=max_bytes)
    if not signed_xml.has_signature(root):
        return None
    content = signed_xml.read_signed(data, root=root).content
    del root
    result = _read_stream(content, official, max_bytes, validate)
    if result.signed:  # the covered content cannot hold a signature: the enveloped one is removed
        raise signed_xml.SignedContentError(signed_xml.NOT_READABLE(problem=signed_xml.P_MANY(n=2)),
                                            hint=signed_xml.NOT_READABLE_HINT)
    result.signed = True
    return result


def _read_stream(source: str | os.PathLike[str] | bytes, official: str | Path | None, max_bytes: int | None,
                 validate: bool) -> KeduFile:
    namespace = _sniff_namespace(source, max_bytes)
    version = kedu_schema.version_of(namespace)
    if version is None:
        raise KeduReadError(
            t("To nie jest plik KEDU 4 ani 5.x: przestrzeń nazw „{ns}” nie jest znana.",
              "This is not a KEDU 4 or 5.x file: the namespace '{ns}' is unknown.")(ns=namespace or "-"),
            line=1)
    schema = kedu_schema.schema_for(namespace, official) if validate else None
    result = KeduFile(namespace=namespace, version=version, validated=schema is not None)
    conv: _Conv | None = None
    doc: Document | None = None
    doc_depth = 0
    try:
        for event, elem, depth in _stream(source, schema, max_bytes):
            name = _local(elem)
            if event == "start":
                if depth == 1 and name != "KEDU":
                    raise KeduReadError(t("Element główny to „{name}”, a nie KEDU.",
                                          "The root element is '{name}', not KEDU.")(name=name),
                                        line=elem.sourceline)
                if doc is None and name.startswith("ZUS") and depth >= 2:
                    cls = DOCUMENT_TYPES.get(name[3:])
                    if cls is None:
                        result.skipped[name[3:]] = result.skipped.get(name[3:], 0) + 1
                    else:
                        doc, doc_depth, conv = cls(), depth, _Conv(name[3:], version)
                continue
            if doc is not None and conv is not None and depth == doc_depth + 1:
                _read_block(conv, doc, name, elem)
                _free(elem)
            elif doc is not None and depth == doc_depth:
                result.documents.append(doc)
                for block in conv.dropped if conv is not None else ():
                    result.dropped[block] = result.dropped.get(block, 0) + 1
                for what in conv.converted if conv is not None else ():
                    result.converted[what] = result.converted.get(what, 0) + 1
                doc = None
                _free(elem)
            elif depth == 3 and name == "program" and elem.getparent() is not None:
                k = _children(elem)
                result.program = " ".join((c.text or "").strip() for c in k.values())
            elif name == "Signature" and etree.QName(elem).namespace == kedu_schema.NS_DSIG:
                result.signed = True
                _free(elem)
            elif depth == 2:
                _free(elem)
    except xmlsafe.XmlSyntaxError as exc:
        if not exc.schema_violation:
            raise
        raise _schema_error(source, namespace, official, max_bytes) from None
    for n, d in enumerate(result.documents, 1):
        d.doc_id = n
    return result


_FULL_VALIDATION_LIMIT = 64 * 1024 * 1024


def _schema_error(source: Any, namespace: str, official: str | Path | None,
                  max_bytes: int | None) -> KeduReadError:
    """Streaming validation stops at the first violation without a line number; re-validate the
    whole document (when it is of a reasonable size) to name the line and the field."""
    if isinstance(source, bytes):
        data = source
    else:
        size = Path(source).stat().st_size
        data = xmlsafe.read_limited(source) if size <= _FULL_VALIDATION_LIMIT else b""
    problems = kedu_schema.validate_bytes(data, official) if data else []
    if not problems:
        return KeduReadError(t("Plik nie jest zgodny ze schematem KEDU {ns}.",
                               "The file does not match the KEDU schema {ns}.")(ns=namespace))
    first = problems[0]
    more = len(problems) - 1
    return KeduReadError(
        _fmt(t("Plik nie jest zgodny ze schematem KEDU: {problem}{more}",
               "The file does not match the KEDU schema: {problem}{more}"),
             problem=first, more=f" (+{more})" if more else ""),
        line=first.line, document=first.document, block=first.block, field=first.field)


def _free(elem: etree._Element) -> None:
    """Release a processed element and its already-processed previous siblings."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def payer_key(p: PayerIdentity) -> str:
    return p.nip or p.pesel or p.document_number or p.short_name


def group_sets(kfile: KeduFile) -> list[DocumentSet]:
    """Split a file's documents into sets: one monthly set per payer, period and declaration
    number; one registration set per payer for ZUA/ZZA/ZWUA/ZIUA."""
    sets: dict[tuple[str, str, str], DocumentSet] = {}
    for doc in kfile.documents:
        key_payer = payer_key(doc.payer)
        if doc.kind in ("DRA", "RCA", "RSA"):
            period = doc.period  # type: ignore[attr-defined]
            key = (key_payer, str(period), doc.number)  # type: ignore[attr-defined]
            ds = sets.setdefault(key, DocumentSet(payer=doc.payer, period=period,
                                                  kind=SetKind.MONTHLY,
                                                  number=doc.number))  # type: ignore[attr-defined]
        else:
            ds = sets.setdefault((key_payer, "", ""), DocumentSet(payer=doc.payer,
                                                                  kind=SetKind.REGISTRATION))
        ds.documents.append(doc)
    for ds in sets.values():
        order = {"DRA": 0, "RCA": 1, "RSA": 2}
        ds.documents.sort(key=lambda d: order.get(d.kind, 3))
        if ds.dra is None and ds.kind is SetKind.MONTHLY:
            ds.payer = ds.documents[0].payer
    return list(sets.values())
