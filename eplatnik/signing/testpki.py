"""A throw-away test PKI: a CA and "qualified-like" personal certificates.

Used by the test suite, the demo workspace (``demo/signer.p12``, password ``demo``) and the sandbox's
test CA. Nothing here is trusted by anybody but the workspace that created it.

    ca = create_ca("eplatnik Test CA", some_dir)            # writes ca.pem (+ ca-key.pem) into some_dir
    key, cert = ca.issue_person("Jan Kowalski", pesel="44051401359")
    write_p12(some_dir / "jan.p12", key, cert, "secret", chain=[ca.cert])

The end-entity certificates carry what a Polish qualified certificate carries: QCStatements
(QcCompliance, QcSSCD, QcType esign), the QCP-n-qscd policy, ``serialNumber`` ``PNOPL-<PESEL>`` or
``TINPL-<NIP>``, and by default only the ``nonRepudiation`` key usage (ETSI EN 319 412-2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from ..fsutil import atomic_write_bytes

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

QC_STATEMENTS_OID = "1.3.6.1.5.5.7.1.3"
QC_COMPLIANCE = "0.4.0.1862.1.1"
QC_SSCD = "0.4.0.1862.1.4"
QC_TYPE = "0.4.0.1862.1.6"
QC_TYPE_ESIGN = "0.4.0.1862.1.6.1"
POLICY_QCP_N_QSCD = "0.4.0.194112.1.2"
ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")

KeyUsageProfile = Literal["non_repudiation", "digital_signature", "both"]


class _QcStatement(core.Sequence):
    _fields = [("id", core.ObjectIdentifier), ("info", core.Any, {"optional": True})]


class _QcStatements(core.SequenceOf):
    _child_spec = _QcStatement


class _OidSequence(core.SequenceOf):
    _child_spec = core.ObjectIdentifier


def qc_statements_extension(qualified_ids: list[str]) -> x509.UnrecognizedExtension:
    """DER of a QCStatements extension holding the given statement ids (QcType gets "esign")."""
    items = []
    for oid in qualified_ids:
        if oid == QC_TYPE:
            items.append({"id": oid, "info": _OidSequence([QC_TYPE_ESIGN])})
        else:
            items.append({"id": oid})
    der = _QcStatements(items).dump()
    return x509.UnrecognizedExtension(x509.ObjectIdentifier(QC_STATEMENTS_OID), der)


def new_key(kind: Literal["rsa", "ec"] = "rsa", rsa_bits: int = 2048) -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)


def _now() -> dt.datetime:
    from ..clock import default_clock

    return default_clock().now().replace(microsecond=0)


@dataclass
class CA:
    """A certification authority that can issue end-entity certificates."""

    key: PrivateKey
    cert: x509.Certificate

    def issue_person(self, name: str, *, pesel: str | None = None, nip: str | None = None,
                     organisation: str | None = None, key: Literal["rsa", "ec"] | PrivateKey = "rsa",
                     qualified: bool = True, key_usage: KeyUsageProfile = "non_repudiation",
                     not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
                     email: str | None = None) -> tuple[PrivateKey, x509.Certificate]:
        """Issue a personal certificate; ``key`` is "rsa", "ec" or an existing private key."""
        private = new_key(key) if isinstance(key, str) else key
        return private, self.certify(private.public_key(), name, pesel=pesel, nip=nip,
                                     organisation=organisation, qualified=qualified, key_usage=key_usage,
                                     not_before=not_before, not_after=not_after, email=email)

    def certify(self, public_key, name: str, *, pesel: str | None = None, nip: str | None = None,
                organisation: str | None = None, qualified: bool = True,
                key_usage: KeyUsageProfile = "non_repudiation", not_before: dt.datetime | None = None,
                not_after: dt.datetime | None = None, email: str | None = None) -> x509.Certificate:
        """Certify a public key (e.g. one generated on a token that never leaves it)."""
        given, _, surname = name.partition(" ")
        attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "PL")]
        if organisation:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
            if nip:
                attrs.append(x509.NameAttribute(ORGANIZATION_IDENTIFIER, f"VATPL-{nip}"))
        attrs += [x509.NameAttribute(NameOID.GIVEN_NAME, given),
                  x509.NameAttribute(NameOID.SURNAME, surname or given),
                  x509.NameAttribute(NameOID.COMMON_NAME, name)]
        if pesel:
            attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"PNOPL-{pesel}"))
        elif nip:
            attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"TINPL-{nip}"))
        start = not_before or (_now() - dt.timedelta(days=1))
        end = not_after or (start + dt.timedelta(days=730))
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name(attrs))
                   .issuer_name(self.cert.subject)
                   .public_key(public_key)
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(start)
                   .not_valid_after(end)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(_key_usage(key_usage), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                                  critical=False))
        if email:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]),
                                            critical=False)
        if qualified:
            builder = builder.add_extension(
                x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(POLICY_QCP_N_QSCD),
                                                                 None)]), critical=False)
            builder = builder.add_extension(qc_statements_extension([QC_COMPLIANCE, QC_SSCD, QC_TYPE]),
                                            critical=False)
        return builder.sign(self.key, hashes.SHA256())

    def write_pem(self, path: Path | str) -> Path:
        """Write the CA certificate (the trust anchor) as PEM."""
        path = Path(path)
        atomic_write_bytes(path, self.cert.public_bytes(serialization.Encoding.PEM))
        return path


def _key_usage(profile: KeyUsageProfile) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=profile in ("digital_signature", "both"),
        content_commitment=profile in ("non_repudiation", "both"),
        key_encipherment=False, data_encipherment=False, key_agreement=False, key_cert_sign=False,
        crl_sign=False, encipher_only=False, decipher_only=False)


def create_ca(common_name: str = "eplatnik Test CA", path_dir: Path | str | None = None,
              key: Literal["rsa", "ec"] = "rsa", organisation: str = "eplatnik (test)",
              nip: str | None = None, years: int = 10) -> CA:
    """A self-signed CA; with ``path_dir`` also writes ``ca.pem`` and ``ca-key.pem`` there."""
    private = new_key(key)
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)]
    if nip:
        attrs.append(x509.NameAttribute(ORGANIZATION_IDENTIFIER, f"VATPL-{nip}"))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    name = x509.Name(attrs)
    start = _now() - dt.timedelta(days=2)
    public = private.public_key()
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name).public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
            .sign(private, hashes.SHA256()))
    ca = CA(private, cert)
    if path_dir is not None:
        directory = Path(path_dir)
        directory.mkdir(parents=True, exist_ok=True)
        ca.write_pem(directory / "ca.pem")
        atomic_write_bytes(directory / "ca-key.pem", private_key_pem(private))
    return ca


def load_ca(path_dir: Path | str) -> CA:
    """Load a CA written by ``create_ca(..., path_dir)``."""
    directory = Path(path_dir)
    cert = x509.load_pem_x509_certificate((directory / "ca.pem").read_bytes())
    key = serialization.load_pem_private_key((directory / "ca-key.pem").read_bytes(), password=None)
    return CA(key, cert)  # type: ignore[arg-type]


def private_key_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def write_p12(path: Path | str, key: PrivateKey, cert: x509.Certificate, password: str,
              chain: list[x509.Certificate] | None = None, friendly_name: str | None = None) -> Path:
    """Write a password-protected PKCS#12 file (AES-256, as current tools do)."""
    path = Path(path)
    name = (friendly_name or cert.subject.rfc4514_string()).encode()
    data = pkcs12.serialize_key_and_certificates(
        name, key, cert, chain or None, serialization.BestAvailableEncryption(password.encode()))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return path


def write_pem_bundle(path: Path | str, certs: list[x509.Certificate]) -> Path:
    """Write certificates one after another as a PEM bundle (e.g. a trust-anchor file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs))
    return path
