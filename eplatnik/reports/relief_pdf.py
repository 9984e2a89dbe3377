"""A relief application draft as a PDF: the payer's data, the arrears month by month and in total,
the proposed schedule with the estimated prolongation fee, and the statement about the financial
situation the relief advisor asks for (with room to fill in by hand)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..i18n import t
from .fonts import register_fonts

if TYPE_CHECKING:
    from ..relief.model import ReliefDraft

TITLES = {
    "instalments": t("Wniosek o rozłożenie na raty należności z tytułu składek",
                     "Application to spread contribution arrears into instalments"),
    "deferral": t("Wniosek o odroczenie terminu płatności składek", "Application to defer the contribution deadline"),
}
DRAFT_NOTE = t("Projekt przygotowany w programie eplatnik na podstawie konta płatnika (formularz ZUS {form}). "
               "Sprawdź dane i kwoty przed złożeniem; ostateczne warunki ustala ZUS w umowie.",
               "A draft prepared by eplatnik from the payer's account (ZUS form {form}). Check the data and amounts "
               "before filing; ZUS sets the final terms in the agreement.")


def _money(value, lang: str) -> str:
    from ..account.money import pl_amount

    return pl_amount(value) if lang == "pl" else f"{value:,.2f}"


def _rate(value, lang: str) -> str:
    return f"{value:.2f}".replace(".", ",") if lang == "pl" else f"{value:.2f}"


def _date(value, lang: str) -> str:
    return f"{value:%d.%m.%Y}" if lang == "pl" else f"{value:%Y-%m-%d}"


def _table(rows: list[list[str]], widths: list[float], regular: str, bold: str, *, total: bool = True) -> Table:
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), regular, 9), ("FONT", (0, 0), (-1, 0), bold, 9),
             ("ALIGN", (2, 0), (-1, -1), "RIGHT"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if total:
        style += [("FONT", (0, -1), (-1, -1), bold, 9), ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                  ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#eef3f8"))]
    table.setStyle(TableStyle(style))
    return table


def render_relief_pdf(draft: ReliefDraft, lang: str = "pl") -> bytes:
    import io

    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
    head = ParagraphStyle("head", parent=base, fontName=bold, fontSize=14, leading=18, spaceAfter=2)
    h2 = ParagraphStyle("h2", parent=base, fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)

    def tr(pl: str, en: str) -> str:
        return t(pl, en).render(lang)

    p = draft.payer
    story = [
        Paragraph(escape(tr(f"Miejscowość, data: ……………………, {_date(draft.prepared_on, lang)}",
                            f"Place, date: ……………………, {_date(draft.prepared_on, lang)}")), base),
        Spacer(1, 3 * mm),
        Paragraph(escape(tr("Zakład Ubezpieczeń Społecznych", "Zakład Ubezpieczeń Społecznych (ZUS)")), h2),
        Paragraph(escape(TITLES[draft.kind].render(lang)), head),
        Paragraph(escape(DRAFT_NOTE(form=draft.form).render(lang)), small),
        Paragraph(escape(tr("1. Dane płatnika (wnioskodawcy)", "1. The payer (applicant)")), h2),
    ]
    payer_rows = [[tr("Nazwa", "Name"), p.name], ["NIP", p.nip], ["REGON", p.regon or "—"], ["PESEL", p.pesel or "—"],
                  [tr("Adres do korespondencji", "Correspondence address"), p.address or "……………………………………"],
                  [tr("Telefon", "Phone"), p.phone or "……………………"], ["E-mail", p.email or "……………………"]]
    story.append(_table([[tr("Pole", "Field"), tr("Wartość", "Value")], *payer_rows], [55, 115], regular, bold,
                        total=False))

    what = tr("2. Należności, których dotyczy wniosek", "2. The amounts this application concerns")
    story.append(Paragraph(escape(what), h2))
    rows = [[tr("Okres", "Period"), tr("Termin płatności", "Deadline"), tr("Składki", "Contributions"),
             tr("Odsetki za zwłokę", "Late interest"), tr("Razem", "Total")]]
    for m in draft.arrears:
        rows.append([m.period, _date(m.deadline, lang), _money(m.principal, lang), _money(m.interest, lang),
                     _money(m.principal + m.interest, lang)])
    rows.append([tr("RAZEM", "TOTAL"), "", _money(draft.total_principal, lang), _money(draft.total_interest, lang),
                 _money(draft.total, lang)])
    story.append(_table(rows, [25, 32, 38, 38, 37], regular, bold))
    story.append(Paragraph(escape(tr(
        f"Odsetki za zwłokę policzono do dnia {_date(draft.prepared_on, lang)} według stawki "
        f"{_rate(draft.interest_rate, lang)}% rocznie (art. 23 ustawy o systemie ubezpieczeń społecznych); odsetek nie "
        "nalicza się, gdy nie przekraczają 1% minimalnego wynagrodzenia za miesiąc.",
        f"Late interest computed to {_date(draft.prepared_on, lang)} at {draft.interest_rate:.2f}% a year "
        "(art. 23 of the social insurance act); none is charged when it does not exceed 1% of the minimum wage "
        "for a month.")), small))

    if draft.kind == "instalments":
        story.append(Paragraph(escape(tr(f"3. Proponowany harmonogram spłaty ({len(draft.schedule)} rat)",
                                         f"3. Proposed schedule ({len(draft.schedule)} instalments)")), h2))
    else:
        story.append(Paragraph(escape(tr("3. Proponowany nowy termin płatności", "3. Proposed new deadline")), h2))
    rows = [[tr("Rata", "No."), tr("Termin", "Due on"), tr("Kwota", "Amount"),
             tr("Opłata prolongacyjna*", "Prolongation fee*"), tr("Razem", "Total")]]
    for i in draft.schedule:
        rows.append([str(i.number), _date(i.due_on, lang), _money(i.amount, lang), _money(i.prolongation_fee, lang),
                     _money(i.total, lang)])
    rows.append([tr("RAZEM", "TOTAL"), "", _money(sum(i.amount for i in draft.schedule), lang),
                 _money(draft.total_fee, lang), _money(sum(i.total for i in draft.schedule), lang)])
    story.append(_table(rows, [18, 32, 40, 45, 35], regular, bold))
    story.append(Paragraph(escape(tr(
        "* Szacunek: opłata prolongacyjna wynosi 50% stawki odsetek za zwłokę "
        f"({_rate(draft.prolongation_rate, lang)}% "
        "rocznie) od kwoty raty za dni od złożenia wniosku do terminu raty; ZUS ustala ją w umowie.",
        f"* Estimate: the prolongation fee is 50% of the late-interest rate ({draft.prolongation_rate:.2f}% a year) "
        "on the instalment for the days from the application to its date; ZUS sets it in the agreement.")), small))

    statement = [
        Paragraph(escape(tr("4. Uzasadnienie i oświadczenie o sytuacji finansowej",
                            "4. Justification and statement about the financial situation")), h2),
        Paragraph(escape(draft.reason), base), Spacer(1, 2 * mm)]
    blanks = [tr("Przyczyna powstania zaległości", "Why the arrears arose"),
              tr("Przychody z ostatnich 3 miesięcy", "Revenue of the last 3 months"),
              tr("Koszty i zobowiązania (kredyty, leasing, podatki)", "Costs and debts (loans, leasing, taxes)"),
              tr("Majątek (nieruchomości, pojazdy, środki na rachunkach)",
                 "Assets (property, vehicles, bank balances)"),
              tr("Liczba osób w gospodarstwie domowym / zatrudnionych", "People in the household / employed")]
    statement.append(_table([[tr("Informacja", "Item"), tr("Do uzupełnienia", "To fill in")],
                             *[[b, "…" * 40] for b in blanks]], [75, 95], regular, bold, total=False))
    statement.append(Spacer(1, 2 * mm))
    statement.append(Paragraph(escape(tr(
        "Załączniki: wyciągi bankowe, zestawienie przychodów i kosztów, oświadczenie o majątku; przedsiębiorca — "
        "formularz ZUS RPD (pomoc publiczna de minimis). Oświadczam, że powyższe dane są zgodne z prawdą.",
        "Attachments: bank statements, revenue and cost records, a statement of assets; an entrepreneur — form "
        "ZUS RPD (de minimis public aid). I declare that the above is true.")), base))
    statement.append(Spacer(1, 12 * mm))
    statement.append(Paragraph(escape(tr("……………………………………………  podpis płatnika lub pełnomocnika (PEL)",
                                         "……………………………………………  signature of the payer or proxy (PEL)")), base))
    story.append(KeepTogether(statement))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=TITLES[draft.kind].render(lang), author="eplatnik",
                            subject=f"{draft.payer.nip} {draft.kind}", invariant=1)
    doc.build(story)
    return buffer.getvalue()
