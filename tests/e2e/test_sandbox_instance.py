"""One sandbox per state folder (issue 13, point 4).

Two processes starting the workspace's sandbox at once each generated gateway keys — the pinned
certificate then differed for good ("not addressed to this gateway's encryption certificate",
receipts that fail verification) — and both processed the same packages. Each trial starts real
processes on a fresh state folder at the same moment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

TRIALS = 4

# Each program asks for the sandbox twice, then waits until the other one has asked twice too before it
# closes (closing stops a sandbox it owns, and the other program would rightly start its own next time).
SERVE_URL = """
import pathlib, sys, time
from eplatnik.app import App
app = App(sys.argv[1])
barrier, me = pathlib.Path(sys.argv[3]), sys.argv[4]
try:
    print(app.embedded_sandbox_url(), flush=True)
    time.sleep(float(sys.argv[2]))
    print(app.embedded_sandbox_url(), flush=True)
    (barrier / me).touch()
    deadline = time.monotonic() + 30
    while len(list(barrier.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
finally:
    app.close()
"""

KEYS = """
import sys
from eplatnik.sandbox.gateway_store import ensure_keys
keys = ensure_keys(sys.argv[1])
print(keys.encryption_cert.serial_number, keys.receipt_cert.serial_number)
"""


def _env() -> dict:
    return {**os.environ, "PYTHONIOENCODING": "utf-8"}


def _encryption_pem(url: str) -> bytes:
    with urllib.request.urlopen(url + "/gateway/v1/certificates/encryption.pem", timeout=10) as resp:
        return resp.read()


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_sandbox_serve_at_once_one_serves_the_other_names_it(tmp_path, trial):
    state = tmp_path / "state"
    cmd = [sys.executable, "-m", "eplatnik.cli", "sandbox", "serve", "--port", "0", "--state", str(state)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
             for _ in range(2)]
    try:
        deadline = time.monotonic() + 30
        while sum(p.poll() is None for p in procs) == 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        serving = [p for p in procs if p.poll() is None]
        assert len(serving) == 1, "exactly one sandbox serves the folder"
        other = next(p for p in procs if p is not serving[0])
        out, _err = other.communicate(timeout=10)
        assert other.returncode == 0
        assert "już działa" in out and "proces" in out
        url = out.strip().splitlines()[-1]
        assert _encryption_pem(url) == (state / "gateway" / "encryption.pem").read_bytes()
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                p.wait(timeout=10)


@pytest.mark.parametrize("trial", range(TRIALS))
def test_two_programs_on_one_workspace_share_one_sandbox(tmp_path, trial):
    basedir, barrier = tmp_path / "ws", tmp_path / "asked"
    barrier.mkdir()
    procs = [subprocess.Popen([sys.executable, "-c", SERVE_URL, str(basedir), "1.5", str(barrier), str(n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()) for n in range(2)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), "\n".join(f"{out}\n{err}" for out, err in outputs)
    urls = {line for out, _ in outputs for line in out.split()}
    assert len(urls) == 1, f"both programs use the same sandbox: {urls}"


def test_a_borrowed_sandbox_that_stops_is_replaced_on_next_use(tmp_path):
    from plugins.gateway import start_sandbox

    from eplatnik.app import App

    basedir = tmp_path / "ws"
    server = start_sandbox(basedir / "sandbox")
    app = App(basedir)
    try:
        assert app.embedded_sandbox_url() == server.url  # borrowed, no second sandbox
        pem = _encryption_pem(server.url)
        server.stop()
        replacement = app.embedded_sandbox_url()
        assert replacement != server.url and _encryption_pem(replacement) == pem  # same keys, own child now
    finally:
        app.close()


def test_gateway_keys_are_generated_once_when_many_processes_ask_at_once(tmp_path):
    state = tmp_path / "state"
    procs = [subprocess.Popen([sys.executable, "-c", KEYS, str(state)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_env()) for _ in range(5)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), "\n".join(f"{out}\n{err}" for out, err in outputs)
    assert len({out for out, _ in outputs}) == 1, outputs


def test_stale_lock_of_a_killed_sandbox_does_not_block_the_next_one(tmp_path):
    state = tmp_path / "state"
    cmd = [sys.executable, "-m", "eplatnik.cli", "sandbox", "serve", "--port", "0", "--state", str(state)]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    assert "listening" in first.stdout.readline()
    first.kill()
    first.wait(timeout=10)
    assert (state / "sandbox.json").exists()  # left behind by kill -9
    second = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        assert "listening" in second.stdout.readline()
    finally:
        second.terminate()
        second.wait(timeout=10)
    assert not Path(state / "sandbox.json").exists()
