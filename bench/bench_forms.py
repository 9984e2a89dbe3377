"""Declarations (issue 3): monthly sets at office scale, and a streaming import of a large KEDU file.

1. ``sets``: 300 payers × 20 insured. Timed: for every payer, build the month's set from the register
   data (calculator), verify it (all rules), serialise it to KEDU 5.7 and validate it against the
   official XSD — in memory (``pipeline``) and again through ``DocumentService`` with every set stored in
   SQLite (``service``: build_monthly + verify). Register generation is not timed.
2. ``import``: a KEDU file with 10 000 RCA blocks is imported (streaming read with schema validation,
   re-written as 5.7, stored) into a workspace that has the payer.

Each part runs in its own process so ``ru_maxrss`` is that part's peak resident memory.

    python -m bench forms          # or: python -m bench.bench_forms [--payers 300] [--insured 20] [--blocks 10000]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def part_sets(basedir: Path) -> dict:
    from eplatnik.app import App
    from eplatnik.forms import builder, kedu_schema, kedu_writer
    from eplatnik.forms.verification import VerificationContext, has_errors, verify_set
    from eplatnik.period import Period

    period = Period(2026, 10)
    app = App(basedir)
    try:
        payers = app.register.list_payers()
        insured = {p.id: app.register.list_insured(p.id, on=period.last_day(), active_only=True) for p in payers}
        kedu_schema.schema_for(kedu_schema.WRITE_NAMESPACE)  # load once, as the running app does
        rss_before = _rss_mb()
        t0 = time.perf_counter()
        times = {"build": 0.0, "verify": 0.0, "serialise": 0.0, "schema": 0.0}
        errors = 0
        for payer in payers:
            a = time.perf_counter()
            ds = builder.build_monthly(payer, insured[payer.id], period, today=app.clock.today())
            b = time.perf_counter()
            findings = verify_set(ds, VerificationContext(payer=payer, insured=insured[payer.id]))
            c = time.perf_counter()
            xml = kedu_writer.write_set(ds)
            d = time.perf_counter()
            problems = kedu_schema.validate_bytes(xml)
            e = time.perf_counter()
            errors += has_errors(findings) + bool(problems)
            times["build"] += b - a
            times["verify"] += c - b
            times["serialise"] += d - c
            times["schema"] += e - d
        pipeline = time.perf_counter() - t0

        t1 = time.perf_counter()
        for payer in payers:
            info = app.documents.build_monthly(payer.id, period)
            errors += not app.documents.verify(info.id).ok
        service = time.perf_counter() - t1
        return {"bench": "forms.sets", "payers": len(payers), "insured_per_payer": len(insured[payers[0].id]),
                "pipeline_s": round(pipeline, 3), **{f"{k}_s": round(v, 3) for k, v in times.items()},
                "service_build_verify_store_s": round(service, 3), "sets_with_errors": errors,
                "rss_before_mb": round(rss_before, 1), "peak_rss_mb": round(_rss_mb(), 1), "goal_s": 10}
    finally:
        app.close()


def make_big_file(path: Path, blocks: int) -> str:
    """A KEDU 5.7 file with one DRA and one RCA of ``blocks`` persons, written streaming."""
    from datetime import date
    from decimal import Decimal

    from eplatnik.forms import builder, kedu_writer
    from eplatnik.forms.calculator import ContributionInput, calculate
    from eplatnik.forms.model import DraDocument, PayerIdentity, PersonIdentity, RcaDocument
    from eplatnik.period import Period
    from eplatnik.register.models import InsuredPerson, InsuredRecord
    from eplatnik.register.synthetic import pesel_for

    period = Period(2026, 10)
    payer = PayerIdentity(nip="9512345675", regon="146000001", short_name="TECHBUD SP. Z O.O.")
    result = calculate(ContributionInput(period=period, title_code="011000", gross_pay=Decimal("6000.00")))
    rca = RcaDocument(payer=payer, period=period, filled_date=date(2026, 11, 5))
    for n in range(blocks):
        person = InsuredPerson(payer_id=1, pesel=pesel_for(date(1960 + n % 40, 1 + n % 12, 1 + n % 28), n % 999,
                                                           female=n % 2 == 0),
                               record=InsuredRecord(first_name="JAN", last_name=f"NOWAK{n}",
                                                    birth_date=date(1970, 1, 1), insurance_title_code="011000",
                                                    start_date=date(2020, 1, 1)))
        block = builder.rca_block(n + 1, person, result)
        block.person = PersonIdentity(pesel=person.pesel, last_name=f"NOWAK{n}", first_name="JAN")
        rca.blocks.append(block)
    dra = builder.sum_into_dra(DraDocument(payer=payer, period=period, filled_date=date(2026, 11, 5)), rca.blocks)
    with open(path, "wb") as fh:
        kedu_writer.write_to(fh, [dra, rca])
    return str(path)


def part_import(basedir: Path, path: Path) -> dict:
    from eplatnik.app import App
    from eplatnik.register.models import Payer
    from eplatnik.workdays import PayerType

    app = App(basedir)
    try:
        app.register.add_payer(Payer(nip="9512345675", regon="146000001", full_name="TECHBUD",
                                     short_name="TECHBUD SP. Z O.O.", payer_type=PayerType.LEGAL))
        app.documents  # noqa: B018 - open the area (tables) before measuring
        rss_before = _rss_mb()
        t0 = time.perf_counter()
        result = app.documents.import_file(path)
        elapsed = time.perf_counter() - t0
        return {"bench": "forms.import", "file_mb": round(path.stat().st_size / 1e6, 1),
                "rca_blocks": app.documents.get_set(result.set_ids[0]).rca.blocks[-1].block_id,
                "import_s": round(elapsed, 3), "rss_before_mb": round(rss_before, 1),
                "peak_rss_mb": round(_rss_mb(), 1), "goal_peak_mb": 200}
    finally:
        app.close()


def _child(part: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.bench_forms", "--part", part, *args],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_forms")
    parser.add_argument("--payers", type=int, default=300)
    parser.add_argument("--insured", type=int, default=20)
    parser.add_argument("--blocks", type=int, default=10000)
    parser.add_argument("--part", choices=["sets", "import"])
    parser.add_argument("--basedir", type=Path)
    parser.add_argument("--file", type=Path)
    args = parser.parse_args(argv)
    if args.part == "sets":
        print(json.dumps(part_sets(args.basedir)))
        return 0
    if args.part == "import":
        print(json.dumps(part_import(args.basedir, args.file)))
        return 0

    from bench.workspace_gen import generate

    tmp = Path(tempfile.mkdtemp(prefix="bench-forms-"))
    try:
        t0 = time.perf_counter()
        generate(tmp / "ws", args.payers, args.insured)
        setup = time.perf_counter() - t0
        result = _child("sets", "--basedir", str(tmp / "ws"))
        print(json.dumps({**result, "setup_s": round(setup, 1)}), flush=True)
        big = tmp / "big.xml"
        make_big_file(big, args.blocks)
        print(json.dumps(_child("import", "--basedir", str(tmp / "imp"), "--file", str(big))), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
