"""The receipt (UPO-like "Potwierdzenie"): its XML, the gateway's signature, and checking both.

The gateway signs a receipt with an enveloped XAdES-BES signature made with its own receipt-signing
key (signxml). The client accepts a receipt only if the signature verifies against the certificate
it PINNED for that gateway (``x509_cert`` in signxml: no chain, the exact certificate), and then
reads every business field from the signed XML only, re-parsed through ``xmlsafe`` (signature
wrapping defence, domain notes §9). This is a different trust profile from a payer's KEDU
signature (qualified certificate chained to a QTSP), hence its own small module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cryptography import x509
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.xades import XAdESSigner

from .. import xmlsafe
from ..i18n import t
from .protocol import RECEIPT_NS

NS = {"r": RECEIPT_NS}
_XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"


def _q(name: str) -> str:
    return f"{{{RECEIPT_NS}}}{name}"


@dataclass(frozen=True)
class ReceiptError:
    """One reason for rejection, located like ZUS does: document, block, field."""

    code: str
    message_pl: str
    message_en: str
    document: str = ""        # e.g. ZUSDRA
    document_id: str = ""     # id_dokumentu within the KEDU
    block: str = ""           # e.g. IV (or III.B for a per-person block)
    field: str = ""           # e.g. p37
    critical: bool = True

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    def location(self) -> str:
        parts = [p for p in (self.document, f"blok {self.block}" if self.block else "",
                             f"pole {self.field}" if self.field else "") if p]
        return ", ".join(parts)


@dataclass(frozen=True)
class ReceiptDocument:
    form: str          # ZUSDRA, ZUSRCA, …
    period: str        # YYYY-MM (or "" when the form has none)
    identifier: str    # id_dokumentu


@dataclass(frozen=True)
class Receipt:
    reference: str
    received_at: str               # ISO 8601, when the package arrived
    issued_at: str                 # ISO 8601, when the receipt was issued
    package_sha256: str            # base64 SHA-256 of the package bytes as received
    document_sha256: str           # base64 SHA-256 of the signed KEDU as received (signature included)
    package_type: str
    status: int
    accepted: bool
    payer_nip: str = ""
    payer_pesel: str = ""
    payer_regon: str = ""
    payer_name: str = ""
    signer_name: str = ""
    signer_pesel: str = ""
    documents: tuple[ReceiptDocument, ...] = ()
    errors: tuple[ReceiptError, ...] = field(default=())


def build_receipt_xml(receipt: Receipt) -> etree._Element:
    root = etree.Element(_q("Potwierdzenie"), nsmap={None: RECEIPT_NS}, wersja="1")

    def add(parent: etree._Element, name: str, text: str, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, _q(name), attrib=attrs)
        el.text = text
        return el

    add(root, "NumerReferencyjny", receipt.reference)
    add(root, "DataWplyniecia", receipt.received_at)
    add(root, "DataWydania", receipt.issued_at)
    add(root, "TypPrzesylki", receipt.package_type)
    add(root, "SkrotPrzesylki", receipt.package_sha256, algorytm="SHA-256")
    add(root, "SkrotDokumentu", receipt.document_sha256, algorytm="SHA-256")
    payer = etree.SubElement(root, _q("Platnik"))
    for name, value in (("NIP", receipt.payer_nip), ("PESEL", receipt.payer_pesel),
                        ("REGON", receipt.payer_regon), ("Nazwa", receipt.payer_name)):
        if value:
            add(payer, name, value)
    signer = etree.SubElement(root, _q("Podpisujacy"))
    add(signer, "Nazwa", receipt.signer_name)
    if receipt.signer_pesel:
        add(signer, "PESEL", receipt.signer_pesel)
    docs = etree.SubElement(root, _q("Dokumenty"))
    for d in receipt.documents:
        etree.SubElement(docs, _q("Dokument"), typ=d.form, okres=d.period, identyfikator=d.identifier)
    add(root, "Status", str(receipt.status))
    add(root, "Przyjeto", "true" if receipt.accepted else "false")
    errors = etree.SubElement(root, _q("Bledy"))
    for e in receipt.errors:
        el = etree.SubElement(errors, _q("Blad"), kod=e.code, dokument=e.document, identyfikator=e.document_id,
                              blok=e.block, pole=e.field, krytyczny="true" if e.critical else "false")
        add(el, "Opis", e.message_pl, jezyk="pl")
        add(el, "Opis", e.message_en, jezyk="en")
    return root


class _TimedXAdESSigner(XAdESSigner):
    """signxml's XAdES signer with the signing time given by the gateway's clock, not the machine's."""

    def __init__(self, *args, signing_time: dt.datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def add_signing_time(self, signed_signature_properties, sig_root, signing_settings) -> None:
        element = etree.SubElement(signed_signature_properties, f"{{{_XADES_NS}}}SigningTime",
                                   nsmap=self.namespaces)
        element.text = self._signing_time.astimezone(dt.UTC).isoformat(timespec="seconds")


def sign_receipt(receipt: Receipt, key, cert: x509.Certificate, *, signing_time: dt.datetime) -> bytes:
    """The receipt as signed XML bytes (enveloped XAdES-BES, C14N 1.0, RSA/ECDSA-SHA256)."""
    rsa = hasattr(key, "key_size") and not hasattr(key, "curve")
    signer = _TimedXAdESSigner(signing_time=signing_time,
                               signature_algorithm=SignatureMethod.RSA_SHA256 if rsa else SignatureMethod.ECDSA_SHA256,
                               digest_algorithm=DigestAlgorithm.SHA256,
                               c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0)
    signed = signer.sign(build_receipt_xml(receipt), key=key, cert=[cert])
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


class ReceiptInvalid(Exception):
    """The receipt failed verification; ``reason`` is a bilingual Text for the user."""

    def __init__(self, reason) -> None:
        super().__init__(str(reason))
        self.reason = reason


def verify_receipt(data: bytes, pinned_cert: x509.Certificate) -> Receipt:
    """Verify the gateway's signature with the pinned certificate, then parse the signed part only.

    The same mechanism as a payer's signed KEDU (``eplatnik/signed_xml.py``): comments, processing
    instructions or anything but the signature under ``ds:Signature`` are refused, and only the
    canonical content the signature covers is read."""
    from ..signed_xml import SignatureProblem, check_structure, signing_time, verify_enveloped

    try:
        root = xmlsafe.parse_bytes(data)  # refuse DOCTYPE/entities before signxml sees anything
    except xmlsafe.XmlError as exc:
        raise ReceiptInvalid(exc.text) from None
    try:
        signature = check_structure(root)
    except SignatureProblem as exc:
        raise ReceiptInvalid(exc.text) from None
    try:
        signed = verify_enveloped(root, pinned_cert, at=signing_time(signature))
    except SignatureProblem as exc:
        raise ReceiptInvalid(t("Podpis potwierdzenia nie zgadza się z przypiętym certyfikatem bramki ({detail}).",
                               "The receipt signature does not verify against the pinned gateway "
                               "certificate ({detail}).")(detail=exc.text)) from None
    return parse_receipt(xmlsafe.parse_bytes(signed))


def parse_receipt(root: etree._Element) -> Receipt:
    if root.tag != _q("Potwierdzenie"):
        raise ReceiptInvalid(t("To nie jest potwierdzenie bramki (element {tag}).",
                               "This is not a gateway receipt (element {tag}).")(tag=str(root.tag)))

    def text(path: str) -> str:
        el = root.find(path, NS)
        return (el.text or "").strip() if el is not None else ""

    docs = tuple(ReceiptDocument(d.get("typ", ""), d.get("okres", ""), d.get("identyfikator", ""))
                 for d in root.findall("r:Dokumenty/r:Dokument", NS))
    errors = []
    for e in root.findall("r:Bledy/r:Blad", NS):
        opis = {o.get("jezyk"): (o.text or "") for o in e.findall("r:Opis", NS)}
        errors.append(ReceiptError(code=e.get("kod", ""), message_pl=opis.get("pl", ""),
                                   message_en=opis.get("en", opis.get("pl", "")), document=e.get("dokument", ""),
                                   document_id=e.get("identyfikator", ""), block=e.get("blok", ""),
                                   field=e.get("pole", ""), critical=e.get("krytyczny") == "true"))
    try:
        status = int(text("r:Status"))
    except ValueError:
        raise ReceiptInvalid(t("Potwierdzenie nie ma poprawnego statusu.",
                               "The receipt has no valid status.")) from None
    return Receipt(reference=text("r:NumerReferencyjny"), received_at=text("r:DataWplyniecia"),
                   issued_at=text("r:DataWydania"), package_sha256=text("r:SkrotPrzesylki"),
                   document_sha256=text("r:SkrotDokumentu"), package_type=text("r:TypPrzesylki"),
                   status=status, accepted=text("r:Przyjeto") == "true",
                   payer_nip=text("r:Platnik/r:NIP"), payer_pesel=text("r:Platnik/r:PESEL"),
                   payer_regon=text("r:Platnik/r:REGON"), payer_name=text("r:Platnik/r:Nazwa"),
                   signer_name=text("r:Podpisujacy/r:Nazwa"), signer_pesel=text("r:Podpisujacy/r:PESEL"),
                   documents=docs, errors=tuple(errors))
