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
        signed = [sign_xml(write_set(build_monthly(p, app.register.list_insured(p.id), period)), signing_key)
                  for p in payers]
        setup_s = time.perf_counter() - t0

        server = SandboxServer(state)
        for service in server.services:
            if hasattr(service, "processing_seconds"):
                service.processing_seconds = args.processing_seconds
        server.start()
        app.gateway_url_override = server.url
        try:
            t1 = time.perf_counter()
            ids = [app.gateway.enqueue(data, source_name=f"set-{i}.xml").id for i, data in enumerate(signed)]
            enqueue_s = time.perf_counter() - t1
            result = app.gateway.process(ids=ids, wait=900)
            total_s = time.perf_counter() - t1
        finally:
            server.stop()
        states: dict[str, int] = {}
        for sub in result.done + result.pending:
            states[sub.state] = states.get(sub.state, 0) + 1
        verified = sum(1 for s in result.done if s.receipt_verified)
        app.close()
        print(json.dumps({"bench": "gateway", "sets": args.sets, "insured_per_set": args.insured,
                          "kedu_kb_avg": round(sum(map(len, signed)) / len(signed) / 1024, 1),
                          "setup_build_sign_s": round(setup_s, 2), "enqueue_s": round(enqueue_s, 2),
                          "submit_and_collect_receipts_s": round(total_s, 2),
                          "per_set_ms": round(total_s / args.sets * 1000, 1), "states": states,
                          "receipts_verified": verified,
                          "sandbox_processing_seconds": args.processing_seconds}), flush=True)
        return 0 if verified == args.sets else 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
