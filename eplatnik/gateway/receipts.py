"""The receipts archive: evidence files on disk and the checks a receipt must pass.

A receipt counts only when (1) its XAdES signature verifies against the gateway certificate that
was pinned when the package was built, (2) its reference is the one the gateway gave at submit,
(3) its package digest is the digest of the bytes we sent and (4) its document digest is the digest
of the signed KEDU we put in the package. Anything else is kept byte-exact, flagged
``receipt_invalid`` with the reason, and shown — never dropped, never counted as accepted.

Evidence layout (relative paths of the workspace's EvidenceStore, store/evidence.py: files under
``documents/`` for one seat, table ``evidence_files`` in an office database)::

    gateway/<YYYY-MM>/<NIP>/<key>.kedu.xml   the signed KEDU exactly as signed
    gateway/<YYYY-MM>/<NIP>/<key>.p7m        the encrypted package exactly as sent
    gateway/<YYYY-MM>/<NIP>/<ref>.upo.xml    the receipt exactly as received
"""

from __future__ import annotations

import base64
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from ..fsutil import sha256_hex
from ..i18n import Text, t
from ..store.evidence import EvidenceDamaged, EvidenceMissing, EvidenceStore, key
from .outbox import Submission
from .outbox_store import OutboxStore
from .receipt_xml import Receipt, ReceiptInvalid, verify_receipt

log = logging.getLogger(__name__)

P_NO_PIN = t("Brak przypiętego certyfikatu bramki, którym można sprawdzić potwierdzenie.",
             "No pinned gateway certificate to check the receipt with.")
P_REFERENCE = t("Numer referencyjny w potwierdzeniu ({found}) różni się od nadanego przy wysyłce ({expected}).",
                "The receipt's reference ({found}) differs from the one given at submission ({expected}).")
P_PACKAGE = t("Skrót przesyłki w potwierdzeniu nie zgadza się z wysłaną przesyłką.",
              "The package digest in the receipt does not match the package sent.")
P_DOCUMENT = t("Skrót dokumentu w potwierdzeniu nie zgadza się z podpisanym dokumentem.",
               "The document digest in the receipt does not match the signed document.")
P_STATUS = t("Potwierdzenie ma status {found}, a bramka zgłosiła {expected}.",
             "The receipt has status {found} while the gateway reported {expected}.")
P_FILE_CHANGED = t("Plik potwierdzenia na dysku zmienił się od zapisania (SHA-256 {found} zamiast {expected}).",
                   "The receipt file on disk changed since it was stored (SHA-256 {found} instead of {expected}).")
P_FILE_MISSING = t("Brak pliku potwierdzenia {path}.", "The receipt file {path} is missing.")


def text_json(text: Text) -> str:
    return json.dumps({"pl": text.render("pl"), "en": text.render("en")}, ensure_ascii=False)


def text_from_json(value: str, lang: str | None = None) -> str:
    """Render a stored bilingual message (JSON {"pl", "en"}) in the current language."""
    from ..i18n import language

    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if not isinstance(data, dict):
        return value
    return str(data.get(lang or language()) or data.get("pl") or "")


@dataclass(frozen=True)
class CheckResult:
    receipt: Receipt | None
    problem: Text | None

    @property
    def ok(self) -> bool:
        return self.problem is None


UNRECORDED_GRACE_S = 3600.0
_UNRECORDED = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(kedu\.xml|wniosek\.xml|p7m)")


class ReceiptArchive:
    def __init__(self, evidence: EvidenceStore, outbox: OutboxStore) -> None:
        self.evidence = evidence
        #: the evidence folder of a one-seat workspace (None in an office: the bytes are in its database)
        self.root: Path | None = getattr(evidence, "root", None)
        self.outbox = outbox

    # -- evidence files ---------------------------------------------------------------------------
    def folder(self, period: str, nip: str) -> Path:
        return Path("gateway") / (period or "bez-okresu") / (nip or "bez-nip")

    def write(self, relative: Path | str, data: bytes) -> str:
        self.evidence.put(relative, data)
        return key(relative)

    def sweep_unrecorded(self, recorded: set[str], older_than_s: float = UNRECORDED_GRACE_S) -> list[str]:
        """Delete signed-document and package files that no outbox row refers to.

        ``enqueue`` writes a package's two files first and then inserts its row; a crash in between
        leaves the files with no submission (nothing was sent: sending starts from rows only). Only
        ``<key>.kedu.xml`` / ``<key>.p7m`` files with a generated key are considered, and only when
        older than ``older_than_s`` (another process of the program may be enqueuing right now).
        Receipts are evidence and are never touched. Returns what was removed (relative paths).
        """
        recorded_keys = {key(r) for r in recorded if r}
        removed = []
        for relative in self.evidence.older_than("gateway", older_than_s, _UNRECORDED):
            if relative in recorded_keys:
                continue
            try:
                self.evidence.delete(relative)
            except OSError:
                continue
            removed.append(relative)
        if removed:
            log.info("removed %d files of submissions that were never recorded: %s", len(removed), removed[:5])
        return removed

    def discard(self, *relative: str) -> None:
        """Remove files of a submission that was never recorded (another process recorded the same
        set first). Only the generated ``<key>.kedu.xml`` / ``<key>.p7m`` names; never a receipt."""
        for name in relative:
            if _UNRECORDED.fullmatch(key(name).rsplit("/", 1)[-1]):
                self.evidence.delete(name)

    def read(self, relative: str, sha256: str | None = None) -> bytes:
        """The stored bytes, checked (``sha256``: the hex digest recorded for them); EvidenceMissing or
        EvidenceDamaged (store/evidence.py) otherwise."""
        return self.evidence.get(relative, sha256)

    def path(self, relative: str) -> Path:
        """A file on this seat's disk with the stored bytes (an office's are copied out, checked)."""
        return self.evidence.local_path(relative)

    # -- checks -----------------------------------------------------------------------------------
    def check(self, data: bytes, sub: Submission, expected_status: int | None = None) -> CheckResult:
        pem = self.outbox.receipt_cert(sub.receipt_cert_sha256)
        if pem is None:
            return CheckResult(None, P_NO_PIN)
        try:
            receipt = verify_receipt(data, x509.load_pem_x509_certificate(pem.encode("ascii")))
        except ReceiptInvalid as exc:
            return CheckResult(None, exc.reason)
        if receipt.reference != sub.reference:
            return CheckResult(receipt, P_REFERENCE(found=receipt.reference, expected=sub.reference or "-"))
        if receipt.package_sha256 != sub.package_sha256:
            return CheckResult(receipt, P_PACKAGE)
        document_b64 = base64.b64encode(bytes.fromhex(sub.document_sha256)).decode("ascii")
        # a package the gateway could not even decrypt (408) has no document digest to compare
        if receipt.document_sha256 and receipt.document_sha256 != document_b64:
            return CheckResult(receipt, P_DOCUMENT)
        if expected_status is not None and receipt.status != expected_status:
            return CheckResult(receipt, P_STATUS(found=receipt.status, expected=expected_status))
        if receipt.accepted != (receipt.status == 200):
            return CheckResult(receipt, P_STATUS(found=receipt.status, expected="200" if receipt.accepted else "4xx"))
        return CheckResult(receipt, None)

    def accept(self, sub: Submission, data: bytes, reported_status: int) -> str:
        """Store a received receipt byte-exact, check it, record the outcome; returns the new state."""
        relative = self.folder(sub.period, sub.payer_nip) / f"{_safe(sub.reference or sub.idempotency_key)}.upo.xml"
        self.write(relative, data)
        result = self.check(data, sub, reported_status)
        receipt = result.receipt
        if result.ok and receipt is not None:
            state = "accepted" if receipt.accepted else "rejected"
        else:
            state = "receipt_invalid"
            log.warning("receipt of %s rejected: %s", sub.reference, result.problem)
        self.outbox.store_receipt(sub.id, state=state, receipt={
            "reference": sub.reference or "", "status_code": receipt.status if receipt else reported_status,
            "accepted": bool(receipt and receipt.accepted and result.ok),
            "received_at": receipt.received_at if receipt else "", "issued_at": receipt.issued_at if receipt else "",
            "path": str(relative), "sha256": sha256_hex(data), "verified": result.ok,
            "problem": text_json(result.problem) if result.problem else "",
            "errors": [e.to_dict() for e in receipt.errors] if receipt else []})
        return state

    def reverify(self, sub: Submission) -> CheckResult:
        """Check a stored receipt again from its file (file digest, signature, binding)."""
        if not sub.receipt_path:
            return CheckResult(None, P_FILE_MISSING(path="-"))
        try:
            data = self.evidence.get(sub.receipt_path)
        except EvidenceMissing:
            return CheckResult(None, P_FILE_MISSING(path=sub.receipt_path))
        except EvidenceDamaged as exc:
            return CheckResult(None, P_FILE_CHANGED(found=exc.found[:16], expected=exc.expected[:16]))
        digest = sha256_hex(data)
        if digest != sub.receipt_sha256:
            return CheckResult(None, P_FILE_CHANGED(found=digest[:16], expected=(sub.receipt_sha256 or "")[:16]))
        return self.check(data, sub, sub.gateway_status)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
