"""A client's payment note as a one-page PDF: amounts per contribution group, the total, the
deadline and the NRS (numer rachunku składkowego), for printing or attaching to an e-mail."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..i18n import t
from ..register.nrs import PayerAccount
from .fonts import register_fonts


class PaymentNoteData(Protocol):
    """What the note's PDF reads: the month area computes it (``month.payment.PaymentNote``)."""

    @property
    def payer_full_name(self) -> str: ...
    @property
    def nip(self) -> str: ...
    @property
    def period(self) -> object: ...          # printed as it reads ("2026-10")
    @property
    def declaration_number(self) -> str: ...
    @property
    def deadline(self) -> date: ...
    @property
    def groups(self) -> list[tuple[str, str, Decimal]]: ...   # (Polish label, English label, amount)
    @property
    def total(self) -> Decimal: ...
    @property
    def account(self) -> PayerAccount: ...

    def arrears_text(self, lang: str = "pl") -> str: ...


TITLE = t("Informacja o składkach ZUS do zapłaty", "ZUS contributions to pay")
ONE_TRANSFER = t("Całą kwotę należy zapłacić jednym przelewem na indywidualny rachunek składkowy; ZUS sam "
                 "rozdzieli ją na poszczególne składki według deklaracji.",
                 "Pay the whole amount with one transfer to the individual contribution account; ZUS splits "
                 "it between the contributions according to the declaration.")
DERIVED = t("Numer rachunku wyznaczono z NIP płatnika — porównaj go z numerem w piśmie z ZUS.",
            "The account number was derived from the payer's NIP — compare it with the number in ZUS's letter.")


def render_payment_note_pdf(note: PaymentNoteData, lang: str = "pl", office: str = "") -> bytes:
    from ..formatting import money

    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=10, leading=13)
    head = ParagraphStyle("head", parent=base, fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    big = ParagraphStyle("big", parent=base, fontName=bold, fontSize=12, leading=16)

    def tr(pl: str, en: str) -> str:
        return t(pl, en).render(lang)

    deadline = f"{note.deadline:%d.%m.%Y}" if lang == "pl" else f"{note.deadline:%Y-%m-%d}"
    story = [
        Paragraph(escape(TITLE.render(lang)), head),
        Paragraph(escape(f"{note.payer_full_name} — NIP {note.nip}"), big),
        Paragraph(escape(tr(f"Okres rozliczeniowy: {note.period} (deklaracja nr {note.declaration_number})",
                            f"Settlement period: {note.period} (declaration no. {note.declaration_number})")),
                  base),
        Spacer(1, 6 * mm),
    ]
    rows = [[tr("Grupa składek", "Contribution group"), tr("Kwota", "Amount")]]
    rows += [[label_pl if lang == "pl" else label_en, money(amount, lang, unit=True)]
             for label_pl, label_en, amount in note.groups]
    rows.append([tr("RAZEM DO ZAPŁATY", "TOTAL TO PAY"), money(note.total, lang, unit=True)])
    table = Table(rows, colWidths=[120 * mm, 45 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), regular, 10), ("FONT", (0, 0), (-1, 0), bold, 10),
        ("FONT", (0, -1), (-1, -1), bold, 11), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black), ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
        ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#eef3f8")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 4)]))
    story += [table, Spacer(1, 8 * mm)]
    details = [
        [tr("Termin płatności", "Payment deadline"), deadline],
        [tr("Numer rachunku składkowego (NRS)", "Contribution account (NRS)"), note.account.formatted],
        [tr("Odbiorca", "Recipient"), "Zakład Ubezpieczeń Społecznych"],
        [tr("Tytuł przelewu", "Transfer title"), "składki ZUS"],
    ]
    box = Table(details, colWidths=[72 * mm, 93 * mm])
    box.setStyle(TableStyle([
        ("FONT", (0, 0), (0, -1), regular, 10), ("FONT", (1, 0), (1, -1), bold, 11),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.black), ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 0), (-1, -1), 5)]))
    story += [box, Spacer(1, 6 * mm), Paragraph(escape(ONE_TRANSFER.render(lang)), base)]
    if note.arrears_text(lang):
        warn = ParagraphStyle("warn", parent=base, fontName=bold, textColor=colors.HexColor("#b71c1c"))
        story += [Spacer(1, 3 * mm), Paragraph(escape(note.arrears_text(lang)), warn)]
    if note.account.source == "derived":
        story += [Spacer(1, 2 * mm), Paragraph(escape(DERIVED.render(lang)), base)]
    if office:
        story += [Spacer(1, 10 * mm), Paragraph(escape(office), base)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title=f"{TITLE.render(lang)} {note.period} {note.nip}",
                      author="eplatnik").build(story)
    return buf.getvalue()
