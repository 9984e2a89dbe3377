"""The sandbox gateway's own state on disk: keys, trust anchors, submissions, authorisations.

Layout under the sandbox state directory (it survives restarts)::

    ca/ca.pem, ca/ca-key.pem         the sandbox test CA (created on first start; the demo step
                                     creates it first when it sets up a workspace)
    trust/*.pem                      further trusted CAs (copy another workspace's ca/ca.pem here)
    gateway/encryption.pem (+ -key)  the certificate packages are encrypted for
    gateway/receipt-signing.pem (+ -key)  the certificate receipts are signed with
    gateway/gateway.db               submissions and registered authorisations (SQLite, WAL)
    gateway/packages/<ref>.p7m       packages as received, byte-exact
    gateway/receipts/<ref>.xml       signed receipts as issued
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..clock import default_clock
from ..fsutil import atomic_write_bytes
from ..locks import FileLock
from ..signing import testpki

GATEWAY_NAME = "Bramka ZUS (piaskownica eplatnik)"
GATEWAY_ORG = "Zakład Ubezpieczeń Społecznych (piaskownica)"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    reference TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    package_sha256 TEXT NOT NULL,
    package_type TEXT NOT NULL,
    producer TEXT NOT NULL DEFAULT '',
    software TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    finished_at TEXT,
    payer_nip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS submissions_digest ON submissions(package_sha256);
CREATE INDEX IF NOT EXISTS submissions_pending ON submissions(status, due_at);
CREATE INDEX IF NOT EXISTS submissions_received ON submissions(received_at);
CREATE TABLE IF NOT EXISTS authorisations (
    signer_pesel TEXT NOT NULL,
    payer_nip TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (signer_pesel, payer_nip)
);
"""


def ensure_ca(state_dir: Path) -> testpki.CA:
    """The sandbox's test CA (trust anchor for signers), created on first use — once, even when
    several processes ask at the same moment (they wait for the first one's CA)."""
    ca_dir = Path(state_dir) / "ca"
    if (ca_dir / "ca.pem").exists() and (ca_dir / "ca-key.pem").exists():
        return testpki.load_ca(ca_dir)
    with FileLock(Path(state_dir) / "keys.lock"):
        if (ca_dir / "ca.pem").exists() and (ca_dir / "ca-key.pem").exists():
            return testpki.load_ca(ca_dir)
        return testpki.create_ca("eplatnik Sandbox Test CA", ca_dir, organisation="eplatnik piaskownica (test)")


def trust_anchors(state_dir: Path) -> list[x509.Certificate]:
    anchors = [ensure_ca(state_dir).cert]
    trust_dir = Path(state_dir) / "trust"
    if trust_dir.is_dir():
        for pem in sorted(trust_dir.glob("*.pem")):
            anchors.extend(x509.load_pem_x509_certificates(pem.read_bytes()))
    return anchors


class NotACaCertificate(ValueError):
    """What was offered as a trust anchor is not a CA certificate in PEM (or carries a private key)."""


def add_trust_anchor(state_dir: Path | str, pem: bytes) -> tuple[str, bool]:
    """Trust a further test CA: ``pem`` (one CA certificate, PEM) is written to ``trust/<sha256>.pem``.
    Returns (the certificate's SHA-256 in hex, whether it was new). Refuses (``NotACaCertificate``) a
    PEM without exactly one certificate, one that is not a CA, or one that also holds a private key."""
    if b"PRIVATE KEY" in pem:
        raise NotACaCertificate("the PEM holds a private key; send the CA's certificate only")
    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise NotACaCertificate(f"not a PEM certificate: {exc}") from None
    if len(certs) != 1:
        raise NotACaCertificate(f"expected one certificate, got {len(certs)}")
    cert = certs[0]
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise NotACaCertificate("the certificate is not a CA certificate (BasicConstraints CA:TRUE)")
    digest = cert.fingerprint(hashes.SHA256()).hex()
    target = Path(state_dir) / "trust" / f"{digest}.pem"
    if target.exists():
        return digest, False
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, cert.public_bytes(serialization.Encoding.PEM))
    return digest, True


def trust_signature(state_dir: Path | str) -> tuple[tuple[str, int], ...]:
    """What ``trust_anchors`` depends on, cheaply: the trust folder's files and their change times."""
    trust_dir = Path(state_dir) / "trust"
    if not trust_dir.is_dir():
        return ()
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(trust_dir.glob("*.pem")))


def _gateway_cert(ca: testpki.CA, key, common_name: str, *, encryption: bool) -> x509.Certificate:
    now = default_clock().now().replace(microsecond=0) - dt.timedelta(days=1)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, GATEWAY_ORG),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    usage = x509.KeyUsage(digital_signature=not encryption, content_commitment=not encryption,
                          key_encipherment=encryption, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(ca.cert.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(usage, critical=True))
    if encryption:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                                        critical=False)
    return builder.sign(ca.key, hashes.SHA256())


@dataclass
class GatewayKeys:
    encryption_key: object
    encryption_cert: x509.Certificate
    receipt_key: object
    receipt_cert: x509.Certificate


def ensure_keys(state_dir: Path) -> GatewayKeys:
    """Load (or create on first start) the gateway's encryption and receipt-signing key pairs.

    Created once: under the state folder's key lock, checked again after taking it (two processes
    starting at once each made their own keys, and the certificate pinned by clients differed)."""
    ca = ensure_ca(state_dir)
    with FileLock(Path(state_dir) / "keys.lock"):
        return _load_or_create_keys(Path(state_dir), ca)


def _load_or_create_keys(state_dir: Path, ca: testpki.CA) -> GatewayKeys:
    directory = state_dir / "gateway"
    directory.mkdir(parents=True, exist_ok=True)
    out: list[Any] = []   # key, certificate, key, certificate
    for stem, common_name, encryption in (("encryption", f"{GATEWAY_NAME} — szyfrowanie", True),
                                          ("receipt-signing", f"{GATEWAY_NAME} — UPO", False)):
        cert_path, key_path = directory / f"{stem}.pem", directory / f"{stem}-key.pem"
        if cert_path.exists() and key_path.exists():
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        else:
            key = testpki.new_key("rsa")
            cert = _gateway_cert(ca, key, common_name, encryption=encryption)
            atomic_write_bytes(key_path, testpki.private_key_pem(key))  # key first: a cert alone is useless
            atomic_write_bytes(cert_path, cert.public_bytes(serialization.Encoding.PEM))
        out += [key, cert]
    return GatewayKeys(*out)


@dataclass(frozen=True)
class SubmissionRow:
    reference: str
    idempotency_key: str
    package_sha256: str
    package_type: str
    received_at: str
    due_at: str
    status: int
    finished_at: str | None
    payer_nip: str


class GatewayStore:
    """SQLite state of the sandbox gateway; safe to use from the HTTP threads and the worker."""

    def __init__(self, state_dir: Path | str) -> None:
        self.dir = Path(state_dir) / "gateway"
        self.dir.mkdir(parents=True, exist_ok=True)
        (self.dir / "packages").mkdir(exist_ok=True)
        (self.dir / "receipts").mkdir(exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.dir / "gateway.db", check_same_thread=False, isolation_level=None,
                                     timeout=10)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA busy_timeout = 10000")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- submissions -----------------------------------------------------------------------------
    def package_path(self, reference: str) -> Path:
        return self.dir / "packages" / f"{reference}.p7m"

    def receipt_path(self, reference: str) -> Path:
        return self.dir / "receipts" / f"{reference}.xml"

    def find(self, *, reference: str | None = None, key: str | None = None,
             digest: str | None = None) -> SubmissionRow | None:
        arg: str | None
        if reference is not None:
            sql, arg = "SELECT * FROM submissions WHERE reference = ?", reference
        elif key is not None:
            sql, arg = "SELECT * FROM submissions WHERE idempotency_key = ?", key
        else:
            sql, arg = "SELECT * FROM submissions WHERE package_sha256 = ? ORDER BY received_at LIMIT 1", digest
        with self._lock:
            row = self._conn.execute(sql, (arg,)).fetchone()
        return SubmissionRow(**{k: row[k] for k in SubmissionRow.__dataclass_fields__}) if row else None

    def receive(self, *, key: str, digest: str, package_type: str, package: bytes, received_at: dt.datetime,
                due_at: dt.datetime, producer: str, software: str, version: str,
                initial_status: int) -> tuple[SubmissionRow, bool]:
        """Record a package once; (row, created). Same key or same digest → the existing row."""
        with self._lock:
            existing = self.find(key=key) or self.find(digest=digest)
            if existing is not None:
                return existing, False
            reference = f"SBX-{received_at:%Y%m%d}-{secrets.token_hex(5).upper()}"
            atomic_write_bytes(self.package_path(reference), package)  # bytes on disk before the row
            self._conn.execute(
                "INSERT INTO submissions(reference, idempotency_key, package_sha256, package_type, producer, "
                "software, version, received_at, due_at, status) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (reference, key, digest, package_type, producer, software, version, received_at.isoformat(),
                 due_at.isoformat(), initial_status))
            found = self.find(reference=reference)
            assert found is not None
            return found, True

    def set_status(self, reference: str, status: int, *, finished_at: dt.datetime | None = None,
                   payer_nip: str | None = None) -> None:
        with self._lock:
            self._conn.execute(
                "UPDATE submissions SET status = ?, finished_at = COALESCE(?, finished_at), "
                "payer_nip = COALESCE(?, payer_nip) WHERE reference = ?",
                (status, finished_at.isoformat() if finished_at else None, payer_nip, reference))

    def pending(self, limit: int = 50) -> list[SubmissionRow]:
        """Submissions not yet processed (3xx), oldest due first — re-processing resumes after a restart."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM submissions WHERE status BETWEEN 301 AND 399 ORDER BY due_at LIMIT ?",
                (limit,)).fetchall()
        return [SubmissionRow(**{k: r[k] for k in SubmissionRow.__dataclass_fields__}) for r in rows]

    def index(self, since: str | None = None, limit: int = 1000) -> list[SubmissionRow]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM submissions WHERE received_at >= ? ORDER BY received_at LIMIT ?",
                (since or "", limit)).fetchall()
        return [SubmissionRow(**{k: r[k] for k in SubmissionRow.__dataclass_fields__}) for r in rows]

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM submissions").fetchone()[0])

    # -- authorisations --------------------------------------------------------------------------
    def add_authorisation(self, signer_pesel: str, payer_nip: str, at: dt.datetime | None = None) -> None:
        with self._lock:
            self._conn.execute("INSERT OR IGNORE INTO authorisations VALUES (?,?,?)",
                               (signer_pesel, payer_nip, (at or default_clock().now()).isoformat()))

    def remove_authorisation(self, signer_pesel: str, payer_nip: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM authorisations WHERE signer_pesel = ? AND payer_nip = ?",
                               (signer_pesel, payer_nip))

    def is_authorised(self, signer_pesel: str, payer_nip: str) -> bool:
        with self._lock:
            return self._conn.execute("SELECT 1 FROM authorisations WHERE signer_pesel = ? AND payer_nip = ?",
                                      (signer_pesel, payer_nip)).fetchone() is not None

    def authorisations(self) -> list[dict]:
        with self._lock:
            rows = self._conn.execute("SELECT * FROM authorisations ORDER BY payer_nip, signer_pesel").fetchall()
        return [dict(r) for r in rows]


def register_authorisation(state_dir: Path | str, signer_pesel: str, payer_nip: str) -> None:
    """Record, in a sandbox state directory, that ``signer_pesel`` may sign for ``payer_nip``."""
    store = GatewayStore(state_dir)
    try:
        store.add_authorisation(signer_pesel, payer_nip)
    finally:
        store.close()
