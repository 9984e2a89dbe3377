"""The "Wysyłka i potwierdzenia" page offscreen, against a real sandbox on loopback."""

from __future__ import annotations

import re
import subprocess

import pytest
from plugins.gateway import build_signed_set, start_sandbox
from support import need_tool

from eplatnik.period import Period


@pytest.fixture
def sandbox_for(demo_app):
    server = start_sandbox(demo_app.basedir / "sandbox", processing_seconds=0.1)
    demo_app.gateway_url_override = server.url
    demo_app.gateway.poll_seconds = 0.1
    yield server
    server.stop()


def _show(main_window, qtbot, expected_rows):
    page = main_window.show_page("submissions")
    qtbot.waitUntil(lambda: page.model.rowCount() == expected_rows, timeout=10000)
    return page


def test_accepted_and_rejected_with_errors_filter_and_pdf(main_window, demo_app, sandbox_for, qtbot, tmp_path):
    pdftotext = need_tool("pdftotext")
    gateway = demo_app.gateway
    ok = gateway.enqueue(build_signed_set(demo_app, "5261040828"), source_name="kowalski.xml")
    bad = gateway.enqueue(build_signed_set(demo_app, "9512345675", mutate=lambda d: re.sub(
        rb"(<IV>.*?<p37>)([0-9.]+)(</p37>)", rb"\g<1>1.00\g<3>", d, count=1, flags=re.S)), source_name="techbud.xml")
    gateway.process(ids=[ok.id, bad.id], wait=30)

    page = _show(main_window, qtbot, 2)
    assert sandbox_for.url in page.profile_label.text()
    assert "Bramka" in page.profile_label.text()
    qtbot.waitUntil(lambda: page.model.submission(0) is not None, timeout=5000)
    states = {page.model.data(page.model.index(r, 1)) for r in range(2)}
    assert states == {"przyjęty", "odrzucony"}

    page.state_combo.setCurrentIndex(page.state_combo.findData("rejected"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: page.model.submission(0) is not None, timeout=5000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.errors.count() > 0, timeout=5000)
    texts = [page.errors.item(i).text() for i in range(page.errors.count())]
    assert any(t.startswith("ZUSDRA, blok IV, pole p37") for t in texts), texts

    page.state_combo.setCurrentIndex(0)
    page.search.setText("5261040828")

    def only_kowalski():
        first = page.model.submission(0)
        return page.model.rowCount() == 1 and first is not None and first.payer_nip == "5261040828"

    qtbot.waitUntil(only_kowalski, timeout=5000)
    page.table.selectRow(0)
    sub = page.selected()
    assert sub.state == "accepted" and page.pdf_button.isEnabled()
    assert sub.reference in page.details.toPlainText()
    out = tmp_path / "upo.pdf"
    page.write_pdf(sub, out)
    qtbot.waitUntil(out.exists, timeout=10000)
    text = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert sub.reference in text


def test_hundred_thousand_rows_load_lazily(main_window, demo_app, qtbot):
    from eplatnik.gateway.outbox import now_iso

    stamp = now_iso(demo_app.clock)
    rows = [(f"key-{i}", "sandbox", "http://127.0.0.1:1", "sandbox", f"f{i}.xml", f"{5261040828 + i % 7}",
             f"FIRMA {i % 300:03d}", f"2026-{1 + i % 12:02d}", "ZUSDRA,ZUSRCA", "d", f"{i:064x}", "p", "x", "T", "c",
             "accepted", f"SBX-{i:08d}", 200, stamp, stamp, stamp) for i in range(100_000)]
    demo_app.db.transaction(lambda c: c.executemany(
        "INSERT INTO submissions (idempotency_key, gateway_key, gateway_url, profile, source_name, payer_nip, "
        "payer_name, period, forms, document_path, document_sha256, package_path, package_sha256, package_type, "
        "receipt_cert_sha256, state, reference, gateway_status, next_attempt_at, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows))
    page = _show(main_window, qtbot, 100_000)
    assert "".join(ch for ch in page.count_label.text() if ch.isdigit()) == "100000"
    assert page.count_label.text().endswith("wysyłek")
    # only the pages the view painted were fetched
    qtbot.waitUntil(lambda: page.model.submission(0) is not None, timeout=5000)
    assert len(page.model.cache) < 1000
    page.table.scrollToBottom()
    last = page.model.rowCount() - 1
    qtbot.waitUntil(lambda: page.model.submission(last) is not None, timeout=5000)
    assert page.model.data(page.model.index(last, 0)) == "SBX-00000000"
    page.period_picker.set_period(Period(2026, 3))
    qtbot.waitUntil(lambda: page.model.rowCount() == 100_000 // 12 + (1 if 100_000 % 12 > 2 else 0), timeout=10000)
