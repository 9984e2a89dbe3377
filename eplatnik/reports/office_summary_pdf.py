"""The office summary of a month-end run as a PDF: counts, then one line per client — what was
sent (with the reference number and amount), what was rejected or failed, at which step and why."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..formatting import local_time
from ..i18n import t
from .fonts import register_fonts


class SummaryRowData(Protocol):
    """One client's line of the summary (``month.summary.SummaryRow``)."""

    @property
    def name(self) -> str: ...
    @property
    def nip(self) -> str: ...
    @property
    def step(self) -> str: ...
    @property
    def step_label(self) -> str: ...
    @property
    def to_pay(self) -> Decimal | None: ...
    @property
    def reference(self) -> str: ...
    @property
    def changes(self) -> list[str]: ...
    @property
    def failed_at(self) -> str: ...
    @property
    def reason(self) -> str: ...

    def later_text(self, lang: str = "pl") -> str:
        """The client's set made after the run's (a correction) in words, '' when there is none."""
        ...


class OfficeSummaryData(Protocol):
    """What the summary's PDF reads: the month area computes it (``month.summary.OfficeSummary``)."""

    @property
    def run_id(self) -> int: ...
    @property
    def period(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def created_at(self) -> str: ...
    @property
    def rows(self) -> Sequence[SummaryRowData]: ...
    @property
    def not_zus(self) -> bool: ...
    @property
    def total_to_pay(self) -> Decimal: ...

    def count(self, *steps: str) -> int: ...

TITLE = t("Podsumowanie miesiąca {period} — przebieg nr {run}", "Month-end summary {period} — run no. {run}")


def render_office_summary_pdf(summary: OfficeSummaryData, lang: str = "pl") -> bytes:
    from ..formatting import money

    regular, bold = register_fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=base, fontName=bold, fontSize=14, leading=18, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9)

    def tr(pl: str, en: str) -> str:
        return t(pl, en).render(lang)

    counts = tr(f"Klientów: {len(summary.rows)}; przyjęte: {summary.count('accepted')}; odrzucone: "
                f"{summary.count('rejected')}; błędy: {summary.count('failed')}; czeka na potwierdzenie: "
                f"{summary.count('submitted')}; w toku: {summary.count('pending', 'built', 'verified', 'signed')}.",
                f"Clients: {len(summary.rows)}; accepted: {summary.count('accepted')}; rejected: "
                f"{summary.count('rejected')}; failed: {summary.count('failed')}; awaiting receipt: "
                f"{summary.count('submitted')}; in progress: "
                f"{summary.count('pending', 'built', 'verified', 'signed')}.")
    story = [
        Paragraph(escape(TITLE(period=summary.period, run=summary.run_id).render(lang)), head),
        Paragraph(escape(tr(f"Rozpoczął(a): {summary.actor}, {local_time(summary.created_at, lang)}",
                            f"Started by: {summary.actor}, {local_time(summary.created_at, lang)}")), base),
        Paragraph(escape(counts), base),
        Paragraph(escape(tr(f"Do zapłaty (przyjęte; korekta zamiast deklaracji, którą koryguje): "
                            f"{money(summary.total_to_pay, lang, unit=True)}",
                            f"To pay (accepted; a correction instead of the declaration it corrects): "
                            f"{money(summary.total_to_pay, lang, unit=True)}")), base),
        Spacer(1, 4 * mm),
    ]
    if summary.not_zus:
        warning = ParagraphStyle("warning", parent=base, fontName=bold, textColor=colors.HexColor("#b00000"))
        story.insert(3, Paragraph(escape(tr(
            "Przesyłki oznaczone „test — nie ZUS” trafiły do piaskownicy albo innej bramki testowej: ich "
            "potwierdzenia nie są potwierdzeniami ZUS (UPO) i nic nie dotarło do ZUS.",
            "Submissions marked 'test — not ZUS' went to the sandbox or another test gateway: their receipts are "
            "not ZUS receipts (UPO) and nothing reached ZUS.")), warning))
    rows = [[tr("Klient", "Client"), "NIP", tr("Stan", "State"), tr("Do zapłaty", "To pay"),
             tr("Nr referencyjny", "Reference"), tr("Przyczyna / zmiany", "Reason / changes")]]
    styles = []
    for n, r in enumerate(summary.rows, start=1):
        why = r.reason if r.reason else "; ".join(r.changes)
        if r.failed_at and r.reason:
            why = f"[{r.failed_at}] {r.reason}"
        later = r.later_text(lang)
        if later:  # corrected after the run: what is due now follows the correction
            why = f"{tr('Później', 'Later')}: {later}" + (f" — {why}" if why else "")
        rows.append([Paragraph(escape(r.name), cell), r.nip, Paragraph(escape(r.step_label), cell),
                     money(r.to_pay, lang, unit=True, blank="—"), Paragraph(escape(r.reference), cell),
                     Paragraph(escape(why), cell)])
        if r.step in ("rejected", "failed"):
            styles.append(("BACKGROUND", (0, n), (-1, n), colors.HexColor("#fbe3e3")))
    table = Table(rows, colWidths=[50 * mm, 22 * mm, 30 * mm, 28 * mm, 45 * mm, 92 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), regular, 7.5), ("FONT", (0, 0), (-1, 0), bold, 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black), ("INNERGRID", (0, 1), (-1, -1), 0.25, colors.grey),
        *styles]))
    story.append(table)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                      bottomMargin=12 * mm, title=TITLE(period=summary.period, run=summary.run_id).render(lang),
                      author="eplatnik").build(story)
    return buf.getvalue()
