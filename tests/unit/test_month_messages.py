"""A month-run line says what happened in words (issue 13, point 10): a receipt that did not verify
used to reach the client's line as raw ``{"pl": …, "en": …}``."""

from __future__ import annotations

from eplatnik.gateway.outbox_store import OutboxStore
from eplatnik.gateway.receipts import text_json
from eplatnik.i18n import t
from eplatnik.progress import Progress

PROBLEM = t("Podpis potwierdzenia nie zgadza się z przypiętym certyfikatem bramki.",
            "The receipt signature does not verify against the pinned gateway certificate.")


def test_an_invalid_receipt_reaches_the_run_line_as_words(app):
    outbox = OutboxStore(app.db, app.clock)
    sub, _ = outbox.add({"idempotency_key": "k", "gateway_key": "sandbox", "gateway_url": "http://127.0.0.1:1",
                         "profile": "sandbox", "document_path": "d", "document_sha256": "a" * 64, "package_path": "p",
                         "package_sha256": "x", "package_type": "T", "receipt_cert_sha256": "c"})
    outbox.store_receipt(sub.id, state="receipt_invalid", receipt={
        "reference": "SBX-1", "status_code": 200, "accepted": False, "path": "r.xml", "sha256": "0" * 64,
        "verified": False, "problem": text_json(PROBLEM)})
    collected = app.month_steps().collect([sub.id], 0.0, Progress())[sub.id]
    assert collected.state == "failed"
    assert collected.problem.render("pl") == PROBLEM.render("pl")
    assert collected.problem.render("en") == PROBLEM.render("en")
    assert "{" not in collected.problem.render("pl")
