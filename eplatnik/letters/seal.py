"""The gateway's seal on what it hands out (letters): enveloped XAdES-BES made with its own key,
checked against the certificate the client pinned for that gateway — the trust profile of receipts
(``gateway/receipt_xml.py``): the exact pinned certificate, no chain, and business data read only
from what the signature covers."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.xades import XAdESSignatureConfiguration, XAdESVerifier

from .. import xmlsafe
from ..i18n import Text, t

_XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"
_DS_NS = "http://www.w3.org/2000/09/xmldsig#"

SEAL_INVALID = t("Pieczęć bramki na piśmie nie zgadza się z przypiętym certyfikatem bramki ({detail}).",
                 "The gateway's seal on the letter does not verify against the pinned gateway certificate "
                 "({detail}).")


class SealInvalid(Exception):
    """The seal does not verify; ``reason`` is a bilingual Text for the person."""

    def __init__(self, reason: Text) -> None:
        super().__init__(str(reason))
        self.reason = reason


def seal_xml(root: etree._Element, key, cert: x509.Certificate, *, signing_time: dt.datetime) -> bytes:
    """``root`` with the gateway's enveloped XAdES-BES seal, as bytes (UTF-8, with declaration).
    ``signing_time`` comes from the gateway's clock (signxml would read the machine's): the seal is
    verified at that time, so it must fall within the gateway certificate's validity."""
    from ..gateway.receipt_xml import _TimedXAdESSigner  # the receipts' signer, with the clock's time

    method = SignatureMethod.ECDSA_SHA256 if isinstance(key, ec.EllipticCurvePrivateKey) \
        else SignatureMethod.RSA_SHA256
    signer = _TimedXAdESSigner(signing_time=signing_time, signature_algorithm=method,
                               digest_algorithm=DigestAlgorithm.SHA256,
                               c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0)
    return etree.tostring(signer.sign(root, key=key, cert=[cert]), xml_declaration=True, encoding="UTF-8")


def _signing_time(root: etree._Element) -> dt.datetime | None:
    found = root.find(f".//{{{_XADES_NS}}}SigningTime")
    if found is None or not found.text:
        return None
    try:
        value = dt.datetime.fromisoformat(found.text.strip())
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def verify_seal(data: bytes, pinned: x509.Certificate) -> etree._Element:
    """The signed element (re-parsed through ``xmlsafe``) when the seal verifies; else ``SealInvalid``."""
    try:
        root = xmlsafe.parse_bytes(data)  # refuses DOCTYPE/entities before signxml sees anything
    except xmlsafe.XmlError as exc:
        raise SealInvalid(exc.text) from None
    signatures = root.findall(f".//{{{_DS_NS}}}Signature")
    if len(signatures) != 1 or signatures[0].getparent() is not root:
        raise SealInvalid(SEAL_INVALID(detail="one enveloped signature expected"))
    pem = pinned.public_bytes(serialization.Encoding.PEM).decode("ascii")
    config = XAdESSignatureConfiguration(
        location="./", expect_references=3,
        signature_methods=frozenset({SignatureMethod.RSA_SHA256, SignatureMethod.ECDSA_SHA256}),
        digest_algorithms=frozenset({DigestAlgorithm.SHA256}))
    try:
        results = XAdESVerifier().verify(data, x509_cert=pem, expect_config=config,
                                         verification_time=_signing_time(root), parser=xmlsafe.safe_parser())
    except Exception as exc:  # noqa: BLE001 - any signxml failure means "not verified"
        raise SealInvalid(SEAL_INVALID(detail=str(exc)[:200])) from None
    whole = [r for r in results if r.signed_xml is not None and r.signed_xml.tag == root.tag]
    if len(whole) != 1:
        raise SealInvalid(SEAL_INVALID(detail="the seal does not cover the whole letter"))
    signed = whole[0].signed_xml
    assert signed is not None
    return xmlsafe.parse_bytes(etree.tostring(signed))
