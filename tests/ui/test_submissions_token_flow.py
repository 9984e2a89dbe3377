"""End to end through the GUI: the demo firm's monthly set, signed on a SoftHSM2 token, sent from
the submissions page to a sandbox on a free port; the receipt verified and rendered as a PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from plugins.gateway import admin, start_sandbox
from plugins.signing import PIN
from support import need_tool

TECHBUD = "9512345675"


@pytest.mark.softhsm
def test_token_signed_set_sent_from_the_page(main_window, demo_app, softhsm, pki, scripted_prompt, qtbot, tmp_path):
    pdftotext = need_tool("pdftotext")
    from eplatnik.forms.model import SetStatus
    from eplatnik.period import Period
    from eplatnik.signing.pkcs11 import Pkcs11KeySource

    # the sandbox trusts the CA that issued the token's certificate and knows the accountant's authorisation
    state = demo_app.basedir / "sandbox"
    (state / "trust").mkdir(parents=True, exist_ok=True)
    shutil.copy(pki.ca_pem, state / "trust" / "token-ca.pem")
    server = start_sandbox(state, processing_seconds=0.2)
    try:
        admin(server.url, "/gateway/v1/admin/authorisations", {"signer_pesel": "44051401359", "payer_nip": TECHBUD})
        demo_app.gateway_url_override = server.url
        demo_app.gateway.poll_seconds = 0.1

        payer = demo_app.register.find_payer(TECHBUD)
        info = demo_app.documents.build_monthly(payer.id, Period(2026, 10))
        assert demo_app.documents.verify(info.id).ok
        prompt = scripted_prompt(PIN)
        demo_app.signing.sign_sets([info.id], Pkcs11KeySource(softhsm.module, softhsm.rsa_label), prompt)
        assert demo_app.documents.get_info(info.id).status == SetStatus.SIGNED

        page = main_window.show_page("submissions")
        assert server.url in page.profile_label.text()
        page.submit_sets([info.id])
        qtbot.waitUntil(lambda: "Zakończone: 1" in page.status_label.text(), timeout=30000)

        def final_row_shown():
            row = page.model.submission(0) if page.model.rowCount() == 1 else None
            return row is not None and row.state not in ("queued", "sent", "in_progress")

        qtbot.waitUntil(final_row_shown, timeout=10000)
        page.table.selectRow(0)
        sub = page.selected()
        assert sub.state == "accepted" and sub.receipt_verified, (sub.errors, sub.receipt_problem)
        assert demo_app.documents.get_info(info.id).status == SetStatus.ACCEPTED
        assert page.model.data(page.model.index(0, 7)) == "zweryfikowane (test, nie ZUS)"  # a sandbox, not ZUS

        page.verify_all()
        qtbot.waitUntil(lambda: "nieprawidłowych: 0" in page.status_label.text(), timeout=10000)
        out = tmp_path / "upo.pdf"
        page.write_pdf(sub, out)
        qtbot.waitUntil(out.exists, timeout=10000)
        text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert sub.reference in text and "PRZYJĘTY" in text
    finally:
        server.stop()
