"""Read an X.509 certificate in plain words: who, identified by what, issued by whom, valid when,
allowed for what, and whether it claims to be qualified (QCStatements, qualified policies).

"Qualified" here means *the certificate claims it* (ETSI EN 319 412-5 statements or EN 319 411-2
policies). Legal status comes from the EU trusted list; the claim is what a desktop tool can check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ..clock import default_clock
from ..errors import UserFacingError
from ..i18n import Text, t

QC_STATEMENTS_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
QC_COMPLIANCE = "0.4.0.1862.1.1"
QC_SSCD = "0.4.0.1862.1.4"
QC_TYPE = "0.4.0.1862.1.6"
ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")
QUALIFIED_POLICIES = {
    "0.4.0.194112.1.0": "QCP-n",
    "0.4.0.194112.1.1": "QCP-l",
    "0.4.0.194112.1.2": "QCP-n-qscd",
    "0.4.0.194112.1.3": "QCP-l-qscd",
    "0.4.0.1456.1.1": "QCP+ (TS 101 456)",
    "0.4.0.1456.1.2": "QCP (TS 101 456)",
}
_PESEL = re.compile(r"^(?:PNOPL|PESEL)[-:]?(\d{11})$")
_NIP = re.compile(r"^(?:TINPL|NIP|VATPL)[-:]?(\d{10})$")

W_NOT_QUALIFIED = t("Certyfikat nie deklaruje, że jest kwalifikowany (brak QcCompliance i polityki "
                    "kwalifikowanej). ZUS przyjmuje tylko kwalifikowany podpis elektroniczny.",
                    "The certificate does not claim to be qualified (no QcCompliance and no qualified "
                    "policy). ZUS accepts only a qualified electronic signature.")
W_EXPIRED = t("Certyfikat wygasł {date}. Podpisów nim złożonych ZUS nie przyjmie; odnów certyfikat u "
              "dostawcy.", "The certificate expired on {date}. ZUS will not accept signatures made with "
              "it; renew it with your provider.")
W_NOT_YET_VALID = t("Certyfikat jest ważny dopiero od {date}.", "The certificate is valid only from {date}.")
W_EXPIRING = t("Certyfikat wygasa za {days} dni ({date}). Zamów odnowienie u dostawcy.",
               "The certificate expires in {days} days ({date}). Order a renewal from your provider.")
W_NO_SIGNING_USAGE = t("Certyfikat nie pozwala na podpis (brak użycia klucza digitalSignature i "
                       "nonRepudiation).", "The certificate does not allow signing (no digitalSignature "
                       "or nonRepudiation key usage).")
E_UNREADABLE = t("Nie można odczytać certyfikatu z pliku {path}: to nie jest certyfikat X.509 w formacie "
                 "PEM ani DER.", "Cannot read a certificate from {path}: it is not an X.509 certificate in "
                 "PEM or DER form.")


@dataclass(frozen=True)
class CertificateInfo:
    """What a person needs to know about a signing certificate."""

    common_name: str
    given_name: str
    surname: str
    pesel: str | None
    nip: str | None
    organisation: str | None
    issuer: str
    serial_number: str
    not_before: dt.datetime
    not_after: dt.datetime
    digital_signature: bool
    non_repudiation: bool
    qc_compliance: bool
    qc_sscd: bool
    qualified_policies: tuple[str, ...]
    key_type: str
    key_size: int
    sha256: str
    warnings: tuple[Text, ...] = field(default=())

    @property
    def claims_qualified(self) -> bool:
        return self.qc_compliance or bool(self.qualified_policies)

    @property
    def owner(self) -> str:
        full = " ".join(p for p in (self.given_name, self.surname) if p)
        return self.common_name or full

    def status(self, now: dt.datetime | None = None) -> str:
        """``valid``, ``expired`` or ``not_yet_valid`` at ``now`` (UTC)."""
        now = now or default_clock().now()
        if now < self.not_before:
            return "not_yet_valid"
        if now > self.not_after:
            return "expired"
        return "valid"

    def days_left(self, now: dt.datetime | None = None) -> int:
        now = now or default_clock().now()
        return (self.not_after - now).days

    def describe(self, lang: str | None = None, *, warnings: bool = True) -> list[tuple[str, str]]:
        """(label, value) rows in the chosen language, for the CLI and the details dialog."""
        def tr(pl: str, en: str) -> str:
            return t(pl, en).render(lang)

        yes, no = tr("tak", "yes"), tr("nie", "no")
        usage = [n for n, on in (("digitalSignature", self.digital_signature),
                                 ("nonRepudiation", self.non_repudiation)) if on]
        qc = [n for n, on in (("QcCompliance", self.qc_compliance), ("QSCD", self.qc_sscd)) if on]
        rows = [
            (tr("Właściciel", "Owner"), self.owner),
            ("PESEL", self.pesel or "—"),
            ("NIP", self.nip or "—"),
            (tr("Organizacja", "Organisation"), self.organisation or "—"),
            (tr("Wystawca", "Issuer"), self.issuer),
            (tr("Numer seryjny", "Serial number"), self.serial_number),
            (tr("Ważny od", "Valid from"), self.not_before.strftime("%Y-%m-%d %H:%M UTC")),
            (tr("Ważny do", "Valid until"), self.not_after.strftime("%Y-%m-%d %H:%M UTC")),
            (tr("Użycie klucza", "Key usage"), ", ".join(usage) or "—"),
            (tr("Kwalifikowany (deklaracja)", "Qualified (claimed)"),
             (yes if self.claims_qualified else no)
             + (f" ({', '.join(qc + list(self.qualified_policies))})" if qc or self.qualified_policies else "")),
            (tr("Klucz", "Key"), f"{self.key_type} {self.key_size}"),
            ("SHA-256", self.sha256),
        ]
        if warnings:
            rows += [(tr("Uwaga", "Warning"), w.render(lang)) for w in self.warnings]
        return rows


def _attr(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _qc_statement_ids(cert: x509.Certificate) -> set[str]:
    try:
        ext = cert.extensions.get_extension_for_oid(QC_STATEMENTS_OID)
    except x509.ExtensionNotFound:
        return set()
    raw = ext.value.value if isinstance(ext.value, x509.UnrecognizedExtension) else b""

    class _Statement(core.Sequence):
        _fields = [("id", core.ObjectIdentifier), ("info", core.Any, {"optional": True})]

    class _Statements(core.SequenceOf):
        _child_spec = _Statement

    try:
        return {s["id"].dotted for s in _Statements.load(raw)}
    except (ValueError, TypeError):
        return set()  # a malformed extension claims nothing


def _policies(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        policies = cert.extensions.get_extension_for_class(x509.CertificatePolicies).value
    except x509.ExtensionNotFound:
        return ()
    return tuple(QUALIFIED_POLICIES[p.policy_identifier.dotted_string] for p in policies
                 if p.policy_identifier.dotted_string in QUALIFIED_POLICIES)


def _key_description(cert: x509.Certificate) -> tuple[str, int]:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}", key.key_size
    return type(key).__name__, getattr(key, "key_size", 0)


def inspect_certificate(cert: x509.Certificate, *, now: dt.datetime | None = None,
                        warn_days: int = 30) -> CertificateInfo:
    """Describe ``cert``; ``warnings`` say what a signer must know before using it."""
    now = now or default_clock().now()
    subject = cert.subject
    serial = _attr(subject, NameOID.SERIAL_NUMBER).strip().upper()
    pesel = m.group(1) if (m := _PESEL.match(serial)) else None
    nip = m.group(1) if (m := _NIP.match(serial)) else None
    if nip is None and (m := _NIP.match(_attr(subject, ORGANIZATION_IDENTIFIER).strip().upper())):
        nip = m.group(1)
    try:
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        digital, non_rep = ku.digital_signature, ku.content_commitment
    except x509.ExtensionNotFound:
        digital, non_rep = True, True  # no KeyUsage extension = no restriction (RFC 5280)
    qc_ids = _qc_statement_ids(cert)
    key_type, key_size = _key_description(cert)
    issuer = _attr(cert.issuer, NameOID.COMMON_NAME) or cert.issuer.rfc4514_string()
    issuer_org = _attr(cert.issuer, NameOID.ORGANIZATION_NAME)
    info = CertificateInfo(
        common_name=_attr(subject, NameOID.COMMON_NAME),
        given_name=_attr(subject, NameOID.GIVEN_NAME),
        surname=_attr(subject, NameOID.SURNAME),
        pesel=pesel, nip=nip,
        organisation=_attr(subject, NameOID.ORGANIZATION_NAME) or None,
        issuer=f"{issuer} ({issuer_org})" if issuer_org and issuer_org not in issuer else issuer,
        serial_number=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
        digital_signature=digital, non_repudiation=non_rep,
        qc_compliance=QC_COMPLIANCE in qc_ids, qc_sscd=QC_SSCD in qc_ids,
        qualified_policies=_policies(cert),
        key_type=key_type, key_size=key_size,
        sha256=cert.fingerprint(hashes.SHA256()).hex(":").upper(),
    )
    warnings: list[Text] = []
    if not info.claims_qualified:
        warnings.append(W_NOT_QUALIFIED)
    if not (digital or non_rep):
        warnings.append(W_NO_SIGNING_USAGE)
    status = info.status(now)
    if status == "expired":
        warnings.append(W_EXPIRED(date=info.not_after.date().isoformat()))
    elif status == "not_yet_valid":
        warnings.append(W_NOT_YET_VALID(date=info.not_before.date().isoformat()))
    elif info.days_left(now) < warn_days:
        warnings.append(W_EXPIRING(days=info.days_left(now), date=info.not_after.date().isoformat()))
    return replace(info, warnings=tuple(warnings))


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Certificates from PEM (one or many) or a single DER certificate."""
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def load_certificate_file(path: Path | str) -> list[x509.Certificate]:
    path = Path(path)
    try:
        return load_certificates(path.read_bytes())
    except (ValueError, OSError) as exc:
        raise UserFacingError(E_UNREADABLE(path=str(path))) from exc


def load_trust_bundle(path: Path | str) -> list[x509.Certificate]:
    """Trust anchors from a PEM bundle (settings ``signing.ca_bundle``)."""
    return load_certificate_file(path)


NO_CERTIFICATES = t("Plik {path} nie zawiera żadnego certyfikatu.", "The file {path} holds no certificate.")
BUNDLE_HINT = t("Wskaż plik PEM z certyfikatami zaufanych urzędów certyfikacji (np. z listy NCCert).",
                "Choose a PEM file with the certificates of the trusted certification authorities (e.g. NCCert's).")
#: a trusted CA bundle larger than this is not one (the whole EU trusted list in PEM is a few MB)
MAX_BUNDLE_BYTES = 16 << 20


def check_trust_bundle(data: bytes, name: str) -> list[x509.Certificate]:
    """What a CA bundle chosen in Ustawienia must pass before it is stored for the workspace: at least one
    X.509 certificate, PEM or DER, and nothing that is not one. UserFacingError (exit status 2) otherwise."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise InvalidBundle(E_UNREADABLE(path=name), hint=BUNDLE_HINT)
    try:
        certs = load_certificates(data)
    except ValueError:
        raise InvalidBundle(E_UNREADABLE(path=name), hint=BUNDLE_HINT) from None
    if not certs:
        raise InvalidBundle(NO_CERTIFICATES(path=name), hint=BUNDLE_HINT)
    return certs


class InvalidBundle(UserFacingError):
    exit_code = 2


def public_key_der(cert_or_key) -> bytes:
    key = cert_or_key.public_key() if hasattr(cert_or_key, "public_key") else cert_or_key
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
