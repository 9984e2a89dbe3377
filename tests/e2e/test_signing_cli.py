"""The signing commands as a user runs them: real CLI process, real files, real SoftHSM2 token."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from plugins.signing import (
    P12_PASSWORD,
    change_total,
    init_token,
    kedu_document,
    softhsm_conf,
    xmlsec_verify,
)
from support import run_cli


@pytest.fixture
def files(tmp_path, pki):
    doc = tmp_path / "dra.xml"
    doc.write_bytes(kedu_document(2))
    pw = tmp_path / "password.txt"
    pw.write_text(P12_PASSWORD + "\n", encoding="utf-8")
    return doc, pw


def test_sign_with_p12_then_verify(tmp_path, pki, files):
    doc, pw = files
    out = tmp_path / "dra.signed.xml"
    r = run_cli("sign", str(doc), "-o", str(out), "--p12", str(pki.rsa_p12), "--password-file", str(pw))
    assert r.returncode == 0, r.stderr
    assert "podpisano:" in r.stdout and "Maria Wiśniewska" in r.stdout
    assert P12_PASSWORD not in r.stdout + r.stderr
    r = run_cli("verify", str(out), "--ca", str(pki.ca_pem))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("Podpis prawidłowy: Maria Wiśniewska")
    # when it was signed, in Polish local time as people read it (not UTC, not ISO)
    assert re.search(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}", r.stdout) and "UTC" not in r.stdout
    r = run_cli("--lang", "en", "verify", str(out), "--ca", str(pki.ca_pem), "--json")
    data = json.loads(r.stdout)
    assert data["valid"] and data["trusted"] and data["pesel"] == "44051401359"
    assert xmlsec_verify(out, pki.ca_pem).returncode == 0


def test_verify_tampered_exits_1(tmp_path, pki, files):
    doc, pw = files
    out = tmp_path / "s.xml"
    run_cli("sign", str(doc), "-o", str(out), "--p12", str(pki.ec_p12), "--password-file", str(pw))
    out.write_bytes(change_total(out.read_bytes()))
    r = run_cli("verify", str(out), "--ca", str(pki.ca_pem))
    assert r.returncode == 1
    assert "NIEPRAWIDŁOWY" in r.stdout and "zmieniono po podpisaniu" in r.stdout


def test_verify_uses_workspace_trust_bundle(tmp_path, pki, files):
    doc, pw = files
    out = tmp_path / "s.xml"
    run_cli("sign", str(doc), "-o", str(out), "--p12", str(pki.rsa_p12), "--password-file", str(pw))
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "settings.json").write_text(json.dumps({"signing.ca_bundle": str(pki.ca_pem)}))
    r = run_cli("verify", str(out), "--json", basedir=ws)
    assert json.loads(r.stdout)["trusted"] is True


def test_wrong_password_and_missing_source(tmp_path, pki, files):
    doc, _ = files
    bad = tmp_path / "bad.txt"
    bad.write_text("nie to")
    r = run_cli("sign", str(doc), "-o", str(tmp_path / "o.xml"), "--p12", str(pki.rsa_p12),
                "--password-file", str(bad))
    assert r.returncode == 1 and "Błędne hasło" in r.stderr
    # a .p12 file has a password: no card wording (issue 13, point 10)
    assert "PIN" not in r.stderr and "PUK" not in r.stderr and "hasło podane przy eksporcie" in r.stderr
    assert not (tmp_path / "o.xml").exists()
    r = run_cli("sign", str(doc), "-o", str(tmp_path / "o.xml"))
    assert r.returncode == 1 and "--p12" in r.stderr


def test_certs_show_p12_and_pem(pki, files):
    _, pw = files
    r = run_cli("certs", "show", str(pki.rsa_p12), "--password-file", str(pw))
    assert r.returncode == 0, r.stderr
    assert "Maria Wiśniewska" in r.stdout and "44051401359" in r.stdout and "nonRepudiation" in r.stdout
    r = run_cli("--lang", "en", "certs", "show", str(pki.ca_pem), "--json")
    info = json.loads(r.stdout)[0]
    assert info["Owner"] == "eplatnik Test QCA" and info["claims_qualified"] is False


@pytest.mark.softhsm
def test_tokens_list_and_sign_on_token(tmp_path, softhsm, pki, files):
    doc, _ = files
    pin = tmp_path / "pin.txt"
    pin.write_text(softhsm.pin)
    r = run_cli("tokens", "list", "--pkcs11-module", softhsm.module, "--json", env=softhsm.env())
    assert r.returncode == 0, r.stderr
    tokens = {t["label"]: t for t in json.loads(r.stdout)}
    with_key = [c["owner"] for c in tokens[softhsm.ec_label]["certificates"] if c["has_key"]]
    assert with_key == ["Jan Kowalski"]
    out_dir = tmp_path / "signed"
    doc2 = tmp_path / "rca.xml"
    doc2.write_bytes(kedu_document(1))
    r = run_cli("sign", str(doc), str(doc2), "--out-dir", str(out_dir), "--pkcs11-module", softhsm.module,
                "--token-label", softhsm.ec_label, "--pin-file", str(pin), env=softhsm.env())
    assert r.returncode == 0, r.stderr
    for name in ("dra.xml", "rca.xml"):
        assert run_cli("verify", str(out_dir / name), "--ca", str(pki.ca_pem)).returncode == 0


@pytest.mark.softhsm
def test_wrong_pin_on_token(tmp_path, softhsm, files):
    doc, _ = files
    pin = tmp_path / "pin.txt"
    pin.write_text("000000")
    r = run_cli("sign", str(doc), "-o", str(tmp_path / "o.xml"), "--pkcs11-module", softhsm.module,
                "--token-label", softhsm.rsa_label, "--pin-file", str(pin), env=softhsm.env())
    assert r.returncode == 1
    assert "Błędny PIN karty „EPL-RSA”" in r.stderr and "000000" not in r.stderr


def _lock(tokendir: Path) -> None:
    """Set CKF_USER_PIN_LOCKED in the SoftHSM token file, as a card does after too many wrong PINs
    (SoftHSM itself never locks; its C_Login honours the stored flag)."""
    (obj,) = tokendir.glob("*/token.object")
    data = bytearray(obj.read_bytes())
    marker = bytes.fromhex("00000000800053 4b".replace(" ", "")) + struct.pack(">Q", 2)
    at = data.index(marker) + len(marker)
    (flags,) = struct.unpack(">Q", data[at:at + 8])
    data[at:at + 8] = struct.pack(">Q", flags | 0x00040000)
    obj.write_bytes(bytes(data))


@pytest.mark.softhsm
def test_locked_token_is_reported(tmp_path, softhsm, files):
    doc, _ = files
    conf = softhsm_conf(tmp_path / "locked")
    init_token(conf, "EPL-LOCKED")
    _lock(tmp_path / "locked" / "tokens")
    env = {"SOFTHSM2_CONF": str(conf)}
    r = run_cli("tokens", "list", "--pkcs11-module", softhsm.module, env=env)
    assert r.returncode == 0 and "EPL-LOCKED" in r.stdout and "[ZABLOKOWANA]" in r.stdout
    pin = tmp_path / "pin.txt"
    pin.write_text(softhsm.pin)
    r = run_cli("sign", str(doc), "-o", str(tmp_path / "o.xml"), "--pkcs11-module", softhsm.module,
                "--token-label", "EPL-LOCKED", "--pin-file", str(pin), env=env)
    assert r.returncode == 1
    assert "jest zablokowana" in r.stderr and "PUK" in r.stderr


def test_known_modules_listed():
    r = run_cli("tokens", "modules", "--os", "windows", "--json")
    mods = json.loads(r.stdout)
    assert any(m["path"].endswith("cryptoCertum3PKCS.dll") and m["confirmed"] for m in mods)
    assert {m["provider"].split(" ")[0] for m in mods} >= {"Certum", "KIR", "PWPW", "EuroCert", "Enigma"}
