"""The payer's account (issue 17): a 10 000-transaction MT940 statement imported into a workspace of
300 clients (goal < 2 s), and the arrears of 300 clients × 24 months computed for the dashboard from
loaded dues and payments (goal < 100 ms), then shown in the dashboard's table model (offscreen).

    python -m bench account        # or: python -m bench.bench_account [--transactions N] [--clients N]

The statement is written the way Polish banks write MT940 (``~NN`` subfields, 65-column lines): two
thirds of the transfers go to the clients' NRS, one third elsewhere. The same file is then imported
again (everything already known). The dues are generated in memory (300 × 24 months, five funds,
deadlines from the payer type), the payments are read back from the workspace database.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path


def _nrs(nip: str) -> str:
    from eplatnik.register.nrs import nrs_for_nip

    return nrs_for_nip(nip)


def statement(nips: list[str], count: int, rng: random.Random) -> bytes:
    lines = [":20:BENCH", ":25:/PL61109010140000071219812874", ":28C:1/1", ":60F:C250101PLN100000000,00"]
    day = date(2025, 1, 2)
    for n in range(count):
        if n % 40 == 39:
            day += timedelta(days=1)
        if n % 3 == 2:
            account, name, title = "10105000997603123456789123", "ENERGA OBRÓT S.A.", f"Faktura {n}/2025"
        else:
            nip = nips[n % len(nips)]
            account, name, title = _nrs(nip), "ZAKŁAD UBEZPIECZEŃ SPOŁECZNYCH", f"Składki ZUS {nip} nr {n}"
        amount = f"{rng.randint(100, 50000)},{rng.randint(0, 99):02d}"
        lines.append(f":61:{day:%y%m%d}{day:%m%d}D{amount}NTRFREF{n:010d}//REF{n:010d}")
        body = (f"152~00PRZELEW ZEWNĘTRZNY~20{title[:27]}~21{title[27:54]}~27{name[:35]}"
                f"~30{account[2:10]}~31{account[10:]}")
        lines += [":86:" + body[:65]] + [body[i:i + 65] for i in range(65, len(body), 65)]
    lines += [f":62F:C{day:%y%m%d}PLN1,00", "-"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def dues_for(payer_ids: list[int], months: int, rng: random.Random):
    from eplatnik.account.allocation import MonthDues
    from eplatnik.account.funds import FundAmounts
    from eplatnik.period import Period
    from eplatnik.workdays import PayerType, monthly_deadline

    out = {}
    for pid in payer_ids:
        period = Period(2025, 1)
        items = []
        for _ in range(months):
            fus = Decimal(rng.randint(100000, 4000000)) / 100
            amounts = FundAmounts(fus, (fus * Decimal("0.25")).quantize(Decimal("0.01")),
                                  (fus * Decimal("0.08")).quantize(Decimal("0.01")), Decimal("3.10"), Decimal(0))
            items.append(MonthDues(period, monthly_deadline(PayerType.LEGAL, period), amounts))
            period = period.next()
        out[pid] = items
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transactions", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args(argv)
    from bench.workspace_gen import generate
    from eplatnik.account.service import AccountService
    from eplatnik.app import App
    from eplatnik.clock import FixedClock

    rng = random.Random(17)
    result: dict[str, object] = {"bench": "account", "transactions": args.transactions, "clients": args.clients,
                                 "months": args.months}
    with tempfile.TemporaryDirectory() as tmp:
        basedir = Path(tmp) / "ws"
        generate(basedir, args.clients, 1)
        app = App(basedir, clock=FixedClock("2026-12-20T10:00"))
        try:
            payers = app.register.list_payers()
            data = statement([p.nip for p in payers], args.transactions, rng)
            start = time.perf_counter()
            report = app.account.import_statement(data, name="bench.sta")
            result["import_s"] = round(time.perf_counter() - start, 3)
            result["matched"], result["ignored"] = report.count("matched"), report.count("ignored")
            start = time.perf_counter()
            again = app.account.import_statement(data, name="bench.sta")
            result["reimport_s"] = round(time.perf_counter() - start, 3)
            result["reimport_duplicates"] = again.count("duplicate")

            dues = dues_for([p.id for p in payers], args.months, rng)
            start = time.perf_counter()
            payments = app.account.store.payments_by_payer()
            result["load_payments_s"] = round(time.perf_counter() - start, 3)
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                arrears = AccountService.arrears_from(dues, payments, date(2026, 12, 20))
                runs.append(time.perf_counter() - start)
            result["arrears_ms_median"] = round(statistics.median(runs) * 1000, 1)
            result["arrears_ms_max"] = round(max(runs) * 1000, 1)
            result["payers_in_arrears"] = sum(1 for a in arrears.values() if a.arrears > 0)
            result["table_ms"] = round(_table_ms(app, arrears), 1)
        finally:
            app.close()
    print(json.dumps(result), flush=True)


def _table_ms(app, arrears) -> float:
    """The dashboard's rows with arrears set into its table model (offscreen Qt), in ms."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from eplatnik.dashboard import with_arrears
    from eplatnik.ui.bridge import EventBridge
    from eplatnik.ui.context import UiContext
    from eplatnik.ui.pages.dashboard import DashboardPage

    qapp = QApplication.instance() or QApplication([])
    data = app.dashboard.load(with_certificates=False)
    page = DashboardPage(UiContext(app, EventBridge(app.events)))
    page._build_table()
    start = time.perf_counter()
    rows = with_arrears(data.deadlines, arrears)
    data.deadlines = rows
    page._show(data)
    qapp.processEvents()
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
