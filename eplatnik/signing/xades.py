"""XAdES-BES enveloped signatures on KEDU documents, and their verification (signxml 5).

Signing (``xades_sign``): SHA-256, RSA PKCS#1 v1.5 or ECDSA, C14N 1.0, ``ds:Signature`` appended as the last child
of the KEDU root (``t_KEDU`` ends with ``ds:Signature``), SigningTime + SigningCertificateV2 in the
SignedProperties, the certificate (and its chain) in ``KeyInfo/X509Data``.

Verification trusts only what the signature covers: exactly one ``ds:Signature``, a direct child of
the root, whose data reference is the whole document (``URI=""``). The signer's chain is checked
against the configured trust anchors with an end-entity policy that accepts ``nonRepudiation``
(qualified certificates often have no ``digitalSignature``, which signxml's default policy demands).
"""

from __future__ import annotations

import datetime as dt
from base64 import b64decode
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.x509 import verification as xv
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod
from signxml.exceptions import InvalidCertificate, InvalidDigest, InvalidInput, InvalidSignature
from signxml.xades import XAdESSignatureConfiguration, XAdESVerifier

from ..clock import default_clock
from ..i18n import Text, t
from ..xmlsafe import XmlError, parse_bytes, safe_parser
from .certs import CertificateInfo, inspect_certificate
from .xades_sign import DS_NS, XADES_NS, sign_xml

__all__ = ["SignatureInfo", "check_chain", "sign_xml", "verify_xml"]

_DS = f"{{{DS_NS}}}"

P_NOT_SIGNED = t("Dokument nie zawiera podpisu.", "The document carries no signature.")
P_MANY = t("Dokument zawiera {n} podpisy; oczekiwano dokładnie jednego podpisu całego dokumentu.",
           "The document carries {n} signatures; exactly one signature of the whole document was expected.")
P_MISPLACED = t("Podpis nie jest w miejscu wymaganym przez schemat (ostatni element KEDU) — możliwa próba "
                "podmiany treści.", "The signature is not where the schema places it (last element of "
                "KEDU) — possibly an attempt to substitute content.")
P_CHANGED = t("Treść dokumentu zmieniono po podpisaniu (np. kwotę lub dodany blok).",
              "The document was changed after it was signed (e.g. an amount or an added block).")
P_BAD_SIGNATURE = t("Podpis jest nieprawidłowy (nie pasuje do certyfikatu podpisującego).",
                    "The signature is invalid (it does not match the signer's certificate).")
P_NOT_WHOLE = t("Podpis nie obejmuje całego dokumentu.", "The signature does not cover the whole document.")
P_MALFORMED = t("Podpis ma niepoprawną budowę: {detail}.", "The signature is malformed: {detail}.")
P_CERT_TIME = t("Certyfikat podpisującego nie był ważny w chwili weryfikacji: {detail}.",
                "The signer's certificate was not valid at verification time: {detail}.")
P_UNTRUSTED = t("Certyfikat podpisującego nie pochodzi od zaufanego wystawcy ({detail}).",
                "The signer's certificate does not chain to a trusted issuer ({detail}).")
P_NO_CERT = t("Podpis nie zawiera certyfikatu podpisującego.", "The signature carries no signer certificate.")
W_TRUST_NOT_CHECKED = t("Nie sprawdzono wystawcy certyfikatu (brak listy zaufanych urzędów, ustawienie "
                        "signing.ca_bundle).", "The certificate issuer was not checked (no trusted CA list, "
                        "setting signing.ca_bundle).")

SIGNATURE_METHODS = frozenset({SignatureMethod.RSA_SHA256, SignatureMethod.ECDSA_SHA256})
DIGESTS = frozenset({DigestAlgorithm.SHA256})


# -- verification -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignatureInfo:
    """The result of checking a signed document.

    ``valid`` — the signature is intact and covers the whole document (and, with trust anchors,
    chains to one of them). ``problems`` say why not; ``warnings`` do not make it invalid.
    ``signed_data`` is the canonical form of what was signed: read business data only from it.
    """

    valid: bool
    signer: CertificateInfo | None
    signing_time: dt.datetime | None
    problems: list[Text] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    trusted: bool | None = None
    signed_data: bytes | None = None

    def summary(self, lang: str | None = None) -> str:
        who = self.signer.owner if self.signer else "?"
        when = self.signing_time.strftime("%Y-%m-%d %H:%M:%S %Z") if self.signing_time else "?"
        if self.valid:
            return t("Podpis prawidłowy: {who}, {when}", "Valid signature: {who}, {when}")(
                who=who, when=when).render(lang)
        return t("Podpis NIEPRAWIDŁOWY", "Signature INVALID").render(lang)


def signer_policy() -> xv.ExtensionPolicy:
    """End-entity policy: KeyUsage must allow signing — digitalSignature OR nonRepudiation."""
    def validate(policy: object, cert: x509.Certificate, ku: x509.KeyUsage | None) -> None:
        if ku is not None and not (ku.digital_signature or ku.content_commitment):
            raise ValueError("certificate KeyUsage allows neither digitalSignature nor nonRepudiation")
    return xv.ExtensionPolicy.permit_all().may_be_present(x509.KeyUsage, xv.Criticality.AGNOSTIC, validate)


def ca_policy() -> xv.ExtensionPolicy:
    """CA policy: a CA, allowed to sign certificates. Qualified CAs need not follow web-PKI rules."""
    def validate_bc(policy: object, cert: x509.Certificate, bc: x509.BasicConstraints) -> None:
        if not bc.ca:
            raise ValueError("issuer is not a CA")

    def validate_ku(policy: object, cert: x509.Certificate, ku: x509.KeyUsage | None) -> None:
        if ku is not None and not ku.key_cert_sign:
            raise ValueError("issuer KeyUsage does not allow keyCertSign")
    return (xv.ExtensionPolicy.permit_all()
            .require_present(x509.BasicConstraints, xv.Criticality.AGNOSTIC, validate_bc)
            .may_be_present(x509.KeyUsage, xv.Criticality.AGNOSTIC, validate_ku))


def check_chain(leaf: x509.Certificate, intermediates: list[x509.Certificate],
                anchors: list[x509.Certificate], at: dt.datetime | None = None) -> str | None:
    """None when ``leaf`` chains to one of ``anchors`` at ``at``; else the reason (English detail)."""
    builder = (xv.PolicyBuilder().store(xv.Store(anchors))
               .extension_policies(ee_policy=signer_policy(), ca_policy=ca_policy())
               .time(at or default_clock().now()))
    try:
        builder.build_client_verifier().verify(leaf, intermediates)
    except xv.VerificationError as exc:
        return str(exc)
    return None


def _signing_time(sig: etree._Element) -> dt.datetime | None:
    node = sig.find(f".//{{{XADES_NS}}}SigningTime")
    if node is None or not node.text:
        return None
    try:
        value = dt.datetime.fromisoformat(node.text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _certificates(sig: etree._Element) -> list[x509.Certificate]:
    out = []
    for node in sig.findall(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509Certificate"):
        try:
            out.append(x509.load_der_x509_certificate(b64decode("".join((node.text or "").split()))))
        except ValueError:
            continue
    return out


def verify_xml(data: bytes, trust_anchors: list[x509.Certificate] | None = None, *,
               at: dt.datetime | None = None) -> SignatureInfo:
    """Check the one enveloped XAdES signature of a KEDU (or any) document.

    ``at``: the moment for certificate validity (default now). Never raises for a bad signature:
    the answer is in ``valid`` / ``problems``.
    """
    at = at or default_clock().now()  # signxml would otherwise judge certificates by the machine's time
    try:
        root = parse_bytes(data)
    except XmlError as exc:
        return SignatureInfo(False, None, None, [exc.text])
    signatures = root.findall(f".//{_DS}Signature")
    if not signatures:
        return SignatureInfo(False, None, None, [P_NOT_SIGNED])
    sig = signatures[0]
    certs = _certificates(sig)
    signer = inspect_certificate(certs[0], now=at) if certs else None
    signing_time = _signing_time(sig)
    problems: list[Text] = []
    if len(signatures) > 1:
        problems.append(P_MANY(n=len(signatures)))
    if sig.getparent() is not root:
        problems.append(P_MISPLACED)
    if not certs:
        problems.append(P_NO_CERT)
    if problems:
        return SignatureInfo(False, signer, signing_time, problems)

    config = XAdESSignatureConfiguration(location="./", expect_references=3,
                                         signature_methods=SIGNATURE_METHODS, digest_algorithms=DIGESTS,
                                         verification_time=at)
    signed_data = None
    try:
        results = XAdESVerifier().verify(root, x509_cert=certs[0], expect_config=config,
                                         parser=safe_parser())
        whole = [r for r in results if r.signed_xml is not None and r.signed_xml.tag == root.tag]
        data_refs = [r for r in sig.findall(f"{_DS}SignedInfo/{_DS}Reference") if r.get("URI") == ""]
        if len(whole) != 1 or len(data_refs) != 1:
            problems.append(P_NOT_WHOLE)
        else:
            signed_data = whole[0].signed_data
    except InvalidDigest:
        problems.append(P_CHANGED)
    except InvalidCertificate as exc:
        problems.append(P_CERT_TIME(detail=str(exc)))
    except InvalidSignature as exc:
        problems.append(P_NOT_WHOLE if "references" in str(exc) else P_BAD_SIGNATURE)
    except (InvalidInput, ValueError, KeyError) as exc:
        problems.append(P_MALFORMED(detail=str(exc)))

    warnings: list[Text] = list(signer.warnings) if signer else []
    trusted: bool | None = None
    if trust_anchors:
        reason = check_chain(certs[0], certs[1:], trust_anchors, at)
        trusted = reason is None
        if reason is not None:
            problems.append(P_UNTRUSTED(detail=reason))
    else:
        warnings.append(W_TRUST_NOT_CHECKED)
    return SignatureInfo(not problems, signer, signing_time, problems, warnings, trusted,
                         signed_data if not problems else None)
