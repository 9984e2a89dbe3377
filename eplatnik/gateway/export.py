"""Export one client's month as a ZIP: the signed KEDU, the receipt XML and the PDF of each submission.

The ZIP also holds ``manifest.json`` with the SHA-256 of every file, so the recipient can check that
the evidence files are byte-exact copies of what was sent and received.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes, sha256_hex
from ..i18n import t
from .outbox import Filter

if TYPE_CHECKING:
    from .service import GatewayService

NOTHING = t("Brak wysyłek płatnika NIP {nip} za okres {period}.", "No submissions of the payer NIP {nip} for {period}.")


def export_month(gateway: GatewayService, nip: str, period: str, output: Path) -> int:
    """Write the ZIP atomically; returns the number of submissions in it."""
    from ..reports.receipt_pdf import render_receipt_pdf

    subs = gateway.list(Filter(payer=nip, period=period), limit=100000)
    if not subs:
        raise UserFacingError(NOTHING(nip=nip, period=period),
                              hint=t("Sprawdź NIP i okres: eplatnik-cli receipts list.",
                                     "Check the NIP and the period: eplatnik-cli receipts list."))
    manifest = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for sub in reversed(subs):
            stem = sub.reference or f"niewyslane-{sub.id}"
            files = [(f"{stem}/dokument-podpisany.xml", gateway.archive.read(sub.document_path))]
            if sub.receipt_path:
                files.append((f"{stem}/potwierdzenie-upo.xml", gateway.archive.read(sub.receipt_path)))
                files.append((f"{stem}/potwierdzenie.pdf", render_receipt_pdf(gateway, sub)))
            for name, data in files:
                zf.writestr(name, data)
                manifest.append({"file": name, "sha256": sha256_hex(data), "reference": sub.reference,
                                 "state": sub.state, "receipt_verified": sub.receipt_verified})
        zf.writestr("manifest.json", json.dumps({"payer_nip": nip, "period": period, "files": manifest},
                                                ensure_ascii=False, indent=2))
    atomic_write_bytes(output, buf.getvalue())
    return len(subs)
