"""The month-end run signed with a real PKCS#11 token (SoftHSM2): one PIN entry for every client,
the signer's PESEL checked against the accountant's, receipts from a real sandbox; and a client
whose authorisation does not name the signing accountant is not signed."""

from __future__ import annotations

import shutil
from datetime import date

from plugins.gateway import start_sandbox
from plugins.signing import PIN, ScriptedPrompt

from eplatnik.period import Period

CARD_PESEL = "44051401359"   # the PESEL in the SoftHSM token's certificate (tests/plugins/signing.py)
CARD_HOLDER = "Anna Karta"


def _office(tmp_path, pki, *, authorise_all: bool = True):
    """The demo office plus an accountant whose card is the SoftHSM token; the sandbox trusts the
    token's CA and knows her authorisations (as ZUS knows a registered ZUS-PEL)."""
    from eplatnik.app import App
    from eplatnik.demo import create_demo
    from eplatnik.register.models import Accountant, Authorisation
    from eplatnik.sandbox.gateway_store import register_authorisation
    from eplatnik.settings import ACCOUNTANT

    basedir = tmp_path / "ws"
    setup = App(basedir)
    create_demo(setup)
    card = setup.register.add_accountant(Accountant(name=CARD_HOLDER, pesel=CARD_PESEL))
    payers = setup.register.list_payers()
    for payer in payers if authorise_all else payers[1:]:
        setup.register.add_authorisation(Authorisation(payer_id=payer.id, accountant_id=card.id,
                                                       valid_from=date(2024, 1, 1)))
    setup.settings.set(ACCOUNTANT, CARD_HOLDER)
    setup.close()
    (basedir / "sandbox" / "trust").mkdir(parents=True, exist_ok=True)
    shutil.copy(pki.ca_pem, basedir / "sandbox" / "trust" / "token-ca.pem")
    for payer in payers:
        register_authorisation(basedir / "sandbox", CARD_PESEL, payer.nip)
    return basedir, payers


def _run(basedir, server, softhsm, prompt):
    from eplatnik.app import App
    from eplatnik.signing.pkcs11 import Pkcs11KeySource

    app = App(basedir, gateway_url=server.url)
    app.gateway.poll_seconds = 0.1
    try:
        runner = app.month_runner(source=Pkcs11KeySource(softhsm.module, softhsm.rsa_label), prompt=prompt)
        run_id = runner.start(Period(2026, 10), runner.resolve_clients("all"))
        run = runner.run(run_id)
        clients = {c.payer_id: c for c in runner.store.clients(run_id)}
        audit = [(r["actor"], r["action"]) for r in app.register.audit_entries() if r["action"] == "month.sign"]

        rows = app.month.period(Period(2026, 10))
        return run, clients, audit, rows
    finally:
        app.close()


def test_month_signed_with_a_softhsm_token_and_one_pin_entry(tmp_path, pki, softhsm):
    basedir, _ = _office(tmp_path, pki)
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.1)
    try:
        prompt = ScriptedPrompt(PIN)
        run, clients, audit, rows = _run(basedir, server, softhsm, prompt)
    finally:
        server.stop()
    assert len(prompt.calls) == 1  # one PIN entry for the whole month
    assert run.state == "done"
    assert {c.step for c in clients.values()} == {"accepted"}, {c.payer_id: c.error for c in clients.values()}
    assert audit == [(CARD_HOLDER, "month.sign")] * 3
    # the card's certificate is now known: its expiry shows on every client she is authorised for
    assert all(r.certificate_expires is not None and r.authorised for r in rows)
    assert {str(r.state) for r in rows} == {"accepted"}


def test_client_whose_authorisation_does_not_name_the_signer_is_skipped(tmp_path, pki, softhsm):
    basedir, payers = _office(tmp_path, pki, authorise_all=False)
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.1)
    try:
        _, clients, _, _ = _run(basedir, server, softhsm, ScriptedPrompt(PIN))
    finally:
        server.stop()
    unauthorised = clients[payers[0].id]
    assert unauthorised.step == "failed" and unauthorised.failed_step == "sign"
    assert CARD_HOLDER in unauthorised.error_text("pl")
    assert {clients[p.id].step for p in payers[1:]} == {"accepted"}
