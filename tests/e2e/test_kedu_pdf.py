"""The declaration printout: a real PDF whose text reads back with Polish letters and the amounts."""

from __future__ import annotations

import subprocess

from plugins.forms import make_all_forms
from support import need_tool, run_cli

from eplatnik.forms.model import DocumentSet
from eplatnik.reports.declaration_pdf import render_pdf


def _text(pdftotext: str, path) -> str:
    return subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_cli_pdf_of_employer_set_reads_back(tmp_path):
    pdftotext = need_tool("pdftotext")
    base = tmp_path / "ws"
    assert run_cli("demo", basedir=base).returncode == 0
    out = tmp_path / "techbud.pdf"
    r = run_cli("kedu", "pdf", "--payer", "9512345675", "--period", "2026-10", "-o", str(out), basedir=base)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")
    text = _text(pdftotext, out)
    assert "ZUS DRA — DEKLARACJA ROZLICZENIOWA" in text
    assert "DANE IDENTYFIKACYJNE PŁATNIKA SKŁADEK" in text and "9512345675" in text
    assert "ZUS RCA" in text and "ZIELIŃSKI PIOTR" in text  # Polish capitals survive the font
    export = tmp_path / "techbud.xml"
    run_cli("kedu", "export", "--payer", "9512345675", "--period", "2026-10", "-o", str(export), basedir=base)
    to_pay = export.read_text(encoding="utf-8").split("<IX>")[1].split("<p2>")[1].split("<")[0]
    assert to_pay.replace(".", ",")[-6:] in text.replace(" ", "")  # IX p2 printed with a comma


def test_every_form_prints(tmp_path):
    pdftotext = need_tool("pdftotext")
    forms = make_all_forms()
    ds = DocumentSet(payer=forms["DRA"].payer, documents=list(forms.values()))
    path = tmp_path / "all.pdf"
    path.write_bytes(render_pdf(ds, header="test"))
    text = _text(pdftotext, path)
    for title in ("ZUS DRA", "ZUS RCA", "ZUS RSA", "ZUS ZUA", "ZUS ZZA", "ZUS ZWUA", "ZUS ZIUA"):
        assert title in text
    assert "ŻÓŁĆ" in text and "NOWAK-KOWALSKI" in text
    assert "Kod przyczyny wyrejestrowania" in text
    assert "ryczałt" in text  # the self-employed DRA prints block XI by tax form
