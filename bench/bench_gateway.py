"""Submission throughput (issue 5): 300 signed monthly sets → sandbox → all receipts verified.

Setup (not timed): a workspace of N payers × M insured, one accountant certificate from the
sandbox's test CA authorised for every payer, each payer's monthly set built and signed (XAdES,
PKCS#12 key). Timed: enqueue all (package = ZIP + CMS encryption, evidence files, outbox rows) and
run the outbox until every receipt is stored and verified, against a sandbox on loopback in the
same process (its workers check schema, signature, authorisation and rules, and sign receipts).

    python -m bench gateway            # or: python -m bench.bench_gateway [--sets 300] [--insured 20]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_gateway")
    parser.add_argument("--sets", type=int, default=300)
    parser.add_argument("--insured", type=int, default=20)
    parser.add_argument("--processing-seconds", type=float, default=0.0,
                        help="sandbox processing delay per package (default 0: measure our own work)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--sandbox-process", action="store_true",
                        help="run the sandbox as a separate process (eplatnik-cli sandbox serve), like a real gateway")
    parser.add_argument("--gui", action="store_true",
                        help="send from the GUI's submissions page (offscreen), as a person does: the page's job "
                             "child process sends to the workspace's sandbox child (default 2 s processing), "
                             "while a 5 ms timer probes the longest UI-thread stall")
    args = parser.parse_args(argv)

    from bench.workspace_gen import generate
    from eplatnik.app import App
    from eplatnik.forms.builder import build_monthly
    from eplatnik.forms.kedu_writer import write_set
    from eplatnik.period import Period
    from eplatnik.register.synthetic import pesel_for
    from eplatnik.sandbox.gateway_store import GatewayStore, ensure_ca
    from eplatnik.sandbox.server import SandboxServer
    from eplatnik.signing.keysource import SigningKey
    from eplatnik.signing.xades import sign_xml

    tmp = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    try:
        t0 = time.perf_counter()
        basedir = generate(tmp / "ws", args.sets, args.insured)
        state = basedir / "sandbox"
        ca = ensure_ca(state)
        pesel = pesel_for(date(1979, 3, 12), 412, female=True)
        key, cert = ca.issue_person("Maria Wiśniewska", pesel=pesel)
        signing_key = SigningKey(key, cert, [ca.cert])
        app = App(basedir)
        payers = app.register.list_payers()
        store = GatewayStore(state)
        for payer in payers:
            store.add_authorisation(pesel, payer.nip)
        store.close()
        period = Period(2026, 10)
        signed = [sign_xml(write_set(build_monthly(p, app.register.list_insured(p.id), period,
                                                   today=app.clock.today())), signing_key)
                  for p in payers]
        setup_s = time.perf_counter() - t0

        if args.gui:
            server = None  # the program's own sandbox child (the "sandbox" profile), as `make run` uses
        elif args.sandbox_process:
            server = _SandboxProcess(state, args.processing_seconds)
        else:
            server = SandboxServer(state)
            for service in server.services:
                if hasattr(service, "processing_seconds"):
                    service.processing_seconds = args.processing_seconds
            server.start()
        if server is not None:
            app.gateway_url_override = server.url
        stall: dict = {}
        try:
            if args.gui:
                result, total_s, stall = _run_in_gui(app, signed, tmp)
                enqueue_s = None
            else:
                t1 = time.perf_counter()
                ids = [app.gateway.enqueue(data, source_name=f"set-{i}.xml").id for i, data in enumerate(signed)]
                enqueue_s = time.perf_counter() - t1
                result = app.gateway.process(ids=ids, wait=900)
                total_s = time.perf_counter() - t1
        finally:
            if server is not None:
                server.stop()
        states: dict[str, int] = {}
        for sub in result.done + result.pending:
            states[sub.state] = states.get(sub.state, 0) + 1
        verified = sum(1 for s in result.done if s.receipt_verified)
        app.close()
        print(json.dumps({"bench": "gateway", "sets": args.sets, "insured_per_set": args.insured,
                          "kedu_kb_avg": round(sum(map(len, signed)) / len(signed) / 1024, 1),
                          "setup_build_sign_s": round(setup_s, 2),
                          "enqueue_s": round(enqueue_s, 2) if enqueue_s is not None else None,
                          "submit_and_collect_receipts_s": round(total_s, 2),
                          "per_set_ms": round(total_s / args.sets * 1000, 1), "states": states,
                          "receipts_verified": verified,
                          "sandbox_processing_seconds": 2.0 if args.gui else args.processing_seconds,
                          "gui": args.gui, **stall}),
              flush=True)
        return 0 if verified == args.sets else 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


class _SandboxProcess:
    """``eplatnik-cli sandbox serve`` in its own process on a free port."""

    def __init__(self, state: Path, processing_seconds: float) -> None:
        import socket
        import subprocess
        import sys
        import urllib.request

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "sandbox", "serve", "--port", str(port),
                                      "--state", str(state), "--processing-seconds", str(processing_seconds)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url + "/sandbox/health", timeout=1).read()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("sandbox did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def _run_in_gui(app, signed: list[bytes], tmp: Path):
    """Submit through the submissions page's background operation while a 5 ms timer measures the
    longest gap between its ticks on the UI thread (the page list reloads on every state change)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from eplatnik.ui.application import build_window

    qapp = QApplication.instance() or QApplication([])
    from eplatnik.ui.gc_guard import UiThreadGarbageCollector

    qapp._gc_guard = UiThreadGarbageCollector(qapp)  # as the program does (eplatnik.ui.application.run)
    files = []
    for i, data in enumerate(signed):
        path = tmp / "signed" / f"set-{i:03d}.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files.append(path)
    window = build_window(app)
    window.show()
    page = window.show_page("submissions")
    loop = QEventLoop()
    clock, gaps = QElapsedTimer(), []
    last = [0]
    clock.start()

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    # let the window settle before measuring: the first list load and the main window's own delayed
    # start-up work (e.g. creating the e-visits page for reminders) are not part of the submission
    settle = QEventLoop()
    QTimer.singleShot(4500, settle.quit)  # the main window starts its reminders 3 s after showing
    settle.exec()
    qapp.processEvents()
    outcome: dict = {}
    t0 = time.perf_counter()
    last[0] = clock.elapsed()
    probe.start()
    # what the page's "Send files…" does after the file dialog: its own background operation
    page._after_run = lambda result: (outcome.setdefault("result", result), loop.quit())
    from eplatnik.ui import ops

    original = ops.show_error
    ops.show_error = lambda parent, exc: (outcome.setdefault("error", exc), loop.quit())
    try:
        page.submit_paths(files)
        QTimer.singleShot(900_000, loop.quit)  # a bug would go to the crash handler: do not hang
        loop.exec()
    finally:
        ops.show_error = original
    total = time.perf_counter() - t0
    probe.stop()
    window.close()
    if "result" not in outcome:
        raise RuntimeError(str(outcome.get("error", "the submission did not finish")))
    gaps.sort()
    return outcome["result"], total, {"ui_max_stall_ms": gaps[-1] if gaps else None,
                                      "ui_p99_stall_ms": gaps[int(len(gaps) * 0.99)] if gaps else None,
                                      "ui_ticks": len(gaps)}


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
