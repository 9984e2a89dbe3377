"""An e-visit confirmation as a one-page PDF: the matter, the time, the unit, the booking number, the
join link, what to prepare (the topic's checklist) and the reminder that it is a sandbox booking when
it is one."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..i18n import t
from ..visits.models import Visit
from ..visits.slots import to_local
from ..visits.topics import checklist, get_topic
from .fonts import register_fonts

TITLE = t("Potwierdzenie e-wizyty w ZUS", "ZUS e-visit confirmation")
ID_DOC = t("Przygotuj dokument tożsamości, aby pokazać go do kamery, oraz urządzenie z kamerą, mikrofonem i "
           "głośnikiem. Jedna sprawa na jedną e-wizytę (najwyżej 20 minut).",
           "Have an identity document ready to show to the camera, and a device with camera, microphone and "
           "speaker. One matter per e-visit (at most 20 minutes).")
CANCEL = t("Jeśli nie możesz wziąć udziału, odwołaj wizytę — termin od razu zwolni się dla innych.",
           "If you cannot attend, cancel the visit — the slot is freed for others at once.")
SANDBOX = t("Rezerwacja w piaskownicy eplatnik (symulacja usługi ZUS) — to nie jest rezerwacja w ZUS.",
            "Booked in the eplatnik sandbox (a simulated ZUS service) — this is not a ZUS booking.")


def render_visit_pdf(visit: Visit, lang: str = "pl") -> bytes:
    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13)
    head = ParagraphStyle("head", parent=base, fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    req = visit.request

    def tr(pl: str, en: str) -> str:
        return t(pl, en).render(lang)

    when = to_local(req.start).strftime("%Y-%m-%d %H:%M") if req.start else "—"
    rows = [
        [tr("Sprawa", "Matter"), get_topic(req.topic).label.render(lang)],
        [tr("Termin", "When"), f"{when} ({visit.slot_minutes} min)"],
        [tr("Jednostka ZUS", "ZUS unit"), req.unit_name or req.unit_id],
        [tr("Numer rezerwacji", "Booking number"), visit.remote_id or "—"],
        [tr("Stan", "Status"), visit.status.label.render(lang)],
        [tr("Osoba", "Person"), req.name],
        ["PESEL / NIP", req.pesel or req.nip],
        [tr("Telefon (SMS)", "Phone (SMS)"), req.phone],
        [tr("E-mail (link)", "E-mail (link)"), req.email],
    ]
    if req.guardian:
        rows.append([tr("Opiekun", "Guardian"), req.guardian])
    if req.proxy:
        rows.append([tr("Pełnomocnik", "Proxy"), req.proxy])
    if visit.join_url:
        rows.append([tr("Link", "Link"), visit.join_url])
    table = Table([[Paragraph(escape(a), base), Paragraph(escape(b), base)] for a, b in rows],
                  colWidths=[45 * mm, 120 * mm])
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black), ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    story = [Paragraph(escape(TITLE.render(lang)), head), Spacer(1, 3 * mm), table, Spacer(1, 5 * mm),
             Paragraph(escape(ID_DOC.render(lang)), base), Spacer(1, 3 * mm),
             Paragraph(escape(tr("Przygotuj:", "Have at hand:")), ParagraphStyle("b", parent=base, fontName=bold))]
    story += [Paragraph(escape(f"• {item.render(lang)}"), base) for item in checklist(req.topic, bool(req.proxy))]
    story += [Spacer(1, 4 * mm), Paragraph(escape(CANCEL.render(lang)), base)]
    if "ewizyta.example" in visit.join_url:
        story += [Spacer(1, 3 * mm), Paragraph(escape(SANDBOX.render(lang)), base)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title=TITLE.render(lang), author="eplatnik").build(story)
    return buf.getvalue()
