"""Packages and receipts: CMS EnvelopedData that OpenSSL opens, receipts bound to a pinned certificate."""

from __future__ import annotations

import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from support import need_tool

from eplatnik.clock import default_clock


@pytest.fixture(scope="module")
def gateway_certs(tmp_path_factory):
    from eplatnik.sandbox.gateway_store import ensure_keys

    state = tmp_path_factory.mktemp("sandbox-state")
    return state, ensure_keys(state)


def test_package_round_trip_and_wrong_recipient(gateway_certs):
    from eplatnik.gateway.package import PackageError, build_package, open_package
    from eplatnik.gateway.protocol import PACKAGE_TYPE, sha256_b64
    from eplatnik.signing.testpki import create_ca

    _, keys = gateway_certs
    doc = "<KEDU>zażółć gęślą jaźń</KEDU>".encode()
    pkg = build_package(doc, keys.encryption_cert)
    assert pkg.package_type == PACKAGE_TYPE and pkg.sha256_b64 == sha256_b64(pkg.data)
    assert doc not in pkg.data
    assert open_package(pkg.data, keys.encryption_key, keys.encryption_cert) == doc
    # encrypted twice → different bytes (fresh content key), same document inside
    assert build_package(doc, keys.encryption_cert).data != pkg.data
    other_key, other_cert = create_ca("Other").issue_person("Ktoś Inny")
    with pytest.raises(PackageError):
        open_package(pkg.data, other_key, other_cert)
    with pytest.raises(PackageError):
        open_package(b"garbage", keys.encryption_key, keys.encryption_cert)


def test_openssl_decrypts_our_cms(gateway_certs, tmp_path):
    openssl = need_tool("openssl")
    from eplatnik.gateway.package import envelope, make_container, open_container
    from eplatnik.signing.testpki import private_key_pem

    _, keys = gateway_certs
    (tmp_path / "pkg.der").write_bytes(envelope(make_container(b"<KEDU/>"), keys.encryption_cert))
    (tmp_path / "key.pem").write_bytes(private_key_pem(keys.encryption_key))
    (tmp_path / "cert.pem").write_bytes(keys.encryption_cert.public_bytes(serialization.Encoding.PEM))
    out = subprocess.run([openssl, "cms", "-decrypt", "-inform", "DER", "-in", str(tmp_path / "pkg.der"),
                          "-recip", str(tmp_path / "cert.pem"), "-inkey", str(tmp_path / "key.pem")],
                         capture_output=True, check=True).stdout
    assert open_container(out) == b"<KEDU/>"
    info = subprocess.run([openssl, "cms", "-cmsout", "-print", "-inform", "DER", "-in", str(tmp_path / "pkg.der")],
                          capture_output=True, text=True, check=True).stdout
    assert "rsaesOaep" in info and "aes-256-cbc" in info


def _receipt(**kw):
    from eplatnik.gateway.receipt_xml import Receipt, ReceiptDocument, ReceiptError

    base = dict(reference="SBX-1", received_at="2026-11-05T10:00:00+00:00", issued_at="2026-11-05T10:00:02+00:00",
                package_sha256="cGFjaw==", document_sha256="ZG9j", package_type="T", status=400, accepted=False,
                payer_nip="9512345675", payer_name="TECHBUD", documents=(ReceiptDocument("ZUSDRA", "2026-10", "1"),),
                errors=(ReceiptError("R-1", "Suma się nie zgadza", "Sum mismatch", "ZUSDRA", "1", "IV", "p37"),))
    base.update(kw)
    return Receipt(**base)


def test_receipt_verifies_only_against_the_pinned_certificate(gateway_certs):
    from eplatnik.gateway.receipt_xml import ReceiptInvalid, sign_receipt, verify_receipt

    _, keys = gateway_certs
    data = sign_receipt(_receipt(), keys.receipt_key, keys.receipt_cert, signing_time=default_clock().now())
    parsed = verify_receipt(data, keys.receipt_cert)
    assert parsed == _receipt()
    assert parsed.errors[0].location() == "ZUSDRA, blok IV, pole p37"
    with pytest.raises(ReceiptInvalid):
        verify_receipt(data, keys.encryption_cert)  # a different certificate than the pinned one
    with pytest.raises(ReceiptInvalid):
        verify_receipt(data.replace(b"SBX-1", b"SBX-2"), keys.receipt_cert)


def test_receipt_with_doctype_is_refused(gateway_certs):
    from eplatnik.gateway.receipt_xml import ReceiptInvalid, sign_receipt, verify_receipt

    _, keys = gateway_certs
    data = sign_receipt(_receipt(), keys.receipt_key, keys.receipt_cert, signing_time=default_clock().now())
    hostile = data.replace(b"?>", b'?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)
    with pytest.raises(ReceiptInvalid):
        verify_receipt(hostile, keys.receipt_cert)
