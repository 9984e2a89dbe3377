"""Checking a submission's stored evidence as a whole: every file, every digest, every binding.

The evidence of one submission is three files under ``gateway/<period>/<NIP>/`` of the workspace's
evidence store (``documents/`` of one seat, the office database's ``evidence_files``): the
signed declaration exactly as signed, the package exactly as sent, the receipt exactly as received.
Checking only the receipt's own signature let an amount changed in the stored declaration, a flipped
byte of the package, or two clients' declarations swapped go unnoticed. ``check_evidence`` finds
every one of these:

1. each file exists and has the SHA-256 recorded when it was written (outbox row, receipt row);
2. the receipt's signature verifies with the pinned gateway certificate and binds the reference,
   the package digest and the document digest as recorded (``ReceiptArchive.check``);
3. the receipt's package and document digests are those of the files on disk;
4. the declaration's own XAdES signature verifies (certificate judged at its signing time);
5. the payer it names (read from the signed content only) is the submission's and the receipt's.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..fsutil import sha256_hex
from ..i18n import Text, t
from . import protocol
from .outbox import Submission

if TYPE_CHECKING:
    from ..signing.xades import SignatureInfo
    from .receipts import ReceiptArchive
    from .summary import KeduSummary

P_MISSING = t("Brak pliku {what} ({path}).", "The {what} file is missing ({path}).")
P_CHANGED = t("Plik {what} zmienił się od zapisania (SHA-256 {found}… zamiast {expected}…).",
              "The {what} file changed since it was stored (SHA-256 {found}… instead of {expected}…).")
P_RECEIPT_DOCUMENT = t("Skrót dokumentu w potwierdzeniu nie zgadza się z zapisaną podpisaną deklaracją.",
                       "The receipt's document digest does not match the stored signed declaration.")
P_RECEIPT_PACKAGE = t("Skrót przesyłki w potwierdzeniu nie zgadza się z zapisaną przesyłką.",
                      "The receipt's package digest does not match the stored package.")
P_SIGNATURE = t("Podpis zapisanej deklaracji jest nieprawidłowy: {problem}",
                "The stored declaration's signature is invalid: {problem}")
P_PAYER = t("Zapisana deklaracja dotyczy płatnika {found}, a wysyłka płatnika {expected}.",
            "The stored declaration is of the payer {found}, while the submission is of the payer {expected}.")
P_RECEIPT_PAYER = t("Potwierdzenie dotyczy płatnika {found}, a zapisana deklaracja płatnika {expected}.",
                    "The receipt is of the payer {found}, while the stored declaration is of the payer {expected}.")
W_DOCUMENT = t("podpisanej deklaracji", "signed declaration")
W_PACKAGE = t("przesyłki", "package")
W_RECEIPT = t("potwierdzenia", "receipt")


@dataclass
class EvidenceCheck:
    submission: Submission
    problems: list[Text] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem(self) -> Text | None:
        """All problems in one message (the first one alone when there is one)."""
        if not self.problems:
            return None
        if len(self.problems) == 1:
            return self.problems[0]
        return Text(" ".join(p.render("pl") for p in self.problems), " ".join(p.render("en") for p in self.problems))


def _read(archive: ReceiptArchive, relative: str | None, what: Text, check: EvidenceCheck) -> bytes | None:
    """The stored bytes (files of one seat, the database of an office), or None with the problem noted."""
    from ..store.evidence import EvidenceDamaged, EvidenceMissing

    if not relative:
        check.problems.append(P_MISSING(what=what, path="-"))
        return None
    try:
        return archive.read(relative)
    except EvidenceMissing:
        check.problems.append(P_MISSING(what=what, path=relative))
    except EvidenceDamaged as exc:  # an office row whose bytes no longer have the digest stored with them
        check.problems.append(P_CHANGED(what=what, found=exc.found[:16], expected=exc.expected[:16]))
    except OSError:
        check.problems.append(P_MISSING(what=what, path=relative))
    return None


def check_evidence(archive: ReceiptArchive, sub: Submission, verify_declaration: Callable[[bytes], SignatureInfo],
                   summarise: Callable[[bytes], KeduSummary] | None = None) -> EvidenceCheck:
    """Every check above for one submission; ``verify_declaration`` checks a signed KEDU (the
    signing area's ``verify_stored``: configured trust anchors, certificate at signing time);
    ``summarise`` reads the signed document (``summary.summarise`` with the program's package readers)."""
    check = EvidenceCheck(sub)
    document = _read(archive, sub.document_path, W_DOCUMENT, check)
    if document is not None and sha256_hex(document) != sub.document_sha256:
        check.problems.append(P_CHANGED(what=W_DOCUMENT, found=sha256_hex(document)[:16],
                                        expected=sub.document_sha256[:16]))
    package = _read(archive, sub.package_path, W_PACKAGE, check)
    if package is not None and protocol.sha256_b64(package) != sub.package_sha256:
        check.problems.append(P_CHANGED(what=W_PACKAGE, found=_hex(protocol.sha256_b64(package))[:16],
                                        expected=_hex(sub.package_sha256)[:16]))
    receipt = None
    if sub.receipt_path:
        data = _read(archive, sub.receipt_path, W_RECEIPT, check)
        if data is not None and sha256_hex(data) != sub.receipt_sha256:
            check.problems.append(P_CHANGED(what=W_RECEIPT, found=sha256_hex(data)[:16],
                                            expected=(sub.receipt_sha256 or "")[:16]))
        elif data is not None:
            result = archive.check(data, sub, sub.gateway_status)
            if result.problem is not None:
                check.problems.append(result.problem)
            receipt = result.receipt
    if receipt is not None:
        if document is not None and receipt.document_sha256 and receipt.document_sha256 != _b64(document):
            check.problems.append(P_RECEIPT_DOCUMENT)
        if package is not None and receipt.package_sha256 != protocol.sha256_b64(package):
            check.problems.append(P_RECEIPT_PACKAGE)
    if document is not None:
        _check_declaration(document, sub, receipt, verify_declaration, summarise or _kedu_only, check)
    return check


def _kedu_only(data: bytes) -> KeduSummary:
    from .summary import summarise

    return summarise(data)


def _check_declaration(document: bytes, sub: Submission, receipt, verify: Callable[[bytes], SignatureInfo],
                       summarise: Callable[[bytes], KeduSummary], check: EvidenceCheck) -> None:
    info = verify(document)
    if not info.valid or info.signed_data is None:
        check.problems.append(P_SIGNATURE(problem=info.problems[0] if info.problems else "?"))
        return
    signed = summarise(info.signed_data)  # read from what the signature covers, never around it
    payer = signed.payer_nip or signed.payer_pesel
    expected = sub.payer_nip or sub.payer_pesel
    if payer != expected:
        check.problems.append(P_PAYER(found=f"{signed.payer_name} ({payer})", expected=f"{sub.payer_name} "
                                      f"({expected})"))
    if receipt is not None and (receipt.payer_nip or receipt.payer_pesel) and \
            (receipt.payer_nip or receipt.payer_pesel) != payer:
        check.problems.append(P_RECEIPT_PAYER(found=receipt.payer_nip or receipt.payer_pesel, expected=payer))


def _b64(data: bytes) -> str:
    return base64.b64encode(bytes.fromhex(sha256_hex(data))).decode("ascii")


def _hex(b64: str) -> str:
    try:
        return base64.b64decode(b64).hex()
    except ValueError:
        return b64
