"""One sandbox for the office (issue 16.8): ``eplatnik-cli sandbox serve`` runs once, every seat sends
to it, and ``demo --database URL --gateway URL`` registers what the demo signs with through the
sandbox's admin API — which answers only its own computer (loopback), whatever headers say.

Real processes throughout: a ``sandbox serve`` process on a free port, the CLI at two seats (two
folders) on one PostgreSQL database (tests/plugins/postgres.py), the demo's .p12 files, the sandbox's
signed receipts. Dates pinned with EPLATNIK_NOW (every process, the sandbox's too)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from plugins.month import DEMO_NIPS
from support import run_cli

from eplatnik.sandbox.server import SandboxServer, is_admin_path, is_loopback_peer

KOWALSKI, NOWAK, TECHBUD = DEMO_NIPS
NOW = {"EPLATNIK_NOW": "2026-12-03T10:00"}
PERIOD = "2026-11"  # the month due at NOW, which the demo builds
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy


def _call(url: str, path: str, payload: dict | None = None, method: str | None = None,
          headers: dict | None = None) -> tuple[int, dict]:
    body = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url + path, data=body, method=method or ("POST" if body else "GET"),
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with _DIRECT.open(req, timeout=15) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


@pytest.fixture
def office_sandbox(tmp_path):
    """``eplatnik-cli sandbox serve`` as its own process on a free port; yields its URL."""
    proc = subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "sandbox", "serve", "--port", "0",
                             "--state", str(tmp_path / "office-sandbox"), "--processing-seconds", "0.2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **NOW})
    try:
        line = proc.stdout.readline()
        assert line.startswith("sandbox listening on "), line + proc.stderr.read()
        yield line.split()[3]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _seat(seat: Path, db: str, sandbox: str, *args: str, timeout: float = 180):
    return run_cli("--database", db, "--gateway", sandbox, *args, basedir=seat, env=NOW, timeout=timeout)


def test_demo_path_at_two_seats_through_one_office_sandbox(pg_url, office_sandbox, tmp_path):
    seat_a, seat_b = tmp_path / "seat-a", tmp_path / "seat-b"
    made = _seat(seat_a, pg_url, office_sandbox, "demo")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "ufa testowemu CA tego stanowiska" in made.stdout and "3 upoważnienia demo" in made.stdout

    # the second desk: the office's data is already there and stays as it is; the desk gets its own
    # accountant and its own demo certificate, whose CA the sandbox is told to trust
    joined = _seat(seat_b, pg_url, office_sandbox, "demo")
    assert joined.returncode == 0, joined.stdout + joined.stderr
    assert "3 płatników" in joined.stdout
    assert (seat_b / "demo" / "signer.p12").exists()
    ca_a, ca_b = (s / "sandbox" / "ca" / "ca.pem" for s in (seat_a, seat_b))
    assert ca_a.read_bytes() != ca_b.read_bytes()
    status, trusted = _call(office_sandbox, "/sandbox/admin/trust-ca")
    assert status == 200 and len(trusted["trusted"]) == 3  # the sandbox's own CA and both seats'
    status, auth = _call(office_sandbox, "/sandbox/admin/authorisations")
    assert {a["payer_nip"] for a in auth["authorisations"]} == set(DEMO_NIPS)

    # seat B signs and sends KOWALSKI's set with its own certificate; the receipt comes back
    pw = tmp_path / "pw.txt"
    pw.write_text("demo\n", encoding="utf-8")
    key = ("--p12", str(seat_b / "demo" / "signer.p12"), "--password-file", str(pw))
    sent = _seat(seat_b, pg_url, office_sandbox, "month", "--period", PERIOD, "--clients", KOWALSKI, "--submit",
                 "--json", *key)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    run = json.loads(sent.stdout)
    assert [(c["nip"], c["step"]) for c in run["clients"]] == [(KOWALSKI, "accepted")]
    reference = run["clients"][0]["reference"]

    # seat A sees seat B's receipt (the office database), and sending again from A sends nothing
    listed = _seat(seat_a, pg_url, office_sandbox, "receipts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [r for r in json.loads(listed.stdout) if r.get("reference") == reference]
    assert len(rows) == 1 and rows[0]["gateway_status"] == 200 and rows[0]["receipt_sha256"] \
        and rows[0]["receipt_verified"], listed.stdout
    again = _seat(seat_a, pg_url, office_sandbox, "month", "--period", PERIOD, "--clients", KOWALSKI, "--submit",
                  "--json", "--p12", str(seat_a / "demo" / "signer.p12"), "--password-file", str(pw))
    assert again.returncode == 0, again.stdout + again.stderr
    assert [c["step"] for c in json.loads(again.stdout)["clients"]] == ["accepted"]
    assert _call(office_sandbox, "/gateway/v1/admin/stats")[1] == {"submissions": 1}  # exactly once


def test_a_seat_whose_ca_the_sandbox_does_not_trust_is_rejected_until_registered(tmp_path, office_sandbox):
    """Without the admin registration the office sandbox refuses the seat's signature: the API matters."""
    seat = tmp_path / "seat"
    made = run_cli("demo", basedir=seat, env=NOW)  # a one-seat demo: its CA is unknown to the office sandbox
    assert made.returncode == 0, made.stderr
    pw = tmp_path / "pw.txt"
    pw.write_text("demo\n", encoding="utf-8")
    key = ("--p12", str(seat / "demo" / "signer.p12"), "--password-file", str(pw))
    first = run_cli("--gateway", office_sandbox, "month", "--period", PERIOD, "--clients", NOWAK, "--submit",
                    "--json", *key, basedir=seat, env=NOW, timeout=180)
    assert [c["step"] for c in json.loads(first.stdout)["clients"]] == ["rejected"], first.stdout + first.stderr


# -- the admin API is loopback only ----------------------------------------------------------------------
def test_the_peer_check_trusts_only_loopback_addresses():
    assert all(is_loopback_peer(a) for a in ("127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"))
    assert not any(is_loopback_peer(a) for a in ("192.0.2.2", "10.0.0.1", "fd00::2", "::ffff:10.0.0.1", "",
                                                  "localhost", "127.0.0.1, 10.0.0.1", "not an address"))
    assert is_admin_path("POST", "/sandbox/admin/trust-ca") and is_admin_path("DELETE", "/sandbox/admin/authorisations")
    assert is_admin_path("POST", "/sandbox/clock") and is_admin_path("POST", "/gateway/v1/admin/authorisations")
    assert is_admin_path("GET", "/booking/v1/admin/bookings")
    assert not is_admin_path("GET", "/sandbox/health") and not is_admin_path("POST", "/gateway/v1/packages")


def _lan_address() -> str | None:
    """A non-loopback IPv4 address of this machine (``hostname -I``), or None when it has none."""
    try:
        out = subprocess.run(["hostname", "-I"], check=False, capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return next((a for a in out.split() if "." in a and not a.startswith("127.")), None)


def test_admin_calls_from_another_computer_are_refused_whatever_the_headers_say(tmp_path):
    lan = _lan_address()
    if lan is None:
        pytest.skip("this machine has no non-loopback address (the peer check itself is tested above)")
    server = SandboxServer(tmp_path / "sandbox", host="0.0.0.0", port=0)
    server.start()
    try:
        remote, local = f"http://{lan}:{server.port}", f"http://127.0.0.1:{server.port}"
        ca_pem = (tmp_path / "sandbox" / "ca" / "ca.pem").read_text()
        lie = {"X-Forwarded-For": "127.0.0.1", "Forwarded": "for=127.0.0.1", "X-Real-IP": "127.0.0.1"}
        for method, path, payload in (
                ("POST", "/sandbox/admin/trust-ca", {"pem": ca_pem}),
                ("POST", "/sandbox/admin/authorisations", {"signer_pesel": "79031241234", "payer_nip": KOWALSKI}),
                ("DELETE", "/sandbox/admin/authorisations", {"signer_pesel": "79031241234", "payer_nip": KOWALSKI}),
                ("GET", "/sandbox/admin/authorisations", None),
                ("POST", "/gateway/v1/admin/authorisations", {"signer_pesel": "79031241234", "payer_nip": KOWALSKI}),
                ("POST", "/sandbox/clock", {"advance_seconds": 86400}),
                ("POST", "/sandbox/faults", {"error_rate": 1.0})):
            status, body = _call(remote, path, payload, method, headers=lie)
            assert (status, body["error"]) == (403, "admin_loopback_only"), (method, path)
            assert "127.0.0.1" in body["message"]["pl"]
        # nothing changed: no authorisation, the clock and faults as they were
        assert _call(local, "/sandbox/admin/authorisations")[1] == {"authorisations": []}
        assert server.faults.error_rate == 0.0
        # the seats' own calls work from the network; the health check too
        assert _call(remote, "/sandbox/health")[0] == 200
        assert _call(remote, "/gateway/v1/certificates")[0] == 200
        # and from this computer the admin API works, whatever a header claims
        status, _ = _call(local, "/sandbox/admin/authorisations",
                          {"signer_pesel": "79031241234", "payer_nip": KOWALSKI},
                          headers={"X-Forwarded-For": "203.0.113.9"})
        assert status == 201
        listed = _call(local, "/sandbox/admin/authorisations")[1]["authorisations"]
        assert [a["payer_nip"] for a in listed] == [KOWALSKI]
        status, _ = _call(local, "/sandbox/admin/authorisations",
                          {"signer_pesel": "79031241234", "payer_nip": KOWALSKI}, "DELETE")
        assert status == 200 and _call(local, "/sandbox/admin/authorisations")[1] == {"authorisations": []}
    finally:
        server.stop()


def test_trust_ca_refuses_what_is_not_a_ca_certificate(tmp_path):
    from eplatnik.signing import testpki

    server = SandboxServer(tmp_path / "sandbox", port=0)
    url = server.start()
    try:
        ca = testpki.create_ca("Biuro test CA", tmp_path / "other-ca")
        _key, person = ca.issue_person("Jan Nowak", pesel="81062313578")
        from cryptography.hazmat.primitives import serialization

        leaf = person.public_bytes(serialization.Encoding.PEM).decode()
        assert _call(url, "/sandbox/admin/trust-ca", {"pem": leaf})[1]["error"] == "not_a_ca"
        with_key = (tmp_path / "other-ca" / "ca.pem").read_text() + (tmp_path / "other-ca" / "ca-key.pem").read_text()
        assert _call(url, "/sandbox/admin/trust-ca", {"pem": with_key})[1]["error"] == "not_a_ca"
        assert _call(url, "/sandbox/admin/trust-ca", {"pem": "junk"})[0] == 400
        assert not (tmp_path / "sandbox" / "trust").exists()  # nothing written
        good = (tmp_path / "other-ca" / "ca.pem").read_text()
        assert _call(url, "/sandbox/admin/trust-ca", {"pem": good})[0] == 201
        assert _call(url, "/sandbox/admin/trust-ca", {"pem": good})[0] == 200  # known: kept once
        assert len(list((tmp_path / "sandbox" / "trust").glob("*.pem"))) == 1
    finally:
        server.stop()


def test_demo_from_another_computer_is_told_to_register_on_the_sandboxs_computer(tmp_path):
    lan = _lan_address()
    if lan is None:
        pytest.skip("this machine has no non-loopback address (the peer check itself is tested above)")
    server = SandboxServer(tmp_path / "sandbox", host="0.0.0.0", port=0)
    server.start()
    try:
        seat = tmp_path / "seat"
        made = run_cli("--gateway", f"http://{lan}:{server.port}", "demo", basedir=seat, env=NOW)
        assert made.returncode == 1, made.stdout + made.stderr
        assert "odmówiła rejestracji testowego CA" in made.stderr and "HTTP 403" in made.stderr
        assert str(seat / "sandbox" / "ca" / "ca.pem") in made.stderr  # the hint names the file to copy
        assert not (tmp_path / "sandbox" / "trust").exists()
        assert (seat / "demo" / "signer.p12").exists()  # the seat's own part was made all the same
    finally:
        server.stop()
