"""The sandbox (ZUS's side) never accepts what the signer did not sign (issue 13, points 1–2).

Hostile packages are sent straight to a real sandbox over loopback HTTP, past the client's own
checks (which refuse them too), as another program could send them. Before the fix the sandbox
accepted a set whose payer name had a comment inside it and issued a receipt naming "TECH", rejected
a correctly signed set for an amount the signer never signed, and counted an unsigned ZUSDRA hidden
in the signature as a third document.
"""

from __future__ import annotations

import time

from plugins.attacks import comment_in_amount, comment_in_name, hidden_document
from plugins.gateway import build_signed_set

TECHBUD = "9512345675"


def _send_raw(gateway_env, kedu: bytes, key: str):
    """Encrypt ``kedu`` for the sandbox and send it as-is; the verified receipt when it is final."""
    from eplatnik.gateway import protocol
    from eplatnik.gateway.package import build_package
    from eplatnik.gateway.receipt_xml import verify_receipt
    from eplatnik.gateway.transport import JsonGatewayTransport

    client = JsonGatewayTransport(gateway_env.app.http, gateway_env.url, timeout=10)
    certs = client.certificates()
    package = build_package(kedu, certs.encryption)
    sent = client.submit(protocol.SubmitRequest(package.data, package.sha256_b64, package.package_type, key))
    deadline = time.monotonic() + 20
    answer = client.confirmation(sent.reference)
    while protocol.is_in_progress(answer.status) and time.monotonic() < deadline:
        time.sleep(0.1)
        answer = client.confirmation(sent.reference)
    assert protocol.is_final(answer.status), answer.status
    return verify_receipt(answer.receipt, certs.receipt_signing)


def test_clean_set_is_accepted_naming_the_signed_payer(gateway_env):
    receipt = _send_raw(gateway_env, build_signed_set(gateway_env.app, TECHBUD), "clean")
    assert receipt.status == 200 and receipt.payer_name == "TECHBUD SP. Z O.O."
    assert [d.form for d in receipt.documents] == ["ZUSDRA", "ZUSRCA"]


def test_comment_inside_signed_name_is_refused_not_read_as_tech(gateway_env):
    hostile = comment_in_name(build_signed_set(gateway_env.app, TECHBUD))
    receipt = _send_raw(gateway_env, hostile, "comment-name")
    assert receipt.status == 403 and not receipt.accepted
    assert receipt.payer_name != "TECH"
    assert any("komentarz" in e.message_pl for e in receipt.errors), [e.message_pl for e in receipt.errors]


def test_comment_inside_signed_amount_is_refused_for_the_comment_not_for_a_value_never_signed(gateway_env):
    hostile = comment_in_amount(build_signed_set(gateway_env.app, TECHBUD))
    receipt = _send_raw(gateway_env, hostile, "comment-amount")
    assert receipt.status == 403
    assert [e.code for e in receipt.errors] == ["C2"] and "komentarz" in receipt.errors[0].message_pl


def test_unsigned_document_hidden_in_the_signature_is_not_a_third_document(gateway_env):
    hostile = hidden_document(build_signed_set(gateway_env.app, TECHBUD))
    receipt = _send_raw(gateway_env, hostile, "hidden")
    assert receipt.status == 403 and len(receipt.documents) < 3
    assert "7792433421" not in {receipt.payer_nip} and any("ZUSDRA" in e.message_pl for e in receipt.errors)
