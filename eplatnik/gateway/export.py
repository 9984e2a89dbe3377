"""Export one client's month as a ZIP: the signed KEDU, the receipt XML and the PDF of each submission.

The ZIP also holds ``manifest.json`` with the SHA-256 of every file, so the recipient can check that
the evidence files are byte-exact copies of what was sent and received. Evidence that does not match
its recorded digests and signatures (``evidence``) is refused: nothing is exported.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes, sha256_hex
from ..i18n import t
from .outbox import Filter

if TYPE_CHECKING:
    from .outbox import Submission
    from .service import GatewayService

TAMPERED = t("Dowody wysyłki {ref} nie zgadzają się z zapisanymi skrótami i podpisami: {problem} Niczego nie "
             "wyeksportowano.", "The evidence of the submission {ref} does not match its recorded digests and "
             "signatures: {problem} Nothing was exported.")
TAMPERED_HINT = t("Sprawdź wszystkie dowody: eplatnik-cli receipts verify --all; przywróć pliki z kopii zapasowej.",
                  "Check all evidence: eplatnik-cli receipts verify --all; restore the files from a backup.")
NOTHING = t("Brak wysyłek płatnika NIP {nip} za okres {period}.", "No submissions of the payer NIP {nip} for {period}.")


def export_month(gateway: GatewayService, nip: str, period: str, output: Path, *,
                 receipt_pdf: Callable[[GatewayService, Submission], bytes]) -> int:
    """Write the ZIP atomically; returns the number of submissions in it. ``receipt_pdf`` prints a
    receipt (``reports.receipt_pdf``, handed in by ``app.month.evidence_zip``)."""
    subs = gateway.list(Filter(payer=nip, period=period), limit=100000)
    if not subs:
        raise UserFacingError(NOTHING(nip=nip, period=period),
                              hint=t("Sprawdź NIP i okres: eplatnik-cli receipts list.",
                                     "Check the NIP and the period: eplatnik-cli receipts list."))
    for sub in subs:  # evidence is shipped only when every file is what was recorded and signed
        if sub.receipt_path:
            check = gateway.check_evidence(sub)
            if not check.ok:
                raise UserFacingError(TAMPERED(ref=sub.reference or sub.id, problem=check.problem),
                                      hint=TAMPERED_HINT)
        elif sha256_hex(gateway.archive.read(sub.document_path)) != sub.document_sha256:
            raise UserFacingError(TAMPERED(ref=sub.reference or f"#{sub.id}", problem=t(
                "podpisana deklaracja zmieniła się.", "the signed declaration changed.")), hint=TAMPERED_HINT)
    manifest = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for sub in reversed(subs):
            stem = sub.reference or f"niewyslane-{sub.id}"
            files = [(f"{stem}/dokument-podpisany.xml", gateway.archive.read(sub.document_path))]
            if sub.receipt_path:
                files.append((f"{stem}/potwierdzenie-upo.xml", gateway.archive.read(sub.receipt_path)))
                files.append((f"{stem}/potwierdzenie.pdf", receipt_pdf(gateway, sub)))
            for name, data in files:
                zf.writestr(name, data)
                manifest.append({"file": name, "sha256": sha256_hex(data), "reference": sub.reference,
                                 "state": sub.state, "receipt_verified": sub.receipt_verified})
        zf.writestr("manifest.json", json.dumps({"payer_nip": nip, "period": period, "files": manifest},
                                                ensure_ascii=False, indent=2))
    atomic_write_bytes(output, buf.getvalue())
    return len(subs)
