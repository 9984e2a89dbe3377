"""The letters commands as a user runs them: ZUS places a letter into a sandbox state folder (running
or not), the inbox lists it, ``letters open`` writes the letter and the signed UPD, ``verify`` accepts it."""

from __future__ import annotations

import json
import sqlite3

from plugins.gateway import start_sandbox
from plugins.letters import TECHBUD
from support import run_cli


def letters_in_state(state) -> int:
    path = state / "letters" / "letters.db"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM letters").fetchone()[0]


def test_sandbox_letter_list_open_and_verify(tmp_path):
    basedir = tmp_path / "ws"
    assert run_cli("demo", basedir=basedir).returncode == 0
    state = basedir / "sandbox"
    body = tmp_path / "tresc.txt"
    body.write_text("Wezwanie do złożenia wyjaśnień.\n\nProsimy o odpowiedź w 7 dni.", encoding="utf-8")
    # the sandbox is not running: the letter goes into its state folder
    placed = run_cli("sandbox", "letter", "--state", str(state), "--nip", TECHBUD, "--title", "Wezwanie",
                     "--body", str(body), "--kind", "letter", "--json")
    assert placed.returncode == 0, placed.stderr
    letter_id = json.loads(placed.stdout)["id"]
    server = start_sandbox(state)
    try:
        # … and while it runs, another one (both processes write the same state)
        second = run_cli("sandbox", "letter", "--state", str(state), "--nip", TECHBUD, "--title", "Decyzja",
                         "--placed-at", "2026-01-05T09:00")
        assert second.returncode == 0, second.stderr
        listed = run_cli("--gateway", server.url, "letters", "list", "--json", basedir=basedir)
        assert listed.returncode == 0, listed.stderr
        items = {i["title"]: i for i in json.loads(listed.stdout)}
        assert items["Wezwanie"]["state"] == "awaiting" and items["Wezwanie"]["id"] == letter_id
        old = items["Decyzja"]
        assert old["state"] == "deemed_delivered" and old["deemed_at"] == "2026-01-19"
        assert old["appeal_until"] == "2026-02-19"
        text = run_cli("--gateway", server.url, "letters", "list", "--offline", basedir=basedir).stdout
        assert "czeka na odbiór" in text and "doręczone po 14 dniach" in text and "19.01.2026" in text
        # ZUS's letter names the client by NIP only: the line shows the name from the register
        assert "TECHBUD SP. Z O.O. · fikcja doręczenia" in text, text
        assert items["Wezwanie"]["payer_name"] == "" and items["Wezwanie"]["client"] == "TECHBUD SP. Z O.O."

        password = tmp_path / "pw"
        password.write_text("demo\n")
        out = tmp_path / "out"
        opened = run_cli("--gateway", server.url, "letters", "open", letter_id, "--p12",
                         str(basedir / "demo" / "signer.p12"), "--password-file", str(password), "-o", str(out),
                         basedir=basedir)
        assert opened.returncode == 0, opened.stderr
        upd = [p for p in out.iterdir() if "upd" in p.name]
        assert len(upd) == 1 and (out / f"{letter_id}.pdf").read_bytes().startswith(b"%PDF")
        verified = run_cli("verify", "--ca", str(state / "ca" / "ca.pem"), str(upd[0]))
        assert verified.returncode == 0, verified.stdout
        shown = run_cli("--gateway", server.url, "letters", "show", letter_id, basedir=basedir)
        assert shown.returncode == 0 and "Prosimy o odpowiedź" in shown.stdout and "doręczone (UPD)" in shown.stdout
    finally:
        server.stop()


def test_invalid_input_exits_2_and_writes_nothing(tmp_path):
    state = tmp_path / "state"
    bad_nip = run_cli("sandbox", "letter", "--state", str(state), "--nip", "9512345670", "--title", "X")
    assert bad_nip.returncode == 2 and "NIP" in bad_nip.stderr
    missing = run_cli("sandbox", "letter", "--state", str(state), "--nip", TECHBUD, "--title", "X",
                      "--body", str(tmp_path / "nie-ma.txt"))
    assert missing.returncode == 2 and "Nie można odczytać" in missing.stderr
    assert letters_in_state(state) == 0
    basedir = tmp_path / "ws"
    bad_signer = run_cli("letters", "list", "--signer", "123", basedir=basedir)
    assert bad_signer.returncode == 2
    data = tmp_path / "wniosek.json"
    data.write_text('{"kind": "raty"}', encoding="utf-8")
    bad_relief = run_cli("relief", "build", "--data", str(data), "-o", str(tmp_path / "w.xml"))
    assert bad_relief.returncode == 2 and "kind" in bad_relief.stderr and not (tmp_path / "w.xml").exists()
