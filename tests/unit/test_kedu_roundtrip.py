"""Every form the program writes validates against the official schema and reads back unchanged."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from plugins.forms import PACKAGED_SCHEMAS, REFERENCE_KEDU, make_all_forms, official_xsd_57

from eplatnik.forms import kedu_reader, kedu_schema, kedu_writer

FORMS = sorted(make_all_forms())


@pytest.mark.parametrize("kind", FORMS)
def test_every_form_validates_against_official_xsd(kind, all_forms):
    data = kedu_writer.write_documents([all_forms[kind]])
    assert b'xmlns="http://www.zus.pl/2026/KEDU_5_7"' in data
    assert kedu_schema.validate_bytes(data, official=official_xsd_57()) == []


@pytest.mark.parametrize("kind", FORMS)
def test_every_form_reads_back_equal(kind, all_forms):
    doc = all_forms[kind]
    kfile = kedu_reader.read(kedu_writer.write_documents([doc]))
    assert kfile.version == "5.7" and kfile.validated
    assert kfile.documents == [doc]


def test_packaged_schemas_are_the_official_files():
    for name in ("kedu_5_7.xsd", "kedu_5_6.xsd"):
        ref = REFERENCE_KEDU / name
        if ref.is_file():
            assert (PACKAGED_SCHEMAS / name).read_bytes() == ref.read_bytes()
    assert hashlib.sha256((PACKAGED_SCHEMAS / "kedu_5_7.xsd").read_bytes()).hexdigest().startswith("dd5997cd")


def test_whole_set_in_one_file_groups_back(all_forms):
    docs = [all_forms["DRA"], all_forms["RCA"], all_forms["RSA"], all_forms["ZUA"], all_forms["ZWUA"]]
    kfile = kedu_reader.read(kedu_writer.write_documents(docs))
    sets = kedu_reader.group_sets(kfile)
    monthly = [s for s in sets if s.kind == "monthly"]
    assert len(monthly) == 1 and [d.kind for d in monthly[0].documents] == ["DRA", "RCA", "RSA"]
    assert [d.kind for s in sets if s.kind == "registration" for d in s.documents] == ["ZUA", "ZWUA"]


def test_writes_56_for_old_importers_and_reads_it(all_forms):
    data = kedu_writer.write_documents([all_forms["DRA"], all_forms["RCA"]], namespace=kedu_schema.NS_56)
    assert kedu_schema.validate_bytes(data) == []
    assert kedu_reader.read(data).version == "5.6"


def test_reads_quick_dra_56_samples():
    for sample in sorted((REFERENCE_KEDU / "samples").glob("*.xml")):
        kfile = kedu_reader.read(sample)
        assert kfile.version == "5.6" and [d.kind for d in kfile.documents] == ["RCA", "DRA"]
        dra = kfile.documents[1]
        assert dra.social_total == sum((b.social_total for b in kfile.documents[0].blocks), Decimal(0))
        assert kfile.documents[0].blocks[0].person.last_name == "IKSIŃSKI"


def test_older_5x_namespace_read_tolerantly(all_forms):
    data = kedu_writer.write_documents([all_forms["RCA"]]).replace(
        b"http://www.zus.pl/2026/KEDU_5_7", b"http://www.zus.pl/2021/KEDU_5_4")
    kfile = kedu_reader.read(data)
    assert kfile.version == "5.4" and not kfile.validated
    assert kfile.documents[0].blocks == all_forms["RCA"].blocks
    # no schema for 5.4: `validate` says so instead of pretending the file is valid
    problems = kedu_schema.validate_bytes(data)
    assert len(problems) == 1 and "5.4" in problems[0].render("en")


def test_cp1250_declared_file_reads_polish_names(all_forms):
    text = kedu_writer.write_documents([all_forms["RCA"]]).decode("utf-8")
    data = text.replace("encoding='UTF-8'", "encoding='windows-1250'").encode("cp1250")
    assert kedu_reader.read(data).documents[0].blocks[1].person.last_name == "ŻÓŁĆ"
    data2 = text.replace("encoding='UTF-8'", "encoding='ISO-8859-2'").encode("iso-8859-2")
    assert kedu_reader.read(data2).documents[0].blocks[1].person.last_name == "ŻÓŁĆ"


@pytest.mark.parametrize("old,new,where", [
    (b"<p37>1898.40</p37>", b"<p37>1898,40</p37>", "DRA/IV/p37"),
    (b"<p37>1898.40</p37>", b"<p37>-1898.40</p37>", "DRA/IV/p37"),
    (b"<p2>2026-10</p2>", b"<p2>2026-13</p2>", "DRA/I/p2"),
    (b"<p37>1898.40</p37>", b"<p37>1898.40</p37><p38>1</p38>", "DRA/IV/p38"),
])
def test_wrong_types_name_line_and_field(all_forms, old, new, where):
    data = kedu_writer.write_documents([all_forms["DRA"]]).replace(old, new, 1)
    with pytest.raises(kedu_reader.KeduReadError) as err:
        kedu_reader.read(data)
    assert where in err.value.render("en") and err.value.line
    assert "line" in err.value.render("en") and "wiersz" in err.value.render("pl")


def test_wrong_namespace_and_root(all_forms):
    data = kedu_writer.write_documents([all_forms["DRA"]])
    with pytest.raises(kedu_reader.KeduReadError, match=r"KEDU 4 ani 5\.x"):
        kedu_reader.read(data.replace(b"http://www.zus.pl/2026/KEDU_5_7", b"urn:other"))
    with pytest.raises(kedu_reader.KeduReadError, match=r"KEDU 4 ani 5\.x"):
        kedu_reader.read(b"<html><body/></html>")


def test_truncated_file(all_forms):
    data = kedu_writer.write_documents([all_forms["RCA"]])
    from eplatnik import xmlsafe
    with pytest.raises(xmlsafe.XmlSyntaxError) as err:
        kedu_reader.read(data[: len(data) // 2])
    assert err.value.line


def test_schema_problem_points_at_block(all_forms):
    rca = all_forms["RCA"]
    rca.blocks[1].pension_base = Decimal("-5.00")
    problems = kedu_schema.validate_bytes(kedu_writer.write_documents([rca]))
    assert [(p.document, p.block, p.field, p.block_index) for p in problems] == [("RCA", "III.B", "p4", 2)]


def test_signature_is_allowed_at_the_end(all_forms):
    data = kedu_writer.write_documents([all_forms["DRA"]]).replace(
        b"</KEDU>", b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
        b'<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
        b'<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
        b'<ds:Reference URI=""><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        b"<ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo>"
        b"<ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature></KEDU>")
    assert kedu_schema.validate_bytes(data) == []
    # a signed file is read only through its signature: this one covers nothing verifiable
    from eplatnik.signed_xml import SignedContentError
    with pytest.raises(SignedContentError):
        kedu_reader.read(data)


def test_tree_and_streaming_writers_agree(all_forms):
    docs = list(all_forms.values())
    tree_bytes = kedu_writer.to_bytes(kedu_writer.build_tree(docs))
    assert kedu_schema.validate_bytes(tree_bytes) == []
    assert kedu_reader.read(tree_bytes).documents == kedu_reader.read(kedu_writer.write_documents(docs)).documents
    compact = kedu_writer.write_documents(docs, pretty=False)
    assert compact.count(b"\n") <= 1 and kedu_reader.read(compact).documents == kedu_reader.read(tree_bytes).documents


def test_platnik_style_envelope_is_read(all_forms):
    """ZUS-side metadata, statuses and the ``zestaw`` wrapper (kedu-format.md §3–4) do not disturb reading."""
    body = kedu_writer.write_documents([all_forms["DRA"], all_forms["RCA"]]).decode("utf-8")
    body = body.replace('<ZUSDRA id_dokumentu="1">', '<ZUSDRA id_dokumentu="1" status_weryfikacji="P" '
                        'status_kontroli="0"><naglowek.DP><wersja_dokumentu>1</wersja_dokumentu></naglowek.DP>'
                        '<identyfikacja.PL><id_PL_ZUS>123</id_PL_ZUS></identyfikacja.PL>', 1)
    body = body.replace('<III id_bloku="1">', '<III id_bloku=" 1 " status_weryfikacji="P">', 1)
    start, end = body.index("<ZUSDRA"), body.index("</KEDU>")
    body = body[:start] + '<zestaw id_zestawu="7" P_Nip="9512345675">' + body[start:end] + "</zestaw>" \
        + "<stopka.KEDU/>" + body[end:]
    data = body.encode("utf-8")
    assert kedu_schema.validate_bytes(data) == []
    kfile = kedu_reader.read(data)
    all_forms["RCA"].doc_id = 2  # numbered in file order
    assert kfile.documents == [all_forms["DRA"], all_forms["RCA"]]


def test_unnamed_amounts_survive_import_and_annual_block_is_reported(all_forms):
    """A Płatnik DRA may fill fields the model does not name; re-writing must not lose them."""
    text = kedu_writer.write_documents([all_forms["DRA"], all_forms["RCA"]]).decode("utf-8")
    text = text.replace("<p10>0.00</p10>", "<p10>5.00</p10>", 1)           # DRA IV p10 (first p10 is IV's)
    v_start = text.index("<V>")
    text = text[:v_start] + text[v_start:].replace("<p1>0.00</p1>", "<p1>120.00</p1>", 1)
    text = text.replace("<p14>100.20</p14>", "<p14>100.20</p14><p15>1.00</p15>", 1)  # RCA B p15
    text = text.replace("<XIII>", "<XII><p1>2025</p1></XII><XIII>", 1)
    data = text.encode("utf-8")
    assert kedu_schema.validate_bytes(data) == []
    kfile = kedu_reader.read(data)
    dra, rca = kfile.documents
    assert dra.extra == {"IV/p10": Decimal("5.00"), "V/p1": Decimal("120.00")}
    assert rca.blocks[0].extra == {"B/p15": Decimal("1.00")}
    assert kfile.dropped == {"DRA XII": 1}
    again = kedu_reader.read(kedu_writer.write_documents(kfile.documents))
    assert again.documents == kfile.documents
