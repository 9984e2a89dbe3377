"""Certificate details in plain words: owner, PESEL/NIP, qualified claims, validity warnings."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from eplatnik.clock import default_clock
from eplatnik.signing import testpki
from eplatnik.signing.certs import inspect_certificate, load_certificate_file, load_certificates

NOW = default_clock().now()


def test_qualified_person_certificate_is_described(pki):
    info = inspect_certificate(pki.rsa_cert)
    assert info.owner == "Maria Wiśniewska"
    assert (info.given_name, info.surname) == ("Maria", "Wiśniewska")
    assert info.pesel == "44051401359" and info.nip is None
    assert info.issuer.startswith("eplatnik Test QCA")
    assert info.claims_qualified and info.qc_compliance and info.qc_sscd
    assert info.qualified_policies == ("QCP-n-qscd",)
    assert info.non_repudiation and not info.digital_signature
    assert (info.key_type, info.key_size) == ("RSA", 2048)
    assert info.sha256.count(":") == 31
    assert info.warnings == ()


def test_nip_from_tinpl_and_ec_key(pki):
    info = inspect_certificate(pki.ec_cert)
    assert info.nip == "5261040828" and info.pesel is None
    assert info.key_type == "EC secp256r1" and info.key_size == 256


def test_organisation_identifier_vatpl(pki):
    _, cert = pki.ca.issue_person("Adam Nowak", organisation="TECHBUD sp. z o.o.", nip="9512345675")
    info = inspect_certificate(cert)
    assert info.organisation == "TECHBUD sp. z o.o."
    assert info.nip == "9512345675"


def test_non_qualified_certificate_gets_a_warning(pki):
    _, cert = pki.ca.issue_person("Ewa Zwykła", pesel="44051401359", qualified=False,
                                  key_usage="digital_signature")
    info = inspect_certificate(cert)
    assert not info.claims_qualified
    assert any("nie deklaruje, że jest kwalifikowany" in w.render("pl") for w in info.warnings)
    assert any("does not claim to be qualified" in w.render("en") for w in info.warnings)


def test_expired_not_yet_valid_and_expiring_warnings(pki):
    _, old = pki.ca.issue_person("Stary Certyfikat", not_before=NOW - dt.timedelta(days=400),
                                 not_after=NOW - dt.timedelta(days=3))
    _, future = pki.ca.issue_person("Przyszły Certyfikat", not_before=NOW + dt.timedelta(days=3),
                                    not_after=NOW + dt.timedelta(days=400))
    _, soon = pki.ca.issue_person("Kończący Się", not_before=NOW - dt.timedelta(days=300),
                                  not_after=NOW + dt.timedelta(days=12, hours=1))
    old_info, future_info, soon_info = (inspect_certificate(c) for c in (old, future, soon))
    assert old_info.status() == "expired"
    assert "wygasł" in old_info.warnings[0].render("pl")
    assert future_info.status() == "not_yet_valid"
    assert "dopiero od" in future_info.warnings[0].render("pl")
    assert soon_info.status() == "valid"
    assert "wygasa za 12 dni" in soon_info.warnings[0].render("pl")
    assert "expires in 12 days" in soon_info.warnings[0].render("en")


def test_describe_rows_in_both_languages(pki):
    rows_pl = dict(inspect_certificate(pki.rsa_cert).describe("pl"))
    rows_en = dict(inspect_certificate(pki.rsa_cert).describe("en"))
    assert rows_pl["PESEL"] == "44051401359"
    assert rows_pl["Kwalifikowany (deklaracja)"].startswith("tak (QcCompliance, QSCD, QCP-n-qscd")
    assert rows_en["Key usage"] == "nonRepudiation"


def test_load_pem_bundle_and_der(pki, tmp_path):
    bundle = testpki.write_pem_bundle(tmp_path / "b.pem", [pki.rsa_cert, pki.ca.cert])
    assert [c.serial_number for c in load_certificate_file(bundle)] == [pki.rsa_cert.serial_number,
                                                                       pki.ca.cert.serial_number]
    der = pki.ec_cert.public_bytes(serialization.Encoding.DER)
    assert load_certificates(der)[0] == pki.ec_cert


def test_qcstatements_are_standard_der(pki):
    """The extension parses as a sequence of statements (what real QTSP certificates carry)."""
    ext = pki.rsa_cert.extensions.get_extension_for_oid(x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3"))
    assert ext.critical is False
    raw = ext.value.value
    assert raw[0] == 0x30  # SEQUENCE
    assert bytes.fromhex("04008e460101") in raw  # 0.4.0.1862.1.1 QcCompliance
