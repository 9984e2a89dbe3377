"""The whole month-end for an office (issue 7): 300 clients × 20 insured — build every set from the
register, verify all, sign all with a SoftHSM2 token (one PIN entry), submit all to a sandbox
gateway running as a separate process on a free loopback port, collect every receipt.
Goal: ≤ 2 minutes on the 2-core machine.

The run is the product's own ``MonthRunner`` with ``ServiceSteps``; a thin wrapper adds up the time
spent in each step function, so the JSON line shows where the time goes.

    python -m bench month        # or: python -m bench.bench_month [--clients N] [--insured N] [--gui]

``--gui`` drives the same run from the real run window (offscreen) with a 10 ms QTimer probe on the
UI thread; ``BENCH_SWITCH_INTERVAL=0.001`` sets the interpreter switch interval for that experiment.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN = "MONTH-BENCH"
PIN = "1234"
ACCOUNTANT = "Bench Księgowa"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent():
    """Linux: a pre-exec hook giving the sandbox SIGTERM if this benchmark dies (even of a fatal
    error). Resolved in the parent, so the child only makes one C call between fork and exec."""
    import ctypes
    import signal

    try:
        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except OSError:
        return None
    return lambda: prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_up(url: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url + "/sandbox/health", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("sandbox did not start")


def _office(basedir: Path, clients: int, insured: int) -> str:
    """Synthetic register + one accountant authorised for every client; returns her PESEL."""
    from bench.workspace_gen import generate
    from eplatnik.app import App
    from eplatnik.register.models import Accountant, Authorisation
    from eplatnik.register.synthetic import pesel_for
    from eplatnik.settings import ACCOUNTANT as ACCOUNTANT_SETTING

    generate(basedir, clients, insured)
    app = App(basedir)
    try:
        pesel = pesel_for(date(1980, 5, 17), 123, female=True)
        accountant = app.register.add_accountant(Accountant(name=ACCOUNTANT, pesel=pesel))
        for payer in app.register.list_payers():
            app.register.add_authorisation(Authorisation(payer_id=payer.id, accountant_id=accountant.id,  # type: ignore[arg-type]
                                                         valid_from=date(2024, 1, 1)))
        app.settings.set(ACCOUNTANT_SETTING, ACCOUNTANT)
        nips = [p.nip for p in app.register.list_payers()]
    finally:
        app.close()
    from eplatnik.sandbox.gateway_store import GatewayStore

    store = GatewayStore(basedir / "sandbox")  # ZUS's side knows the office's authorisations
    try:
        for nip in nips:
            store.add_authorisation(pesel, nip)
    finally:
        store.close()
    return pesel


def _token(tmp: Path, state_dir: Path, pesel: str) -> None:
    """A SoftHSM2 token with a non-extractable RSA-2048 key and a certificate from the sandbox CA."""
    conf = tmp / "softhsm2.conf"
    (tmp / "tokens").mkdir()
    conf.write_text(f"directories.tokendir = {tmp / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", "5678"],
                   check=True, capture_output=True)
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.rsa import encode_rsa_public_key

    from eplatnik.sandbox.gateway_store import ensure_ca
    from eplatnik.signing.pkcs11 import _lib, on_token

    ca = ensure_ca(state_dir)

    def provision() -> None:
        with _lib(SOFTHSM_MODULE).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as s:
            pub, _ = s.generate_keypair(KeyType.RSA, 2048, store=True, id=b"\x01", private_template={
                Attribute.EXTRACTABLE: False, Attribute.SENSITIVE: True, Attribute.TOKEN: True})
            spki = keys.PublicKeyInfo({"algorithm": {"algorithm": "rsa"},
                                       "public_key": keys.RSAPublicKey.load(encode_rsa_public_key(pub))})
            cert = ca.certify(serialization.load_der_public_key(spki.dump()), ACCOUNTANT, pesel=pesel)
            s.create_object({Attribute.CLASS: ObjectClass.CERTIFICATE,
                             Attribute.CERTIFICATE_TYPE: CertificateType.X_509, Attribute.TOKEN: True,
                             Attribute.ID: b"\x01", Attribute.SUBJECT: cert.subject.public_bytes(),
                             Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER)})
    on_token(provision)


class TimedSteps:
    """Wraps the real steps and adds up the seconds spent in each."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.seconds: dict[str, float] = {}

    def __getattr__(self, name: str):
        fn = getattr(self.inner, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        return timed


def _gui_run(app, run_id: int) -> dict:
    """The same run driven by the real run window (offscreen), with a 10 ms QTimer probe on the UI
    thread: the longest gap between two ticks beyond the interval is the longest UI stall."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from eplatnik.ui.bridge import EventBridge
    from eplatnik.ui.context import UiContext
    from eplatnik.ui.dialogs.month_run_dialog import MonthRunDialog
    from eplatnik.ui.dialogs.pin_dialog import PinDialog

    if os.environ.get("BENCH_SWITCH_INTERVAL"):
        sys.setswitchinterval(float(os.environ["BENCH_SWITCH_INTERVAL"]))
    qapp = QApplication.instance() or QApplication([])
    from eplatnik.ui.gc_guard import UiThreadGarbageCollector

    qapp._gc_guard = UiThreadGarbageCollector(qapp)  # as the program does (eplatnik.ui.application.run)
    ctx = UiContext(app, EventBridge(app.events))
    dialog = MonthRunDialog(ctx, run_id=run_id, names={p.id: (p.short_name, p.nip) for p in app.register.list_payers()})
    dialog.show()
    dialog.source.setCurrentIndex(dialog.source.findData("pkcs11"))
    dialog.module.setText(SOFTHSM_MODULE)
    dialog.token.setText(TOKEN)
    clock = QElapsedTimer()
    clock.start()
    gaps: list[int] = []
    last = [clock.elapsed()]

    worst: list[tuple[int, str]] = []

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        if gaps[-1] > 40:
            worst.append((gaps[-1], dialog.phase.text()[:40]))
        last[0] = now
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PinDialog):
            modal.field.setText(PIN)
            modal.accept()

    probe = QTimer()
    probe.setInterval(10)
    probe.timeout.connect(tick)
    probe.start()
    start = time.perf_counter()
    dialog.start_button.click()
    qapp.processEvents()
    while dialog.op is not None or not dialog.start_button.isEnabled():
        qapp.processEvents()
        time.sleep(0.001)
    total = time.perf_counter() - start
    probe.stop()
    gaps.sort()
    return {"gui_total_s": round(total, 1), "ui_ticks": len(gaps),
            "longest_ui_stall_ms": max(0, gaps[-1] - 10) if gaps else None,
            "p99_tick_gap_ms": gaps[int(len(gaps) * 0.99)] if gaps else None, "goal_stall_ms": 50,
            "gaps_over_40ms": sorted(worst, reverse=True)[:8]}


def run(clients: int, insured: int, processing: float, gui: bool = False) -> dict:
    if not (shutil.which("softhsm2-util") and Path(SOFTHSM_MODULE).exists()):
        return {"bench": "month", "skipped": "softhsm2 not installed"}
    tmp = Path(tempfile.mkdtemp(prefix="bench-month-"))
    basedir = tmp / "ws"
    try:
        t0 = time.perf_counter()
        pesel = _office(basedir, clients, insured)
        _token(tmp, basedir / "sandbox", pesel)
        setup = time.perf_counter() - t0
        port = _free_port()
        sandbox = subprocess.Popen([sys.executable, "-m", "eplatnik.cli", "sandbox", "serve", "--port", str(port),
                                    "--state", str(basedir / "sandbox"), "--processing-seconds", str(processing)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   preexec_fn=_die_with_parent())  # noqa: PLW1509 - one C call, no locks
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_up(url)
            from eplatnik.app import App
            from eplatnik.month.run import MonthRunner
            from eplatnik.month.steps import ServiceSteps
            from eplatnik.period import Period
            from eplatnik.progress import Progress
            from eplatnik.signing.keysource import FixedPin
            from eplatnik.signing.pkcs11 import Pkcs11KeySource

            app = App(basedir, gateway_url=url)
            app.gateway.poll_seconds = 0.25
            try:
                steps = TimedSteps(ServiceSteps(app, Pkcs11KeySource(SOFTHSM_MODULE, TOKEN), FixedPin(PIN)))
                runner = MonthRunner(app, steps)
                runner.receipt_wait = 300
                phases: dict[str, float] = {}
                marks = [("start", time.perf_counter())]

                def note(state) -> None:
                    if state.message != marks[-1][0]:
                        marks.append((state.message, time.perf_counter()))

                start = time.perf_counter()
                run_id = runner.start(Period(2026, 10), runner.resolve_clients("all"))
                if gui:
                    gui_result = _gui_run(app, run_id)
                    result = runner.get(run_id)
                else:
                    result = runner.run(run_id, progress=Progress(note, min_interval=0.0))
                total = time.perf_counter() - start
                marks.append(("end", time.perf_counter()))
                for (label, at), (_next, until) in itertools.pairwise(marks):
                    if label not in ("start", ""):
                        phases[label] = phases.get(label, 0.0) + until - at
                steps_done = [c.step for c in runner.store.clients(run_id)]
            finally:
                app.close()
        finally:
            sandbox.terminate()
            sandbox.wait(timeout=20)
        extra = gui_result if gui else {}
        return {**extra, "bench": "month-gui" if gui else "month", "clients": clients, "insured_per_client": insured,
                "sandbox_processing_s": processing, "setup_s": round(setup, 1), "total_s": round(total, 1),
                "goal_s": 120, "met": total <= 120 and steps_done.count("accepted") == clients,
                "run_state": result.state, "accepted": steps_done.count("accepted"),
                "other": len(steps_done) - steps_done.count("accepted"),
                "step_seconds": {k: round(v, 1) for k, v in steps.seconds.items()},
                "phase_wall_seconds": {k: round(v, 1) for k, v in phases.items()}}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_month")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--insured", type=int, default=20)
    parser.add_argument("--processing", type=float, default=0.5, help="sandbox processing time per package")
    parser.add_argument("--gui", action="store_true", help="drive the run from the run window with a UI probe")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.clients, args.insured, args.processing, args.gui), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
