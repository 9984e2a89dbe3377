"""KEDU versions (namespaces) and offline XML Schema validation with the packaged official XSDs.

The xmldsig import of the KEDU schemas is mapped to the packaged W3C copy by a resolver, so
validation never touches the network. An official XSD chosen by the user (setting
``kedu.official_schema``) is loaded the same way and used for documents in its namespace.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import xmlsafe
from ..errors import UserFacingError
from ..i18n import Text, t
from .schema_messages import translate

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "resources" / "schemas"
XMLDSIG_XSD = SCHEMA_DIR / "xmldsig-core-schema.xsd"
NS_DSIG = "http://www.w3.org/2000/09/xmldsig#"

NS_57 = "http://www.zus.pl/2026/KEDU_5_7"
NS_56 = "http://www.zus.pl/2024/KEDU_5_6"
WRITE_NAMESPACE = NS_57  # the version in force in 2026

# Namespaces of KEDU seen in the wild (kedu-format.md §2): 4.0 (Płatnik 9, http://www.zus.pl/2013/KEDU_4),
# 5.0 (http://www.zus.pl/2018/KEDU_5) and 5.1–5.7 (…/KEDU_5_N). Only 5.6 and 5.7 have a schema here;
# the others are read by element names (the documents this program handles kept them; 4.0 differs in
# a few places, which the reader converts — kedu_blocks.VERSION_4) and are never reported "valid".
KNOWN_NAMESPACES: dict[str, str] = {
    NS_57: "5.7",
    NS_56: "5.6",
    "http://www.zus.pl/2022/KEDU_5_5": "5.5",
    "http://www.zus.pl/2021/KEDU_5_4": "5.4",
    "http://www.zus.pl/2020/KEDU_5_2": "5.2",
    "http://www.zus.pl/2018/KEDU_5": "5.0",
    "http://www.zus.pl/2013/KEDU_4": "4.0",
}
PACKAGED = {NS_57: SCHEMA_DIR / "kedu_5_7.xsd", NS_56: SCHEMA_DIR / "kedu_5_6.xsd"}
_KEDU_RE = re.compile(r"^http://www\.zus\.pl/\d{4}/KEDU_(4|5)(?:_(\d+))?$")


def version_of(namespace: str) -> str | None:
    """"5.7", "5.0", "4.0" … for a KEDU 4 or 5.x namespace (also unseen 5.x ones), else None."""
    if namespace in KNOWN_NAMESPACES:
        return KNOWN_NAMESPACES[namespace]
    m = _KEDU_RE.match(namespace or "")
    return f"{m.group(1)}.{m.group(2) or '0'}" if m else None


def has_schema(namespace: str, official: str | Path | None = None) -> bool:
    """True when documents of ``namespace`` can be checked against an official schema here."""
    return schema_for(namespace, official) is not None


class _LocalResolver(etree.Resolver):
    """Serves the xmldsig import from the packaged copy and includes next to the schema file."""

    def __init__(self, base_dir: Path) -> None:
        super().__init__()
        self._base_dir = base_dir.resolve()

    def resolve(self, url, pubid, context):
        if url and url.endswith("xmldsig-core-schema.xsd"):
            return self.resolve_filename(str(XMLDSIG_XSD), context)
        if url and "://" not in url:
            candidate = Path(url.removeprefix("file:")).resolve()
            if candidate.parent == self._base_dir and candidate.is_file():
                return self.resolve_filename(str(candidate), context)
        return None  # everything else stays unreachable (the parser has no network)


NO_SCHEMA = t("Program nie ma schematu KEDU {version} ({ns}): plik odczytano, ale nie sprawdzono go ze schematem.",
              "The program holds no KEDU {version} schema ({ns}): the file was read but not checked against a "
              "schema.")


def _point_imports_at_local_copies(root: etree._Element) -> None:
    """Point the xmldsig import straight at the packaged copy. The resolver alone is not enough:
    libxml2 asks lxml's resolvers through a per-thread context, and a parse running on another
    thread during the compilation made the lookup miss 1 time in 30 ("QName … Signature does not
    resolve"); a local file name needs no resolver."""
    for imp in root.iter("{http://www.w3.org/2001/XMLSchema}import"):
        location = imp.get("schemaLocation") or ""
        if location.endswith("xmldsig-core-schema.xsd"):
            imp.set("schemaLocation", XMLDSIG_XSD.resolve().as_uri())


class SchemaLoadError(UserFacingError):
    exit_code = 2


def load_schema(path: Path, *, shown: str | None = None) -> tuple[str, etree.XMLSchema]:
    """Load an XSD file (hardened parser, local resolver); returns (targetNamespace, schema). ``shown``:
    the name messages give the file (default: its path)."""
    path = Path(path)
    try:
        with xmlsafe.SCHEMA_LOCK:
            root = xmlsafe.parse_bytes(xmlsafe.read_limited(path), base_url=str(path.resolve()),
                                       resolvers=[_LocalResolver(path.parent)])
            _point_imports_at_local_copies(root)
            return root.get("targetNamespace") or "", etree.XMLSchema(root)
    except (etree.XMLSchemaParseError, xmlsafe.XmlError) as exc:
        raise SchemaLoadError(
            t("Nie można wczytać schematu KEDU {path}: {err}",
              "Cannot load the KEDU schema {path}: {err}")(
                path=shown or str(path), err=str(exc).replace(str(path), shown) if shown else str(exc)),
            hint=t("Wskaż w ustawieniach plik XSD pobrany z BIP ZUS albo wyczyść to ustawienie.",
                   "Point the setting at an XSD file downloaded from ZUS BIP, or clear it.")) from None


NOT_KEDU = t("Plik {name} nie jest schematem KEDU: jego przestrzeń nazw to „{ns}”.",
             "The file {name} is not a KEDU schema: its namespace is '{ns}'.")


def check_official_schema(data: bytes, name: str) -> str:
    """Everything a KEDU schema chosen in Ustawienia must pass before it is stored for the workspace: the
    bytes alone (in an empty folder, so an include of a file beside the original fails here, not later at
    another desk) load as an XML Schema through the hardened parser, and its namespace is a KEDU one.
    Returns the namespace; SchemaLoadError (exit status 2) otherwise."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="eplatnik-xsd-") as folder:
        path = Path(folder) / "schema.xsd"
        path.write_bytes(data)
        namespace, _schema = load_schema(path, shown=name)
    if version_of(namespace) is None:
        raise SchemaLoadError(NOT_KEDU(name=name, ns=namespace or "—"),
                              hint=t("Wybierz plik XSD deklaracji KEDU pobrany z BIP ZUS.",
                                     "Choose the XSD of the KEDU declarations downloaded from ZUS BIP."))
    return namespace


# Each schema is compiled once per process, under ``xmlsafe.SCHEMA_LOCK``: two threads compiling
# the KEDU schema at once (the sandbox's two workers on their first package) failed 1 time in 15
# with "QName … Signature does not resolve" — or spun forever. A compiled schema is read-only and
# shared; only its error log is per object, so ``validate_tree`` holds the schema's own lock while it
# validates and reads the log.
_cache: dict[str, tuple[str, etree.XMLSchema, threading.Lock]] = {}


def schema_for(namespace: str, official: str | Path | None = None) -> etree.XMLSchema | None:
    """The schema to validate documents of ``namespace``: the user's official XSD when it has that
    namespace, else the packaged one; None when no schema is known for the namespace."""
    keys: list[Path] = []
    if official:
        keys.append(Path(official))
    if namespace in PACKAGED:
        keys.append(PACKAGED[namespace])
    for path in keys:
        try:  # a replaced file (a newer official XSD saved over the old one) is loaded again
            stat = path.stat()
            key = f"{path.resolve()}:{stat.st_mtime_ns}:{stat.st_size}"
        except OSError:
            key = str(path)
        target, schema, _lock = _cached(key, path)
        if target == namespace:
            return schema
    return None


def _cached(key: str, path: Path) -> tuple[str, etree.XMLSchema, threading.Lock]:
    found = _cache.get(key)
    if found is None:
        with xmlsafe.SCHEMA_LOCK:
            found = _cache.get(key)
            if found is None:
                found = _cache[key] = (*load_schema(path), threading.Lock())
    return found


def _validation_lock(schema: etree.XMLSchema) -> threading.Lock:
    for _target, cached, lock in list(_cache.values()):
        if cached is schema:
            return lock
    return _FALLBACK_LOCK


_FALLBACK_LOCK = threading.Lock()


@dataclass(frozen=True)
class SchemaProblem:
    """One schema violation, located like ZUS does: document, block, field, plus the file line."""
    line: int | None
    document: str   # "DRA", "RCA" … or "" for the file envelope
    block: str      # "IV", "III.B" …
    field: str      # "p37"
    block_index: int | None  # @id_bloku of a repeated block
    message: Text

    def render(self, lang: str | None = None) -> str:
        where = "/".join(x for x in (self.document, self.block, self.field) if x)
        if self.block_index is not None:
            where += f" [id_bloku={self.block_index}]"
        prefix = f"{where}: " if where else ""
        line = f" ({t('wiersz', 'line').render(lang)} {self.line})" if self.line else ""
        return f"{prefix}{self.message.render(lang)}{line}"


def element_location(elem: etree._Element | None) -> tuple[str, str, str, int | None]:
    """(document, block, field, id_bloku) of an element inside a KEDU tree, e.g. for
    KEDU/ZUSRCA/III[@id_bloku=3]/B/p7 → ("RCA", "III.B", "p7", 3)."""
    names: list[str] = []
    block_index = None
    while elem is not None and isinstance(elem.tag, str):
        names.append(etree.QName(elem).localname)
        if block_index is None and elem.get("id_bloku") is not None:
            try:
                block_index = int((elem.get("id_bloku") or "").strip())
            except ValueError:
                block_index = None
        elem = elem.getparent()
    names.reverse()  # KEDU, ZUSxxx, block, (sub-block), field, (sub-field)
    document = names[1][3:] if len(names) > 1 and names[1].startswith("ZUS") else ""
    rest = names[2:] if document else []
    block = ".".join(n for n in rest if not re.fullmatch(r"p\d+", n))
    fields = "/".join(n for n in rest if re.fullmatch(r"p\d+", n))
    return document, block, fields, block_index


def locate(root: etree._Element, path: str | None) -> tuple[str, str, str, int | None]:
    """Locate a libxml2 error path (positional, e.g. /*/*[3]/*[4]/*[37]) in the tree."""
    if not path or not path.startswith("/"):
        return "", "", "", None
    try:
        found = root.getroottree().xpath(path)
    except etree.XPathError:
        return "", "", "", None
    return element_location(found[0] if found and isinstance(found[0], etree._Element) else None)


def validate_tree(root: etree._Element, official: str | Path | None = None) -> list[SchemaProblem]:
    """Validate a parsed KEDU document; an unknown namespace is itself a problem."""
    namespace = etree.QName(root).namespace or ""
    schema = schema_for(namespace, official)
    if schema is None:
        version = version_of(namespace)
        msg = (NO_SCHEMA if version else
               t("Nieznana przestrzeń nazw „{ns}” — to nie jest plik KEDU 4 ani 5.x.",
                 "Unknown namespace '{ns}' — this is not a KEDU 4 or 5.x file."))
        return [SchemaProblem(root.sourceline, "", "", "", None, msg(version=version, ns=namespace))]
    with _validation_lock(schema):
        if schema.validate(root):
            return []
        entries = list(schema.error_log)
    problems = []
    for entry in entries:
        document, block, fld, index = locate(root, entry.path)
        message = entry.message.replace("{" + namespace + "}", "")
        problems.append(SchemaProblem(entry.line or None, document, block, fld, index, translate(message)))
    return problems


def validate_bytes(data: bytes, official: str | Path | None = None) -> list[SchemaProblem]:
    """Parse (hardened) and validate; raises xmlsafe.XmlError for unreadable/hostile input."""
    return validate_tree(xmlsafe.parse_bytes(data), official)
