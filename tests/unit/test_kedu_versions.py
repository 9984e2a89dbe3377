"""KEDU 4.0 and 5.0–5.5 files (exports of older Płatnik and payroll programs) are read and imported:
what maps is converted, what does not is reported; a file of a version without a schema here is never
reported "valid" with exit 0 (``kedu validate`` exit 3: read, not schema-checked). The files are written
here from a real set: the namespace changed and, for 4.0, its known differences applied."""

from __future__ import annotations

import json
import re

from support import run_cli

from eplatnik.forms import kedu_reader, kedu_schema
from eplatnik.period import Period


def _set_xml(demo_app) -> str:
    info = demo_app.documents.build_monthly(int(demo_app.register.find_payer("9512345675").id), Period(2026, 10))
    return demo_app.documents.get_xml(info.id).decode("utf-8")


def as_kedu_5_0(xml: str) -> str:
    return xml.replace(kedu_schema.NS_57, "http://www.zus.pl/2018/KEDU_5")


def as_kedu_4(xml: str) -> str:
    """KEDU 4.0 (Płatnik 9): RCA statement in V (5.x: IV), no RCA block totals (III.B p29), DRA statement in
    XI (5.x: XIII); plus a DRA VII field and a ZUSRZA, which 5.x does not have."""
    xml = xml.replace(kedu_schema.NS_57, "http://www.zus.pl/2013/KEDU_4")
    rca = re.search(r"<ZUSRCA.*?</ZUSRCA>", xml, re.S).group(0)
    xml = xml.replace(rca, re.sub(r"<p29>[^<]*</p29>", "", rca).replace("<IV>", "<V>").replace("</IV>", "</V>"))
    dra = re.search(r"<ZUSDRA.*?</ZUSDRA>", xml, re.S).group(0)
    xml = xml.replace(dra, dra.replace("<XIII>", "<XI>").replace("</XIII>", "</XI>")
                      .replace("<VII>", "<VII><p5>12.00</p5>", 1))
    return xml.replace("</KEDU>", "<ZUSRZA><I><p1>x</p1></I></ZUSRZA></KEDU>")


def test_namespaces_of_older_versions_are_recognised():
    assert kedu_schema.version_of("http://www.zus.pl/2013/KEDU_4") == "4.0"
    assert kedu_schema.version_of("http://www.zus.pl/2018/KEDU_5") == "5.0"
    assert kedu_schema.version_of("http://www.zus.pl/2020/KEDU_5_3") == "5.3"
    assert kedu_schema.version_of("http://www.zus.pl/2022/KEDU_5_5") == "5.5"
    assert kedu_schema.version_of("urn:other") is None


def test_kedu_4_is_converted_and_what_does_not_map_is_reported(demo_app):
    original = kedu_reader.read(_set_xml(demo_app).encode())
    old = kedu_reader.read(as_kedu_4(_set_xml(demo_app)).encode())
    assert old.version == "4.0" and not old.validated
    assert old.converted == {"RCA III.B p29": 12}
    assert old.dropped == {"DRA VII/p5": 1} and old.skipped == {"RZA": 1}
    # the documents themselves come out the same: amounts, totals computed, statement dates read
    assert [d.kind for d in old.documents] == [d.kind for d in original.documents]
    for new, orig in zip(old.documents, original.documents):
        assert new == orig, new.kind


def test_validate_never_calls_an_unchecked_file_valid(demo_app, tmp_path):
    xml = _set_xml(demo_app)
    (tmp_path / "57.xml").write_text(xml, encoding="utf-8")
    (tmp_path / "50.xml").write_text(as_kedu_5_0(xml), encoding="utf-8")
    (tmp_path / "4.xml").write_text(as_kedu_4(xml), encoding="utf-8")
    (tmp_path / "4bad.xml").write_text(as_kedu_4(xml).replace("<p4>", "<p4>12,5x", 1), encoding="utf-8")
    assert run_cli("kedu", "validate", str(tmp_path / "57.xml")).returncode == 0
    for name, version in (("50.xml", "5.0"), ("4.xml", "4.0")):
        proc = run_cli("kedu", "validate", str(tmp_path / name))
        assert proc.returncode == 3, proc.stdout + proc.stderr
        assert f"KEDU {version} — odczytany, NIE sprawdzony ze schematem" in proc.stdout
        assert "poprawny (" not in proc.stdout
        data = json.loads(run_cli("kedu", "validate", str(tmp_path / name), "--json").stdout)
        assert data["valid"] is None and data["schema_checked"] is False and data["version"] == version
    proc = run_cli("kedu", "validate", str(tmp_path / "4bad.xml"))
    assert proc.returncode == 1 and "niepoprawny" in proc.stdout
    assert "3 odczytany" in run_cli("kedu", "validate", "--help").stdout


def test_import_of_a_kedu_4_file_reports_conversions_and_the_set_verifies(demo_app, tmp_path):
    (tmp_path / "4.xml").write_text(as_kedu_4(_set_xml(demo_app)), encoding="utf-8")
    ws = tmp_path / "ws"
    proc = run_cli("kedu", "import", str(tmp_path / "4.xml"), "--into-register", basedir=ws)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "KEDU 4.0" in out and "Przeliczono RCA III.B p29" in out and "ZUSRZA: 1" in out
    assert "DRA VII/p5" in out and "nie ma odpowiednika" in out and "bez sprawdzenia ze schematem" in out
    proc = run_cli("documents", "verify", "1", basedir=ws)
    assert proc.returncode == 0, proc.stdout
