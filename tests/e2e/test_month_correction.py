"""A client corrected after the month-end run: the office summary keeps the run's declaration with
its amount and reference, shows the correction beside it, and the total counts what is now due.

Real parts: the CLI month run against a sandbox on loopback, the demo .p12, a correction signed and
sent through the same gateway, the summary read back from its PDF with pdftotext and from its CSV."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from decimal import Decimal

from plugins.month import DEMO_NIPS
from support import need_tool, run_cli

KOWALSKI, NOWAK, TECHBUD = DEMO_NIPS


class _Password:
    def ask_pin(self, token_label, tries_left, retry, message=None):
        return "demo"


def _sign_and_send_correction(env, set_id: int) -> int:
    from eplatnik.app import App
    from eplatnik.demo import KOWALSKI_PESEL
    from eplatnik.forms.builder import MonthInputs, PersonMonth
    from eplatnik.signing.p12 import P12KeySource

    app = App(env.basedir, gateway_url=env.url)
    try:
        # the client's income for the health contribution was higher than first reported
        inputs = MonthInputs(persons={KOWALSKI_PESEL: PersonMonth(health_income=Decimal("20000.00"))})
        correction = app.documents.build_correction(set_id, inputs)
        assert app.documents.verify(correction.id).ok
        app.signing.sign_sets([correction.id], P12KeySource(env.p12), _Password())
        result = app.gateway.submit_sets([correction.id], wait=30)
        assert [s.state for s in result.done] == ["accepted"], result
        return correction.id
    finally:
        app.close()


def test_summary_keeps_a_client_corrected_after_the_run(month_env, tmp_path):
    pdftotext = need_tool("pdftotext")
    r = run_cli("--gateway", month_env.url, "month", "--period", "2026-10", "--clients", "all", "--submit", "--json",
                *month_env.key_args(), basedir=month_env.basedir, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    result = json.loads(r.stdout)
    run_id = str(result["run"])
    first = {c["nip"]: c for c in result["clients"]}
    kowalski = first[KOWALSKI]
    correction_id = _sign_and_send_correction(month_env, kowalski["set_id"])
    assert month_env.sandbox_submissions() == 4

    from eplatnik.app import App

    app = App(month_env.basedir)
    try:
        summary = app.month.summary(int(run_id), "pl")
        correction_info = app.documents.get_info(correction_id)
    finally:
        app.close()
    rows = {r.nip: r for r in summary.rows}
    row = rows[KOWALSKI]
    # the run's own declaration: still there with its amount and reference
    assert row.step == "accepted" and row.set_id == kowalski["set_id"]
    assert row.to_pay == Decimal(kowalski["to_pay"]) and row.reference == kowalski["reference"]
    # and the correction beside it: its number, state, amount and reference
    assert row.correction is not None and row.correction.set_id == correction_id
    assert row.correction.number == "02" and row.correction.state == "accepted" and row.correction.reference
    assert row.correction.to_pay == correction_info.to_pay != row.to_pay
    # the total counts what is due now: the correction replaces the declaration it corrects
    others = sum(Decimal(first[n]["to_pay"]) for n in (NOWAK, TECHBUD))
    assert summary.total_to_pay == others + correction_info.to_pay

    pdf, csv_path = tmp_path / "summary.pdf", tmp_path / "summary.csv"
    for out in (pdf, csv_path):
        assert run_cli("month", "summary", run_id, "-o", str(out), basedir=month_env.basedir).returncode == 0
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert kowalski["reference"] in text and row.correction.reference in text
    assert "korekta 02" in text
    money = f"{summary.total_to_pay:,.2f}".replace(",", " ").replace(".", ",")
    assert money in text
    table = {r[0]: r for r in csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig")), delimiter=";")}
    assert table[KOWALSKI][3] and table[KOWALSKI][4] == kowalski["reference"]
    assert row.correction.reference in ";".join(table[KOWALSKI])
