"""SigningService in a real workspace: batch with progress/cancel, hand-over, expiring certificates."""

from __future__ import annotations

import datetime as dt

import pytest
from plugins.signing import P12_PASSWORD, kedu_document

from eplatnik.clock import default_clock
from eplatnik.errors import UserFacingError
from eplatnik.progress import Progress
from eplatnik.settings import P12_PATH, TRUST_BUNDLE
from eplatnik.signing.keysource import FixedPin
from eplatnik.signing.p12 import P12KeySource
from eplatnik.signing.providers import installed_modules, module_candidates

NOW = default_clock().now()


class RecordingDocuments:
    """Stands in for the documents area's ``mark_signed`` (that area stores the evidence)."""

    def __init__(self):
        self.calls = []

    def mark_signed(self, set_id, signed_bytes, signer_info):
        self.calls.append((set_id, signed_bytes, signer_info))


def test_batch_with_progress_hands_each_signed_document_over(app, pki):
    app.settings.set(P12_PATH, str(pki.rsa_p12))
    app.settings.set(TRUST_BUNDLE, str(pki.ca_pem))
    documents = RecordingDocuments()
    app.__dict__["documents"] = documents  # the cached property, as the documents area provides it
    states = []
    items = [(f"set-{i}", kedu_document(1)) for i in range(6)]
    result = app.signing.sign_batch(items, app.signing.default_source(), FixedPin(P12_PASSWORD),
                                    Progress(states.append, min_interval=0))
    assert len(result) == 6 and not result.cancelled
    assert [c[0] for c in documents.calls] == [f"set-{i}" for i in range(6)]
    assert documents.calls[0][2].startswith("Maria Wiśniewska; PESEL 44051401359; eplatnik Test QCA")
    assert states[-1].done == 6 and states[-1].total == 6
    assert "Podpisywanie 6/6" in states[-1].message
    for _, signed in result.signed:
        assert app.signing.verify(signed).valid


def test_batch_without_storing_just_returns_bytes(app, pki):
    result = app.signing.sign_batch([("a", kedu_document(1))], P12KeySource(pki.ec_p12),
                                    FixedPin(P12_PASSWORD), store=False)
    assert result.signed[0][1].startswith(b"<?xml")


def test_sign_stored_sets_in_the_demo_workspace(demo_app, pki):
    """The real documents area: a verified month set is signed, stored byte-exact and marked signed."""
    from eplatnik.period import Period

    docs = demo_app.documents
    payer = demo_app.register.list_payers()[0]
    info = docs.build_monthly(payer.id, Period.parse("2026-10"))
    outcome = docs.verify(info.id)
    assert outcome.ok, outcome
    result = demo_app.signing.sign_sets([info.id], P12KeySource(pki.rsa_p12), FixedPin(P12_PASSWORD))
    assert len(result) == 1
    assert docs.get_info(info.id).status == "signed"
    stored = docs.get_xml(info.id, signed=True)
    assert stored == result.signed[0][1]
    check = demo_app.signing.verify(stored)
    assert check.valid and check.signer.owner == "Maria Wiśniewska"


def test_cancel_keeps_what_was_signed(app, pki):
    progress = Progress(min_interval=0)
    documents = RecordingDocuments()
    app.__dict__["documents"] = documents

    class CancelAfterTwo(RecordingDocuments):
        def mark_signed(self, set_id, signed_bytes, signer_info):
            documents.mark_signed(set_id, signed_bytes, signer_info)
            if len(documents.calls) == 2:
                progress.cancel()

    app.__dict__["documents"] = CancelAfterTwo()
    items = [(i, kedu_document(1)) for i in range(5)]
    result = app.signing.sign_batch(items, P12KeySource(pki.rsa_p12), FixedPin(P12_PASSWORD), progress)
    assert result.cancelled
    assert [i for i, _ in result.signed] == [0, 1] == [c[0] for c in documents.calls]


def test_expiring_certificates_for_the_dashboard(app, pki):
    soon = pki.p12("soon", person="Kasia Kończąca", not_before=NOW - dt.timedelta(days=300),
                   not_after=NOW + dt.timedelta(days=10))
    app.signing.sign_batch([(None, kedu_document(1))], P12KeySource(pki.rsa_p12), FixedPin(P12_PASSWORD))
    assert app.signing.expiring_certificates() == []
    app.signing.sign_batch([(None, kedu_document(1))], P12KeySource(soon), FixedPin(P12_PASSWORD))
    expiring = app.signing.expiring_certificates()
    assert [c.owner for c in expiring] == ["Kasia Kończąca"]
    assert "wygasa za" in expiring[0].warnings[0].render("pl")
    assert len(app.signing.known_certificates()) == 2
    stored = (app.basedir / "signing" / "known_certificates.json").read_text()
    assert P12_PASSWORD not in stored and "PRIVATE" not in stored


def test_no_key_source_configured(app):
    with pytest.raises(UserFacingError, match="Nie wybrano źródła klucza"):
        app.signing.default_source()


def test_provider_module_list():
    names = {c.provider_id for c in module_candidates("linux")}
    assert {"certum", "kir", "pwpw", "eurocert", "cencert"} <= names
    assert all(m.installed for m in installed_modules())


def test_stored_document_stays_valid_after_the_certificate_expires(app, pki):
    from eplatnik.settings import TRUST_BUNDLE

    app.settings.set(TRUST_BUNDLE, str(pki.ca_pem))
    # a certificate that expired yesterday; the document was signed (SigningTime) while it was valid
    p12 = pki.p12("was_valid", not_before=NOW - dt.timedelta(days=30), not_after=NOW - dt.timedelta(hours=20))
    from eplatnik.signing.keysource import SigningKey
    from eplatnik.signing.p12 import load_p12
    from eplatnik.signing.xades_sign import sign_xml

    key, cert, chain = load_p12(p12, P12_PASSWORD)
    signed = sign_xml(kedu_document(1), SigningKey(key, cert, chain), signing_time=NOW - dt.timedelta(hours=30))
    assert not app.signing.verify(signed).valid  # as of today
    stored = app.signing.verify_stored(signed)
    assert stored.valid
    assert "na chwilę podpisu" in stored.warnings[-1].render("pl")
    # tampering is still caught
    from plugins.signing import change_total

    assert not app.signing.verify_stored(change_total(signed)).valid
