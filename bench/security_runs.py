"""Reliability runs of issue 13: concurrent month-end runs, kill -9, a killed sandbox, faults on the wire.

    python -m bench.security_runs                 # every scenario, default trial counts
    python -m bench.security_runs concurrent --trials 8
    python -m bench.security_runs kill faults sandbox-kill

Every trial starts from a fresh copy of the demo workspace (3 clients, October 2026), a real sandbox
in its own process (``eplatnik-cli sandbox serve``) and real ``eplatnik-cli month … --submit``
processes. After each trial it counts, at the sandbox and in the outbox, how many packages each set
produced (``duplicates`` must be 0) and whether every client ended accepted (``lost`` must be 0).
Figures are in docs/security.md. Not part of ``make bench`` (a few minutes of real processes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PERIOD = "2026-10"
STAGGER = (0.0, 0.0, 0.1, 0.3, 0.6, 1.0)  # seconds between the two runs' starts
CLIENTS = 3


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "eplatnik.cli", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8"}


def _admin(url: str, path: str, payload: dict | None = None) -> dict:
    body = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url + path, data=body, method="POST" if body else "GET",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read().decode())


class Trial:
    """A fresh workspace, its sandbox process, and helpers to run months against it."""

    def __init__(self, template: Path, root: Path, embedded: bool = False) -> None:
        self.base = root / "ws"
        shutil.copytree(template, self.base)
        self.password = root / "pw.txt"
        self.password.write_text("demo\n", encoding="utf-8")
        self.sandbox: subprocess.Popen | None = None
        self.url = ""
        self.embedded = embedded  # no --gateway: each process uses (or starts) the workspace's sandbox
        if not embedded:
            self.start_sandbox()

    def start_sandbox(self, port: int = 0) -> None:
        self.sandbox = subprocess.Popen(_cli("sandbox", "serve", "--port", str(port), "--state",
                                             str(self.base / "sandbox"), "--processing-seconds", "0.3"),
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env())
        line = self.sandbox.stdout.readline()  # type: ignore[union-attr]
        self.url = line.split()[3]

    def kill_sandbox(self) -> None:
        assert self.sandbox is not None
        self.sandbox.kill()
        self.sandbox.wait()

    def _gateway(self) -> list[str]:
        return [] if self.embedded else ["--gateway", self.url]

    def month(self, *extra: str) -> subprocess.Popen:
        return subprocess.Popen(_cli("--basedir", str(self.base), *self._gateway(), "month", "--period", PERIOD,
                                     "--clients", "all", "--submit", "--json", "--p12",
                                     str(self.base / "demo" / "signer.p12"), "--password-file", str(self.password),
                                     *extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())

    def resume_all(self) -> None:
        for (run_id,) in self.rows("SELECT id FROM month_runs ORDER BY id"):
            subprocess.run(_cli("--basedir", str(self.base), *self._gateway(), "month", "resume", str(run_id),
                                "--json", "--p12", str(self.base / "demo" / "signer.p12"), "--password-file",
                                str(self.password)), capture_output=True, text=True, env=_env(), check=False)

    def rows(self, sql: str) -> list[tuple]:
        conn = sqlite3.connect(f"file:{self.base / 'eplatnik.db'}?mode=ro", uri=True, timeout=10)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def outcome(self) -> dict[str, int]:
        if self.embedded:  # the sandbox has stopped with the last process: count in its state
            conn = sqlite3.connect(self.base / "sandbox" / "gateway" / "gateway.db")
            try:
                packages = conn.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
            finally:
                conn.close()
        else:
            packages = _admin(self.url, "/gateway/v1/admin/stats")["submissions"]
        # per client: more than one live submission (of one set, or of two sets built for one month) is a
        # duplicate, and so is every package the gateway got beyond one per client
        live = self.rows("SELECT payer_nip, COUNT(*) FROM submissions WHERE state NOT IN ('rejected', 'failed') "
                         "GROUP BY payer_nip")
        accepted = self.rows("SELECT COUNT(DISTINCT payer_nip) FROM submissions WHERE state = 'accepted'")[0][0]
        return {"packages": packages, "duplicates": max(packages - CLIENTS, sum(n - 1 for _, n in live), 0),
                "lost": CLIENTS - accepted}

    def close(self) -> None:
        if self.sandbox is not None and self.sandbox.poll() is None:
            self.sandbox.send_signal(signal.SIGTERM)
            self.sandbox.wait(timeout=20)


def concurrent(trial: Trial, rng: random.Random) -> dict[str, int]:
    """Two month-end runs on one workspace, the second started 0–1 s after the first (``STAGGER``)."""
    _admin(trial.url, "/sandbox/faults", {"latency_ms": 300})
    first = trial.month()
    time.sleep(rng.choice(STAGGER))
    second = trial.month()
    for proc in (first, second):
        proc.communicate(timeout=300)
    _admin(trial.url, "/sandbox/faults", {"latency_ms": 0})
    trial.resume_all()
    return trial.outcome()


def concurrent_embedded(trial: Trial, rng: random.Random) -> dict[str, int]:
    """The same without --gateway: each process finds (or starts) the workspace's own sandbox."""
    first = trial.month()
    time.sleep(rng.choice(STAGGER))
    second = trial.month()
    for proc in (first, second):
        proc.communicate(timeout=300)
    trial.resume_all()
    return trial.outcome()


def kill(trial: Trial, rng: random.Random) -> dict[str, int]:
    """A month-end run killed with SIGKILL at a random moment, then resumed."""
    _admin(trial.url, "/sandbox/faults", {"latency_ms": 400})
    proc = trial.month()
    time.sleep(rng.uniform(0.5, 4.0))
    proc.kill()
    proc.communicate()
    _admin(trial.url, "/sandbox/faults", {"latency_ms": 0})
    if not trial.rows("SELECT id FROM month_runs"):  # killed before the run was recorded: start it again
        trial.month().communicate(timeout=300)
    trial.resume_all()
    return trial.outcome()


def sandbox_kill(trial: Trial, rng: random.Random) -> dict[str, int]:
    """The sandbox killed mid-run and restarted on the same port and state; the run resumed."""
    port = int(trial.url.rsplit(":", 1)[1])
    proc = trial.month()
    time.sleep(rng.uniform(1.0, 3.0))
    trial.kill_sandbox()
    time.sleep(1.0)
    trial.start_sandbox(port)
    proc.communicate(timeout=300)
    trial.resume_all()
    return trial.outcome()


def faults(trial: Trial, rng: random.Random) -> dict[str, int]:
    """30 % of requests answered 503 and 20 % of connections dropped, then a resume without faults."""
    _admin(trial.url, "/sandbox/faults", {"error_rate": 0.3, "drop_rate": 0.2, "seed": rng.randrange(1 << 30)})
    trial.month("--wait", "20").communicate(timeout=300)
    _admin(trial.url, "/sandbox/faults", {"error_rate": 0.0, "drop_rate": 0.0})
    trial.resume_all()
    return trial.outcome()


SCENARIOS = {"concurrent": (concurrent, 8), "concurrent-embedded": (concurrent_embedded, 8), "kill": (kill, 10),
             "sandbox-kill": (sandbox_kill, 5), "faults": (faults, 5)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.security_runs")
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--trials", type=int, default=0, help="trials per scenario (default: per scenario)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {unknown[0]!r}; choose from {', '.join(SCENARIOS)}")
    rng = random.Random(args.seed)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template"
        subprocess.run(_cli("--basedir", str(template), "demo"), check=True, capture_output=True, env=_env())
        for name in args.scenarios or list(SCENARIOS):
            fn, default_trials = SCENARIOS[name]
            totals = {"packages": 0, "duplicates": 0, "lost": 0}
            started = time.monotonic()
            trials = args.trials or default_trials
            for n in range(trials):
                trial = Trial(template, Path(tmp) / f"{name}-{n}", embedded=name.endswith("-embedded"))
                try:
                    result = fn(trial, rng)
                finally:
                    trial.close()
                for key in totals:
                    totals[key] += result[key]
                print(f"{name} trial {n + 1}: {result}", flush=True)
            bad += totals["duplicates"] + totals["lost"]
            print(f"{name}: {trials} trials, {totals['packages']} packages for {trials * CLIENTS} sets, "
                  f"duplicates {totals['duplicates']}, lost {totals['lost']} "
                  f"({time.monotonic() - started:.0f} s)", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
