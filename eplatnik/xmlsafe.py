"""The one hardened XML parser of the project: every XML the program reads goes through here.

Protections (the same for whole-document and streaming parsing):
- any DOCTYPE is rejected before libxml2 sees the document (no DTD, no entity declarations, so no
  external entities and no entity-expansion bombs); a KEDU file never has a DOCTYPE;
- entities are never resolved, DTDs never loaded, no network access, ``huge_tree`` off;
- a size limit (``MAX_XML_BYTES``) checked before reading a file and while streaming one.

Malformed input raises ``XmlSyntaxError`` (names the line); hostile input raises ``UnsafeXml``.
Both are ``UserFacingError``s with a Polish/English message and are subclasses of ``XmlError``.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from .errors import UserFacingError
from .i18n import t

#: Held while an XML Schema is compiled (lxml/libxml2 resolve a schema's imports through process-wide
#: state: two compilations at once could fail to resolve an import, or never finish). Every place that
#: compiles a schema — the KEDU schemas, signxml's XAdES schemas — takes it.
SCHEMA_LOCK = threading.RLock()

MAX_XML_BYTES = 256 * 1024 * 1024  # a KEDU with 10 000 RCA blocks is ~20 MB; 256 MB leaves room
_PROLOG_SCAN = 64 * 1024  # the DOCTYPE, if any, sits before the root element, near the start

_PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
    "huge_tree": False, "attribute_defaults": False,
}


class XmlError(UserFacingError):
    """Unreadable or refused XML; ``line`` is the 1-based line when known."""

    exit_code = 2

    def __init__(self, message: Any, *, hint: Any = None, line: int | None = None) -> None:
        super().__init__(message, hint=hint)
        self.line = line


class XmlSyntaxError(XmlError):
    """The file is not well-formed XML (truncated, wrong encoding, garbage), or — when
    ``schema_violation`` is set — it broke the schema given to ``iterparse``."""

    schema_violation = False


class UnsafeXml(XmlError):
    """The file uses XML features refused for safety (DOCTYPE, entities) or is too large."""


_HINT_HOSTILE = t("Plik nie pochodzi z programu do rozliczeń ZUS albo został zmieniony; "
                  "poproś nadawcę o ponowne wygenerowanie pliku KEDU.",
                  "The file was not produced by ZUS payroll software or has been altered; "
                  "ask the sender to generate the KEDU file again.")
_HINT_BROKEN = t("Sprawdź, czy plik został skopiowany w całości, i wygeneruj go ponownie.",
                 "Check that the whole file was copied, and generate it again.")


def safe_parser(**overrides: Any) -> etree.XMLParser:
    """A new lxml parser with the protections on (parsers are not thread-safe: one per use)."""
    options = dict(_PARSER_OPTIONS)
    for key in ("resolve_entities", "no_network", "load_dtd", "dtd_validation", "huge_tree"):
        if key in overrides:
            raise ValueError(f"{key} cannot be overridden in a safe parser")
    options.update(overrides)
    return etree.XMLParser(**options)


def _too_large(size: int, limit: int) -> UnsafeXml:
    return UnsafeXml(
        t("Plik XML jest za duży ({size} MB; limit {limit} MB).",
          "The XML file is too large ({size} MB; the limit is {limit} MB).")(
            size=size // (1024 * 1024), limit=limit // (1024 * 1024)),
        hint=t("Podziel plik na mniejsze albo sprawdź, czy to właściwy plik.",
               "Split the file or check that it is the right file."))


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
         (b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))
_DOCTYPE_RE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_prolog(head: bytes) -> None:
    """Refuse a DOCTYPE/ENTITY declaration in the first bytes of a document (before the root)."""
    encoding = "latin-1"  # every ASCII-compatible encoding keeps "<!DOCTYPE" as these bytes
    for bom, enc in _BOMS:
        if head.startswith(bom):
            encoding = enc
            break
    text = head.decode(encoding, errors="replace")
    m = _DOCTYPE_RE.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise UnsafeXml(
            t("Plik XML zawiera deklarację {what} (wiersz {line}); takich plików program nie "
              "otwiera ze względów bezpieczeństwa.",
              "The XML file contains a {what} declaration (line {line}); such files are refused "
              "for safety.")(what=m.group(1).upper(), line=line),
            hint=_HINT_HOSTILE, line=line)


def _syntax_error(exc: etree.XMLSyntaxError) -> XmlSyntaxError | UnsafeXml:
    line = exc.lineno if getattr(exc, "lineno", None) else None
    detail = (exc.msg or str(exc)).strip()
    if "entit" in detail.lower() or "doctype" in detail.lower():
        return UnsafeXml(
            t("Plik XML używa encji (wiersz {line}): {detail}",
              "The XML file uses entities (line {line}): {detail}")(line=line or "?", detail=detail),
            hint=_HINT_HOSTILE, line=line)
    err = XmlSyntaxError(
        t("Plik XML jest uszkodzony lub niekompletny (wiersz {line}): {detail}",
          "The XML file is damaged or incomplete (line {line}): {detail}")(
            line=line or "?", detail=detail),
        hint=_HINT_BROKEN, line=line)
    log: Any = getattr(exc, "error_log", None)
    # "SCHEMASV" = a schema violation found while streaming with ``schema=``, not broken XML
    err.schema_violation = bool(log) and log[0].domain_name == "SCHEMASV"
    return err


def _check_tree(root: etree._Element) -> etree._Element:
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnsafeXml(t("Plik XML zawiera deklarację DOCTYPE.", "The XML file contains a DOCTYPE."),
                        hint=_HINT_HOSTILE, line=1)
    return root


def parse_bytes(data: bytes, *, max_bytes: int | None = None, base_url: str | None = None,
                resolvers: Iterable[etree.Resolver] = ()) -> etree._Element:
    """Parse a whole document from bytes; returns the root element.

    ``resolvers`` (lxml ``Resolver``s) serve includes/imports from local copies, e.g. the packaged
    xmldsig schema; anything they do not answer stays unreachable (no network)."""
    limit = max_bytes or MAX_XML_BYTES
    if len(data) > limit:
        raise _too_large(len(data), limit)
    if not data.strip():
        raise XmlSyntaxError(t("Plik XML jest pusty.", "The XML file is empty."), hint=_HINT_BROKEN)
    check_prolog(data[:_PROLOG_SCAN])
    parser = safe_parser()
    for resolver in resolvers:
        parser.resolvers.add(resolver)
    try:
        root = etree.fromstring(data, parser, base_url=base_url)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc) from None
    if root is None:
        raise XmlSyntaxError(t("Plik XML jest pusty.", "The XML file is empty."), hint=_HINT_BROKEN)
    return _check_tree(root)


def read_limited(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """Read a file whose size is checked against the limit first (no huge allocation)."""
    limit = max_bytes or MAX_XML_BYTES
    try:
        size = Path(path).stat().st_size
        if size > limit:
            raise _too_large(size, limit)
        return Path(path).read_bytes()
    except OSError as exc:
        raise XmlSyntaxError(t("Nie można odczytać pliku {path}: {err}",
                               "Cannot read the file {path}: {err}")(path=str(path), err=exc.strerror
                                                                    or str(exc))) from None


def parse_file(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> etree._Element:
    return parse_bytes(read_limited(path, max_bytes=max_bytes), max_bytes=max_bytes)


class _LimitedReader(io.RawIOBase):
    """A file wrapper that fails once more than ``limit`` bytes were read (streams of any size);
    every chunk read is also handed to ``tee`` (the well-formedness witness)."""

    def __init__(self, raw: IO[bytes] | io.RawIOBase, limit: int, tee: Any = None) -> None:
        self._raw, self._limit, self.count, self._tee = raw, limit, 0, tee

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._raw.read(size if size and size > 0 else 65536)
        self.count += len(chunk)
        if self.count > self._limit:
            raise _too_large(self.count, self._limit)
        if chunk and self._tee is not None:
            self._tee(chunk)
        return chunk


class _NoTree:
    """A parser target that builds nothing: only well-formedness is checked (≈4 ms per MB)."""

    def close(self) -> None:
        return None


class _WellFormedness:
    """Fed the same bytes as the streaming parser; raises ``XMLSyntaxError`` for a broken or
    incomplete document (at the chunk that breaks it, or at ``close`` for a truncated one)."""

    def __init__(self) -> None:
        target: Any = _NoTree()
        self._parser = etree.XMLParser(target=target, **_PARSER_OPTIONS)

    def feed(self, chunk: bytes) -> None:
        self._parser.feed(chunk)

    def close(self) -> None:
        self._parser.close()


def iterparse(source: str | os.PathLike[str] | IO[bytes], *, events: Iterable[str] = ("end",),
              tag: Any = None, max_bytes: int | None = None,
              schema: etree.XMLSchema | None = None) -> Iterator[tuple[str, Any]]:
    """Streaming parse with the same protections; yields (event, element) like lxml.iterparse.

    The caller should ``elem.clear()`` processed elements to keep memory flat. With ``schema`` the
    document is validated while it streams (the first violation raises ``XmlSyntaxError``).
    """
    limit = max_bytes or MAX_XML_BYTES
    own = isinstance(source, (str, os.PathLike))
    raw: IO[bytes] = open(source, "rb") if isinstance(source, (str, os.PathLike)) else source  # noqa: SIM115
    try:
        if own:
            size = os.fstat(raw.fileno()).st_size
            if size > limit:
                raise _too_large(size, limit)
        head = raw.read(_PROLOG_SCAN)
        check_prolog(head)
        # lxml (6.1) with ``schema`` and ``resolve_entities=False`` combined recovers from a broken or
        # truncated document without a word: it closes the open elements itself and reports no error
        # (a file cut in half was imported with half its persons). So every byte read is also fed to
        # a second, tree-less parser without a schema, whose verdict on well-formedness is trusted.
        witness = _WellFormedness()
        reader = _LimitedReader(_Chained(head, raw), limit, witness.feed)
        it = etree.iterparse(reader, events=("start", "end"), schema=schema, **_PARSER_OPTIONS)
        wanted = set(events)
        tags = None if tag is None else ({tag} if isinstance(tag, str) else set(tag))
        depth, seen_root, last_line = 0, False, None
        try:
            for event, elem in it:
                if event == "start":
                    depth += 1
                    last_line = elem.sourceline
                    if not seen_root:
                        seen_root = True
                        docinfo = elem.getroottree().docinfo
                        if docinfo.doctype or docinfo.internalDTD is not None:
                            raise UnsafeXml(t("Plik XML zawiera deklarację DOCTYPE.",
                                              "The XML file contains a DOCTYPE."),
                                            hint=_HINT_HOSTILE, line=1)
                if event in wanted and (tags is None or _tag_matches(elem.tag, tags)):
                    yield event, elem
                if event == "end":
                    depth -= 1
            witness.close()
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(exc) from None
        if depth != 0 or not seen_root:
            raise XmlSyntaxError(
                t("Plik XML jest niekompletny: urywa się po wierszu {line} (bajt {count}).",
                  "The XML file is incomplete: it breaks off after line {line} (byte {count}).")(
                    line=last_line or 1, count=reader.count),
                hint=_HINT_BROKEN, line=last_line or 1)
    finally:
        if own:
            raw.close()


def _tag_matches(tag: Any, tags: set[str]) -> bool:
    if not isinstance(tag, str):
        return False
    local = tag.rsplit("}", 1)[-1]
    return tag in tags or "{*}" + local in tags or (local == tag and local in tags)


class _Chained(io.RawIOBase):
    """Already-read head bytes followed by the rest of the stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            n = len(self._head) if size is None or size < 0 else size
            chunk, self._head = self._head[:n], self._head[n:]
            return chunk
        return self._rest.read(size)
