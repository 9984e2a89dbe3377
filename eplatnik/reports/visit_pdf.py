"""An e-visit confirmation as a one-page PDF: the matter, the time, the unit, the booking number, the
join link, what to prepare (the topic's checklist) and the reminder that it is a sandbox booking when
it is one. A cancelled (or refused, or not yet sent) visit gets a page that says so in its title —
"Odwołanie e-wizyty" — with no join link and no checklist: nobody should go to a visit that is off."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..formatting import local_time
from ..i18n import t
from ..visits.models import Visit, VisitStatus
from ..visits.topics import checklist, get_topic
from .fonts import register_fonts

TITLE = t("Potwierdzenie e-wizyty w ZUS", "ZUS e-visit confirmation")
TITLES = {
    VisitStatus.CANCELLED: t("Odwołanie e-wizyty w ZUS", "ZUS e-visit cancelled"),
    VisitStatus.REJECTED: t("E-wizyta w ZUS nie została zarezerwowana", "ZUS e-visit not booked"),
    VisitStatus.PENDING: t("E-wizyta w ZUS — rezerwacja jeszcze niepotwierdzona",
                           "ZUS e-visit — booking not confirmed yet"),
}
CANCELLED_NOTE = t("Ta e-wizyta została odwołana; termin jest wolny dla innych. Nie łącz się w tym terminie — "
                   "jeśli sprawa jest nadal aktualna, zarezerwuj nową e-wizytę.",
                   "This e-visit was cancelled; the slot is free for others. Do not join at that time — if the "
                   "matter still stands, book a new e-visit.")
NOT_BOOKED_NOTE = t("Ta e-wizyta nie jest zarezerwowana: nie łącz się w tym terminie.",
                    "This e-visit is not booked: do not join at that time.")
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

    when = local_time(req.start, lang) if req.start else "—"
    booked = visit.status == VisitStatus.BOOKED
    title = TITLES.get(visit.status, TITLE) if not booked else TITLE
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
    if visit.join_url and booked:
        rows.append([tr("Link", "Link"), visit.join_url])
    table = Table([[Paragraph(escape(a), base), Paragraph(escape(b), base)] for a, b in rows],
                  colWidths=[45 * mm, 120 * mm])
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black), ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    story = [Paragraph(escape(title.render(lang)), head), Spacer(1, 3 * mm), table, Spacer(1, 5 * mm)]
    if booked:
        story += [Paragraph(escape(ID_DOC.render(lang)), base), Spacer(1, 3 * mm),
                  Paragraph(escape(tr("Przygotuj:", "Have at hand:")), ParagraphStyle("b", parent=base, fontName=bold))]
        story += [Paragraph(escape(f"• {item.render(lang)}"), base) for item in checklist(req.topic, bool(req.proxy))]
        story += [Spacer(1, 4 * mm), Paragraph(escape(CANCEL.render(lang)), base)]
    else:
        note = CANCELLED_NOTE if visit.status == VisitStatus.CANCELLED else NOT_BOOKED_NOTE
        story += [Paragraph(escape(note.render(lang)), ParagraphStyle("n", parent=base, fontName=bold))]
    if "ewizyta.example" in visit.join_url:
        story += [Spacer(1, 3 * mm), Paragraph(escape(SANDBOX.render(lang)), base)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title=title.render(lang), author="eplatnik").build(story)
    return buf.getvalue()
