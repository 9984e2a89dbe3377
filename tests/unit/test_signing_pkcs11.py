"""Signing with keys that never leave a real PKCS#11 token (SoftHSM2)."""

from __future__ import annotations

import os
import threading

import pytest
from plugins.signing import kedu_document, xmlsec_verify

from eplatnik.errors import Cancelled
from eplatnik.signing.keysource import CertificateNotUsable, FixedPin, KeyMismatch, TokenRemoved, WrongPin
from eplatnik.signing.pkcs11 import Pkcs11KeySource, list_certificates, list_tokens, on_token
from eplatnik.signing.service import sign_many
from eplatnik.signing.xades import verify_xml

pytestmark = pytest.mark.softhsm


def test_tokens_and_their_certificates_are_listed(softhsm):
    tokens = {t.label: t for t in list_tokens(softhsm.module)}
    assert {softhsm.rsa_label, softhsm.ec_label} <= set(tokens)
    assert tokens[softhsm.rsa_label].manufacturer == "SoftHSM project"
    assert not tokens[softhsm.rsa_label].locked
    certs = list_certificates(softhsm.module, softhsm.ec_label)
    owners = {c.info.owner: (c.key_id, c.has_key) for c in certs}
    assert owners["Jan Kowalski"] == (b"\x01", True)
    assert owners["eplatnik Test QCA"] == (b"\xca", False)  # the CA certificate on the card


def test_private_key_is_not_extractable(softhsm):
    from pkcs11 import Attribute, ObjectClass

    from eplatnik.signing.pkcs11 import _get_token

    def work():
        with _get_token(softhsm.module, softhsm.rsa_label).open(user_pin=softhsm.pin) as session:
            key = next(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
            return key[Attribute.EXTRACTABLE], key[Attribute.SENSITIVE]
    assert on_token(work) == (False, True)


@pytest.mark.parametrize(("label_attr", "owner"), [("rsa_label", "Maria Wiśniewska"),
                                                   ("ec_label", "Jan Kowalski")])
def test_batch_on_token_one_pin_and_verifies_twice(softhsm, pki, tmp_path, scripted_prompt, label_attr,
                                                    owner):
    label = getattr(softhsm, label_attr)
    prompt = scripted_prompt(softhsm.pin)
    docs = [(i, kedu_document(2)) for i in range(5)]
    result = sign_many(docs, Pkcs11KeySource(softhsm.module, label), prompt)
    assert len(prompt.calls) == 1  # one PIN entry for the whole batch
    assert [i for i, _ in result.signed] == [0, 1, 2, 3, 4]
    assert result.signer.owner == owner
    for _, signed in result.signed:
        info = verify_xml(signed, [pki.ca.cert])
        assert info.valid, [str(p) for p in info.problems]
    path = tmp_path / "signed.xml"
    path.write_bytes(result.signed[-1][1])
    check = xmlsec_verify(path, pki.ca_pem)
    assert check.returncode == 0, check.stderr


def test_card_ca_certificate_travels_as_chain(softhsm, pki):
    with Pkcs11KeySource(softhsm.module, softhsm.rsa_label).open(FixedPin(softhsm.pin)) as key:
        assert [c.subject for c in key.chain] == [pki.ca.cert.subject]


def test_wrong_pin_is_asked_again_with_a_warning(softhsm, scripted_prompt):
    prompt = scripted_prompt("0000", softhsm.pin)
    result = sign_many([("x", kedu_document(1))], Pkcs11KeySource(softhsm.module, softhsm.rsa_label), prompt)
    assert len(result) == 1
    (_, _, first_retry, _), (label, tries, retry, message) = prompt.calls
    assert (first_retry, retry, label) == (False, True, softhsm.rsa_label)
    # SoftHSM reports CKF_USER_PIN_COUNT_LOW after a wrong PIN; the message says few tries remain
    assert "Pozostało niewiele prób" in message.render("pl")
    assert tries is None


def test_wrong_pin_from_file_is_an_error_not_a_second_try(softhsm, scripted_prompt):
    with pytest.raises(WrongPin) as exc:
        sign_many([("x", kedu_document(1))], Pkcs11KeySource(softhsm.module, softhsm.ec_label), FixedPin("9"))
    assert "Błędny PIN karty „EPL-EC”" in exc.value.render("pl")
    assert "PUK" in exc.value.render("pl")
    # next time the card still reports few tries left: the first prompt warns (without "wrong PIN")
    prompt = scripted_prompt(softhsm.pin)
    assert len(sign_many([("x", kedu_document(1))], Pkcs11KeySource(softhsm.module, softhsm.ec_label),
                         prompt)) == 1
    (_, _, retry, message), = prompt.calls
    assert not retry and message.render("pl").startswith("Uwaga: karta „EPL-EC” zgłasza")
    # the correct PIN cleared the counter
    again = scripted_prompt(softhsm.pin)
    sign_many([("x", kedu_document(1))], Pkcs11KeySource(softhsm.module, softhsm.ec_label), again)
    assert again.calls[0][3] is None


def test_cancelled_pin_prompt_signs_nothing(softhsm, scripted_prompt):
    with pytest.raises(Cancelled):
        sign_many([("x", kedu_document(1))], Pkcs11KeySource(softhsm.module, softhsm.rsa_label),
                  scripted_prompt())


def test_key_certificate_mismatch_is_caught_before_any_document_is_returned(softhsm):
    with pytest.raises(KeyMismatch) as exc:
        sign_many([("x", kedu_document(1))], Pkcs11KeySource(softhsm.module, softhsm.mismatch_label),
                  FixedPin(softhsm.pin))
    assert "nie pasuje do certyfikatu" in exc.value.render("pl")


def test_expired_certificate_on_card_cannot_sign(softhsm):
    with pytest.raises(CertificateNotUsable, match="wygasł"):
        sign_many([("x", kedu_document(1))], Pkcs11KeySource(softhsm.module, softhsm.expired_label),
                  FixedPin(softhsm.pin))


def test_missing_card_is_reported(softhsm):
    with pytest.raises(TokenRemoved) as exc:
        sign_many([("x", kedu_document(1))], Pkcs11KeySource(softhsm.module, "NO-SUCH-CARD"),
                  FixedPin(softhsm.pin))
    assert "została wyjęta z czytnika" in exc.value.render("pl")
    assert "Insert the card" in exc.value.render("en")


def test_card_removed_mid_batch_keeps_what_was_signed(softhsm):
    """The token disappears after the first document (softhsm2-util --delete-token, the software
    analogue of pulling the card out): a clear message, the first document is kept."""
    import subprocess

    kept = []

    def on_signed(item_id, signed, signer):
        kept.append(item_id)
        if item_id == 0:
            subprocess.run(["softhsm2-util", "--delete-token", "--token", softhsm.removable_label],
                           check=True, capture_output=True, env={**os.environ, **softhsm.env()})

    with pytest.raises(TokenRemoved) as exc:
        sign_many([(i, kedu_document(1)) for i in range(3)],
                  Pkcs11KeySource(softhsm.module, softhsm.removable_label), FixedPin(softhsm.pin),
                  on_signed=on_signed)
    assert kept == [0]
    assert "niepodpisane dokumenty pozostały bez zmian" in exc.value.render("pl")
    # SoftHSM keeps a broken slot for the deleted token until the module is initialised again
    from eplatnik.signing.pkcs11 import _lib

    on_token(lambda: _lib(softhsm.module).reinitialize())


def test_missing_module_is_reported(tmp_path):
    from eplatnik.errors import UserFacingError

    with pytest.raises(UserFacingError, match="PKCS#11"):
        list_tokens(str(tmp_path / "libnothing.so"))


def test_concurrent_batches_share_the_single_token_thread(softhsm, pki):
    """Two batches from two threads at once: calls are serialised on the token worker."""
    results, errors = {}, []

    def run(label):
        try:
            results[label] = sign_many([(i, kedu_document(1)) for i in range(4)],
                                       Pkcs11KeySource(softhsm.module, label), FixedPin(softhsm.pin))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(lbl,)) for lbl in (softhsm.rsa_label, softhsm.ec_label)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors
    assert all(verify_xml(s, [pki.ca.cert]).valid for r in results.values() for _, s in r.signed)
    names = set()
    on_token(lambda: names.add(threading.current_thread().name))
    assert next(iter(names)).startswith("pkcs11-token")
