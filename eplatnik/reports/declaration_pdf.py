"""A declaration printed the way the paper form reads: block by block, each field in a numbered box.

For the payer's owner to read what the accountant prepared; the KEDU XML stays the document. The
blocks, labels and values come from ``forms.form_layout`` — the same layout the Documents page's
form view shows. Every document of the set gets its own pages; an insured person's block of the RCA
or RSA that breaks across pages repeats the person's heading; every page says "str. N z M"; the
declaration ends with the payer's statement and room for the date and signature; a correction is
marked on every page. The PDF's creation date is the program clock's (``now``), not the machine's.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..forms.form_layout import SIGNATURE, FormBlock, FormField, FormPage, form_pages
from ..fsutil import atomic_write_bytes
from ..states import state_label
from .fonts import register_fonts

if TYPE_CHECKING:
    from ..forms.model import DocumentSet
    from ..forms.service import DocumentService

PAGE_W, PAGE_H = A4
MARGIN = 14 * mm
BOTTOM = 16 * mm
INK = colors.HexColor("#1f3a5f")
SHADE = colors.HexColor("#e8eef6")
LINE = colors.HexColor("#9aa9bd")
LABEL = colors.HexColor("#4a5a70")
CORRECTION = colors.HexColor("#b71c1c")
FOOTER = "Wydruk informacyjny z programu eplatnik — dokumentem jest plik KEDU XML."
BOX_H, ROW_H, TITLE_H, GRID_HEAD_H = 27.0, 29.0, 15.0, 18.0


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end so that each can say "str. N z M"."""

    def __init__(self, *args: Any, footnote: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []
        self.footnote = footnote or []  # wrapped lines, e.g. "computed with figures that are not final yet"

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        regular, _bold = register_fonts()
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            self.setFont(regular, 7)
            self.setFillColor(colors.HexColor("#8a4b00"))
            for i, line in enumerate(reversed(self.footnote)):
                self.drawString(MARGIN, 8 * mm + 10 + 9 * i, line)
            self.setFillColor(colors.grey)
            self.drawString(MARGIN, 8 * mm, FOOTER)
            self.drawRightString(PAGE_W - MARGIN, 8 * mm, f"str. {number} z {total}")
            super().showPage()
        super().save()


def stamp_creation_date(canvas: Canvas, moment: datetime) -> None:
    """Make the PDF's /CreationDate and /ModDate ``moment`` (local time with its offset).

    reportlab reads the machine's clock when the canvas is made; the program's clock may stand
    elsewhere (a demo, a test, EPLATNIK_NOW), so the stamp reportlab keeps is set here."""
    stamp = canvas._doc._timeStamp  # reportlab keeps the creation time on the document
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    stamp.t = moment.timestamp()
    stamp.YMDhms = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    stamp.dhh, stamp.dmm = minutes // 60, abs(minutes) % 60


class _Form:
    """A cursor over the canvas: block title bars and rows of numbered boxes; pages break itself."""

    def __init__(self, canvas: Canvas, header: list[str], bottom: float = BOTTOM) -> None:
        self.c, self.header = canvas, header
        self.bottom = bottom  # above the footer (and the footnote, when there is one)
        self.regular, self.bold = register_fonts()
        self.page_open = False
        self.y = 0.0
        self.title = ""
        self.correction = ""
        self.section = ""   # the insured person whose block is being drawn (repeated after a break)

    # -- pages ------------------------------------------------------------------------------------
    def new_page(self) -> None:
        if self.page_open:
            self.c.showPage()
        self.page_open = True
        self.y = PAGE_H - MARGIN
        self.c.setFillColor(INK)
        for line in _wrap(self.title, self.bold, 11, PAGE_W - 2 * MARGIN):
            self.c.setFont(self.bold, 11)
            self.c.drawString(MARGIN, self.y - 10, line)
            self.y -= 13
        if self.correction:
            self.c.setFillColor(CORRECTION)
            self.c.setFont(self.bold, 10)
            self.c.drawString(MARGIN, self.y - 10, self.correction)
            self.y -= 13
        self.c.setFillColor(colors.black)
        for line in self.header:
            self._fit(line, self.regular, 7.5, MARGIN, self.y - 8, PAGE_W - 2 * MARGIN)
            self.y -= 9.5
        self.y -= 5
        if self.section:
            self._section_bar(self.section + " (cd.)")

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.new_page()

    def room(self) -> float:
        return self.y - self.bottom

    # -- drawing ----------------------------------------------------------------------------------
    def _bar(self, text: str, fill: Any, ink: Any, size: float) -> None:
        self.c.setFillColor(fill)
        self.c.rect(MARGIN, self.y - 13, PAGE_W - 2 * MARGIN, 13, stroke=0, fill=1)
        self.c.setFillColor(ink)
        self._fit(text, self.bold, size, MARGIN + 3, self.y - 9.5, PAGE_W - 2 * MARGIN - 6)
        self.c.setFillColor(colors.black)
        self.y -= TITLE_H

    def _section_bar(self, text: str) -> None:
        self._bar(text, INK, colors.white, 8.5)

    def section_start(self, heading: str, first_block: float) -> None:
        """An insured person's section starts where their heading and first block fit; it may go on
        over the page break (between its blocks), where the heading is repeated with "(cd.)"."""
        self.need(TITLE_H + first_block)
        self.section = heading
        self._section_bar(heading)

    def section_end(self) -> None:
        self.section = ""
        self.y -= 4

    def block(self, block: FormBlock) -> None:
        height = _height(block)
        if height <= PAGE_H - MARGIN - self.bottom - 120:
            self.need(height)  # a block is not split unless it is longer than a page
        self.need(TITLE_H + ROW_H)
        self.y -= 3
        self._bar(f"{block.label}. {block.title}", SHADE, INK, 8.5)
        if block.grid is not None:
            self.grid(block)
        if block.text:
            self.need(14)
            self.c.setFont(self.regular, 8.5)
            self.c.drawString(MARGIN + 3, self.y - 10, block.text)
            self.y -= 15
        self.boxes(block.fields, block.columns)
        if block.signature:
            self.signature()

    def boxes(self, fields: list[FormField], cols: int = 3) -> None:
        width = (PAGE_W - 2 * MARGIN) / cols
        for start in range(0, len(fields), cols):
            self.need(ROW_H)
            for i, f in enumerate(fields[start:start + cols]):
                x = MARGIN + i * width
                self.c.setStrokeColor(LINE)
                self.c.rect(x + 1, self.y - BOX_H, width - 2, BOX_H, stroke=1, fill=0)
                self.c.setFillColor(LABEL)
                lines = _wrap(f"{f.number}  {f.label}", self.regular, 6, width - 6)
                if len(lines) > 2:
                    lines = [lines[0], " ".join(lines[1:])]
                for n, line in enumerate(lines):
                    self._fit(line, self.regular, 6, x + 3, self.y - 7 - n * 7, width - 6)
                self.c.setFillColor(colors.black)
                self._fit(f.value, self.bold, 9, x + 3, self.y - BOX_H + 4, width - 6)
            self.y -= ROW_H

    def grid(self, block: FormBlock) -> None:
        grid = block.grid
        assert grid is not None
        total = PAGE_W - 2 * MARGIN
        first = 0.34 if len(grid.head) == 3 else 0.36
        widths = [first] + [(1 - first) / len(grid.head)] * len(grid.head)
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w * total)
        self.need(GRID_HEAD_H)
        self.c.setFillColor(SHADE)
        self.c.rect(MARGIN, self.y - GRID_HEAD_H, total, GRID_HEAD_H, stroke=0, fill=1)
        self.c.setFillColor(colors.black)
        for i, head in enumerate(grid.head):
            lines = _wrap(head, self.bold, 6.8, xs[i + 2] - xs[i + 1] - 6)[:2]
            for n, line in enumerate(lines):
                self._fit(line, self.bold, 6.8, xs[i + 1] + 3, self.y - 7.5 - n * 7.5, xs[i + 2] - xs[i + 1] - 6)
        self.y -= GRID_HEAD_H
        for label, cells in grid.rows:
            self.need(13)
            self._fit(label, self.regular, 8, MARGIN + 3, self.y - 9, xs[1] - MARGIN - 6)
            for i, f in enumerate(cells):
                self.c.setFont(self.regular, 6)
                self.c.setFillColor(LABEL)
                self.c.drawString(xs[i + 1] + 3, self.y - 9, f.number)
                self.c.setFillColor(colors.black)
                self.c.setFont(self.bold, 8.5)
                self.c.drawRightString(xs[i + 2] - 4, self.y - 9, f.value)
            self.c.setStrokeColor(colors.HexColor("#c5cfdc"))
            self.c.line(MARGIN, self.y - 12, MARGIN + total, self.y - 12)
            self.y -= 13
        self.y -= 3

    def signature(self) -> None:
        """Room for the signature beside the date box (the date itself is field 01 of the block)."""
        self.y += ROW_H  # beside the date box drawn just above
        width = (PAGE_W - 2 * MARGIN) / 3
        x = MARGIN + width
        self.c.setStrokeColor(LINE)
        self.c.rect(x + 1, self.y - 40, 2 * width - 2, 40, stroke=1, fill=0)
        self.c.setFillColor(LABEL)
        self.c.setFont(self.regular, 6.5)
        self.c.drawString(x + 4, self.y - 36, SIGNATURE)
        self.c.line(x + 4, self.y - 28, x + 2 * width - 8, self.y - 28)
        self.c.setFillColor(colors.black)
        self.y -= 44

    def _fit(self, text: str, font: str, size: float, x: float, y: float, width: float) -> None:
        """Draw ``text`` within ``width``: a smaller font first, then cut with an ellipsis."""
        while size > 5.5 and stringWidth(text, font, size) > width:
            size -= 0.5
        while text and stringWidth(text, font, size) > width:
            text = text[:-2] + "…"
        self.c.setFont(font, size)
        self.c.drawString(x, y, text)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and stringWidth(f"{line} {word}", font, size) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _height(block: FormBlock) -> float:
    rows = -(-len(block.fields) // block.columns)
    grid = (GRID_HEAD_H + 13 * len(block.grid.rows) + 3) if block.grid else 0
    return 3 + TITLE_H + grid + rows * ROW_H + (15 if block.text else 0) + (20 if block.signature else 0)


def _draw_page(form: _Form, page: FormPage) -> None:
    form.title, form.correction = page.title, page.correction
    form.new_page()
    for block in page.blocks:
        form.block(block)
    for person in page.persons:
        form.section_start(person.heading, _height(person.blocks[0]) if person.blocks else ROW_H)
        for block in person.blocks:
            form.block(block)
        form.section_end()
    for block in page.closing:
        form.need(_height(block))
        form.block(block)


def render_pdf(ds: DocumentSet, *, header: list[str] | str = "", created: datetime | None = None,
               corrected_number: str = "", footnote: str = "") -> bytes:
    """The whole set as PDF bytes; ``created`` is the creation date written into the PDF and
    ``footnote`` is printed at the foot of every page."""
    import io

    regular, _bold = register_fonts()
    notes = _wrap(footnote, regular, 7, PAGE_W - 2 * MARGIN) if footnote else []
    buf = io.BytesIO()
    canvas = _NumberedCanvas(buf, pagesize=A4, pageCompression=1, footnote=notes)
    payer = ds.payer
    canvas.setTitle(f"{', '.join(d.kind for d in ds.documents)} {payer.short_name or payer.last_name} "
                    f"{ds.period or ''}".strip())
    canvas.setAuthor("eplatnik")
    canvas.setCreator("eplatnik")
    if created is not None:
        stamp_creation_date(canvas, created)
    form = _Form(canvas, header.split("\n") if isinstance(header, str) else list(header), BOTTOM + 9 * len(notes))
    for page in form_pages(ds, corrected_number=corrected_number):
        _draw_page(form, page)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def params_footnote(params_note: list[dict[str, Any]]) -> str:
    """The printout's footnote for a set computed with draft/forecast contribution figures ('' if none)."""
    from ..params.labels import stored_describe

    if not params_note:
        return ""
    return ("* Kwoty obliczono z parametrami składek, które w chwili obliczenia nie były ostateczne: "
            f"{stored_describe(params_note).render('pl')}. Po publikacji ostatecznych wartości kwoty mogą się "
            "zmienić — przelicz zestaw.")


def render_set_pdf(service: DocumentService, set_id: int, path: Path | str) -> Path:
    """Print a stored set to ``path`` (written atomically)."""
    info = service.get_info(set_id)
    ds = service.get_set(set_id)
    clock = service.clock
    corrected = service.get_info(info.correction_of).number if info.correction_of else ""
    period = f"{ds.period.month:02d}.{ds.period.year}" if ds.period else "—"
    state = state_label(str(info.status), "pl")  # the one vocabulary of states (eplatnik/states.py)
    what = f"Okres: {period}   Deklaracja nr {info.number}" if info.kind == "monthly" else \
        f"Zgłoszenie: {info.forms.replace(',', ', ')}"
    header = [f"Płatnik: {info.payer_name}   NIP {info.payer_nip}   {what}   Stan: {state}",
              f"Zestaw nr {info.id}   Wydruk: {clock.local_now().strftime('%d.%m.%Y %H:%M')}   "
              f"SHA-256 pliku KEDU: {info.signed_sha256 or info.xml_sha256}"]
    atomic_write_bytes(Path(path), render_pdf(ds, header=header, created=clock.local_now(),
                                              corrected_number=corrected,
                                              footnote=params_footnote(info.params_note)))
    return Path(path)
