"""Reading exactly what was signed: the one mechanism behind every reader of a signed XML document.

An enveloped XAdES signature covers the document's canonical form (C14N 1.0 without comments) minus
the signature itself. Two attacks use the difference between that form and the bytes on disk:

* a comment or processing instruction inside signed text — ``<p6>TECH<!-- x -->BUD SP. Z O.O.</p6>``
  still verifies, but a reader taking the first text node reads "TECH";
* an unsigned document hidden under ``ds:Signature`` (a ``ds:Object`` holding a ZUSDRA) — a reader
  that walks the whole tree reads a document nobody signed.

So a signed document is (1) refused when a comment or processing instruction sits inside its root
element, or when anything under ``ds:Signature`` is not part of the signature itself (SignedInfo,
SignatureValue, KeyInfo, and one ``ds:Object`` holding only the XAdES ``QualifyingProperties``);
then (2) its signature is verified; and (3) only the canonical content the verifier returns for the
whole-document reference is read. ``signed_content`` gives readers (the KEDU reader, the importer,
the outbox, the sandbox) those bytes; ``verify_enveloped`` is shared by the payer-signature check
(``xades.verify_xml``) and the gateway-receipt check (``gateway.receipt_xml``), which differ only in
whom they trust.

It sits in the foundation, beside ``xmlsafe``: it holds no keys and no trust decisions, only the
rule "what is read is what was signed", so every area that reads a signed document (forms' KEDU
reader, the gateway, signing, the sandbox) uses the same code without depending on another area.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from lxml import etree

from . import xmlsafe
from .i18n import Text, t

DS_NS = "http://www.w3.org/2000/09/xmldsig#"
DSIG11_NS = "http://www.w3.org/2009/xmldsig11#"
XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"
XADES141_NS = "http://uri.etsi.org/01903/v1.4.1#"
_DS = f"{{{DS_NS}}}"
#: namespaces an element under ds:Signature may have: the signature's own vocabularies, nothing else
SIGNATURE_NAMESPACES = frozenset({DS_NS, DSIG11_NS, XADES_NS, XADES141_NS})
_SIGNATURE_CHILDREN = ("SignedInfo", "SignatureValue", "KeyInfo", "Object")

P_NOT_SIGNED = t("Dokument nie zawiera podpisu.", "The document carries no signature.")
P_MANY = t("Dokument zawiera {n} podpisy; oczekiwano dokładnie jednego podpisu całego dokumentu.",
           "The document carries {n} signatures; exactly one signature of the whole document was expected.")
P_MISPLACED = t("Podpis nie jest w miejscu wymaganym przez schemat (ostatni element KEDU) — możliwa próba "
                "podmiany treści.", "The signature is not where the schema places it (last element of "
                "KEDU) — possibly an attempt to substitute content.")
P_COMMENT = t("Podpisany dokument zawiera {what} w treści (wiersz {line}); podpis go nie obejmuje, a zmienia on "
              "to, co się odczytuje — dokument odrzucono.",
              "The signed document holds {what} inside its content (line {line}); the signature does not "
              "cover it, yet it changes what is read — the document is refused.")
W_COMMENT = t("komentarz", "a comment")
W_PI = t("instrukcję przetwarzania", "a processing instruction")
P_FOREIGN = t("Podpis zawiera element {name} (wiersz {line}), który nie należy do podpisu XAdES — np. ukryty, "
              "niepodpisany dokument; dokument odrzucono.",
              "The signature holds the element {name} (line {line}), which is not part of a XAdES "
              "signature — e.g. a hidden, unsigned document; the document is refused.")
P_OBJECT = t("Element ds:Object podpisu może zawierać tylko właściwości XAdES (QualifyingProperties), "
             "a zawiera {what} (wiersz {line}); dokument odrzucono.",
             "The signature's ds:Object may hold only the XAdES properties (QualifyingProperties), yet "
             "it holds {what} (line {line}); the document is refused.")
P_CHANGED = t("Treść dokumentu zmieniono po podpisaniu (np. kwotę lub dodany blok).",
              "The document was changed after it was signed (e.g. an amount or an added block).")
P_BAD_SIGNATURE = t("Podpis jest nieprawidłowy (nie pasuje do certyfikatu podpisującego).",
                    "The signature is invalid (it does not match the signer's certificate).")
P_NOT_WHOLE = t("Podpis nie obejmuje całego dokumentu.", "The signature does not cover the whole document.")
P_MALFORMED = t("Podpis ma niepoprawną budowę: {detail}.", "The signature is malformed: {detail}.")
P_CERT_TIME = t("Certyfikat podpisującego nie był ważny w chwili weryfikacji: {detail}.",
                "The signer's certificate was not valid at verification time: {detail}.")
P_NO_CERT = t("Podpis nie zawiera certyfikatu podpisującego.", "The signature carries no signer certificate.")
NOT_READABLE = t("Podpisanego dokumentu nie można odczytać: {problem}",
                 "The signed document cannot be read: {problem}")
NOT_READABLE_HINT = t("Odczytywana jest wyłącznie treść objęta podpisem. Poproś nadawcę o ponowne "
                      "wygenerowanie i podpisanie pliku.",
                      "Only the content the signature covers is read. Ask the sender to generate and sign "
                      "the file again.")


class SignatureProblem(Exception):
    """The signature or the signed document's structure is not acceptable; ``text`` says why."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.render("en"))
        self.text = text


class SignedContentError(xmlsafe.XmlError):
    """A signed document whose signed content cannot be read (refused structure, broken signature)."""


# -- structure -----------------------------------------------------------------------------------
def find_signatures(root: etree._Element) -> list[etree._Element]:
    return root.findall(f".//{_DS}Signature") if root.tag != f"{_DS}Signature" else [root]


def check_structure(root: etree._Element) -> etree._Element:
    """The one ``ds:Signature`` of an enveloped-signed document, or ``SignatureProblem``."""
    signatures = find_signatures(root)
    if not signatures:
        raise SignatureProblem(P_NOT_SIGNED)
    if len(signatures) > 1:
        raise SignatureProblem(P_MANY(n=len(signatures)))
    signature = signatures[0]
    if signature.getparent() is not root:
        raise SignatureProblem(P_MISPLACED)
    for node in root.iter(etree.Comment, etree.ProcessingInstruction):
        what = W_COMMENT if isinstance(node, etree._Comment) else W_PI
        raise SignatureProblem(P_COMMENT(what=what, line=node.sourceline or "?"))
    for element in signature.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace not in SIGNATURE_NAMESPACES:
            raise SignatureProblem(P_FOREIGN(name=etree.QName(element).localname, line=element.sourceline or "?"))
    for child in signature:
        if etree.QName(child).localname not in _SIGNATURE_CHILDREN or etree.QName(child).namespace != DS_NS:
            raise SignatureProblem(P_FOREIGN(name=etree.QName(child).localname, line=child.sourceline or "?"))
    objects = signature.findall(f"{_DS}Object")
    for obj in objects:
        inside = list(obj)
        if (obj.text or "").strip() or any((c.tail or "").strip() for c in inside):
            raise SignatureProblem(P_OBJECT(what=t("tekst", "text"), line=obj.sourceline or "?"))
        if [etree.QName(c).localname for c in inside] != ["QualifyingProperties"]:
            name = next((etree.QName(c).localname for c in inside if etree.QName(c).localname
                         != "QualifyingProperties"), "—") if inside else t("nic", "nothing").render()
            raise SignatureProblem(P_OBJECT(what=name, line=obj.sourceline or "?"))
    if len(objects) > 1:
        raise SignatureProblem(P_OBJECT(what=t("drugi ds:Object", "a second ds:Object"),
                                        line=objects[1].sourceline or "?"))
    return signature


# -- verification --------------------------------------------------------------------------------
_schemas_loaded = threading.Event()


def load_signature_schemas() -> None:
    """Compile signxml's XML-DSig/XAdES schemas once, under the program's schema lock (compiling them
    while another thread compiles the KEDU schema made either fail to resolve its imports)."""
    if _schemas_loaded.is_set():
        return
    from signxml import XMLVerifier
    from signxml.xades import XAdESVerifier

    with xmlsafe.SCHEMA_LOCK:
        XMLVerifier.schemas()
        XAdESVerifier.schemas()
        _schemas_loaded.set()


def signing_time(signature: etree._Element) -> dt.datetime | None:
    node = signature.find(f".//{{{XADES_NS}}}SigningTime")
    if node is None or not node.text:
        return None
    try:
        value = dt.datetime.fromisoformat(node.text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def enveloped_config(at: dt.datetime | None) -> Any:
    from signxml import DigestAlgorithm, SignatureMethod
    from signxml.xades import XAdESSignatureConfiguration

    return XAdESSignatureConfiguration(
        location="./", expect_references=3, verification_time=at,
        signature_methods=frozenset({SignatureMethod.RSA_SHA256, SignatureMethod.ECDSA_SHA256}),
        digest_algorithms=frozenset({DigestAlgorithm.SHA256}))


def verify_enveloped(root: etree._Element, cert: x509.Certificate | str, *,
                     at: dt.datetime | None = None) -> bytes:
    """Verify the enveloped XAdES signature of ``root`` (already structure-checked) with ``cert``;
    returns the canonical bytes of what the whole-document reference covers. Raises
    ``SignatureProblem``; trust in ``cert`` is the caller's business. ``at``: the moment the
    certificate must have been valid (default: the program's clock, never the machine's)."""
    from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidInput, InvalidSignature
    from signxml.xades import XAdESVerifier

    from .clock import default_clock

    at = at or default_clock().now()

    load_signature_schemas()
    signature = root.find(f"{_DS}Signature")
    data_refs = [r for r in signature.findall(f"{_DS}SignedInfo/{_DS}Reference")  # type: ignore[union-attr]
                 if r.get("URI") == ""]
    try:
        results = XAdESVerifier().verify(root, x509_cert=cert, expect_config=enveloped_config(at),
                                         parser=xmlsafe.safe_parser())
    except InvalidDigest:
        raise SignatureProblem(P_CHANGED) from None
    except InvalidCertificate as exc:
        raise SignatureProblem(P_CERT_TIME(detail=str(exc))) from None
    except InvalidSignature as exc:
        raise SignatureProblem(P_NOT_WHOLE if "references" in str(exc) else P_BAD_SIGNATURE) from None
    except (InvalidInput, ValueError, KeyError, etree.DocumentInvalid) as exc:
        raise SignatureProblem(P_MALFORMED(detail=str(exc)[:200])) from None
    whole = [r for r in results if r.signed_xml is not None and r.signed_xml.tag == root.tag]
    if len(whole) != 1 or len(data_refs) != 1:
        raise SignatureProblem(P_NOT_WHOLE)
    return whole[0].signed_data


def signer_certificates(signature: etree._Element) -> list[x509.Certificate]:
    from base64 import b64decode

    out = []
    for node in signature.findall(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509Certificate"):
        try:
            out.append(x509.load_der_x509_certificate(b64decode("".join((node.text or "").split()))))
        except ValueError:
            continue
    return out


# -- the readers' entry point --------------------------------------------------------------------
@dataclass(frozen=True)
class SignedDocument:
    content: bytes                   # canonical form of what the signature covers (no ds:Signature)
    signer: x509.Certificate
    signing_time: dt.datetime | None


_RECENT: OrderedDict[str, SignedDocument] = OrderedDict()
_RECENT_LOCK = threading.Lock()
_RECENT_SIZE = 32


def has_signature(root: etree._Element) -> bool:
    return bool(find_signatures(root))


def read_signed(data: bytes, *, root: etree._Element | None = None) -> SignedDocument:
    """The signed content of ``data``, checked as described above; ``SignedContentError`` otherwise.

    The signer's certificate is only required to match the signature and to have been valid when it
    signed (SigningTime); whether it is trusted is for the verification proper (``verify_xml``). The
    same document is often read several times in a row (mark signed, enqueue): the last few answers
    are kept by digest.
    """
    digest = hashlib.sha256(data).hexdigest()
    with _RECENT_LOCK:
        found = _RECENT.get(digest)
        if found is not None:
            _RECENT.move_to_end(digest)
            return found
    root = root if root is not None else xmlsafe.parse_bytes(data)
    try:
        signature = check_structure(root)
        certs = signer_certificates(signature)
        if not certs:
            raise SignatureProblem(P_NO_CERT)
        when = signing_time(signature)
        content = verify_enveloped(root, certs[0], at=when)
    except SignatureProblem as exc:
        raise SignedContentError(NOT_READABLE(problem=exc.text), hint=NOT_READABLE_HINT) from None
    result = SignedDocument(content, certs[0], when)
    with _RECENT_LOCK:
        _RECENT[digest] = result
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return result


def signed_content(data: bytes) -> bytes:
    """Exactly the bytes the signature of ``data`` covers (see ``read_signed``)."""
    return read_signed(data).content
