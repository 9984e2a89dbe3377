"""Foundation figures (issue 2):

1. Cold start to the main window shown, on a workspace of 300 payers × 20 insured, as a ratio to a
   bare PySide6 window started the same way in the same run (goal ≤ 1.5×). Each start is a new
   process; the time is from spawning it to its "shown" line on stdout (median of N runs).
2. Filtering the payers list of 10 000 payers: time per keystroke (filter + view repaint),
   goal < 50 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("bare")); w.resize(1280, 800); w.show()
QTimer.singleShot(0, lambda: (print("EPLATNIK_SHOWN", flush=True), app.quit()))
app.exec()
"""


def time_start_with_cpu(cmd: list[str], env: dict) -> tuple[float, float]:
    """(seconds from spawning to "EPLATNIK_SHOWN", the process's CPU seconds until it exits). The CPU
    time counts what the program itself did, which a loaded machine does not stretch as it does the wall
    time (the store-boundary section of docs/performance.md uses it for the same reason)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("EPLATNIK_SHOWN"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"no EPLATNIK_SHOWN from {cmd}")
    proc.wait(timeout=60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _time_start(cmd: list[str], env: dict) -> float:
    return time_start_with_cpu(cmd, env)[0]


def startup(runs: int = 7) -> dict:
    from bench.workspace_gen import generate

    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # an installed wheel has byte-compiled modules (pip compiles on install); match that here even when
    # the environment sets PYTHONDONTWRITEBYTECODE, or every start would pay for compiling the sources
    import compileall

    import eplatnik

    compileall.compile_dir(str(Path(eplatnik.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        ws = generate(Path(tmp) / "ws", 300, 20)
        app_cmd = [sys.executable, "-m", "eplatnik", "--basedir", str(ws), "--startup-probe", "--no-err-windows"]
        bare_cmd = [sys.executable, "-c", BARE]
        _time_start(app_cmd, env)  # warm the OS file cache once for both
        _time_start(bare_cmd, env)
        bare, ours = [], []
        for _ in range(runs):
            bare.append(_time_start(bare_cmd, env))
            ours.append(_time_start(app_cmd, env))
    result = {"bench": "startup_300x20", "platform": env["QT_QPA_PLATFORM"], "runs": runs,
              "bare_median_s": round(statistics.median(bare), 4), "app_median_s": round(statistics.median(ours), 4)}
    result["ratio"] = round(result["app_median_s"] / result["bare_median_s"], 3)
    result["goal"] = "ratio <= 1.5"
    return result


def filtering(payers: int = 10_000) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from bench.workspace_gen import generate
    from eplatnik.app import App
    from eplatnik.ui.bridge import EventBridge
    from eplatnik.ui.context import UiContext
    from eplatnik.ui.pages.payers import PayersPage

    qapp = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "ws", payers, 0)
        app = App(Path(tmp) / "ws")
        try:
            page = PayersPage(UiContext(app=app, bridge=EventBridge(app.events)))
            page.resize(1200, 800)
            page.show()
            page.model.set_records(app.register.list_payers())
            qapp.processEvents()
            timings = []
            for query in ("firma 0", "firma 01", "firma 012", "firma 0123", "5", "52", "526", "kraków", ""):
                page.search.setText("")
                qapp.processEvents()
                text = ""
                for ch in query or " ":
                    text += ch
                    start = time.perf_counter()
                    page.search.setText(text)  # textChanged → filter → count label
                    page.table.viewport().repaint()
                    qapp.processEvents()
                    timings.append((time.perf_counter() - start) * 1000)
            rows = page.model.total_count()
            page.close()
        finally:
            app.close()
    ordered = sorted(timings)
    return {"bench": "payer_filter_keystroke", "payers": rows, "keystrokes": len(timings),
            "median_ms": round(statistics.median(timings), 2), "p95_ms": round(ordered[int(len(ordered) * .95)], 2),
            "max_ms": round(ordered[-1], 2), "goal": "each keystroke < 50 ms"}


def main(argv: list[str]) -> None:
    for result in (startup(), filtering()):
        print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
