"""Month-end commands: run the month for many clients, its status, resume, summary, payment notes.

``eplatnik-cli --basedir DIR [--gateway URL] month --period YYYY-MM --clients all|NIP,... [--p12 FILE
--password-file F | --pkcs11-module LIB --token-label L --pin-file F] [--submit] [--json]`` builds,
verifies, signs (one PIN entry) and with ``--submit`` sends every selected client's monthly set and
collects the receipts. Without a key it prepares and verifies only. Exit status: 0 when no client
failed or was rejected, 1 otherwise (each client's line says why), 130 when cancelled.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import UserFacingError
from ..i18n import t

NEED_PERIOD = t("Podaj okres --period RRRR-MM i klientów --clients all albo NIP-y po przecinku.",
                "Give the period --period YYYY-MM and the clients --clients all or comma-separated NIPs.")
SUBMIT_NEEDS_KEY = t("Do wysyłki (--submit) potrzebny jest podpis: podaj --p12 albo --pkcs11-module i "
                     "--token-label.", "Sending (--submit) needs a signature: give --p12 or --pkcs11-module "
                     "and --token-label.")
RUN_STATES = {"open": t("niedokończony (można wznowić)", "not finished (can be resumed)"),
              "waiting": t("czeka na potwierdzenia", "waiting for receipts"),
              "done": t("zakończony", "finished"), "cancelled": t("anulowany", "cancelled")}
NOTHING_WRITTEN = t("Nie zapisano żadnej notki — żaden klient tego przebiegu nie ma deklaracji.",
                    "No note was written — no client of this run has a declaration.")


def register(sub: argparse._SubParsersAction) -> None:
    from .signing_cmds import _source_options

    p = sub.add_parser("month", help="zamknięcie miesiąca dla wielu klientów: przygotuj, zweryfikuj, podpisz, "
                                     "wyślij, odbierz UPO")
    p.add_argument("--period", help="okres rozliczeniowy RRRR-MM")
    p.add_argument("--clients", help="all albo NIP-y klientów po przecinku")
    p.add_argument("--submit", action="store_true", help="wyślij podpisane zestawy i odbierz potwierdzenia")
    p.add_argument("--wait", type=float, default=60.0, help="ile sekund czekać na potwierdzenia (domyślnie 60)")
    p.add_argument("--hold-warnings", action="store_true",
                   help="nie podpisuj zestawów z ostrzeżeniami weryfikacji (przejrzyj raport i wznów)")
    p.add_argument("--json", action="store_true")
    _source_options(p)
    p.set_defaults(func=cmd_run)
    actions = p.add_subparsers(dest="month_cmd", metavar="ACTION")

    s = actions.add_parser("status", help="stan okresu dla każdego klienta (termin, stan, kwota)")
    s.add_argument("--period", required=True)
    s.add_argument("--filter", choices=["all", "not_sent", "rejected", "due_soon", "overdue"], default="all")
    s.add_argument("--search", default="")
    s.add_argument("--sort", choices=["deadline", "name", "state", "to_pay", "days_left"], default="deadline")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)

    s = actions.add_parser("resume", help="wznów przerwany przebieg (nic nie zostanie wysłane dwa razy)")
    s.add_argument("run_id", type=int)
    s.add_argument("--submit", action="store_true", help="wyślij także wtedy, gdy przebieg zaczęto bez wysyłki")
    s.add_argument("--wait", type=float, default=60.0)
    s.add_argument("--hold-warnings", action="store_true")
    s.add_argument("--json", action="store_true")
    _source_options(s)
    s.set_defaults(func=cmd_resume)

    s = actions.add_parser("summary", help="podsumowanie przebiegu dla biura (PDF albo CSV)")
    s.add_argument("run_id", type=int)
    s.add_argument("-o", "--output", required=True, help="plik .pdf albo .csv")
    s.set_defaults(func=cmd_summary)

    s = actions.add_parser("notes", help="notki płatnicze klientów (PDF + tekst do e-maila)")
    s.add_argument("run_id", type=int)
    s.add_argument("-o", "--output", required=True, help="katalog wynikowy")
    s.set_defaults(func=cmd_notes)

    s = actions.add_parser("nrs", help="numer rachunku składkowego klienta (z NIP albo wpisany z pisma ZUS)")
    s.add_argument("nip")
    s.add_argument("--set", dest="set_nrs", metavar="NRS", help="zapisz numer z pisma ZUS (sprawdzany)")
    s.add_argument("--clear", action="store_true", help="usuń wpisany numer (wróć do wyznaczonego z NIP)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_nrs)

    s = actions.add_parser("report", help="raport weryfikacji przebiegu, pogrupowany według klientów")
    s.add_argument("run_id", type=int)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_report)


def _has_key(args) -> bool:
    return bool(getattr(args, "p12", None) or (getattr(args, "pkcs11_module", None)
                                               and getattr(args, "token_label", None)))


def _runner(args, ctx):
    source = prompt = None
    if _has_key(args):
        from .signing_cmds import _source_and_prompt

        source, prompt = _source_and_prompt(args, ctx)
    runner = ctx.app.month_runner(source=source, prompt=prompt)
    runner.receipt_wait = max(0.0, args.wait)
    runner.hold_warnings = bool(getattr(args, "hold_warnings", False))
    return runner


def _line(ctx, client, payers) -> None:
    from ..month.summary import STEP_LABELS

    payer = payers.get(client.payer_id)
    error = client.error_text()
    note = client.note_text()
    print(f"  {payer.nip if payer else client.payer_id}  {payer.short_name if payer else '':<28} "
          f"{STEP_LABELS[client.step].render()}{': ' + error if error else ''}{' (' + note + ')' if note else ''}",
          flush=True)


def _execute(args, ctx, runner, run_id: int, stop_after: str | None) -> int:
    from ..progress import Progress

    payers = {p.id: p for p in ctx.app.register.list_payers(include_archived=True)}
    if not args.json:
        print(t("Przebieg nr {id}", "Run no. {id}")(id=run_id).render(), flush=True)
    on_client = None if args.json else (lambda c: _line(ctx, c, payers))
    from ..office import resuming_told

    # the office database gone mid-way: the run pauses (said on stderr) and resumes when it is back
    run = resuming_told(lambda: runner.run(run_id, progress=Progress(), on_client=on_client, stop_after=stop_after),
                        ctx.app.db, tell=ctx.err)
    clients = runner.store.clients(run_id)
    bad = [c for c in clients if c.step in ("failed", "rejected")]
    if args.json:
        ctx.out_json(_run_json(ctx, run, clients, payers))
    else:
        from ..month.summary import STEP_LABELS

        counts: dict[str, int] = {}
        for c in clients:
            counts[c.step] = counts.get(c.step, 0) + 1
        print(t("Stan przebiegu: {state}. ", "Run state: {state}. ")(state=RUN_STATES[run.state].render()).render()
              + ", ".join(f"{STEP_LABELS[k].render()}: {v}" for k, v in sorted(counts.items())))
        held = [c for c in clients if c.step == "verified" and c.warnings] if runner.hold_warnings else []
        if held and _has_key(args):
            print(t("Zestawy z ostrzeżeniami nie zostały podpisane ({n}): przejrzyj eplatnik-cli month report {id} "
                    "i wznów bez --hold-warnings.", "Sets with warnings were not signed ({n}): review eplatnik-cli "
                    "month report {id} and resume without --hold-warnings.")(n=len(held), id=run_id).render())
        _provisional_note(ctx, clients, payers)
        if run.state == "waiting":
            print(t("Część potwierdzeń jeszcze nie nadeszła: eplatnik-cli month resume {id}",
                    "Some receipts have not arrived yet: eplatnik-cli month resume {id}")(id=run_id).render())
    return 1 if bad else 0


def _notes_of(ctx, clients) -> dict[int, list]:
    """Client payer id → the draft/forecast figures its set was computed with (non-empty only)."""
    out = {}
    for c in clients:
        if c.set_id is not None:
            note = ctx.app.documents.get_info(c.set_id).params_note
            if note:
                out[c.payer_id] = note
    return out


def _provisional_note(ctx, clients, payers) -> None:
    from ..params.labels import stored_note

    notes = _notes_of(ctx, clients)
    if not notes:
        return
    merged = {(i["figure"], i["from"]): i for items in notes.values() for i in items}
    note = stored_note(sorted(merged.values(), key=lambda i: i["figure"]))
    names = ", ".join(payers[pid].short_name for pid in notes if pid in payers)
    print(t("Klienci: {names}.", "Clients: {names}.")(names=names).render() + " " + note.render())  # type: ignore[union-attr]


def _run_json(ctx, run, clients, payers) -> dict:
    own = ctx.app.month.run_sets(clients)
    notes = _notes_of(ctx, clients)
    out = []
    for c in clients:
        row = own.get(c.set_id, {}) if c.set_id is not None else {}  # the run's own set, even if corrected since
        out.append({"nip": payers[c.payer_id].nip, "name": payers[c.payer_id].short_name, "step": c.step,
                    "set_id": c.set_id, "submission_id": c.submission_id, "reference": row.get("reference"),
                    "to_pay": row.get("to_pay"), "warnings": c.warnings, "errors": c.errors,
                    "failed_step": c.failed_step, "error": c.error or None, "note": c.note or None,
                    "changes": c.changes, "actor": c.actor, "provisional_figures": notes.get(c.payer_id, [])})
    return {"run": run.id, "period": run.period, "state": run.state, "phase": run.phase, "submit": run.submit,
            "actor": run.actor, "clients": out}


def cmd_run(args, ctx) -> int:
    from ..period import Period

    if not args.period or not args.clients:
        raise UserFacingError(NEED_PERIOD)
    period = Period.parse(args.period)
    if args.submit and not _has_key(args):
        raise UserFacingError(SUBMIT_NEEDS_KEY)
    runner = _runner(args, ctx)
    run_id = runner.start(period, runner.resolve_clients(args.clients), submit=args.submit)
    return _execute(args, ctx, runner, run_id, None if _has_key(args) else "verify")


def cmd_resume(args, ctx) -> int:
    runner = _runner(args, ctx)
    run = runner.get(args.run_id)
    if args.submit and not run.submit:
        if not _has_key(args) and any(c.step == "verified" for c in runner.store.clients(run.id)):
            raise UserFacingError(SUBMIT_NEEDS_KEY)
        runner.store.set_run(run.id, submit=True, state="open")
    needs_key = any(c.step == "verified" for c in runner.store.clients(run.id))
    return _execute(args, ctx, runner, run.id, None if (_has_key(args) or not needs_key) else "verify")


def cmd_status(args, ctx) -> int:
    from ..formatting import date_text, money
    from ..month.status import PeriodState, filter_rows, sort_rows
    from ..period import Period

    period = Period.parse(args.period)
    today = ctx.app.clock.today()
    rows = sort_rows(filter_rows(ctx.app.month.period(period, today), args.filter, args.search), args.sort)
    # missed deadlines of other periods, by the dashboard's rule (an earlier period past its deadline
    # without a delivered set, since the client's first set in the workspace)
    missed = [r for r in ctx.app.dashboard.load(today, with_certificates=False).missed if r.period != period]
    if args.json:
        ctx.out_json({"period": str(period), "clients": [{
            "nip": r.payer.nip, "name": r.payer.short_name, "state": str(r.state), "set_id": r.set_id,
            "warnings": r.warnings, "errors": r.errors, "deadline": r.deadline.isoformat(), "days_left": r.days_left,
            "overdue": r.overdue, "to_pay": None if r.to_pay is None else f"{r.to_pay:.2f}",
            "authorised": r.authorised,
            "authorised_until": r.authorised_until.isoformat() if r.authorised_until else None,
            "certificate_expires": r.certificate_expires.isoformat() if r.certificate_expires else None,
            "reference": r.reference, "problem": r.problem} for r in rows],
            "runs": [{"id": run.id, "state": run.state, "phase": run.phase, "actor": run.actor}
                     for run in ctx.app.month.runs(period)],
            "missed": [{"nip": m.payer.nip, "name": m.payer.short_name, "period": str(m.period),
                        "deadline": m.deadline.isoformat(), "days_late": -m.days_left, "state": m.state}
                       for m in missed]})
        return 0
    lang = "en" if t("pl", "en").render() == "en" else "pl"
    red = _red if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else (lambda text: text)
    if missed:  # the most important lines: past periods whose declaration never reached ZUS
        print(red(t("ZALEGŁE — termin minął, deklaracja nie została wysłana:",
                    "OVERDUE — the deadline passed and the declaration was not sent:").render()))
        for m in missed:
            label = PeriodState(m.state).label.render()
            print(red(f"{m.payer.nip}  {m.payer.short_name:<28} {m.period}  {label:<26} "
                      f"{date_text(m.deadline, lang)} ({m.days_left:+d}) !"))
        print()
    for r in rows:
        state = r.state.label.render() + (f" ({r.warnings} ostrz.)" if r.warnings and lang == "pl" else
                                          f" ({r.warnings} warn.)" if r.warnings else "")
        late = " !" if r.overdue else ""
        amount = money(r.to_pay, lang, unit=True) if r.to_pay is not None else "—"
        line = (f"{r.payer.nip}  {r.payer.short_name:<28} {state:<26} {date_text(r.deadline, lang)} "
                f"({r.days_left:+d}){late}  {amount:>14}{'  ' + r.problem if r.problem else ''}")
        print(red(line) if r.overdue else line)
    return 0


def _red(text: str) -> str:
    return f"\033[31m{text}\033[0m"


def cmd_summary(args, ctx) -> int:
    from ..i18n import language

    print(ctx.app.month.write_summary(args.run_id, Path(args.output), language()))
    return 0


def cmd_notes(args, ctx) -> int:
    from ..i18n import language

    month = ctx.app.month
    period, payers = month.run_payers(args.run_id)
    written = month.write_payment_notes(payers, period, Path(args.output), language(),
                                        on_error=lambda payer, exc: print(f"{payer.nip}: {exc.render()}",
                                                                          file=sys.stderr))
    for path in written:
        print(path)
    if not written:
        raise UserFacingError(NOTHING_WRITTEN)
    return 0


def cmd_report(args, ctx) -> int:
    report = ctx.app.month.verification_report(args.run_id)
    if args.json:
        ctx.out_json(report)
        return 0
    for client in report:
        print(f"{client['nip']}  {client['name']}: {client['errors']} / {client['warnings']}")
        for f in client["findings"]:
            print(f"    [{f['severity']}] {f['rule']} {f['where']}: {f['message']}")
    return 1 if any(c["errors"] for c in report) else 0


def cmd_nrs(args, ctx) -> int:
    payer = ctx.app.register.find_payer(args.nip)
    month = ctx.app.month
    if args.set_nrs:
        account = month.set_nrs(payer, args.set_nrs)
    elif args.clear:
        account = month.set_nrs(payer, None)
    else:
        account = month.nrs(payer)
    if args.json:
        ctx.out_json({"nip": payer.nip, "nrs": account.nrs, "formatted": account.formatted, "source": account.source})
    else:
        source = t("wyznaczony z NIP", "derived from the NIP") if account.source == "derived" else \
            t("wpisany z pisma ZUS", "entered from ZUS's letter")
        print(f"{payer.nip}  {account.formatted}  ({source.render()})")
    return 0
