"""Payments and the payer's account.

``eplatnik-cli --basedir DIR payments import FILE [--format mt940|camt053|csv] [--dry-run]`` reads a
bank statement, matches every transfer to a payer's NRS and stores it (the same statement again adds
nothing); ``payments add`` enters a payment by hand; ``payments list`` lists them.
``eplatnik-cli --basedir DIR account --payer NIP [--json]`` shows the account month by month: dues
from accepted declarations, payments allocated as ZUS does it, arrears, interest and overpayment.
Exit status: 0 done, 2 invalid input or an unreadable statement (nothing imported)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from ..errors import UserFacingError
from ..i18n import language, t

NO_FILE = t("Nie można odczytać pliku {path}.", "Cannot read the file {path}.")
BAD_DATE = t("Data „{text}” jest niepoprawna (RRRR-MM-DD).", "The date '{text}' is invalid (YYYY-MM-DD).")


class InvalidArgs(UserFacingError):
    exit_code = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("payments", help="wpłaty: import wyciągów bankowych (MT940, camt.053, CSV), wpisanie ręczne")
    actions = p.add_subparsers(dest="payments_cmd", metavar="ACTION")
    s = actions.add_parser("import", help="zaimportuj wyciąg; dopasowanie po rachunku składkowym (NRS)")
    s.add_argument("file")
    s.add_argument("--format", choices=["mt940", "camt053", "csv"], help="format pliku (domyślnie rozpoznawany)")
    s.add_argument("--encoding", help="kodowanie (domyślnie rozpoznawane: UTF-8, Windows-1250, ISO-8859-2)")
    s.add_argument("--csv-preset", help="układ CSV banku: generic, mbank, pko, ing, santander, pekao")
    s.add_argument("--csv-mapping", help="plik JSON z przypisaniem kolumn CSV (jak w podglądzie w programie)")
    s.add_argument("--dry-run", action="store_true", help="tylko pokaż, co zostałoby zaimportowane")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_import)
    s = actions.add_parser("add", help="wpisz wpłatę ręcznie")
    s.add_argument("--payer", required=True, help="NIP płatnika")
    s.add_argument("--date", required=True, help="data obciążenia rachunku RRRR-MM-DD")
    s.add_argument("--amount", required=True, help="kwota, np. 1234,56")
    s.add_argument("--title", default="")
    s.set_defaults(func=cmd_add)
    s = actions.add_parser("list", help="lista wpłat (dopasowanych i pominiętych)")
    s.add_argument("--payer", help="NIP płatnika")
    s.add_argument("--status", choices=["matched", "ignored"])
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)
    p.set_defaults(func=lambda args, ctx: (p.print_help(), 2)[1])

    a = sub.add_parser("account", help="konto płatnika: należne składki, wpłaty, zaległości, odsetki")
    a.add_argument("--payer", required=True, help="NIP płatnika")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_account)


def _money(value) -> str:
    from ..formatting import money

    return money(value)  # the program's one formatter, in the chosen language


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        raise InvalidArgs(NO_FILE(path=path)) from None


def _mapping(args: argparse.Namespace):
    from ..account.statements.csv_bank import PRESETS, CsvMapping

    if args.csv_mapping:
        try:
            return CsvMapping.from_dict(json.loads(_read(args.csv_mapping).decode("utf-8")))
        except (ValueError, TypeError) as exc:
            raise InvalidArgs(t("Plik przypisania kolumn jest niepoprawny: {err}",
                                "The column mapping file is invalid: {err}")(err=str(exc))) from None
    if args.csv_preset:
        if args.csv_preset not in PRESETS:
            raise InvalidArgs(t("Nieznany układ CSV „{name}” (dostępne: {names}).",
                                "Unknown CSV layout '{name}' (available: {names}).")(
                name=args.csv_preset, names=", ".join(PRESETS)))
        return PRESETS[args.csv_preset]
    return None


def cmd_import(args: argparse.Namespace, ctx) -> int:
    data = _read(args.file)
    report = ctx.app.account.import_statement(data, name=Path(args.file).name, fmt=args.format,
                                              csv_mapping=_mapping(args), encoding=args.encoding,
                                              dry_run=args.dry_run)
    if args.json:
        ctx.out_json({"file": Path(args.file).name, "format": report.statement.format,
                      "encoding": report.statement.encoding, "dry_run": report.dry_run,
                      "matched": report.count("matched"), "ignored": report.count("ignored"),
                      "duplicates": report.count("duplicate"),
                      "transactions": [{"line": r.tx.line, "date": r.tx.booked_on.isoformat(),
                                        "amount": f"{r.tx.amount:.2f}", "direction": r.tx.direction,
                                        "account": r.tx.counterparty_account, "outcome": r.outcome,
                                        "payer_nip": r.payer_nip,
                                        "reason": r.match.reason_text().render() if r.match.reason_text() else ""}
                                       for r in report.rows]})
        return 0
    pl = language() == "pl"
    ctx.out((f"Wyciąg {Path(args.file).name}: {report.statement.format}, {report.statement.encoding}, "
             f"{len(report.rows)} operacji") if pl else
            f"Statement {Path(args.file).name}: {report.statement.format}, {report.statement.encoding}, "
            f"{len(report.rows)} transactions")
    groups = (("matched", "Dopasowane wpłaty składek", "Matched contribution payments"),
              ("ignored", "Pominięte (to nie wpłaty do ZUS)", "Ignored (not payments to ZUS)"),
              ("duplicate", "Już zaimportowane wcześniej", "Already imported before"))
    for outcome, title_pl, title_en in groups:
        rows = [r for r in report.rows if r.outcome == outcome]
        if not rows:
            continue
        ctx.out(f"{title_pl if pl else title_en} ({len(rows)}):")
        for r in rows[:200]:
            who = f"{r.payer_name} (NIP {r.payer_nip})" if r.payer_nip else (r.tx.counterparty_name or "—")
            why = r.match.reason_text()
            tail = f" — {why.render()}" if why and outcome == "ignored" else ""
            ctx.out(f"  {r.tx.booked_on:%Y-%m-%d}  {_money(r.tx.amount):>14}  {who}{tail}")
        if len(rows) > 200:
            ctx.out(f"  … (+{len(rows) - 200})")
    if report.dry_run:
        ctx.out("Próba (--dry-run): niczego nie zapisano." if pl else "Dry run (--dry-run): nothing was stored.")
    else:
        ctx.out((f"Zapisano: {report.count('matched')} wpłat, {report.count('ignored')} pominiętych, "
                 f"{report.count('duplicate')} już znanych.") if pl else
                (f"Stored: {report.count('matched')} payments, {report.count('ignored')} ignored, "
                 f"{report.count('duplicate')} already known."))
    return 0


def cmd_add(args: argparse.Namespace, ctx) -> int:
    try:
        booked = date.fromisoformat(args.date)
    except ValueError:
        raise InvalidArgs(BAD_DATE(text=args.date)) from None
    tx = ctx.app.account.add_manual(args.payer, booked, args.amount, args.title)
    ctx.out((f"Zapisano wpłatę {_money(tx.amount)} z {tx.booked_on:%d.%m.%Y} (nr {tx.id}).") if language() == "pl"
            else f"Stored the payment of {tx.amount:.2f} on {tx.booked_on:%Y-%m-%d} (no. {tx.id}).")
    return 0


def cmd_list(args: argparse.Namespace, ctx) -> int:
    payer_id = None
    if args.payer:
        payer_id = ctx.app.account.ledger_for_nip(args.payer)[0].id
    rows = ctx.app.account.transactions(payer_id=payer_id, status=args.status)
    if args.json:
        ctx.out_json([{"id": r.id, "date": r.booked_on.isoformat(), "amount": f"{r.amount:.2f}",
                       "direction": r.direction, "account": r.counterparty_account, "name": r.counterparty_name,
                       "title": r.title, "status": r.status, "reason": r.reason, "source": r.source}
                      for r in rows])
        return 0
    for r in rows:
        ctx.out(f"{r.id:>6}  {r.booked_on:%Y-%m-%d}  {_money(r.amount):>14}  {r.status:<8} "
                f"{r.counterparty_name[:30]:<30} {r.title[:40]}")
    return 0


def cmd_account(args: argparse.Namespace, ctx) -> int:
    from ..account.service import ledger_json

    payer, ledger = ctx.app.account.ledger_for_nip(args.payer)
    data = ledger_json(payer, ledger)
    if args.json:
        ctx.out_json(data)
        return 0
    pl = language() == "pl"
    ctx.out((f"Konto płatnika {payer.short_name} (NIP {payer.nip}) na dzień {ledger.today:%d.%m.%Y}") if pl else
            f"Account of {payer.short_name} (NIP {payer.nip}) as of {ledger.today:%Y-%m-%d}")
    head = ("Okres", "Termin", "Należne", "Wpłacone", "Saldo", "Odsetki") if pl else \
        ("Period", "Deadline", "Due", "Paid", "Balance", "Interest")
    ctx.out(f"{head[0]:<8} {head[1]:<10} {head[2]:>14} {head[3]:>14} {head[4]:>14} {head[5]:>9}")
    for m in ledger.months:
        ctx.out(f"{m.period!s:<8} {m.dues.deadline:%d.%m.%Y} {_money(m.due):>14} {_money(m.paid_total):>14} "
                f"{_money(m.balance):>14} {_money(m.interest):>9}")
    if not ledger.months:
        ctx.out("Brak przyjętych deklaracji." if pl else "No accepted declarations.")
    labels = (("Zaległość", "Arrears", ledger.arrears), ("Odsetki za zwłokę", "Late-payment interest", ledger.interest),
              ("Nadpłata", "Overpayment", ledger.overpayment),
              ("Jeszcze przed terminem", "Not yet due", ledger.not_yet_due))
    for label_pl, label_en, value in labels:
        ctx.out(f"{label_pl if pl else label_en}: {_money(value)}")
    return 0
