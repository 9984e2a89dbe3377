"""The receipt as a PDF confirmation for people (reportlab). The XML files stay the evidence.

The page shows the reference number, the outcome, the payer, the documents, the times, the SHA-256
digests of the signed document, the package and the receipt file, whether the receipt's signature
verified against the pinned gateway certificate, and for a rejection every error with its document,
block and field.
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..formatting import local_time, period_text
from ..i18n import t
from ..states import state_label
from .fonts import register_fonts

if TYPE_CHECKING:
    from ..gateway.outbox import Submission
    from ..gateway.service import GatewayService

TITLE = t("Potwierdzenie odbioru przesyłki (UPO)", "Confirmation of receipt (UPO)")
TEST_TITLE = t("Potwierdzenie testowe — to NIE jest UPO z ZUS", "Test receipt — this is NOT a ZUS receipt (UPO)")
WATERMARK = t("TEST — NIE ZUS", "TEST — NOT ZUS")
OTHER_NOTE = t("Bramka inna niż produkcyjna bramka ZUS ({url}) — przesyłka NIE trafiła do ZUS.",
               "A gateway other than ZUS's production gateway ({url}) — the package did NOT reach ZUS.")
NOTE = t("Wydruk ma charakter informacyjny. Dowodem są: podpisany dokument KEDU i plik XML potwierdzenia "
         "podpisany przez bramkę (skróty SHA-256 powyżej).",
         "This printout is for information. The evidence is the signed KEDU document and the receipt XML "
         "signed by the gateway (SHA-256 digests above).")
SANDBOX_NOTE = t("PIASKOWNICA — przesyłka NIE trafiła do ZUS.", "SANDBOX — the package did NOT reach ZUS.")


def _hex_of_b64(value: str) -> str:
    try:
        return base64.b64decode(value).hex()
    except ValueError:
        return value


def _local(value: object, lang: str | None) -> str:
    """A receipt's timestamp as the wall-clock time in Poland; anything unreadable is shown as it is."""
    if not value:
        return "-"
    try:
        return local_time(value if isinstance(value, str) else value.isoformat(), lang, seconds=True)  # type: ignore[attr-defined]
    except (ValueError, AttributeError):
        return str(value)


def render_receipt_pdf(gateway: GatewayService, sub: Submission, lang: str | None = None) -> bytes:
    from ..gateway.receipt_xml import parse_receipt
    from ..gateway.receipts import text_from_json
    from ..xmlsafe import parse_bytes

    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=9.5, leading=12)
    head = ParagraphStyle("head", parent=base, fontName=bold, fontSize=15, leading=19, spaceAfter=6)
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
    mono = ParagraphStyle("mono", parent=base, fontSize=7.5, leading=9.5)

    def tr(pl: str, en: str) -> str:
        return t(pl, en).render(lang)

    receipt = None
    if sub.receipt_path:
        try:
            receipt = parse_receipt(parse_bytes(gateway.archive.read(sub.receipt_path)))
        except Exception:  # noqa: BLE001 - an unreadable receipt is still printed with its flag
            receipt = None
    outcome = state_label(sub.state, lang).upper()
    verified = (tr("TAK — podpis zgodny z przypiętym certyfikatem bramki", "YES — signature matches the pinned "
                   "gateway certificate") if sub.receipt_verified else
                tr("NIE", "NO") + (": " + text_from_json(sub.receipt_problem, lang) if sub.receipt_problem else ""))
    rows = [
        (tr("Numer referencyjny", "Reference number"), sub.reference or "-"),
        (tr("Wynik", "Outcome"), f"{outcome} ({sub.gateway_status or '-'})"),
        (tr("Płatnik", "Payer"), f"{sub.payer_name} — NIP {sub.payer_nip}" + (
            f", PESEL {sub.payer_pesel}" if sub.payer_pesel else "")),
        (tr("Okres", "Period"), period_text(sub.period, lang, blank="-")),
        (tr("Dokumenty", "Documents"), ", ".join(
            f"{d.form} {d.period} (id {d.identifier})" for d in receipt.documents) if receipt else sub.forms),
        (tr("Data wpływu (czas polski)", "Received (Polish time)"),
         _local(receipt.received_at if receipt else sub.receipt_received_at, lang)),
        (tr("Data wydania potwierdzenia (czas polski)", "Receipt issued (Polish time)"),
         _local(receipt.issued_at if receipt else "", lang)),
        (tr("Podpisujący dokument", "Document signed by"), receipt.signer_name if receipt else "-"),
        (tr("Bramka", "Gateway"), f"{sub.profile} — {sub.gateway_url}"),
        (tr("Potwierdzenie zweryfikowane", "Receipt verified"), verified),
        (tr("SHA-256 podpisanego dokumentu", "SHA-256 of the signed document"), sub.document_sha256),
        (tr("SHA-256 przesyłki", "SHA-256 of the package"), _hex_of_b64(sub.package_sha256)),
        (tr("SHA-256 pliku potwierdzenia", "SHA-256 of the receipt file"), sub.receipt_sha256 or "-"),
    ]
    story = [Paragraph(escape((TITLE if sub.reached_zus else TEST_TITLE).render(lang)), head)]
    if not sub.reached_zus:
        note = SANDBOX_NOTE if sub.profile == "sandbox" else OTHER_NOTE(url=sub.gateway_url)
        warning = ParagraphStyle("warning", parent=head, fontSize=12, leading=15, textColor=colors.HexColor("#b00000"))
        story.append(Paragraph(escape(note.render(lang)), warning))
    story.append(Spacer(1, 4 * mm))
    table = Table([[Paragraph(escape(k), base), Paragraph(escape(str(v)), mono if "SHA" in k else base)]
                   for k, v in rows], colWidths=[52 * mm, 120 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke)]))
    story.append(table)
    if sub.errors:
        story += [Spacer(1, 5 * mm), Paragraph(escape(tr("Błędy i uwagi", "Errors and remarks")), head)]
        err_rows = [[Paragraph(escape(x), small) for x in (
            tr("Kod", "Code"), tr("Dokument", "Document"), tr("Blok", "Block"), tr("Pole", "Field"),
            tr("Opis", "Description"))]]
        for e in sub.errors:
            message = e.get("message_en") if (lang or _lang()) == "en" else e.get("message_pl")
            if not e.get("critical"):
                message = f"{message} ({tr('ostrzeżenie', 'warning')})"
            err_rows.append([Paragraph(escape(str(x or "")), small) for x in (
                e.get("code"), e.get("document"), e.get("block"), e.get("field"), message)])
        errors = Table(err_rows, colWidths=[20 * mm, 20 * mm, 14 * mm, 14 * mm, 104 * mm], repeatRows=1)
        errors.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(errors)
    story += [Spacer(1, 6 * mm), Paragraph(escape(NOTE.render(lang)), small)]
    buf = io.BytesIO()
    title = f"UPO {sub.reference or ''}" if sub.reached_zus else f"{TEST_TITLE.render(lang)} {sub.reference or ''}"
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=title, author="eplatnik", invariant=True)

    def watermark(canvas, _doc) -> None:
        """Across every page of a test receipt, so that no printout passes for a ZUS one."""
        if sub.reached_zus:
            return
        canvas.saveState()
        canvas.setFont(bold, 54)
        canvas.setFillColor(colors.Color(0.75, 0, 0, alpha=0.13))
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(40)
        canvas.drawCentredString(0, 0, WATERMARK.render(lang))
        canvas.restoreState()

    doc.build(story, onFirstPage=watermark, onLaterPages=watermark)
    return buf.getvalue()


def _lang() -> str:
    from ..i18n import language

    return language()
