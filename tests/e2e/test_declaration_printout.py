"""The declaration printout like the official form, read back from a real PDF with poppler:
"str. N z M" on every page, an insured person's heading repeated where their block goes on over a
page break, the payer's statement and signature area, 0,00 where the file holds zero and blank
where it holds nothing, the correction marked on every page, the creation date from the program's
clock."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from support import need_tool

from eplatnik.clock import FixedClock
from eplatnik.period import Period


@pytest.fixture
def office(tmp_path):
    from eplatnik.app import App
    from eplatnik.demo import create_demo

    app = App(tmp_path / "ws", clock=FixedClock("2026-11-10T09:30"))
    create_demo(app, today=date(2026, 11, 10))
    yield app
    app.close()


def _pages(pdftotext: str, path) -> list[str]:
    text = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def test_employer_set_prints_like_the_form(office, tmp_path):
    pdftotext, pdfinfo = need_tool("pdftotext"), need_tool("pdfinfo")
    from eplatnik.reports.declaration_pdf import render_set_pdf

    info = office.documents.build_monthly(office.register.find_payer("9512345675").id, Period(2026, 10))
    path = render_set_pdf(office.documents, info.id, tmp_path / "techbud.pdf")
    pages = _pages(pdftotext, path)
    total = len(pages)
    assert total >= 4
    for n, page in enumerate(pages, 1):
        assert f"str. {n} z {total}" in page
        assert "dokumentem jest plik KEDU XML" in page
    text = "\n".join(pages)
    # the DRA's blocks and the statement with room for the signature
    for title in ("I. DANE ORGANIZACYJNE", "IV. ZESTAWIENIE NALEŻNYCH SKŁADEK NA UBEZPIECZENIA SPOŁECZNE",
                  "IX. ZESTAWIENIE NALEŻNYCH SKŁADEK DO ZWROTU / ZAPŁATY", "XIII. OŚWIADCZENIE PŁATNIKA SKŁADEK"):
        assert title in text
    assert "Oświadczam, że dane zawarte w formularzu są zgodne ze stanem prawnym i faktycznym." in text
    assert "Podpis płatnika składek lub osoby upoważnionej" in text
    assert "Stan: zweryfikowany" in text and "Stan: verified" not in text  # one word for one thing
    # a person whose block goes on over a page break: the heading again, marked "(cd.)"
    continued = [p for p in pages if re.search(r"III\. DANE O UBEZPIECZONYM nr \d+: .*\(cd\.\)", p)]
    assert continued, "no insured person's block went over a page break"
    for page in continued:
        heading = re.search(r"III\. DANE O UBEZPIECZONYM nr (\d+): ([^,]+),", page)
        previous = pages[pages.index(page) - 1]
        assert f"nr {heading.group(1)}: {heading.group(2)}" in previous  # it began on the page before
    # zero amounts the file holds are 0,00 (DRA V), fields it leaves out are blank (payer's PESEL)
    block_v = text.split("V. ZESTAWIENIE WYPŁACONYCH ŚWIADCZEŃ")[1].split("VI. ZESTAWIENIE")[0]
    assert block_v.count("0,00") == 5
    payer_block = text.split("II. DANE IDENTYFIKACYJNE PŁATNIKA SKŁADEK")[1].split("III. INNE INFORMACJE")[0]
    assert "03 Numer PESEL" in payer_block and "0,00" not in payer_block  # a company has no PESEL: blank
    # the creation date is the program's (10 November 2026, 09:30 in Warsaw), not the machine's
    meta = subprocess.run([pdfinfo, "-isodates", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"CreationDate:\s+2026-11-10T09:30:00\+01", meta), meta


def test_correction_marked_on_every_page(office, tmp_path):
    pdftotext = need_tool("pdftotext")
    pdftoppm = need_tool("pdftoppm")
    from eplatnik.reports.declaration_pdf import render_set_pdf

    payer = office.register.find_payer("5261040828")
    first = office.documents.build_monthly(payer.id, Period(2026, 10))
    correction = office.documents.build_correction(first.id)
    path = render_set_pdf(office.documents, correction.id, tmp_path / "korekta.pdf")
    pages = _pages(pdftotext, path)
    assert all(f"KOREKTA — korekta zestawu nr {first.id} (deklaracja nr 01)" in p for p in pages)
    assert "Deklaracja nr 02" in pages[0]
    subprocess.run([pdftoppm, "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(pages)  # every page renders
