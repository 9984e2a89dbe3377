"""Signed means signed: every reader reads exactly what the signature covers (issue 13, points 1–2).

Each test makes its own hostile file from a correctly signed set: a comment inside a signed value
(canonicalisation drops comments, so the signature still verifies, but a reader taking the first
text node read "TECH" for "TECHBUD SP. Z O.O."), a processing instruction, and an unsigned ZUSDRA
of another payer hidden in a ``ds:Object`` under ``ds:Signature``. The verification, the KEDU
reader, the importer and its preview, the outbox and the CLI all refuse them; a clean signed file
reads exactly as its unsigned original.
"""

from __future__ import annotations

import pytest
from lxml import etree
from plugins.attacks import HOSTILE, comment_in_name, hidden_document
from plugins.signing import P12_PASSWORD, kedu_document
from support import run_cli

from eplatnik import signed_xml
from eplatnik.forms import kedu_reader
from eplatnik.signing.xades import verify_xml


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> bytes:
    """TECHBUD's set, correctly signed by Maria Wiśniewska (a test CA's "qualified" certificate)."""
    from eplatnik.signing import testpki
    from eplatnik.signing.keysource import SigningKey
    from eplatnik.signing.p12 import load_p12
    from eplatnik.signing.xades import sign_xml

    d = tmp_path_factory.mktemp("signer")
    ca = testpki.create_ca("eplatnik Test QCA", d)
    key, cert = ca.issue_person("Maria Wiśniewska", pesel="44051401359", key="rsa")
    p12 = testpki.write_p12(d / "maria.p12", key, cert, P12_PASSWORD, chain=[ca.cert])
    key, cert, chain = load_p12(p12, P12_PASSWORD)
    return sign_xml(kedu_document(), SigningKey(key, cert, chain))


def test_a_clean_signed_file_reads_exactly_as_its_unsigned_original(signed):
    unsigned = kedu_reader.read(kedu_document())
    kfile = kedu_reader.read(signed)
    assert kfile.signed and kfile.documents == unsigned.documents
    assert kfile.documents[0].payer.short_name == "TECHBUD SP. Z O.O."
    content = signed_xml.signed_content(signed)
    assert b"Signature" not in content and verify_xml(signed).signed_data == content


def test_the_attacks_still_verify_byte_for_byte_without_the_structure_rules(signed):
    """What made them attacks: the signature itself does not notice them (a processing instruction
    is kept by canonicalisation, so the digest catches that one; it is refused first anyway)."""
    for name, make in HOSTILE.items():
        if name == "processing instruction":
            continue
        root = etree.fromstring(make(signed))
        certs = signed_xml.signer_certificates(root[-1])
        content = signed_xml.verify_enveloped(root, certs[0])
        assert b"TECHBUD SP. Z O.O." in content, name


@pytest.mark.parametrize("attack", list(HOSTILE))
def test_hostile_signed_file_is_refused_by_verification_and_every_reader(signed, attack):
    hostile = HOSTILE[attack](signed)
    info = verify_xml(hostile)
    assert not info.valid and info.signed_data is None, attack
    assert info.problems and "odrzucono" in info.problems[0].render("pl"), info.problems[0].render("pl")
    with pytest.raises(signed_xml.SignedContentError):
        kedu_reader.read(hostile)
    with pytest.raises(signed_xml.SignedContentError):
        signed_xml.signed_content(hostile)


def test_comment_in_name_is_refused_by_import_preview_outbox_and_cli(app, signed, tmp_path):
    from eplatnik.gateway.summary import summarise

    hostile = tmp_path / "techbud.signed.xml"
    hostile.write_bytes(comment_in_name(signed))
    with pytest.raises(signed_xml.SignedContentError):
        app.documents.preview_import(hostile)
    with pytest.raises(signed_xml.SignedContentError):
        app.documents.import_file(hostile, into_register=True)
    with pytest.raises(signed_xml.SignedContentError):
        summarise(hostile.read_bytes())
    assert app.documents.list_sets() == [] and app.register.list_payers() == []
    listed = run_cli("kedu", "import", str(hostile), "--list", basedir=tmp_path / "ws2")
    assert listed.returncode == 2 and "TECH " not in listed.stdout
    assert "komentarz" in listed.stderr
    checked = run_cli("verify", str(hostile))
    assert checked.returncode == 1 and "komentarz" in checked.stdout


def test_hidden_document_is_not_listed_by_kedu_import(signed, tmp_path):
    hostile = tmp_path / "hidden.xml"
    hostile.write_bytes(hidden_document(signed))
    listed = run_cli("kedu", "import", str(hostile), "--list", basedir=tmp_path / "ws")
    assert listed.returncode == 2 and "7792433421" not in listed.stdout
    assert "ZUSDRA" in listed.stderr
    clean = tmp_path / "clean.xml"
    clean.write_bytes(signed)
    listed = run_cli("kedu", "import", str(clean), "--list", basedir=tmp_path / "ws")
    assert listed.returncode == 0 and listed.stdout.count("9512345675") == 1, listed.stdout


def test_receipts_are_read_through_the_same_rules(tmp_path):
    """A gateway receipt with a comment in it, or a forged receipt hidden in its signature, is refused."""
    from eplatnik.gateway.receipt_xml import Receipt, ReceiptInvalid, sign_receipt, verify_receipt
    from eplatnik.sandbox.gateway_store import ensure_keys

    keys = ensure_keys(tmp_path / "sandbox")
    receipt = Receipt(reference="SBX-1", received_at="2026-11-20T10:00:00+00:00", issued_at="2026-11-20T10:00:02",
                      package_sha256="AA==", document_sha256="BB==", package_type="KEDU", status=200,
                      accepted=True, payer_nip="9512345675", payer_name="TECHBUD SP. Z O.O.")
    from eplatnik.clock import default_clock

    data = sign_receipt(receipt, keys.receipt_key, keys.receipt_cert, signing_time=default_clock().now())
    assert verify_receipt(data, keys.receipt_cert).payer_name == "TECHBUD SP. Z O.O."
    with_comment = data.replace(b"<Nazwa>TECHBUD", b"<Nazwa>TECH<!-- x -->BUD", 1)
    assert with_comment != data
    with pytest.raises(ReceiptInvalid, match="komentarz"):
        verify_receipt(with_comment, keys.receipt_cert)
    forged = data.replace(b"</ds:Signature>", b"<ds:Object>" + data.split(b"?>", 1)[1].split(b"<ds:Signature")[0]
                          .replace(b"<Status>200", b"<Status>400") + b"</Potwierdzenie></ds:Object></ds:Signature>")
    with pytest.raises(ReceiptInvalid):
        verify_receipt(forged, keys.receipt_cert)
