"""The month workflows are written once (``app.month``): what the CLI writes is what the GUI's call
writes — payment notes, the office summary — and an NRS entered either way is checked the same way."""

from __future__ import annotations

import csv
import io

from support import run_cli

from eplatnik.period import Period
from eplatnik.register.nrs import check_digits, format_nrs

PERIOD = Period(2026, 10)
KOWALSKI = "5261040828"


def _prepared_run(app) -> int:
    """A run of the demo month prepared and verified (no key: nothing is signed or sent)."""
    runner = app.month_runner()
    run_id = runner.start(PERIOD, runner.resolve_clients("all"), submit=False)
    runner.run(run_id, stop_after="verify")
    return run_id


def test_cli_and_gui_write_the_same_payment_notes_and_summary(demo_app, tmp_path):
    run_id = _prepared_run(demo_app)
    period, payers = demo_app.month.run_payers(run_id)
    assert period == PERIOD and len(payers) == 3

    gui = demo_app.month.write_payment_notes(payers, period, tmp_path / "gui", "pl")  # the month page's call
    r = run_cli("month", "notes", str(run_id), "-o", str(tmp_path / "cli"), basedir=demo_app.basedir)
    assert r.returncode == 0, r.stderr
    assert [p.name for p in gui] == [line.rsplit("/", 1)[-1] for line in r.stdout.split()]
    for path in gui:
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        assert "RAZEM DO ZAPŁATY" in text
        assert (tmp_path / "cli" / path.with_suffix(".txt").name).read_text(encoding="utf-8") == text

    gui_csv = demo_app.month.write_last_summary(PERIOD, tmp_path / "gui.csv", "pl")
    r = run_cli("month", "summary", str(run_id), "-o", str(tmp_path / "cli.csv"), basedir=demo_app.basedir)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "cli.csv").read_bytes() == gui_csv.read_bytes()
    rows = list(csv.reader(io.StringIO(gui_csv.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert {row[0] for row in rows[1:]} == {p.nip for p in payers}
    pdf = demo_app.month.write_summary(run_id, tmp_path / "summary.pdf", "pl")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_an_nrs_with_wrong_check_digits_is_refused_by_the_cli_and_the_core_alike(demo_app):
    from eplatnik.errors import ValidationFailed

    kowalski = demo_app.register.find_payer(KOWALSKI)
    bban = "60000002026" + "000" + KOWALSKI
    wrong, right = format_nrs("00" + bban), format_nrs(check_digits(bban) + bban)

    r = run_cli("month", "nrs", KOWALSKI, "--set", wrong, basedir=demo_app.basedir)
    assert r.returncode == 2 and "cyfry kontrolne" in r.stderr
    try:
        demo_app.month.set_nrs(kowalski, wrong)  # what the month page calls
    except ValidationFailed as exc:
        assert "cyfry kontrolne" in exc.render("pl")
    else:
        raise AssertionError("a wrong NRS was stored")
    assert demo_app.month.nrs(kowalski).source == "derived"  # nothing was stored either way

    r = run_cli("month", "nrs", KOWALSKI, "--set", right, "--json", basedir=demo_app.basedir)
    assert r.returncode == 0, r.stderr
    account = demo_app.month.nrs(kowalski)
    assert account.source == "entered" and account.formatted == right
    demo_app.month.set_nrs(kowalski, "")  # an empty field goes back to the number from the NIP
    assert demo_app.month.nrs(kowalski).source == "derived"
