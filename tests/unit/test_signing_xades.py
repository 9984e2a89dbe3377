"""XAdES-BES on KEDU with PKCS#12 keys: placement, independent verification, tampering, trust."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from plugins.signing import (
    P12_PASSWORD,
    change_total,
    dra_total,
    kedu_document,
    schema_problems,
    xmlsec_verify,
)

from eplatnik.clock import default_clock
from eplatnik.errors import UserFacingError
from eplatnik.signing import testpki
from eplatnik.signing.keysource import CertificateNotUsable, FixedPin, WrongPin
from eplatnik.signing.p12 import P12KeySource
from eplatnik.signing.service import sign_many
from eplatnik.signing.xades import sign_xml, verify_xml

DS = "{http://www.w3.org/2000/09/xmldsig#}"
NOW = default_clock().now()


def sign_with(p12: Path, data: bytes) -> bytes:
    with P12KeySource(p12).open(FixedPin(P12_PASSWORD)) as key:
        return sign_xml(data, key, signing_time=NOW)  # the signature says when it was made: at the pinned NOW


@pytest.fixture(scope="module")
def signed_rsa(pki) -> bytes:
    return sign_with(pki.rsa_p12, kedu_document(3))


@pytest.fixture(scope="module")
def signed_ec(pki) -> bytes:
    return sign_with(pki.ec_p12, kedu_document(3))


@pytest.mark.parametrize("fixture", ["signed_rsa", "signed_ec"])
def test_signature_is_last_child_of_kedu_and_schema_valid(fixture, request):
    signed = request.getfixturevalue(fixture)
    root = etree.fromstring(signed)
    assert root[-1].tag == f"{DS}Signature"
    assert len(root.findall(f".//{DS}Signature")) == 1
    assert schema_problems(signed) == []
    method = root.find(f"{DS}Signature/{DS}SignedInfo/{DS}SignatureMethod").get("Algorithm")
    assert method.endswith("rsa-sha256" if fixture == "signed_rsa" else "ecdsa-sha256")
    props = root.find(f"{DS}Signature/{DS}Object")
    xades = "{http://uri.etsi.org/01903/v1.3.2#}"
    assert props.find(f".//{xades}SigningTime") is not None
    assert props.find(f".//{xades}SigningCertificateV2") is not None


@pytest.mark.parametrize(("fixture", "owner"), [("signed_rsa", "Maria Wiśniewska"),
                                                 ("signed_ec", "Jan Kowalski")])
def test_verifies_with_signxml_and_trusted_ca(fixture, owner, request, pki):
    info = verify_xml(request.getfixturevalue(fixture), [pki.ca.cert])
    assert info.valid, [str(p) for p in info.problems]
    assert info.trusted is True
    assert info.signer.owner == owner
    assert info.signer.non_repudiation and not info.signer.digital_signature  # QES-style usage
    assert info.signing_time == NOW.replace(microsecond=0)  # written to the second
    assert b"<p37>" + dra_total(request.getfixturevalue(fixture)) + b"</p37>" in info.signed_data
    assert b"Signature" not in info.signed_data
    assert info.summary("pl").startswith(f"Podpis prawidłowy: {owner}")


@pytest.mark.parametrize("fixture", ["signed_rsa", "signed_ec"])
def test_verifies_independently_with_xmlsec1(fixture, request, pki, tmp_path):
    path = tmp_path / "signed.xml"
    path.write_bytes(request.getfixturevalue(fixture))
    result = xmlsec_verify(path, pki.ca_pem)
    assert result.returncode == 0, result.stderr
    assert "SignedInfo References (ok/all): 3/3" in result.stderr


def test_xmlsec1_rejects_a_changed_amount(signed_rsa, pki, tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(change_total(signed_rsa))
    assert xmlsec_verify(path, pki.ca_pem).returncode != 0


def test_changed_amount_is_detected(signed_rsa, pki):
    total = dra_total(signed_rsa)
    one_grosz_more = f"{float(total) + 0.01:.2f}".encode()
    info = verify_xml(change_total(signed_rsa, one_grosz_more), [pki.ca.cert])
    assert not info.valid
    assert "zmieniono po podpisaniu" in info.problems[0].render("pl")
    assert info.signed_data is None


def test_inserted_block_is_detected(signed_rsa, pki):
    root = etree.fromstring(signed_rsa)
    extra = etree.fromstring(etree.tostring(root[1]))  # a copy of ZUSRCA
    root.insert(2, extra)
    info = verify_xml(etree.tostring(root), [pki.ca.cert])
    assert not info.valid and "changed after it was signed" in info.problems[0].render("en")


def test_wrapped_signature_is_rejected(signed_rsa, pki):
    """The signed KEDU hidden inside a forged one (signature kept as the root's last child)."""
    original = etree.fromstring(signed_rsa)
    forged = etree.fromstring(change_total(kedu_document(1), b"9999.99"))
    signature = original[-1]
    holder = etree.SubElement(forged, "cechy.KEDU")  # any element to smuggle the original in
    holder.append(original)
    forged.append(etree.fromstring(etree.tostring(signature)))
    info = verify_xml(etree.tostring(forged), [pki.ca.cert])
    assert not info.valid
    assert "2" in info.problems[0].render("pl")  # two signatures found


def test_moved_signature_is_rejected(signed_rsa, pki):
    root = etree.fromstring(signed_rsa)
    sig = root[-1]
    root[1].append(sig)  # signature moved into ZUSRCA
    info = verify_xml(etree.tostring(root), [pki.ca.cert])
    assert not info.valid and "miejscu wymaganym przez schemat" in info.problems[0].render("pl")


def test_second_signature_is_rejected(signed_rsa, pki):
    root = etree.fromstring(signed_rsa)
    root.append(etree.fromstring(etree.tostring(root[-1])))
    assert not verify_xml(etree.tostring(root), [pki.ca.cert]).valid


def test_unsigned_and_untrusted(signed_rsa, pki):
    info = verify_xml(kedu_document(1), [pki.ca.cert])
    assert not info.valid and "nie zawiera podpisu" in info.problems[0].render("pl")
    other_ca = testpki.create_ca("Someone Else CA")
    info = verify_xml(signed_rsa, [other_ca.cert])
    assert not info.valid and info.trusted is False
    assert "zaufanego wystawcy" in info.problems[0].render("pl")
    info = verify_xml(signed_rsa, None)
    assert info.valid and info.trusted is None
    assert any("signing.ca_bundle" in w.render("pl") for w in info.warnings)


def test_hostile_xml_is_refused_before_verification(pki):
    hostile = b'<?xml version="1.0"?><!DOCTYPE KEDU [<!ENTITY x SYSTEM "file:///etc/passwd">]><KEDU>&x;</KEDU>'
    info = verify_xml(hostile, [pki.ca.cert])
    assert not info.valid and "DOCTYPE" in info.problems[0].render("pl")


def test_signing_twice_is_refused(signed_rsa, pki):
    with pytest.raises(UserFacingError, match="już podpisany"):
        sign_with(pki.rsa_p12, signed_rsa)


def test_wrong_p12_password_is_clear(pki):
    with pytest.raises(WrongPin, match=r"Błędne hasło do pliku maria\.p12") as err:
        with P12KeySource(pki.rsa_p12).open(FixedPin("zle")):
            pass
    assert "PUK" not in err.value.render("pl") and "PIN" not in err.value.render("pl")


def test_p12_password_retry_through_prompt(pki, scripted_prompt):
    prompt = scripted_prompt("zle", P12_PASSWORD)
    with P12KeySource(pki.rsa_p12).open(prompt) as key:
        assert key.info.owner == "Maria Wiśniewska"
    assert [c[2] for c in prompt.calls] == [False, True]
    assert "Błędne hasło" in prompt.calls[1][3].render("pl")


def test_expired_and_not_yet_valid_certificates_cannot_sign(pki):
    expired = pki.p12("expired", not_before=NOW - dt.timedelta(days=500), not_after=NOW - dt.timedelta(days=1))
    future = pki.p12("future", not_before=NOW + dt.timedelta(days=2), not_after=NOW + dt.timedelta(days=500))
    doc = kedu_document(1)
    with pytest.raises(CertificateNotUsable, match="wygasł") as exc:
        sign_many([("a", doc)], P12KeySource(expired), FixedPin(P12_PASSWORD))
    assert "Odnów certyfikat" in exc.value.render("pl")
    with pytest.raises(CertificateNotUsable, match="valid only from") as exc:
        from eplatnik import i18n

        i18n.set_language("en")
        sign_many([("a", doc)], P12KeySource(future), FixedPin(P12_PASSWORD))


def test_signature_made_earlier_fails_after_certificate_expired(pki, tmp_path):
    p12 = pki.p12("short", not_before=NOW - dt.timedelta(days=10), not_after=NOW + dt.timedelta(days=1))
    signed = sign_with(p12, kedu_document(1))
    later = NOW + dt.timedelta(days=5)
    info = verify_xml(signed, [pki.ca.cert], at=later)
    assert not info.valid
    assert verify_xml(signed, [pki.ca.cert], at=NOW).valid


def test_digital_signature_only_certificate_also_works(pki):
    p12 = pki.p12("ds", key_usage="digital_signature")
    info = verify_xml(sign_with(p12, kedu_document(1)), [pki.ca.cert])
    assert info.valid and info.signer.digital_signature


def test_signing_keeps_the_original_bytes(pki):
    doc = kedu_document(2)
    signed = sign_with(pki.rsa_p12, doc)
    closing = doc.rindex(b"</KEDU>")
    assert signed.startswith(doc[:closing]) and signed.endswith(doc[closing:])


def test_iso_8859_2_document_and_content_after_root(pki):
    text = kedu_document(1).decode("utf-8").replace("TECHBUD", "ŻÓŁĆBUD")
    latin2 = text.replace("encoding='UTF-8'", "encoding='ISO-8859-2'").encode("iso-8859-2")
    signed = sign_with(pki.ec_p12, latin2)
    assert signed.startswith(b"<?xml version='1.0' encoding='ISO-8859-2'?>")
    info = verify_xml(signed, [pki.ca.cert])
    assert info.valid and "ŻÓŁĆ" in info.signed_data.decode("utf-8")
    trailing = kedu_document(1) + b"<!-- exported -->\n"
    assert verify_xml(sign_with(pki.rsa_p12, trailing), [pki.ca.cert]).valid


def test_signxml_signed_document_verifies_too(pki):
    """Interoperability: a signature made by signxml's own XAdESSigner passes our verification."""
    from signxml import DigestAlgorithm, SignatureMethod
    from signxml.algorithms import CanonicalizationMethod
    from signxml.xades import XAdESSigner

    signer = XAdESSigner(signature_algorithm=SignatureMethod.RSA_SHA256, digest_algorithm=DigestAlgorithm.SHA256,
                         c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0)
    root = signer.sign(etree.fromstring(kedu_document(1)), key=pki.rsa_key, cert=[pki.rsa_cert])
    info = verify_xml(etree.tostring(root), [pki.ca.cert])
    assert info.valid, [str(p) for p in info.problems]


def test_non_repudiation_only_needs_our_policy(signed_rsa, pki):
    """signxml's default end-entity policy demands digitalSignature and refuses a typical QES
    certificate; the chain check here accepts nonRepudiation (ETSI EN 319 412-2)."""
    from signxml.exceptions import InvalidCertificate
    from signxml.xades import XAdESSignatureConfiguration, XAdESVerifier

    with pytest.raises(InvalidCertificate, match="digitalSignature"):
        XAdESVerifier().verify(signed_rsa, ca_pem_file=str(pki.ca_pem),
                               expect_config=XAdESSignatureConfiguration(location="./", verification_time=NOW))
    from eplatnik.signing.xades import check_chain

    assert check_chain(pki.rsa_cert, [], [pki.ca.cert]) is None


def test_substituted_signer_certificate_is_detected(signed_rsa, pki):
    """Someone swaps the certificate in KeyInfo for another person's (to claim their signature)."""
    from base64 import b64encode

    from cryptography.hazmat.primitives import serialization

    root = etree.fromstring(signed_rsa)
    node = root.find(f"{DS}Signature/{DS}KeyInfo/{DS}X509Data/{DS}X509Certificate")
    node.text = b64encode(pki.ec_cert.public_bytes(serialization.Encoding.DER)).decode()
    info = verify_xml(etree.tostring(root), [pki.ca.cert])
    assert not info.valid and info.signed_data is None
