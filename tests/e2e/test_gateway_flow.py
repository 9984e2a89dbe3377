"""Submission through the real outbox to a real sandbox over loopback HTTP, receipts verified."""

from __future__ import annotations

import pytest
from plugins.gateway import build_signed_set

KOWALSKI, NOWAK, TECHBUD = "5261040828", "7792433421", "9512345675"


def test_signed_set_is_accepted_and_receipt_verified(gateway_env):
    app = gateway_env.app
    signed = build_signed_set(app, TECHBUD)
    sub = app.gateway.enqueue(signed, source_name="techbud.xml")
    assert sub.state == "queued" and sub.payer_nip == TECHBUD and sub.period == "2026-10"
    assert "ZUSDRA" in sub.forms and "ZUSRCA" in sub.forms
    result = app.gateway.process(ids=[sub.id], wait=20)
    [done] = result.done
    assert done.state == "accepted", (done.errors, done.receipt_problem)
    assert done.reference and done.reference.startswith("SBX-")
    assert done.receipt_verified is True
    # evidence stored byte-exact with its digest
    assert app.gateway.archive.read(done.document_path) == signed
    from eplatnik.fsutil import sha256_hex

    assert sha256_hex(app.gateway.archive.read(done.receipt_path)) == done.receipt_sha256
    assert all(problem is None for _, problem in app.gateway.verify_all())


def test_double_submit_is_one_submission(gateway_env):
    app = gateway_env.app
    signed = build_signed_set(app, KOWALSKI)
    first = app.gateway.enqueue(signed, source_name="a.xml")
    second = app.gateway.enqueue(signed, source_name="a-again.xml")
    assert second.id == first.id
    app.gateway.process(ids=[first.id], wait=20)
    assert gateway_env.submissions() == 1
    assert app.gateway.count() == 1


def test_unauthorised_signer_is_rejected_with_reason(gateway_env, tmp_path):
    from eplatnik.sandbox.gateway_store import ensure_ca
    from eplatnik.signing.testpki import write_p12

    ca = ensure_ca(gateway_env.basedir / "sandbox")
    key, cert = ca.issue_person("Obcy Księgowy", pesel="44051401359")
    p12 = write_p12(tmp_path / "stranger.p12", key, cert, "x", chain=[ca.cert])
    app = gateway_env.app
    sub = app.gateway.enqueue(build_signed_set(app, NOWAK, p12=p12, password="x"))
    [done] = app.gateway.process(ids=[sub.id], wait=20).done
    assert done.state == "rejected" and done.gateway_status == 402
    assert done.receipt_verified is True
    assert any("pełnomocnictwa" in e["message_pl"] and e["block"] == "II" for e in done.errors)


def test_set_with_critical_error_is_rejected_whole_with_block_and_field(gateway_env):
    app = gateway_env.app

    def break_total(data: bytes) -> bytes:
        import re

        # DRA IV p37 (social contributions total) no longer equals the sum of its parts
        return re.sub(rb"(<IV>.*?<p37>)([0-9.]+)(</p37>)", rb"\g<1>1.00\g<3>", data, count=1, flags=re.S)

    sub = app.gateway.enqueue(build_signed_set(app, TECHBUD, mutate=break_total))
    [done] = app.gateway.process(ids=[sub.id], wait=20).done
    assert done.state == "rejected" and done.gateway_status == 400
    critical = [e for e in done.errors if e["critical"]]
    assert critical, done.errors
    assert any(e["document"] == "ZUSDRA" and e["document_id"] == "1" and e["block"] == "IV" and e["field"] == "p37"
               for e in critical)


def test_tampered_receipt_is_flagged_not_dropped(gateway_env):
    app = gateway_env.app
    sub = app.gateway.enqueue(build_signed_set(app, KOWALSKI))
    [done] = app.gateway.process(ids=[sub.id], wait=20).done
    assert done.state == "accepted"
    path = app.gateway.archive.path(done.receipt_path)
    path.write_bytes(path.read_bytes().replace(b"<Przyjeto>true</Przyjeto>", b"<Przyjeto>false</Przyjeto>"))
    results = {s.id: p for s, p in app.gateway.verify_all()}
    assert results[done.id] is not None
    again = app.gateway.get(done.id)
    assert again.state == "receipt_invalid" and again.receipt_verified is False
    assert path.exists()


@pytest.mark.parametrize("faults", [{"error_rate": 0.5, "seed": 3}, {"drop_rate": 0.4, "seed": 5},
                                    {"latency_ms": 300}])
def test_submission_completes_despite_faults(gateway_env, faults):
    app = gateway_env.app
    signed = build_signed_set(app, NOWAK)
    gateway_env.faults(**faults)
    sub = app.gateway.enqueue(signed)
    result = app.gateway.process(ids=[sub.id], wait=60)
    gateway_env.faults(error_rate=0, drop_rate=0, latency_ms=0)
    [done] = result.done
    assert done.state == "accepted" and done.receipt_verified
    assert gateway_env.submissions() == 1


def test_workspace_set_moves_through_its_lifecycle(gateway_env):
    from eplatnik.forms.model import SetStatus
    from eplatnik.period import Period
    from eplatnik.signing.keysource import SigningKey
    from eplatnik.signing.p12 import load_p12
    from eplatnik.signing.xades import sign_xml

    app = gateway_env.app
    payer = next(p for p in app.register.list_payers() if p.nip == TECHBUD)
    info = app.documents.build_monthly(payer.id, Period(2026, 10))
    assert app.documents.verify(info.id).ok
    key, cert, chain = load_p12(gateway_env.basedir / "demo" / "signer.p12", "demo")
    signed = sign_xml(app.documents.get_xml(info.id, signed=False), SigningKey(key, cert, chain))
    app.documents.mark_signed(info.id, signed, "test")
    result = app.gateway.submit_sets([info.id], wait=20)
    [done] = result.done
    assert done.state == "accepted" and done.document_set_id == info.id
    assert app.documents.get_info(info.id).status == SetStatus.ACCEPTED
    steps = [(t["from_status"], t["to_status"]) for t in app.documents.transitions(info.id)]
    assert ("signed", "queued") in steps and ("queued", "sent") in steps and ("sent", "accepted") in steps


def test_many_sets_at_once_are_polled_through_the_index(gateway_env):
    app = gateway_env.app
    subs = [app.gateway.enqueue(build_signed_set(app, nip, period))
            for nip in (KOWALSKI, NOWAK, TECHBUD) for period in ("2026-08", "2026-09", "2026-10")]
    result = app.gateway.process(ids=[s.id for s in subs], wait=60)
    assert sorted(s.state for s in result.done) == ["accepted"] * 9
    assert gateway_env.submissions() == 9
    assert app.gateway.count() == 9 and {s.period for s in result.done} == {"2026-08", "2026-09", "2026-10"}


def test_gateway_with_new_keys_is_not_trusted_until_repinned(gateway_env):
    from plugins.gateway import start_sandbox
    from support import run_cli

    app = gateway_env.app
    first = app.gateway.enqueue(build_signed_set(app, KOWALSKI, "2026-08"))
    assert app.gateway.process(ids=[first.id], wait=20).done[0].state == "accepted"
    # the gateway is replaced by one with other keys, at the same address
    port = gateway_env.server.port
    gateway_env.server.stop()
    for pem in (gateway_env.basedir / "sandbox" / "gateway").glob("*.pem"):
        pem.unlink()
    gateway_env.server = start_sandbox(gateway_env.basedir / "sandbox", port=port)

    second = app.gateway.enqueue(build_signed_set(app, KOWALSKI, "2026-09"))
    [done] = app.gateway.process(ids=[second.id], wait=20).done
    assert done.state == "receipt_invalid" and done.receipt_verified is False
    assert "przypiętym certyfikatem" in done.receipt_problem
    assert app.gateway.archive.path(done.receipt_path).exists()  # kept, not dropped

    r = run_cli("--gateway", gateway_env.url, "gateway", "repin", "--yes", basedir=gateway_env.basedir)
    assert r.returncode == 0, r.stderr
    third = app.gateway.enqueue(build_signed_set(app, KOWALSKI, "2026-10"))
    assert app.gateway.process(ids=[third.id], wait=20).done[0].state == "accepted"
    # the first receipt still verifies against the certificate pinned when it was sent
    problems = {s.id: p for s, p in app.gateway.verify_all()}
    assert problems[first.id] is None and problems[second.id] is not None
