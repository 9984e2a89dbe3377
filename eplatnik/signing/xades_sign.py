"""Building the enveloped XAdES-BES signature of a KEDU document.

The element layout is the one signxml 5's ``XAdESSigner`` produces (3 references: the whole
document with enveloped-signature + C14N transforms, the SignedProperties, the KeyInfo;
SigningTime, SigningCertificateV2, DataObjectFormat), so signxml's verifier and xmlsec1 accept it.

Why not call ``XAdESSigner.sign`` directly: it serialises and re-parses the whole document twice
(defensive copies), which made batch signing 3.5× slower than "canonicalise + one signature" for
50 KB documents. Here the document is parsed once and canonicalised once, and the signature is
spliced into the original bytes just before the root's closing tag — the input bytes are kept
exactly as they were, which also makes the signed file easy to compare with the unsigned one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from base64 import b64encode
from xml.sax.saxutils import escape

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from lxml import etree

from ..clock import default_clock
from ..errors import UserFacingError
from ..i18n import t
from ..xmlsafe import parse_bytes, safe_parser
from .keysource import SigningKey

DS_NS = "http://www.w3.org/2000/09/xmldsig#"
XADES_NS = "http://uri.etsi.org/01903/v1.3.2#"
C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties"
_DS = f"{{{DS_NS}}}"
# encodings in which the (pure ASCII) signature bytes can be spliced into the original file as-is
_SPLICE_ENCODINGS = {"utf-8", "us-ascii", "ascii", "iso-8859-2", "iso-8859-1", "windows-1250", "cp1250"}

# The signature as signxml's XAdESSigner lays it out, without whitespace (whitespace would be signed).
_TEMPLATE = (
    f'<ds:Signature xmlns:ds="{DS_NS}" xmlns:xades="{XADES_NS}" Id="Signature-{{token}}">'
    f'<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="{C14N_10}"/>'
    '<ds:SignatureMethod Algorithm="{method}"/>'
    '<ds:Reference Id="Reference-{token}" URI=""><ds:Transforms>'
    f'<ds:Transform Algorithm="{ENVELOPED}"/><ds:Transform Algorithm="{C14N_10}"/></ds:Transforms>'
    f'<ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue>{{doc_digest}}</ds:DigestValue></ds:Reference>'
    f'<ds:Reference URI="#Signature-{{token}}-SignedProperties" Type="{SIGNED_PROPERTIES_TYPE}">'
    f'<ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue/></ds:Reference>'
    f'<ds:Reference URI="#KeyInfo-{{token}}"><ds:DigestMethod Algorithm="{SHA256}"/><ds:DigestValue/>'
    '</ds:Reference></ds:SignedInfo><ds:SignatureValue/>'
    '<ds:KeyInfo Id="KeyInfo-{token}"><ds:X509Data>{certs}</ds:X509Data></ds:KeyInfo>'
    '<ds:Object><xades:QualifyingProperties Target="#Signature-{token}">'
    '<xades:SignedProperties Id="Signature-{token}-SignedProperties"><xades:SignedSignatureProperties>'
    '<xades:SigningTime>{time}</xades:SigningTime><xades:SigningCertificateV2>{cert_digests}'
    '</xades:SigningCertificateV2></xades:SignedSignatureProperties><xades:SignedDataObjectProperties>'
    '<xades:DataObjectFormat ObjectReference="#Reference-{token}"><xades:Description>{description}'
    '</xades:Description><xades:MimeType>text/xml</xades:MimeType></xades:DataObjectFormat>'
    '</xades:SignedDataObjectProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object>'
    '</ds:Signature>'
)

ALREADY_SIGNED = t("Dokument jest już podpisany; podpisanego dokumentu nie zmienia się.",
                   "The document is already signed; a signed document is not changed.")
ALREADY_SIGNED_HINT = t("Aby go poprawić, utwórz nową wersję (korektę) i podpisz ją.",
                        "To correct it, create a new version (a correction) and sign that.")


def _c14n(node: etree._Element) -> bytes:
    return etree.tostring(node, method="c14n", exclusive=False, with_comments=False)


def _b64_sha256(data: bytes) -> str:
    return b64encode(hashlib.sha256(data).digest()).decode("ascii")


def _b64(data: bytes) -> str:
    return b64encode(data).decode("ascii")


def sign_xml(data: bytes, key: SigningKey, *, signing_time: dt.datetime | None = None,
             description: str = "KEDU") -> bytes:
    """Return ``data`` with an enveloped XAdES-BES signature as the last child of its root."""
    root = parse_bytes(data)
    # a byte search first: walking a large tree for every document costs more than the check is worth
    ascii_compatible = (root.getroottree().docinfo.encoding or "utf-8").lower() in _SPLICE_ENCODINGS
    if (DS_NS.encode() in data or not ascii_compatible) and root.find(f".//{_DS}Signature") is not None:
        raise UserFacingError(ALREADY_SIGNED, hint=ALREADY_SIGNED_HINT)
    splice = ascii_compatible
    if root.getprevious() is not None or root.getnext() is not None:
        # comments/PIs beside the root: lxml's C14N of such a root is wrong (it emits xmlns=""), and
        # they mean nothing in KEDU, so the root alone is signed and written out
        root = parse_bytes(etree.tostring(root, encoding="UTF-8"))
        splice = False
    document_digest = _b64_sha256(_c14n(root))  # before the signature exists = enveloped transform

    token = secrets.token_hex(4).upper()
    certs = [key.certificate, *key.chain]
    when = (signing_time or default_clock().now()).astimezone(dt.UTC)
    sig = etree.fromstring(_TEMPLATE.format(
        token=token, method=ECDSA_SHA256 if key.is_ec else RSA_SHA256, doc_digest=document_digest,
        certs="".join(f"<ds:X509Certificate>{_b64(c.public_bytes(serialization.Encoding.DER))}"
                      "</ds:X509Certificate>" for c in certs),
        time=when.isoformat(timespec="seconds"),
        cert_digests="".join(f"<xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm=\"{SHA256}\"/>"
                             f"<ds:DigestValue>{_b64(c.fingerprint(hashes.SHA256()))}</ds:DigestValue>"
                             "</xades:CertDigest></xades:Cert>" for c in certs),
        description=escape(description)).encode("ascii"), safe_parser())
    root.append(sig)
    signed_info, signature_value, key_info = sig[0], sig[1], sig[2]
    props = sig[3][0][0]
    props_digest, key_info_digest = signed_info[3][1], signed_info[4][1]

    # digests of signed parts are taken in place: inclusive C14N carries the inherited namespaces
    props_digest.text = _b64_sha256(_c14n(props))
    key_info_digest.text = _b64_sha256(_c14n(key_info))
    signature_value.text = b64encode(_sign(key, _c14n(signed_info))).decode("ascii")
    return _splice(data, root, sig) if splice else _whole(root)


def _sign(key: SigningKey, signed_info: bytes) -> bytes:
    if key.is_ec:
        der = key.key.sign(signed_info, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        public = key.certificate.public_key()
        assert isinstance(public, ec.EllipticCurvePublicKey)
        size = (public.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")  # XMLDSig wants r||s, not DER
    return key.key.sign(signed_info, padding.PKCS1v15(), hashes.SHA256())


def _whole(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _splice(data: bytes, root: etree._Element, sig: etree._Element) -> bytes:
    """The original bytes with the signature inserted before the root's closing tag (whole-file
    serialisation only when the closing tag is not where expected)."""
    name = root.prefix + ":" + etree.QName(root).localname if root.prefix else etree.QName(root).localname
    closing = f"</{name}".encode("ascii", "replace")
    at = data.rfind(closing)
    rest = data[at + len(closing):] if at >= 0 else b""
    if at >= 0 and rest.strip() == b">":
        return data[:at] + etree.tostring(sig) + data[at:]
    return _whole(root)
