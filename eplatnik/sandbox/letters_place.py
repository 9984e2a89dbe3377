"""The sandbox's "ZUS places a letter": render its PDF, seal it with the gateway's key, store it.

Used by the running sandbox (a decision after a relief application, a notice after a rejected set,
``POST /gateway/v1/admin/letters``) and by ``eplatnik-cli sandbox letter`` — which works whether or
not a sandbox is running on that state directory (``letters_store`` keeps the writes atomic).
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from pathlib import Path
from xml.sax.saxutils import escape

from ..gateway.protocol import sha256_b64
from ..letters.delivery import LetterKind
from ..letters.letter_xml import LetterDocument, build_letter_xml
from ..letters.seal import seal_xml
from .gateway_store import ensure_ca, ensure_keys
from .letters_store import LetterRow, LettersStore

SANDBOX_FOOTER = "Pismo z piaskownicy eplatnik — NIE pochodzi z ZUS. Sandbox letter — NOT from ZUS."
KIND_HEADINGS = {"decision": "DECYZJA", "notice": "ZAWIADOMIENIE", "letter": "PISMO"}


def render_letter_pdf(*, title: str, text: str, payer_nip: str, payer_name: str, letter_id: str,
                      kind: str, placed_at: dt.datetime) -> bytes:
    """A one-page letter as ZUS would send it (heading, addressee, title, text), marked as a sandbox's."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from ..reports.fonts import register_fonts

    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10.5, leading=14)
    head = ParagraphStyle("head", parent=base, fontName=bold, fontSize=14, leading=18, spaceAfter=4)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=title, author="ZUS (piaskownica eplatnik)",
                            creator="eplatnik sandbox")
    story = [Paragraph("Zakład Ubezpieczeń Społecznych (piaskownica eplatnik)", small),
             Paragraph(f"Warszawa, {placed_at.astimezone(dt.UTC).strftime('%d.%m.%Y')}", small),
             Spacer(1, 8 * mm),
             Paragraph(f"{escape(payer_name or '')}<br/>NIP {escape(payer_nip)}", base),
             Spacer(1, 10 * mm),
             Paragraph(KIND_HEADINGS.get(kind, "PISMO"), head),
             Paragraph(f"nr {escape(letter_id)}", small), Spacer(1, 4 * mm),
             Paragraph(escape(title), ParagraphStyle("title", parent=base, fontName=bold)),
             Spacer(1, 5 * mm)]
    for paragraph in (text or "").split("\n\n"):
        if paragraph.strip():
            story += [Paragraph(escape(paragraph.strip()).replace("\n", "<br/>"), base), Spacer(1, 3 * mm)]
    story += [Spacer(1, 12 * mm), Paragraph(SANDBOX_FOOTER, small)]
    doc.build(story)
    return buf.getvalue()


def new_letter_id(at: dt.datetime) -> str:
    return f"LTR-{at:%Y%m%d}-{secrets.token_hex(5).upper()}"


def place_letter(state_dir: Path | str, *, nip: str, title: str, now: dt.datetime, kind: str = "decision",
                 text: str = "", pdf: bytes | None = None, payer_name: str = "", in_reply_to: str = "",
                 store: LettersStore | None = None, sealed_at: dt.datetime | None = None) -> LetterRow:
    """Place one letter for the payer ``nip`` at ``now``; returns its row (the sealed file is stored).
    The seal is made at ``sealed_at`` — by default the program's clock now, which differs from ``now``
    when a letter is placed as of an earlier moment (``sandbox letter --placed-at``, tests)."""
    kind = LetterKind(kind).value
    state_dir = Path(state_dir)
    ensure_ca(state_dir)
    keys = ensure_keys(state_dir)
    letter_id = new_letter_id(now)
    placed_at = now.astimezone(dt.UTC).isoformat()
    if pdf is None:
        pdf = render_letter_pdf(title=title, text=text, payer_nip=nip, payer_name=payer_name,
                                letter_id=letter_id, kind=kind, placed_at=now)
    document = LetterDocument(id=letter_id, payer_nip=nip, payer_name=payer_name, kind=kind, title=title,
                              placed_at=placed_at, in_reply_to=in_reply_to, text=text, pdf=pdf)
    if sealed_at is None:
        from ..clock import default_clock

        sealed_at = max(now, default_clock().now())
    sealed = seal_xml(build_letter_xml(document), keys.receipt_key, keys.receipt_cert, signing_time=sealed_at)
    row = LetterRow(id=letter_id, payer_nip=nip, payer_name=payer_name, title=title, kind=kind,
                    placed_at=placed_at, content_sha256=sha256_b64(sealed), content_size=len(sealed),
                    in_reply_to=in_reply_to, delivered_at=None, delivered_by="", upd_sha256="")
    own = store is None
    store = store or LettersStore(state_dir)
    try:
        return store.add(row, sealed)
    finally:
        if own:
            store.close()
