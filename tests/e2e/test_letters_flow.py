"""Correspondence with ZUS against the real sandbox over loopback: the whole relief path, the UPD sent
once, deemed delivery, letters that are not genuine, a wrong password and a card pulled out."""

from __future__ import annotations

import base64
import datetime as dt
import subprocess

import pytest
from plugins.gateway import admin, build_signed_set
from plugins.letters import TECHBUD, demo_source, place, relief_data
from support import run_cli

from eplatnik.errors import UserFacingError


def sandbox_letters(env) -> dict:
    return {row["id"]: row for row in admin(env.url, "/gateway/v1/admin/letters")["letters"]}


def test_relief_application_decision_letter_opened_with_upd_archived_and_verified(letters_env):
    from eplatnik.applications.relief_xml import ReliefApplication
    app = letters_env.app
    application = ReliefApplication.from_dict(relief_data(), today=dt.date(2026, 11, 20))
    sub = app.applications.send_application(application, *demo_source(letters_env.basedir), wait=20)
    assert sub.state == "accepted" and sub.receipt_verified is True        # the UPP checked like any receipt
    assert sub.forms == "WNIOSEK-RATY" and sub.payer_nip == TECHBUD

    synced = app.letters.sync()
    [decision] = [v for v in synced.new if v.record.in_reply_to == sub.reference]
    assert decision.record.kind == "decision" and decision.delivery.state.value == "awaiting"
    assert app.letters.unread_counts() == {TECHBUD: 1}

    opened = app.letters.open(decision.record.letter_id, *demo_source(letters_env.basedir))
    assert opened.signed_now and opened.view.genuine and opened.view.delivery.state.value == "delivered"
    assert "rozkłada na 3 raty" in opened.text and opened.pdf.startswith(b"%PDF")
    assert opened.view.delivery.appeal_until is not None          # a decision: one month to appeal
    record = opened.view.record
    # evidence: the sealed letter byte-exact with its digest, the PDF, the signed UPD
    from eplatnik.fsutil import sha256_hex
    from eplatnik.gateway.protocol import sha256_b64

    content = app.letters.path(record.content_path).read_bytes()
    assert sha256_hex(content) == record.content_file_sha256 and sha256_b64(content) == record.content_sha256
    upd = app.letters.path(record.upd_path)
    assert b"<IdentyfikatorPisma>" + record.letter_id.encode() in upd.read_bytes()
    assert record.content_sha256.encode() in upd.read_bytes()
    assert app.letters.unread_counts() == {}
    # the gateway recorded the delivery with the signer's PESEL
    seen = sandbox_letters(letters_env)[record.letter_id]
    assert seen["state"] == "delivered" and seen["delivered_by"]
    # eplatnik-cli verify accepts the UPD (trusting the sandbox CA)
    ca = letters_env.basedir / "sandbox" / "ca" / "ca.pem"
    result = run_cli("verify", "--ca", str(ca), str(upd))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Maria Wiśniewska" in result.stdout


def test_upd_stored_then_answer_lost_is_resent_without_signing_again(letters_env, monkeypatch):
    from eplatnik.gateway.transport import GatewayUnavailable
    from eplatnik.letters.client import LettersTransport

    app = letters_env.app
    letter = place(letters_env.basedir)
    app.letters.sync()
    real_send = LettersTransport.send_upd

    def lost(self, letter_id, upd):
        real_send(self, letter_id, upd)           # the gateway takes it in …
        raise GatewayUnavailable("answer lost")   # … and the answer never arrives

    monkeypatch.setattr(LettersTransport, "send_upd", lost)
    with pytest.raises(UserFacingError, match="zostanie wysłane ponownie"):
        app.letters.open(letter.id, *demo_source(letters_env.basedir))
    first = app.letters.store.upd(app.letters.find(letter.id).id)
    assert first.state == "signed"
    monkeypatch.setattr(LettersTransport, "send_upd", real_send)
    opened = app.letters.open(letter.id, None, None)      # no key needed: the stored UPD goes again
    assert not opened.signed_now and opened.view.genuine
    assert app.letters.store.upd(opened.view.record.id).sha256 == first.sha256
    assert app.letters.store.upd(opened.view.record.id).state == "accepted"


def test_a_upd_changed_on_disk_after_signing_is_never_sent(letters_env, monkeypatch):
    from eplatnik.gateway.transport import GatewayUnavailable
    from eplatnik.letters.client import LettersTransport

    app = letters_env.app
    letter = place(letters_env.basedir)
    app.letters.sync()

    def unreachable(self, letter_id, upd):
        raise GatewayUnavailable("no network")

    monkeypatch.setattr(LettersTransport, "send_upd", unreachable)
    with pytest.raises(UserFacingError, match="zostanie wysłane ponownie"):
        app.letters.open(letter.id, *demo_source(letters_env.basedir))
    monkeypatch.undo()
    stored = app.letters.store.upd(app.letters.find(letter.id).id)
    path = app.letters.path(stored.path)
    path.write_bytes(path.read_bytes().replace(b"</UPD>", b"<!-- changed --></UPD>"))
    with pytest.raises(UserFacingError, match="różni się od podpisanego") as err:
        app.letters.open(letter.id, None, None)
    assert "kopii zapasowej" in err.value.render()
    assert sandbox_letters(letters_env)[letter.id]["state"] == "awaiting"     # nothing reached the gateway
    assert app.letters.store.upd(stored.letter_row_id).state == "signed"


def test_letters_through_the_office_proxy_and_a_lost_upd_answer_resend_the_same_upd_once(
        letters_env, forward_proxy, monkeypatch):
    """A remote gateway reached only through the proxy (Ustawienia): the inbox and the letter go through
    it; the UPD's answer is lost on the way back, the transport sends the same UPD again, and the gateway
    keeps the one it received (one delivery, one UPD file, the letter opened and genuine)."""
    from eplatnik.app import App
    from eplatnik.settings import NET_PROXY

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    letter = place(letters_env.basedir)
    remote = f"http://gateway.eplatnik-test.invalid:{letters_env.url.rsplit(':', 1)[1]}"
    letters_env.app.close()
    with App(letters_env.basedir, gateway_url=remote) as app:
        app.settings.set(NET_PROXY, forward_proxy.url)
        [view] = [v for v in app.letters.sync().new if v.record.letter_id == letter.id]
        forward_proxy.lose_answers.append(f"/letters/{letter.id}/upd")
        opened = app.letters.open(view.record.letter_id, *demo_source(letters_env.basedir))
        assert opened.signed_now and opened.view.genuine and opened.view.delivery.state.value == "delivered"
        assert app.letters.store.upd(opened.view.record.id).state == "accepted"   # not "superseded"
        sent = [path for method, path in forward_proxy.seen if method == "POST" and path.endswith("/upd")]
        assert len(sent) == 2 and forward_proxy.lost == [("POST", sent[0])]     # the one lost, and its repeat
    paths = [path for _, path in forward_proxy.seen]
    assert remote + "/gateway/v1/letters?signer_pesel=" in " ".join(paths)
    assert all(path.startswith(remote) for path in paths)
    upd_files = list((letters_env.basedir / "sandbox" / "letters" / "upd").glob(f"{letter.id}-*.xml"))
    assert len(upd_files) == 1 and upd_files[0].read_bytes() == opened.upd
    assert sandbox_letters(letters_env)[letter.id]["state"] == "delivered"


def test_two_processes_opening_one_letter_send_one_upd(letters_env, tmp_path):
    letter = place(letters_env.basedir)
    letters_env.app.letters.sync()
    password = tmp_path / "pw"
    password.write_text("demo")
    base = ["--gateway", letters_env.url, "letters", "open", letter.id, "--p12",
            str(letters_env.basedir / "demo" / "signer.p12"), "--password-file", str(password)]
    import os
    import sys

    procs = [subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "--basedir", str(letters_env.basedir), *base,
                               "-o", str(tmp_path / f"out{i}")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"}) for i in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    upds = {(tmp_path / f"out{i}" / f"{letter.id}.upd.xml").read_bytes() for i in range(2)}
    assert len(upds) == 1                              # both report the one UPD that was sent
    rows = letters_env.app.db.query("SELECT COUNT(*) FROM letter_upds")
    assert rows[0][0] == 1
    upd_files = list((letters_env.basedir / "sandbox" / "letters" / "upd").glob(f"{letter.id}-*.xml"))
    assert len(upd_files) == 1                         # the gateway received one


def test_unopened_letter_is_deemed_delivered_on_the_fourteenth_day_and_handed_out_without_upd(letters_env):
    app = letters_env.app
    letter = place(letters_env.basedir, days_ago=20)
    placed = dt.datetime.fromisoformat(letter.placed_at)
    [view] = app.letters.sync().new
    from eplatnik.letters.delivery import local_date

    assert view.delivery.state.value == "deemed_delivered"
    assert view.delivery.deemed_on == local_date(placed) + dt.timedelta(days=14)
    assert view.delivery.delivered_on == view.delivery.deemed_on
    assert view.delivery.appeal_until is not None and view.delivery.appeal_until > view.delivery.deemed_on
    opened = app.letters.open(letter.id, None, None)       # no key, no PIN: nothing to confirm any more
    assert opened.upd is None and opened.view.genuine and opened.view.record.upd_path == ""
    assert opened.view.delivery.state.value == "deemed_delivered"


def test_letter_whose_seal_does_not_verify_is_kept_aside_never_genuine(letters_env):
    app = letters_env.app
    letter = place(letters_env.basedir, days_ago=20)
    app.letters.sync()
    path = letters_env.basedir / "sandbox" / "letters" / "content" / f"{letter.id}.xml"
    forged = path.read_bytes().replace(b"Decyzja w sprawie testowej", b"Decyzja w sprawie podmienionej")
    path.write_bytes(forged)
    # the list still names the original digest; make the forgery consistent with a new listing digest too
    import sqlite3

    from eplatnik.gateway.protocol import sha256_b64

    conn = sqlite3.connect(letters_env.basedir / "sandbox" / "letters" / "letters.db")
    conn.execute("UPDATE letters SET content_sha256 = ? WHERE id = ?", (sha256_b64(forged), letter.id))
    conn.commit()
    conn.close()
    from eplatnik.letters.service import LetterNotGenuine

    with pytest.raises(LetterNotGenuine):
        app.letters.open(letter.id, None, None)
    # the listed digest was the original one: the client compares with what it recorded first
    view = app.letters.view(app.letters.find(letter.id))
    assert view.kept_aside and not view.genuine and view.record.pdf_path == ""
    assert "kept-aside" in view.record.content_path
    assert app.letters.path(view.record.content_path).read_bytes() == forged
    result = run_cli("--gateway", letters_env.url, "letters", "show", letter.id, basedir=letters_env.basedir)
    assert result.returncode == 1 and "NIEWIARYGODNE" in result.stdout


def test_letter_with_a_valid_seal_but_another_digest_is_kept_aside(letters_env):
    """The gateway hands out a genuinely sealed letter, but not the one listed (and named in the UPD)."""
    app = letters_env.app
    first = place(letters_env.basedir, days_ago=20, title="Pismo pierwsze")
    other = place(letters_env.basedir, days_ago=20, title="Pismo drugie")
    app.letters.sync()
    content = letters_env.basedir / "sandbox" / "letters" / "content"
    (content / f"{first.id}.xml").write_bytes((content / f"{other.id}.xml").read_bytes())
    from eplatnik.letters.service import LetterNotGenuine

    with pytest.raises(LetterNotGenuine, match="NIE jest wiarygodne"):
        app.letters.open(first.id, None, None)
    assert app.letters.view(app.letters.find(first.id)).kept_aside


def test_wrong_password_leaves_the_letter_unopened_and_nothing_stored(letters_env):
    from eplatnik.signing.keysource import FixedPin, WrongPin
    from eplatnik.signing.p12 import P12KeySource

    app = letters_env.app
    letter = place(letters_env.basedir)
    app.letters.sync()
    with pytest.raises(WrongPin) as err:
        app.letters.open(letter.id, P12KeySource(letters_env.basedir / "demo" / "signer.p12"), FixedPin("zle"))
    assert "Błędne hasło" in err.value.render()
    record = app.letters.find(letter.id)
    assert app.letters.store.upd(record.id) is None and record.read_at == ""
    assert sandbox_letters(letters_env)[letter.id]["state"] == "awaiting"
    opened = app.letters.open(letter.id, *demo_source(letters_env.basedir))
    assert opened.view.genuine


@pytest.mark.softhsm
def test_card_pulled_out_before_signing_the_upd_gives_a_clear_message_and_loses_nothing(letters_env, softhsm, pki):
    from plugins.signing import P12_PASSWORD

    from eplatnik.signing.keysource import FixedPin, TokenRemoved
    from eplatnik.signing.p12 import P12KeySource
    from eplatnik.signing.pkcs11 import Pkcs11KeySource

    sandbox = letters_env.basedir / "sandbox"
    (sandbox / "trust").mkdir(exist_ok=True)
    (sandbox / "trust" / "test-qca.pem").write_bytes(pki.ca_pem.read_bytes())
    admin(letters_env.url, "/gateway/v1/admin/authorisations", {"signer_pesel": "44051401359", "payer_nip": TECHBUD})
    label = softhsm.letters_label
    app = letters_env.app
    letter = place(letters_env.basedir)
    app.letters.sync(["44051401359"])

    class PullWhileTyping:
        """The card is pulled out while the person types the PIN (mid-way through opening the letter)."""

        def ask_pin(self, token_label, tries_left, retry, message=None):
            subprocess.run(["softhsm2-util", "--delete-token", "--token", label], check=True, capture_output=True,
                           env={**__import__("os").environ, "SOFTHSM2_CONF": str(softhsm.conf)})
            return softhsm.pin

    try:
        with pytest.raises(TokenRemoved) as err:
            app.letters.open(letter.id, Pkcs11KeySource(softhsm.module, label), PullWhileTyping())
    finally:  # SoftHSM keeps a broken slot for the deleted token until the module is initialised again
        from eplatnik.signing.pkcs11 import _lib, on_token

        on_token(lambda: _lib(softhsm.module).reinitialize())
    assert "wyjęta z czytnika" in err.value.render()
    record = app.letters.find(letter.id)
    assert app.letters.store.upd(record.id) is None and sandbox_letters(letters_env)[letter.id]["state"] == "awaiting"
    # the same letter opens afterwards with another key of the same person
    opened = app.letters.open(letter.id, P12KeySource(pki.rsa_p12), FixedPin(P12_PASSWORD))
    assert opened.view.genuine and opened.view.delivery.state.value == "delivered"


def test_rejected_set_gets_a_notice_letter(letters_env):
    import re

    app = letters_env.app

    def break_total(data: bytes) -> bytes:
        return re.sub(rb"(<IV>.*?<p37>)([0-9.]+)(</p37>)", rb"\g<1>1.00\g<3>", data, count=1, flags=re.S)

    sub = app.gateway.enqueue(build_signed_set(app, TECHBUD, mutate=break_total))
    [done] = app.gateway.process(ids=[sub.id], wait=20).done
    assert done.state == "rejected"
    [notice] = [v for v in app.letters.sync().new if v.record.in_reply_to == done.reference]
    assert notice.record.kind == "notice" and notice.delivery.appeal_until is None
    opened = app.letters.open(notice.record.letter_id, *demo_source(letters_env.basedir))
    assert "odrzucona" in opened.text and done.reference in opened.text


def test_signer_without_authorisation_cannot_open_and_can_retry_with_the_right_one(letters_env, tmp_path):
    from eplatnik.sandbox.gateway_store import ensure_ca
    from eplatnik.signing.keysource import FixedPin
    from eplatnik.signing.p12 import P12KeySource
    from eplatnik.signing.testpki import write_p12

    ca = ensure_ca(letters_env.basedir / "sandbox")
    key, cert = ca.issue_person("Obcy Księgowy", pesel="44051401359")
    stranger = write_p12(tmp_path / "stranger.p12", key, cert, "x", chain=[ca.cert])
    app = letters_env.app
    letter = place(letters_env.basedir)
    app.letters.sync()
    with pytest.raises(UserFacingError, match="brak pełnomocnictwa"):
        app.letters.open(letter.id, P12KeySource(stranger), FixedPin("x"))
    assert app.letters.store.upd(app.letters.find(letter.id).id).state == "refused"
    opened = app.letters.open(letter.id, *demo_source(letters_env.basedir))
    assert opened.view.genuine and base64.b64decode(opened.view.record.content_sha256)
