"""A declaration printed the way the paper form reads: block by block, each field in a numbered box.

For the payer's owner to read what the accountant prepared; the KEDU XML stays the document.
Every document of the set gets its own pages (DRA, then RCA with one panel per insured person,
RSA, or the registration form). Field numbers are the KEDU ones ("IV 37" = blok IV, pole 37);
DRA block IV is laid out as the form's table (contribution × insured / payer / total).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..fsutil import atomic_write_bytes
from ..i18n import t
from ..period import Period
from .fonts import register_fonts

if TYPE_CHECKING:
    from ..forms.model import Document, DocumentSet
    from ..forms.service import DocumentService

FORM_TITLES = {
    "DRA": "ZUS DRA — DEKLARACJA ROZLICZENIOWA",
    "RCA": "ZUS RCA — IMIENNY RAPORT MIESIĘCZNY O NALEŻNYCH SKŁADKACH I WYPŁACONYCH ŚWIADCZENIACH",
    "RSA": "ZUS RSA — IMIENNY RAPORT MIESIĘCZNY O WYPŁACONYCH ŚWIADCZENIACH I PRZERWACH",
    "ZUA": "ZUS ZUA — ZGŁOSZENIE DO UBEZPIECZEŃ / ZMIANA DANYCH",
    "ZZA": "ZUS ZZA — ZGŁOSZENIE DO UBEZPIECZENIA ZDROWOTNEGO",
    "ZWUA": "ZUS ZWUA — WYREJESTROWANIE Z UBEZPIECZEŃ",
    "ZIUA": "ZUS ZIUA — ZMIANA DANYCH IDENTYFIKACYJNYCH OSOBY UBEZPIECZONEJ",
}
BLOCK_TITLES = {
    "I": "DANE ORGANIZACYJNE", "II": "DANE IDENTYFIKACYJNE PŁATNIKA SKŁADEK", "III": "INNE INFORMACJE",
    "IV": "ZESTAWIENIE NALEŻNYCH SKŁADEK NA UBEZPIECZENIA SPOŁECZNE",
    "VI": "ZESTAWIENIE NALEŻNYCH SKŁADEK NA UBEZPIECZENIE ZDROWOTNE",
    "VII": "ZESTAWIENIE NALEŻNYCH SKŁADEK NA FUNDUSZ PRACY, FUNDUSZ SOLIDARNOŚCIOWY I FGŚP",
    "VIII": "ZESTAWIENIE NALEŻNYCH SKŁADEK NA FUNDUSZ EMERYTUR POMOSTOWYCH",
    "IX": "ZESTAWIENIE NALEŻNYCH SKŁADEK DO ZWROTU / ZAPŁATY",
    "X": "DANE O UBEZPIECZENIU PŁATNIKA OPŁACAJĄCEGO SKŁADKI WYŁĄCZNIE ZA SIEBIE",
    "XI": "SKŁADKA ZDROWOTNA WEDŁUG FORMY OPODATKOWANIA",
    "XIII": "OŚWIADCZENIE PŁATNIKA SKŁADEK",
}
REG_BLOCK_TITLES = {"III": "DANE IDENTYFIKACYJNE OSOBY UBEZPIECZONEJ", "IV": "DANE DODATKOWE / ZMIANA",
                    "V": "KOD TYTUŁU UBEZPIECZENIA", "VI": "DATA I UBEZPIECZENIA", "VII": "UBEZPIECZENIE ZDROWOTNE",
                    "VIII": "ADRES", "XI": "ADRES ZAMIESZKANIA"}
LABELS = {
    "deadline_code": "Termin przysyłania", "number": "Identyfikator deklaracji (nr)", "period": "Okres (mm/rrrr)",
    "nip": "NIP", "regon": "REGON", "pesel": "PESEL", "document_type": "Rodzaj dokumentu",
    "document_number": "Seria i numer dokumentu", "short_name": "Nazwa skrócona", "last_name": "Nazwisko",
    "first_name": "Imię", "birth_date": "Data urodzenia", "insured_count": "Liczba ubezpieczonych",
    "accident_rate": "Stopa procentowa składki wypadkowej", "health_total": "Składki na ubezpieczenie zdrowotne",
    "fp": "Fundusz Pracy i Fundusz Solidarnościowy", "fgsp": "Fundusz Gwarantowanych Świadczeń Pracowniczych",
    "fp_fgsp_total": "Razem FP, FS i FGŚP", "fep_count_a": "Liczba osób (FEP)", "fep_count_b": "Liczba osób",
    "fep": "Fundusz Emerytur Pomostowych", "refund": "Kwota do zwrotu przez ZUS", "to_pay": "Kwota do zapłaty",
    "self_title": "Kod tytułu ubezpieczenia", "self_pension_base": "Podstawa emerytalne i rentowe",
    "self_sickness_base": "Podstawa chorobowe", "self_accident_base": "Podstawa wypadkowe",
    "self_health_base": "Podstawa zdrowotne", "second_name": "Imię drugie", "family_name": "Nazwisko rodowe",
    "citizenship": "Obywatelstwo", "sex": "Płeć", "title": "Kod tytułu ubezpieczenia",
    "insurance_from": "Data powstania obowiązku ubezpieczeń", "pension": "Emerytalne", "disability": "Rentowe",
    "sickness": "Chorobowe", "accident": "Wypadkowe", "health_from": "Data objęcia ub. zdrowotnym",
    "nfz": "Oddział NFZ", "occupation_code": "Kod wykonywanego zawodu",
    "deregistration_date": "Data wyrejestrowania", "reason_code": "Kod przyczyny wyrejestrowania",
    "termination_date": "Data rozwiązania stosunku pracy", "termination_code": "Kod rozwiązania",
}
TAX_FORMS = {"skala": "zasady ogólne (skala) — pola 1–4", "liniowy": "podatek liniowy — pola 5–8",
             "ryczalt": "ryczałt — pola 12, 13, 16, 17"}
PAGE_W, PAGE_H = A4
MARGIN = 14 * mm
INK = colors.HexColor("#1f3a5f")
SHADE = colors.HexColor("#e8eef6")


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TAK" if value else "NIE"
    if isinstance(value, Decimal):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Period):
        return f"{value.month:02d}/{value.year}"
    return str(value)


class _Form:
    """A canvas with a cursor: block title bars and rows of numbered field boxes; pages break itself."""

    def __init__(self, canvas: Canvas, header: str, footnote: str = "") -> None:
        self.c, self.header = canvas, header
        self.regular, self.bold = register_fonts()
        self.page = 0
        self.y = 0.0
        self.title = ""
        # e.g. "computed with figures that are not final yet": on every page, above the footer line
        self.footnote = _wrap(footnote, self.regular, 7, PAGE_W - 2 * MARGIN) if footnote else []
        self.bottom = 14 * mm + 9 * len(self.footnote)

    def new_page(self, title: str | None = None) -> None:
        if self.page:
            self._footer()
            self.c.showPage()
        self.page += 1
        self.title = title or self.title
        self.y = PAGE_H - MARGIN
        self.c.setFillColor(INK)
        self.c.setFont(self.bold, 11)
        for line in _wrap(self.title, self.bold, 11, PAGE_W - 2 * MARGIN):
            self.c.drawString(MARGIN, self.y - 10, line)
            self.y -= 13
        self.c.setFillColor(colors.black)
        for line in self.header.split("\n"):
            self._fit(line, self.regular, 8, MARGIN, self.y - 8, PAGE_W - 2 * MARGIN)
            self.y -= 10
        self.y -= 6

    def _footer(self) -> None:
        self.c.setFont(self.regular, 7)
        self.c.setFillColor(colors.HexColor("#8a4b00"))
        for i, line in enumerate(reversed(self.footnote)):
            self.c.drawString(MARGIN, 8 * mm + 10 + 9 * i, line)
        self.c.setFillColor(colors.grey)
        self.c.drawString(MARGIN, 8 * mm, t("Wydruk informacyjny z programu eplatnik — dokumentem jest plik "
                                            "KEDU XML.", "Information printout — the KEDU XML is the "
                                            "document.").render("pl"))
        self.c.drawRightString(PAGE_W - MARGIN, 8 * mm, f"str. {self.page}")
        self.c.setFillColor(colors.black)

    def need(self, height: float) -> None:
        if self.y - height < self.bottom:
            self.new_page()

    def block(self, number: str, title: str) -> None:
        self.need(40)
        self.y -= 4
        self.c.setFillColor(SHADE)
        self.c.rect(MARGIN, self.y - 13, PAGE_W - 2 * MARGIN, 13, stroke=0, fill=1)
        self.c.setFillColor(INK)
        self.c.setFont(self.bold, 8.5)
        self.c.drawString(MARGIN + 3, self.y - 9.5, f"{number}. {title}"[:120])
        self.c.setFillColor(colors.black)
        self.y -= 15

    def fields(self, items: list[tuple[str, str, str]], cols: int = 3) -> None:
        """Numbered boxes: (field number, label, value), ``cols`` to a row."""
        width = (PAGE_W - 2 * MARGIN) / cols
        for start in range(0, len(items), cols):
            self.need(24)
            for i, (num, label, value) in enumerate(items[start:start + cols]):
                x = MARGIN + i * width
                self.c.setStrokeColor(colors.HexColor("#9aa9bd"))
                self.c.rect(x + 1, self.y - 22, width - 2, 22, stroke=1, fill=0)
                self.c.setFillColor(colors.HexColor("#4a5a70"))
                self._fit(f"{num}  {label}", self.regular, 6.5, x + 3, self.y - 7, width - 6)
                self.c.setFillColor(colors.black)
                self._fit(value, self.bold, 9, x + 3, self.y - 18, width - 6)
            self.y -= 24

    def _fit(self, text: str, font: str, size: float, x: float, y: float, width: float) -> None:
        """Draw ``text`` within ``width``: a smaller font first, then cut with an ellipsis."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        while size > 5.5 and stringWidth(text, font, size) > width:
            size -= 0.5
        while text and stringWidth(text, font, size) > width:
            text = text[:-2] + "…"
        self.c.setFont(font, size)
        self.c.drawString(x, y, text)

    def table(self, head: list[str], rows: list[list[str]], widths: list[float]) -> None:
        total = PAGE_W - 2 * MARGIN
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w * total)
        for r, row in enumerate([head, *rows]):
            self.need(14)
            self.c.setFont(self.bold if r == 0 else self.regular, 7.5 if r == 0 else 8.5)
            if r == 0:
                self.c.setFillColor(SHADE)
                self.c.rect(MARGIN, self.y - 12, total, 12, stroke=0, fill=1)
                self.c.setFillColor(colors.black)
            for i, cell in enumerate(row):
                if i == 0:
                    self.c.drawString(xs[i] + 3, self.y - 9, cell)
                else:
                    self.c.drawRightString(xs[i + 1] - 4, self.y - 9, cell)
            self.c.setStrokeColor(colors.HexColor("#c5cfdc"))
            self.c.line(MARGIN, self.y - 12, MARGIN + total, self.y - 12)
            self.y -= 12
        self.y -= 4

    def finish(self) -> None:
        self._footer()
        self.c.showPage()


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words, lines, line = text.split(), [], ""
    for word in words:
        if line and stringWidth(f"{line} {word}", font, size) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def _located(doc: Any, block: str) -> list[tuple[str, str, str]]:
    """Simple fields of ``doc`` in KEDU ``block`` as numbered boxes, from the model's metadata."""
    out = []
    for f in dataclasses.fields(doc):
        loc = f.metadata.get("kedu")
        if not loc or loc[0] != block or f.name in ("period",):
            continue
        value = getattr(doc, f.name)
        if f.name == "number" and hasattr(doc, "period"):
            value = f"{value} / {_fmt(doc.period)}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if not hasattr(value, "full"):  # addresses and health data have their own panels
                continue
            value = str(value)
        out.append((f"{block} {loc[1].lstrip('p')}", LABELS.get(f.name, f.name), _fmt(value)))
    return out


def _payer_block(form: _Form, doc: Document) -> None:
    form.block("II", BLOCK_TITLES["II"])
    form.fields([b for b in _located(doc.payer, "II") if b[2]] or _located(doc.payer, "II")[:1])


def _dra(form: _Form, d: Any) -> None:
    form.block("I", BLOCK_TITLES["I"])
    form.fields(_located(d, "I"))
    _payer_block(form, d)
    form.block("III", BLOCK_TITLES["III"])
    form.fields(_located(d, "III"), cols=2)
    form.block("IV", BLOCK_TITLES["IV"])
    m = _fmt
    form.table(["Składki na ubezpieczenie", "ubezpieczeni", "płatnik", "razem"], [
        ["emerytalne (pola 4, 7, 1)", m(d.pension_insured), m(d.pension_payer), m(d.pension_total)],
        ["rentowe (pola 5, 8, 2)", m(d.disability_insured), m(d.disability_payer), m(d.disability_total)],
        ["emerytalne i rentowe (pola 6, 9, 3)", m(d.pd_insured), m(d.pd_payer), m(d.pd_total)],
        ["chorobowe (pola 22, 25, 19)", m(d.sickness_insured), m(d.sickness_payer), m(d.sickness_total)],
        ["wypadkowe (pola 23, 26, 20)", m(d.accident_insured), m(d.accident_payer), m(d.accident_total)],
        ["chorobowe i wypadkowe (pola 24, 27, 21)", m(d.sa_insured), m(d.sa_payer), m(d.sa_total)],
    ], [0.46, 0.18, 0.18, 0.18])
    form.fields([("IV 37", "Kwota składek na ubezpieczenia społeczne do przekazania", m(d.social_total))], cols=1)
    for block in ("VI", "VII", "VIII", "IX"):
        form.block(block, BLOCK_TITLES[block])
        form.fields(_located(d, block))
    if d.self_title is not None:
        form.block("X", BLOCK_TITLES["X"])
        form.fields(_located(d, "X"))
    if d.self_health is not None and d.self_health.fields():
        h = d.self_health
        names = h.fields()
        form.block("XI", BLOCK_TITLES["XI"] + " — " + TAX_FORMS.get(h.tax_form, h.tax_form))
        form.fields([(f"XI {names[1][1:]}", "Dochód / przychód", m(h.income)),
                     (f"XI {names[2][1:]}", "Podstawa wymiaru", m(h.base)),
                     (f"XI {names[3][1:]}", "Składka zdrowotna", m(h.contribution))])
    form.block("XIII", BLOCK_TITLES["XIII"])
    form.fields([("XIII 1", "Data wypełnienia", m(d.filled_date))], cols=2)


def _report(form: _Form, d: Any) -> None:
    form.block("I", BLOCK_TITLES["I"])
    form.fields([("I 1", "Identyfikator raportu (nr / mm / rrrr)", f"{d.number} / {_fmt(d.period)}")], cols=2)
    _payer_block(form, d)
    m = _fmt
    for b in d.blocks:
        person = b.person
        form.block("III", f"DANE O UBEZPIECZONYM nr {b.block_id}: {person.last_name} {person.first_name}, "
                          f"{'PESEL' if person.id_type == 'P' else 'dokument'} {person.identifier}")
        if d.kind == "RSA":
            i = b.item
            form.fields([("B 1", "Kod tytułu ubezpieczenia", str(i.title)), ("B 2", "Kod świadczenia/przerwy", i.code),
                         ("B 3", "Okres od", m(i.date_from)), ("B 4", "Okres do", m(i.date_to)),
                         ("B 5", "Liczba dni", m(i.days)), ("B 6", "Kwota", m(i.amount))])
            continue
        form.fields([("B 1", "Kod tytułu ubezpieczenia", str(b.title)),
                     ("B 3", "Wymiar czasu pracy", f"{b.work_time.numerator}/{b.work_time.denominator}"),
                     ("B 4–6", "Podstawy: emer.-rent. / chor. / wyp.",
                      f"{m(b.pension_base)} / {m(b.sickness_base)} / {m(b.accident_base)}")])
        form.table(["Składki", "emerytalne", "rentowe", "chorobowe", "wypadkowe"], [
            ["ubezpieczony (B 7–10)", m(b.pension_insured), m(b.disability_insured), m(b.sickness_insured),
             m(b.accident_insured)],
            ["płatnik (B 11–14)", m(b.pension_payer), m(b.disability_payer), m(b.sickness_payer),
             m(b.accident_payer)],
        ], [0.28, 0.18, 0.18, 0.18, 0.18])
        form.fields([("B 29", "Łączna kwota składek", m(b.social_total)),
                     ("C 1", "Podstawa składki zdrowotnej", m(b.health_base)),
                     ("C 4", "Składka zdrowotna (ubezpieczony)", m(b.health_insured))])
    stmt = "IV" if d.kind == "RCA" else "XI"
    form.block(stmt, BLOCK_TITLES["XIII"])
    form.fields([(f"{stmt} 1", "Data wypełnienia", m(d.filled_date))], cols=2)


def _registration(form: _Form, d: Any) -> None:
    from ..forms.kedu_reader import STATEMENT_BLOCK

    _payer_block(form, d)
    blocks: dict[str, list] = {}
    for f in dataclasses.fields(d):
        loc = f.metadata.get("kedu")
        if loc:
            blocks.setdefault(loc[0], [])
    people = [("III", getattr(d, "person", None) or getattr(d, "old", None))]
    if d.kind == "ZIUA":
        people.append(("IV", d.new))
    for block, person in people:
        form.block(block, "DANE OSOBY UBEZPIECZONEJ" + (" (dane w ZUS)" if d.kind == "ZIUA" and block == "III"
                                                         else " (nowe dane)" if block == "IV" else ""))
        boxes = [b for b in _located(person, "III") if b[2]]
        form.fields([(f"{block} {b[0].split()[1]}", b[1], b[2]) for b in boxes])
    for block in sorted(blocks, key=_roman):
        if block == STATEMENT_BLOCK.get(d.kind):
            continue
        boxes = [b for b in _located(d, block) if b[2]]
        if boxes:
            form.block(block, REG_BLOCK_TITLES.get(block, ""))
            form.fields(boxes)
    address = getattr(d, "address", None)
    if address is not None:
        form.block("XI" if d.kind == "ZUA" else "VIII", "ADRES ZAMIESZKANIA")
        form.fields([("1", "Kod pocztowy", address.postal_code), ("2", "Miejscowość", address.city),
                     ("4", "Ulica", address.street), ("5", "Nr domu", address.house_no),
                     ("6", "Nr lokalu", address.flat_no)])
    stmt = STATEMENT_BLOCK.get(d.kind, "")
    form.block(stmt, BLOCK_TITLES["XIII"])
    form.fields([(f"{stmt} 1", "Data wypełnienia", _fmt(d.filled_date))], cols=2)


def _roman(block: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(block):
        v = values.get(ch, 0)
        total += -v if i + 1 < len(block) and values.get(block[i + 1], 0) > v else v
    return total


def render_pdf(ds: DocumentSet, *, header: str = "", footnote: str = "") -> bytes:
    """The whole set as PDF bytes; ``footnote`` is printed at the foot of every page."""
    import io

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, pageCompression=1)
    payer = ds.payer
    canvas.setTitle(f"{', '.join(d.kind for d in ds.documents)} {payer.short_name or payer.last_name} "
                    f"{ds.period or ''}".strip())
    canvas.setAuthor("eplatnik")
    form = _Form(canvas, header, footnote)
    for doc in ds.documents:
        form.new_page(FORM_TITLES.get(doc.kind, doc.kind))
        if doc.kind == "DRA":
            _dra(form, doc)
        elif doc.kind in ("RCA", "RSA"):
            _report(form, doc)
        else:
            _registration(form, doc)
    form.finish()
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
    correction = f" — KOREKTA zestawu {info.correction_of}" if info.correction_of else ""
    header = (f"Płatnik: {info.payer_name}   NIP {info.payer_nip}   Okres: {info.period or '-'}   "
              f"Deklaracja nr {info.number}{correction}   Stan: {info.status}\n"
              f"Zestaw nr {info.id}   Wydruk: {service.app.clock.local_now().strftime('%d.%m.%Y %H:%M')}   "
              f"SHA-256 pliku KEDU: {info.signed_sha256 or info.xml_sha256}")
    atomic_write_bytes(Path(path), render_pdf(ds, header=header, footnote=params_footnote(info.params_note)))
    return Path(path)
