"""Stored evidence cannot be changed without anyone noticing (issue 13, point 5).

Two clients' sets are sent to a real sandbox and accepted; then the stored evidence is tampered with
as the issue describes — an amount changed in a stored ``*.kedu.xml``, a byte of a ``.p7m`` flipped,
two clients' stored declarations swapped — and ``receipts verify --all`` must name every tampered
submission, and ``receipts export`` must refuse to ship it.
"""

from __future__ import annotations

import json
import re

import pytest
from plugins.gateway import build_signed_set
from support import run_cli

TECHBUD, KOWALSKI = "9512345675", "5261040828"


@pytest.fixture
def sent(gateway_env):
    app = gateway_env.app
    subs = [app.gateway.enqueue(build_signed_set(app, nip), source_name=f"{nip}.xml") for nip in (TECHBUD, KOWALSKI)]
    done = app.gateway.process(ids=[s.id for s in subs], wait=30).done
    assert [s.state for s in done] == ["accepted", "accepted"]
    return gateway_env, {s.payer_nip: s for s in done}


def _verify(env) -> tuple[int, dict]:
    r = run_cli("--gateway", env.url, "receipts", "verify", "--all", "--json", basedir=env.basedir)
    return r.returncode, json.loads(r.stdout)


def _export(env, nip: str, tmp_path) -> tuple[int, str]:
    out = tmp_path / f"{nip}.zip"
    r = run_cli("--gateway", env.url, "receipts", "export", "--payer", nip, "--period", "2026-10", "-o", str(out),
                basedir=env.basedir)
    assert (r.returncode == 0) == out.exists()
    return r.returncode, r.stdout + r.stderr


def test_untouched_evidence_verifies_and_exports(sent, tmp_path):
    env, _subs = sent
    code, result = _verify(env)
    assert code == 0 and result == {"checked": 2, "invalid": []}
    assert _export(env, TECHBUD, tmp_path)[0] == 0


def test_changed_amount_in_stored_declaration_is_found_and_not_exported(sent, tmp_path):
    env, subs = sent
    path = env.app.gateway.archive.path(subs[TECHBUD].document_path)
    data = path.read_bytes()
    total = re.search(rb"<p37>([0-9.]+)</p37>", data).group(1)
    path.write_bytes(data.replace(b"<p37>" + total + b"</p37>", b"<p37>1.00</p37>", 1))
    code, result = _verify(env)
    assert code == 1
    assert [i["reference"] for i in result["invalid"]] == [subs[TECHBUD].reference]
    problem = result["invalid"][0]["problem"]
    assert "podpisanej deklaracji zmienił się" in problem and "podpis" in problem.lower()
    code, text = _export(env, TECHBUD, tmp_path)
    assert code == 1 and "Niczego nie wyeksportowano" in text
    assert _export(env, KOWALSKI, tmp_path)[0] == 0  # the other client's evidence is intact


def test_flipped_byte_of_a_stored_package_is_found(sent, tmp_path):
    env, subs = sent
    path = env.app.gateway.archive.path(subs[KOWALSKI].package_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    code, result = _verify(env)
    assert code == 1 and [i["reference"] for i in result["invalid"]] == [subs[KOWALSKI].reference]
    assert "przesyłki" in result["invalid"][0]["problem"]
    assert _export(env, KOWALSKI, tmp_path)[0] == 1


def test_two_clients_stored_declarations_swapped_are_both_found(sent, tmp_path):
    env, subs = sent
    archive = env.app.gateway.archive
    a, b = archive.path(subs[TECHBUD].document_path), archive.path(subs[KOWALSKI].document_path)
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    code, result = _verify(env)
    assert code == 1
    assert sorted(i["reference"] for i in result["invalid"]) == sorted(s.reference for s in subs.values())
    assert all("płatnika" in i["problem"] for i in result["invalid"]), result  # it names another payer
    print(result["invalid"][0]["problem"])
    code, text = _export(env, TECHBUD, tmp_path)
    assert code == 1 and "Niczego nie wyeksportowano" in text
