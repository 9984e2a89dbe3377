"""An office on PostgreSQL (issue 16.11): one office of N clients × M insured in one PostgreSQL database,
S seats (S separate ``eplatnik-cli month`` processes, each with its own folder) each running the
month-end — build, verify, sign (its own .p12), submit, collect receipts — for its share of the
clients against one sandbox process, all starting at the same moment.

Measured: the total time (first seat started → last seat done), each seat's time, duplicates (two
submissions of one client's period: counted at the sandbox and in the database — must be 0), the time
until one seat's change is visible at another seat while the four run, and a seat's start-up (GUI,
``eplatnik --database URL --startup-probe``) on the office against a bare PySide6 window (goal ≤ 1,5×;
the way ``bench_register.startup`` measures it).

The change latency: while the seats run, a writer seat changes a client's notes through its register
service once a second, and a reader seat shows it — through the program's change feed when this build
has one on PostgreSQL (LISTEN/NOTIFY, step 16.5: the external event on the reader's bus, then the read
an open page does), else by polling the client every ``--poll-ms`` ms (the figure then includes up to
one poll interval). The JSON says which.

The PostgreSQL cluster is started as the tests' fixture does (``tests/plugins/postgres.py``: initdb in a
temporary folder, a free loopback port, durability off, as the ``postgres`` user when run as root) and
removed at the end.

    python -m bench office                      # the full size: 1 200 × 20, 4 seats × 300
    python -m bench.bench_office --clients 120 --insured 5 --seats 4 --startup-runs 3   # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

from bench.bench_month import _die_with_parent, _free_port, _wait_up

ACCOUNTANT = "Biuro Księgowa"
P12_PASSWORD = "bench"
NOW = "2026-12-03T10:00"   # every process acts as if it were then (EPLATNIK_NOW)
PERIOD = "2026-11"         # the month due at NOW
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# -- the PostgreSQL cluster: the tests' own throw-away cluster (tests/plugins/postgres.py) ------------------
def _test_plugins():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from plugins import postgres

    return postgres


# -- the office ---------------------------------------------------------------------------------------------
def _office(url: str, seat0: Path, clients: int, insured: int) -> tuple[str, list[str]]:
    """The register in PostgreSQL + one accountant authorised for every client; (her PESEL, the NIPs)."""
    from bench.workspace_gen import generate
    from eplatnik.app import App
    from eplatnik.clock import FixedClock
    from eplatnik.register.models import Accountant, Authorisation
    from eplatnik.register.synthetic import pesel_for

    generate(seat0, clients, insured, database=url)
    app = App(seat0, database=url, clock=FixedClock(NOW))
    try:
        pesel = pesel_for(date(1980, 5, 17), 123, female=True)
        accountant = app.register.add_accountant(Accountant(name=ACCOUNTANT, pesel=pesel))
        payers = app.register.list_payers()
        for payer in payers:
            app.register.add_authorisation(Authorisation(payer_id=payer.id, accountant_id=accountant.id,  # type: ignore[arg-type]
                                                         valid_from=date(2024, 1, 1)))
        return pesel, sorted(p.nip for p in payers)
    finally:
        app.close()


def _seat_keys(tmp: Path, state_dir: Path, seats: int, pesel: str) -> list[Path]:
    """One .p12 per seat (the accountant's certificate at that desk), issued by the sandbox's CA."""
    from eplatnik.clock import FixedClock
    from eplatnik.sandbox.gateway_store import ensure_ca
    from eplatnik.signing.testpki import write_p12

    ca = ensure_ca(state_dir)
    from datetime import timedelta

    start = FixedClock(NOW).now().replace(microsecond=0) - timedelta(days=1)
    paths = []
    for i in range(seats):
        key, cert = ca.issue_person(ACCOUNTANT, pesel=pesel, not_before=start)
        path = tmp / f"seat-{i + 1}.p12"
        write_p12(path, key, cert, P12_PASSWORD, chain=[ca.cert])
        paths.append(path)
    return paths


def _admin(url: str, path: str, payload: dict | None = None) -> dict:
    body = json.dumps(payload).encode() if payload is not None else None
    req = urllib.request.Request(url + path, data=body, method="POST" if body else "GET",
                                 headers={"Content-Type": "application/json"})
    with _DIRECT.open(req, timeout=30) as resp:
        return json.loads(resp.read() or b"{}")


# -- the change latency while the seats run ------------------------------------------------------------------
class LatencyProbe(threading.Thread):
    """A writer seat changes one client's notes; the time until a reader seat shows it.

    With the program's change feed on PostgreSQL (``App.watch_other_processes`` giving a feed with
    ``ready``: LISTEN/NOTIFY, step 16.5) the reader waits for the external ``register.changed`` event on
    its bus and then reads the client, as an open page reloads. Without one, it polls the client
    through its register service every ``poll_ms``."""

    def __init__(self, url: str, tmp: Path, poll_ms: float) -> None:
        super().__init__(name="latency-probe", daemon=True)
        from eplatnik.app import App
        from eplatnik.clock import FixedClock

        self.writer = App(tmp / "probe-writer", database=url, clock=FixedClock(NOW))
        self.reader = App(tmp / "probe-reader", database=url, clock=FixedClock(NOW))
        self.poll = poll_ms / 1000
        self.samples: list[float] = []
        self.stop = threading.Event()
        self.heard = threading.Event()
        self.feed = None
        with contextlib.suppress(NotImplementedError):  # no feed on PostgreSQL before step 16.5
            watcher = self.reader.watch_other_processes()
            if watcher is not None and hasattr(watcher, "ready"):
                self.feed = watcher
                watcher.ready.wait(10)
        if self.feed is not None:
            self.reader.events.subscribe("register.changed",
                                         lambda _topic, payload: payload.get("external") and self.heard.set())
        self.method = ("change feed (LISTEN/NOTIFY) → event on the reader's bus → read" if self.feed is not None
                       else f"data poll every {poll_ms:g} ms (no change feed on PostgreSQL in this build)")

    def run(self) -> None:
        from dataclasses import replace

        payer = self.writer.register.list_payers()[0]
        n = 0
        while not self.stop.wait(1.0):
            n += 1
            mark = f"probe {n}"
            self.heard.clear()
            self.writer.register.update_payer(replace(self.writer.register.get_payer(payer.id), notes=mark))  # type: ignore[arg-type]
            committed = time.perf_counter()
            while True:
                if self.feed is not None and not self.heard.wait(30):
                    break  # no message within 30 s: not counted
                if self.reader.register.get_payer(payer.id).notes == mark:  # type: ignore[arg-type]
                    self.samples.append(time.perf_counter() - committed)
                    break
                if self.feed is None:
                    time.sleep(self.poll)
                else:
                    self.heard.clear()

    def close(self) -> None:
        self.stop.set()
        self.join(timeout=60)
        self.writer.close()
        self.reader.close()


# -- start-up ------------------------------------------------------------------------------------------------
def startup(url: str, seat: Path, runs: int) -> dict:
    """A seat's GUI start on the office database vs a bare window (as ``bench_register.startup``)."""
    from bench.bench_register import BARE
    from bench.bench_register import time_start_with_cpu as _time_start

    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "EPLATNIK_NOW": NOW}
    app_cmd = [sys.executable, "-m", "eplatnik", "--basedir", str(seat), "--database", url, "--startup-probe",
               "--no-err-windows"]
    bare_cmd = [sys.executable, "-c", BARE]
    _time_start(app_cmd, env)  # warm the caches once for both
    _time_start(bare_cmd, env)
    bare, ours = [], []
    for _ in range(runs):
        bare.append(_time_start(bare_cmd, env))
        ours.append(_time_start(app_cmd, env))
    med = statistics.median
    result = {"platform": env["QT_QPA_PLATFORM"], "runs": runs,
              "bare_median_s": round(med(b[0] for b in bare), 4), "app_median_s": round(med(a[0] for a in ours), 4),
              "bare_cpu_median_s": round(med(b[1] for b in bare), 4),
              "app_cpu_median_s": round(med(a[1] for a in ours), 4)}
    result["ratio"] = round(result["app_median_s"] / result["bare_median_s"], 3)
    result["cpu_ratio"] = round(result["app_cpu_median_s"] / result["bare_cpu_median_s"], 3)
    result["goal"] = "ratio <= 1.5"
    return result


# -- the run -------------------------------------------------------------------------------------------------
def backup_restore(cluster, url: str, tmp: Path) -> dict:
    """The office backup of this office (`eplatnik-cli --database URL workspace backup`), then its restore
    into a new, empty database (`workspace restore --to`): times, the archive's size, its rows and files."""
    cli = [sys.executable, "-m", "eplatnik.cli", "--basedir", str(tmp / "seat-backup"), "--database"]
    archive = tmp / "biuro.zip"
    t0 = time.perf_counter()
    done = subprocess.run([*cli, url, "workspace", "backup", "-o", str(archive)], capture_output=True, text=True,
                          timeout=3600, check=False)
    backup_s = time.perf_counter() - t0
    if done.returncode != 0:
        return {"failed": f"backup exit {done.returncode}: {done.stderr[-500:]}".replace(url, "<url>")}
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("MANIFEST.json"))
    target = cluster.url(cluster.create_database("restored"))
    t0 = time.perf_counter()
    done = subprocess.run([*cli, url, "workspace", "restore", str(archive), "--to", target], capture_output=True,
                          text=True, timeout=3600, check=False)
    restore_s = time.perf_counter() - t0
    if done.returncode != 0:
        return {"failed": f"restore exit {done.returncode}: {done.stderr[-500:]}".replace(target, "<url>")}
    rows = manifest.get("tables") or {}   # table → rows
    return {"backup_s": round(backup_s, 1), "archive_mb": round(archive.stat().st_size / 1e6, 1),
            "rows": sum(rows.values()) if isinstance(rows, dict) else None, "files": len(manifest.get("files", [])),
            "restore_to_new_database_s": round(restore_s, 1)}


def run(clients: int, insured: int, seats: int, processing: float, startup_runs: int, poll_ms: float,
        backup: bool = True) -> dict:
    os.environ["EPLATNIK_NOW"] = NOW  # this process too: the sandbox CA it creates is valid from then on
    import compileall

    import eplatnik

    compileall.compile_dir(str(Path(eplatnik.__file__).parent), quiet=1)  # as an installed wheel is
    tmp = Path(tempfile.mkdtemp(prefix="bench-office-"))
    postgres = _test_plugins()
    with postgres.throwaway_cluster(postgres.installed_initdb()) as cluster:
        try:
            return _run_on(cluster, tmp, clients, insured, seats, processing, startup_runs, poll_ms, backup)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _run_on(cluster, tmp: Path, clients: int, insured: int, seats: int, processing: float, startup_runs: int,
            poll_ms: float, backup: bool) -> dict:
    url = cluster.url(cluster.create_database("office"))
    t0 = time.perf_counter()
    pesel, nips = _office(url, tmp / "seat-0", clients, insured)
    result: dict = {"bench": "office", "clients": clients, "insured_per_client": insured, "seats": seats,
                    "office_setup_s": round(time.perf_counter() - t0, 1)}
    if seats:
        result.update(_month_end(cluster, url, tmp, pesel, nips, seats, processing, poll_ms))
    if backup:  # after the month-end: the office holds its signed sets, packages and receipts too
        result["backup_restore"] = backup_restore(cluster, url, tmp)
    result["load_before_startup"] = [round(x, 1) for x in os.getloadavg()]
    try:
        result["startup"] = startup(url, tmp / "seat-1", startup_runs) if startup_runs else None
    except RuntimeError as exc:  # the program did not show its window on this database
        result["startup"] = {"failed": str(exc).replace(url, "<url>")}
    return result


def _month_end(cluster, url: str, tmp: Path, pesel: str, nips: list[str], seats: int, processing: float,
               poll_ms: float) -> dict:
    """The seats' month-end runs, started together against one sandbox process."""
    state = tmp / "sandbox"
    keys = _seat_keys(tmp, state, seats, pesel)
    port = _free_port()
    env = {**os.environ, "EPLATNIK_NOW": NOW}
    sandbox = subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "sandbox", "serve", "--port", str(port),
                                "--state", str(state), "--processing-seconds", str(processing)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                               preexec_fn=_die_with_parent())  # noqa: PLW1509 - one C call, no locks
    try:
        gateway = f"http://127.0.0.1:{port}"
        _wait_up(gateway)
        t1 = time.perf_counter()
        for nip in nips:  # ZUS's side learns the authorisations through the office admin API
            _admin(gateway, "/sandbox/admin/authorisations", {"signer_pesel": pesel, "payer_nip": nip})
        admin_s = time.perf_counter() - t1
        pw = tmp / "pw.txt"
        pw.write_text(P12_PASSWORD + "\n")
        share = -(-len(nips) // seats)
        from eplatnik.app import App
        from eplatnik.settings import ACCOUNTANT as ACCOUNTANT_SETTING

        for i in range(seats):  # the accountant sitting at each desk (a seat setting, in the seat's folder)
            with App(tmp / f"seat-{i + 1}", database=url) as seat_app:
                seat_app.settings.set(ACCOUNTANT_SETTING, ACCOUNTANT)
        probe = LatencyProbe(url, tmp, poll_ms)
        procs = []
        start = time.perf_counter()
        for i in range(seats):
            mine = nips[i * share:(i + 1) * share]
            cmd = [sys.executable, "-m", "eplatnik.cli", "--basedir", str(tmp / f"seat-{i + 1}"), "--database", url,
                   "--gateway", gateway, "month", "--period", PERIOD, "--clients", ",".join(mine), "--submit",
                   "--json", "--wait", "900", "--p12", str(keys[i]), "--password-file", str(pw)]
            procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
        probe.start()
        seat_results = []
        for proc in procs:
            out, err = proc.communicate(timeout=3600)
            if os.environ.get("BENCH_OFFICE_DEBUG"):
                print(out[:3000], err[-3000:], file=sys.stderr)
            seat_results.append({"seconds": round(time.perf_counter() - start, 1), "rc": proc.returncode,
                                 "steps": Counter(c["step"] for c in json.loads(out)["clients"]) if out.strip()
                                 else {"error": err[-500:]}})
        total = time.perf_counter() - start
        load = os.getloadavg()
        probe.close()
        packages = _admin(gateway, "/gateway/v1/packages?limit=10000")["packages"]
    finally:
        sandbox.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            sandbox.wait(timeout=20)
    # one client's period sent twice would be two packages of one NIP (the sandbox learns the NIP when it
    # reads a package; an unreadable one keeps "" and counts by its digest instead)
    at_sandbox = Counter(p["payer_nip"] or p["package_sha256"] for p in packages)
    in_db = cluster.sql(url.rsplit("/", 1)[1], "SELECT payer_nip, period, count(*) FROM submissions "
                                               "GROUP BY payer_nip, period HAVING count(*) > 1")
    accepted = sum(r["steps"].get("accepted", 0) for r in seat_results if isinstance(r["steps"], Counter))
    lat = sorted(probe.samples)
    return {"clients_per_seat": share, "sandbox_processing_s": processing,
            "sandbox_authorisations_s": round(admin_s, 1), "total_s": round(total, 1),
            "seat_s": [r["seconds"] for r in seat_results], "seat_steps": [dict(r["steps"]) for r in seat_results],
            "accepted": accepted, "submissions_at_sandbox": len(packages),
            "duplicates_at_sandbox": sum(n - 1 for n in at_sandbox.values() if n > 1),
            "duplicates_in_database": len(in_db), "load_at_end_of_run": [round(x, 1) for x in load],
            "change_visible_ms": {"method": probe.method,
                                  "samples": len(lat),
                                  "median": round(statistics.median(lat) * 1000, 1) if lat else None,
                                  "p95": round(lat[int(len(lat) * 0.95)] * 1000, 1) if lat else None,
                                  "max": round(lat[-1] * 1000, 1) if lat else None}}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_office")
    parser.add_argument("--clients", type=int, default=1200)
    parser.add_argument("--insured", type=int, default=20)
    parser.add_argument("--seats", type=int, default=4)
    parser.add_argument("--processing", type=float, default=0.5, help="sandbox processing time per package")
    parser.add_argument("--startup-runs", type=int, default=7, help="start-up runs (0: skip the start-up figure)")
    parser.add_argument("--poll-ms", type=float, default=20.0, help="the reader seat's poll interval")
    parser.add_argument("--no-backup", action="store_true", help="skip the office backup and restore figure")
    args = parser.parse_args(argv)
    if _test_plugins().installed_initdb() is None:
        print(json.dumps({"bench": "office", "skipped": "PostgreSQL (initdb) not installed"}), flush=True)
        return 0
    print(json.dumps(run(args.clients, args.insured, args.seats, args.processing, args.startup_runs, args.poll_ms,
                         backup=not args.no_backup),
                     ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
