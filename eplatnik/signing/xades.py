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
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.x509 import verification as xv

from ..clock import default_clock
from ..formatting import local_time
from ..i18n import Text, t
from ..signed_xml import (  # noqa: F401 - the problem texts are part of this module's API
    P_BAD_SIGNATURE,
    P_CERT_TIME,
    P_CHANGED,
    P_MALFORMED,
    P_MANY,
    P_MISPLACED,
    P_NO_CERT,
    P_NOT_SIGNED,
    P_NOT_WHOLE,
    SignatureProblem,
    check_structure,
    find_signatures,
    signer_certificates,
    signing_time,
    verify_enveloped,
)
from ..xmlsafe import XmlError, parse_bytes
from .certs import CertificateInfo, inspect_certificate
from .xades_sign import sign_xml

__all__ = ["SignatureInfo", "check_chain", "sign_xml", "verify_xml"]

P_UNTRUSTED = t("Certyfikat podpisującego nie pochodzi od zaufanego wystawcy ({detail}).",
                "The signer's certificate does not chain to a trusted issuer ({detail}).")
W_TRUST_NOT_CHECKED = t("Nie sprawdzono wystawcy certyfikatu (brak listy zaufanych urzędów, ustawienie "
                        "signing.ca_bundle).", "The certificate issuer was not checked (no trusted CA list, "
                        "setting signing.ca_bundle).")


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
        when = local_time(self.signing_time, seconds=True, blank="?")  # Polish local time, as people read it
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


def verify_xml(data: bytes, trust_anchors: list[x509.Certificate] | None = None, *,
               at: dt.datetime | None = None) -> SignatureInfo:
    """Check the one enveloped XAdES signature of a KEDU (or any) document.

    ``at``: the moment for certificate validity (default now). Never raises for a bad signature:
    the answer is in ``valid`` / ``problems``. The structure rules and the signature check are the
    ones every reader of signed content uses (``signed_xml``): comments or processing instructions
    inside the document, or anything under ``ds:Signature`` but the signature itself, make it invalid.
    """
    at = at or default_clock().now()  # signxml would otherwise judge certificates by the machine's time
    try:
        root = parse_bytes(data)
    except XmlError as exc:
        return SignatureInfo(False, None, None, [exc.text])
    signatures = find_signatures(root)
    if not signatures:
        return SignatureInfo(False, None, None, [P_NOT_SIGNED])
    certs = signer_certificates(signatures[0])
    signer = inspect_certificate(certs[0], now=at) if certs else None
    when = signing_time(signatures[0])
    try:
        check_structure(root)
        if not certs:
            raise SignatureProblem(P_NO_CERT)
    except SignatureProblem as exc:
        return SignatureInfo(False, signer, when, [exc.text])
    problems: list[Text] = []
    signed_data = None
    try:
        signed_data = verify_enveloped(root, certs[0], at=at)
    except SignatureProblem as exc:
        problems.append(exc.text)

    warnings: list[Text] = list(signer.warnings) if signer else []
    trusted: bool | None = None
    if trust_anchors:
        reason = check_chain(certs[0], certs[1:], trust_anchors, at)
        trusted = reason is None
        if reason is not None:
            problems.append(P_UNTRUSTED(detail=reason))
    else:
        warnings.append(W_TRUST_NOT_CHECKED)
    return SignatureInfo(not problems, signer, when, problems, warnings, trusted,
                         signed_data if not problems else None)
