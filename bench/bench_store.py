"""The database layer (issue 15, the store boundary): what one call to the database costs, and the reads
of the dashboard and the registers on a workspace of 300 clients × 20 insured.

1. Round trips through the database thread: ``db.run`` with one SELECT, ``db.transaction`` with one
   INSERT (µs per call; 7 batches).
2. ``app.dashboard.load`` for 300 clients, without the certificates (ms; 9 runs).
3. The registers: ``list_payers`` and ``list_insured`` of every client (ms; 7 runs).
4. A new process: import and open the workspace (``App``), its first read (``list_payers``) and its
   first write transaction, which since step 0.3 includes importing SQLAlchemy on the database thread
   (ms; 7 processes).

Each figure is given as the median and the best run of wall time, and the median CPU time of this
process (all its threads): on a shared machine the best run and the CPU time move least with the load
of other programs.

    python -m bench store          # or: python -m bench.bench_store [--clients N] [--insured N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLD = r"""
import json, sys, time
t0 = time.perf_counter()
from eplatnik.app import App
app = App(sys.argv[1])
t1 = time.perf_counter()
app.register.list_payers()
t2 = time.perf_counter()
app.db.transaction(lambda c: c.execute("INSERT INTO audit_log (action, details) VALUES ('bench', '')"))
t3 = time.perf_counter()
app.close()
print(json.dumps({"open_ms": (t1 - t0) * 1000, "first_read_ms": (t2 - t1) * 1000, "first_write_ms": (t3 - t2) * 1000}))
"""


def _ms(fn, runs: int) -> dict:
    """Wall time (median and best of ``runs``) and the process's CPU time (median), in ms. On a shared
    machine the best run and the CPU time move least with the other programs' load."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {"median": round(statistics.median(wall), 2), "best": round(min(wall), 2),
            "cpu": round(statistics.median(cpu), 2)}


def _per_call_us(fn, calls: int, batches: int = 7) -> dict:
    wall, cpu = [], []
    for _ in range(batches):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn()
        wall.append((time.perf_counter() - start) / calls * 1e6)
        cpu.append((time.process_time() - start_cpu) / calls * 1e6)
    return {"median": round(statistics.median(wall), 1), "best": round(min(wall), 1),
            "cpu": round(statistics.median(cpu), 1)}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench_store")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--insured", type=int, default=20)
    args = parser.parse_args(argv)

    from bench.workspace_gen import generate
    from eplatnik.app import App

    with tempfile.TemporaryDirectory() as tmp:
        basedir = generate(Path(tmp) / "ws", args.clients, args.insured)
        cold = [json.loads(subprocess.run([sys.executable, "-c", COLD, str(basedir)], capture_output=True,
                                          text=True, check=True).stdout) for _ in range(7)]
        app = App(basedir)
        try:
            db = app.db
            db.transaction(lambda c: c.execute("SELECT 1").fetchone())  # the first transaction loads SQLAlchemy
            run_us = _per_call_us(lambda: db.run(lambda c: c.execute("SELECT 1").fetchone()), 2000)
            tx_us = _per_call_us(lambda: db.transaction(
                lambda c: c.execute("INSERT INTO audit_log (action, details) VALUES ('bench', '')")), 500)
            dashboard_ms = _ms(lambda: app.dashboard.load(with_certificates=False), 9)
            payers = app.register.list_payers()
            registers_ms = _ms(lambda: [app.register.list_insured(p.id) for p in app.register.list_payers()], 7)
        finally:
            app.close()
    print(json.dumps({
        "bench": "store", "clients": args.clients, "insured_per_client": args.insured, "payers": len(payers),
        "run_select_us": run_us, "transaction_insert_us": tx_us, "load_dashboard_ms": dashboard_ms,
        "registers_ms": registers_ms,
        "new_process_open_ms": {"median": round(statistics.median(c["open_ms"] for c in cold), 1),
                                "best": round(min(c["open_ms"] for c in cold), 1)},
        **{f"new_process_{key}": {"median": round(statistics.median(c[key] for c in cold), 1),
                                  "best": round(min(c[key] for c in cold), 1)}
           for key in ("first_read_ms", "first_write_ms")},
    }), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
