"""Relief applications from the payer's account sent to ZUS, end to end with the real CLI (separate
processes) and the real sandbox over loopback: declarations accepted by the sandbox and not paid →
arrears → ``relief send --payer … --kind instalments`` drafts, signs and sends the application → UPP →
the sandbox's decision letter → ``letters open`` signs the UPD → the archived letter re-verified by
``letters show``; ``verify`` accepts the signed application and the UPD. Bad input sends nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from support import run_cli

from eplatnik.gateway.outbox import Filter

pytestmark = pytest.mark.now("2026-11-20T10:00:00+01:00")  # the account's figures (arrears, interest) are of that day
TECHBUD, KOWALSKI = "9512345675", "5261040828"
NBSP = "\u00a0"


@pytest.fixture
def signer(accepted_app, tmp_path):
    password = tmp_path / "haslo.txt"
    password.write_text("demo\n", encoding="utf-8")
    return ["--p12", str(accepted_app.basedir / "demo" / "signer.p12"), "--password-file", str(password)]


def _cli(app, *args):
    return run_cli("--gateway", app.gateway_url_override, *args, basedir=app.basedir)


def test_instalments_from_the_account_sent_decision_opened_with_upd_archived_and_verified(accepted_app, signer,
                                                                                          tmp_path):
    from eplatnik.applications import relief_xml

    app = accepted_app
    ledger = app.account.ledger_for_nip(TECHBUD)[1]
    assert ledger.arrears == Decimal("72824.14")          # September and October declared, nothing paid

    sent = _cli(app, "relief", "send", "--payer", TECHBUD, "--kind", "instalments", "--instalments", "6",
                *signer, "--json")
    assert sent.returncode == 0, sent.stdout + sent.stderr
    report = json.loads(sent.stdout)
    assert report["state"] == "accepted" and report["receipt_verified"] is True     # the UPP, checked
    assert (report["form"], report["kind"], report["payer_nip"]) == ("WNIOSEK-RATY", "instalments", TECHBUD)
    assert report["total"] == "73219.14" and report["instalments"] == 6             # contributions + interest
    answer = report["answer"]
    assert answer["kind"] == "decision" and answer["in_reply_to"] == report["reference"]
    assert answer["state"] == "awaiting" and not answer["opened_here"]

    # what went to ZUS: the account's arrears month by month, the schedule with the prolongation fee, signed
    sub = app.gateway.by_reference(report["reference"])
    signed = app.gateway.archive.read(sub.document_path)
    application = relief_xml.read(signed)
    assert [(a.period, a.amount) for a in application.arrears] == [
        (str(m.period), m.balance + m.interest) for m in ledger.arrears_months]
    draft = app.relief.draft(TECHBUD, "instalments", instalments=6)
    assert application.prolongation_fee == draft.total_fee > 0
    assert [i.amount for i in application.schedule] == [i.total for i in draft.schedule]
    assert application.justification == draft.reason
    ca = app.basedir / "sandbox" / "ca" / "ca.pem"
    document = tmp_path / "wniosek.xml"
    document.write_bytes(signed)
    checked = run_cli("verify", "--ca", str(ca), str(document))
    assert checked.returncode == 0 and "Maria Wiśniewska" in checked.stdout, checked.stdout + checked.stderr
    evidence = _cli(app, "receipts", "verify", "--all")      # the application's evidence with the declarations'
    assert evidence.returncode == 0, evidence.stdout + evidence.stderr

    # the decision: listed, opened with a UPD, kept byte-exact and verified again from the archive
    listed = json.loads(_cli(app, "letters", "list", "--json").stdout)
    assert [x["id"] for x in listed if x["in_reply_to"] == report["reference"]] == [answer["id"]]
    opened = _cli(app, "letters", "open", answer["id"], *signer, "-o", str(tmp_path / "pisma"))
    assert opened.returncode == 0, opened.stdout + opened.stderr
    assert "Termin odwołania" in opened.stdout
    upd = tmp_path / "pisma" / f"{answer['id']}.upd.xml"
    assert (tmp_path / "pisma" / f"{answer['id']}.pdf").read_bytes().startswith(b"%PDF")
    checked = run_cli("verify", "--ca", str(ca), str(upd))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    shown = _cli(app, "letters", "show", answer["id"])
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "doręczone (UPD)" in shown.stdout and report["reference"] in shown.stdout
    assert "rozkłada na 6 rat" in shown.stdout and f"73{NBSP}219,14 zł" in shown.stdout
    assert "2026-09, 2026-10" in shown.stdout
    record = app.letters.find(answer["id"])
    assert record.read_at and record.upd_state == "accepted"
    stored = app.letters.open(record.id, None, None)        # from the archive: digest and seal checked again
    assert stored.view.genuine and not stored.signed_now and "rozkłada na 6 rat" in stored.text


def test_deferral_built_from_the_account_names_each_month_its_new_deadline(accepted_app, tmp_path):
    from eplatnik.applications import relief_xml

    out = tmp_path / "odroczenie.xml"
    built = _cli(accepted_app, "relief", "build", "--payer", KOWALSKI, "--kind", "deferral", "-o", str(out))
    assert built.returncode == 0, built.stdout + built.stderr
    application = relief_xml.read(out.read_bytes())
    assert application.kind == "deferral" and application.form == "WNIOSEK-ODROCZENIE"
    draft = accepted_app.relief.draft(KOWALSKI, "deferral")
    assert [a.period for a in application.arrears] == [m.period for m in draft.arrears]
    assert [i.due for i in application.schedule] == [i.due_on for i in draft.schedule]


def test_bad_input_or_wrong_password_sends_nothing(accepted_app, signer, tmp_path):
    app = accepted_app

    def relief_submissions() -> int:
        return app.gateway.count(Filter(form="WNIOSEK-RATY")) + app.gateway.count(Filter(form="WNIOSEK-ODROCZENIE"))

    no_kind = _cli(app, "relief", "send", "--payer", TECHBUD, *signer)
    assert no_kind.returncode == 2 and "--kind" in no_kind.stderr
    both = tmp_path / "wniosek.json"
    both.write_text("{}", encoding="utf-8")
    mixed = _cli(app, "relief", "send", "--data", str(both), "--kind", "instalments", *signer)
    assert mixed.returncode == 2 and "--data" in mixed.stderr
    nothing_to_defer = _cli(app, "relief", "send", "--payer", TECHBUD, "--kind", "deferral", *signer)
    assert nothing_to_defer.returncode == 2 and "odroczyć można tylko" in nothing_to_defer.stderr
    unknown = _cli(app, "relief", "send", "--payer", "1132853869", "--kind", "instalments", *signer)
    assert unknown.returncode == 2 and "1132853869" in unknown.stderr
    wrong = tmp_path / "zle.txt"
    wrong.write_text("nie-to-haslo\n", encoding="utf-8")
    bad_password = _cli(app, "relief", "send", "--payer", TECHBUD, "--kind", "instalments", "--p12",
                        str(app.basedir / "demo" / "signer.p12"), "--password-file", str(wrong))
    assert bad_password.returncode != 0 and "hasło" in bad_password.stderr.lower()
    assert relief_submissions() == 0
