"""Signing hands the signed KEDU back to the documents area: stored byte-exact, set becomes signed."""

from __future__ import annotations

import pytest
from plugins.signing import P12_PASSWORD

from eplatnik.errors import UserFacingError
from eplatnik.forms import kedu_reader, kedu_schema
from eplatnik.forms.model import SetStatus
from eplatnik.fsutil import sha256_hex
from eplatnik.period import Period
from eplatnik.signing.keysource import FixedPin
from eplatnik.signing.p12 import P12KeySource


def test_sign_verified_set_stores_signed_bytes(demo_app, pki):
    svc = demo_app.documents
    payer = demo_app.register.find_payer("9512345675")
    info = svc.build_monthly(payer.id, Period(2026, 6))
    with pytest.raises(UserFacingError):  # a draft cannot be signed
        svc.mark_signed(info.id, svc.get_xml(info.id), "x")
    assert svc.verify(info.id).ok
    result = demo_app.signing.sign_sets([info.id], P12KeySource(pki.rsa_p12), FixedPin(P12_PASSWORD))
    signed = result.signed[0][1]
    stored = svc.get_info(info.id)
    assert stored.status == SetStatus.SIGNED and stored.signed_sha256 == sha256_hex(signed)
    assert svc.get_xml(info.id) == signed
    assert kedu_schema.validate_bytes(signed) == []  # ds:Signature where the schema allows it
    assert kedu_reader.read(signed).signed
    assert [t["to_status"] for t in svc.transitions(info.id)][-1] == "signed"
