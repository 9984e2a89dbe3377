"""``eplatnik-cli sandbox serve``: run ZUS's side (gateway, e-visit booking) on loopback."""

from __future__ import annotations

import argparse
import signal
import threading


def register(sub: argparse._SubParsersAction) -> None:
    sandbox = sub.add_parser("sandbox", help="piaskownica ZUS (serwer HTTP na 127.0.0.1)").add_subparsers(
        dest="sub", metavar="ACTION")
    p = sandbox.add_parser("serve", help="uruchom serwer piaskownicy")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "localhost", "::1"],
                   help="tylko adresy pętli zwrotnej (loopback)")
    p.add_argument("--state", required=True, help="katalog stanu piaskownicy (przetrwa restart)")
    p.add_argument("--latency-ms", type=int, default=0, help="opóźnienie każdej odpowiedzi")
    p.add_argument("--error-rate", type=float, default=0.0, help="odsetek odpowiedzi 503 (0–1)")
    p.add_argument("--drop-rate", type=float, default=0.0, help="odsetek zerwanych połączeń (0–1)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--processing-seconds", type=float, default=None,
                   help="czas przetwarzania przesyłki przed wydaniem UPO")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args, ctx) -> int:
    from ..sandbox.instance import SandboxRunning
    from ..sandbox.server import FaultConfig, SandboxServer

    faults = FaultConfig(latency_ms=args.latency_ms, error_rate=args.error_rate, drop_rate=args.drop_rate,
                         seed=args.seed)
    try:
        server = SandboxServer(args.state, host=args.host, port=args.port, faults=faults)
    except SandboxRunning as exc:
        # one sandbox per state folder: the running one is the one to use (exit 0, its address printed)
        print(exc.render(), flush=True)
        print(exc.running.url, flush=True)
        return 0
    if args.processing_seconds is not None:
        for service in server.services:
            if hasattr(service, "processing_seconds"):
                service.processing_seconds = args.processing_seconds
    stop = threading.Event()

    def handle(_sig, _frame) -> None:
        stop.set()
        threading.Thread(target=server.stop, daemon=True).start()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    print(f"sandbox listening on {server.url} (state: {args.state})", flush=True)
    server.serve_forever()
    return 0
