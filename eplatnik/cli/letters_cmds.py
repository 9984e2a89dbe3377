"""``letters``: the inbox of letters from ZUS — list (fetches new ones), show, open with a signed UPD.

Exit status: 0 done, 1 a failure to act on (e.g. a letter kept aside as not genuine), 2 bad input.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from ..errors import UserFacingError
from ..i18n import t

STATE_LABELS = {
    "awaiting": t("czeka na odbiór", "awaiting collection"),
    "delivered": t("doręczone (UPD)", "delivered (UPD)"),
    "deemed_delivered": t("doręczone po 14 dniach", "deemed delivered (14 days)"),
}
KIND_LABELS = {"decision": t("decyzja", "decision"), "notice": t("zawiadomienie", "notice"),
               "letter": t("pismo", "letter")}


def register(sub: argparse._SubParsersAction) -> None:
    from .signing_cmds import _source_options

    letters = sub.add_parser("letters", help="korespondencja z ZUS: pisma, odbiór z podpisem UPD").add_subparsers(
        dest="sub", metavar="ACTION")
    p = letters.add_parser("list", help="pobierz nowe pisma z bramki i pokaż skrzynkę")
    p.add_argument("--payer", default="", help="tylko pisma płatnika (NIP)")
    p.add_argument("--signer", action="append", default=[], metavar="PESEL",
                   help="PESEL podpisującego (domyślnie: księgowi z rejestru); można powtórzyć")
    p.add_argument("--offline", action="store_true", help="bez łączenia z bramką: tylko zapisane pisma")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = letters.add_parser("show", help="szczegóły pisma: stan doręczenia, terminy, UPD, pliki")
    p.add_argument("id", help="identyfikator pisma (LTR-…) lub numer w skrzynce")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = letters.add_parser("open", help="odbierz pismo: podpisz UPD, pobierz i sprawdź treść, zapisz do katalogu")
    p.add_argument("id", help="identyfikator pisma (LTR-…) lub numer w skrzynce")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="katalog na pismo (PDF, XML) i UPD")
    _source_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_open)


def _label(table: dict, key: str) -> str:
    return table[key].render() if key in table else key


def _date(iso: str | None) -> str:
    from datetime import date

    return date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else "—"


def _moment(iso: str) -> str:
    from datetime import datetime

    from ..clock import WARSAW

    return datetime.fromisoformat(iso).astimezone(WARSAW).strftime("%d.%m.%Y %H:%M")


def _client_names(app) -> dict[str, str]:
    """NIP → the client's name in the register (a letter of ZUS may give only the NIP), as Korespondencja."""
    return {p.nip: p.short_name or p.full_name for p in app.register.list_payers(include_archived=True)}


def _client(item: dict, names: dict[str, str]) -> str:
    return item["payer_name"] or names.get(item["payer_nip"], "")


def _line(item: dict, names: dict[str, str] | None = None) -> str:
    flag = "" if item["genuine"] is not False else " ⚠"
    client = _client(item, names or {})
    state = _label(STATE_LABELS, item["state"])
    when = (t("doręczenie {d}", "delivered {d}") if item["delivered_on"] else
            t("fikcja doręczenia {d}", "deemed delivered on {d}"))(d=_date(item["delivered_on"] or item["deemed_at"]))
    appeal = t("; odwołanie do {d}", "; appeal until {d}")(d=_date(item["appeal_until"])).render() \
        if item["appeal_until"] else ""
    return (f"{item['id']:24} {item['payer_nip']:10} {_date(item['placed_at'][:10]):10} {state:26} "
            f"{_label(KIND_LABELS, item['kind']):13} {item['title']}{flag}\n    "
            f"{client + ' · ' if client else ''}{when.render()}{appeal}")


def cmd_list(args, ctx) -> int:
    from ..register.validation import check_pesel

    for pesel in args.signer:
        problem = check_pesel(pesel, required=True)
        if problem is not None:
            exc = UserFacingError(t("--signer {v}: {why}", "--signer {v}: {why}")(v=pesel, why=problem.render()),
                                  hint=t("Podaj 11-cyfrowy PESEL.", "Give an 11-digit PESEL."))
            exc.exit_code = 2
            raise exc
    app = ctx.app
    warning = ""
    if not args.offline:
        try:
            result = app.letters.sync(args.signer or None)
            app.notifications.run()
            if result.new and not args.json:
                ctx.out(t("Nowe pisma: {n}", "New letters: {n}")(n=len(result.new)).render())
        except UserFacingError as exc:   # gateway away, no signer known: the stored letters still show
            warning = exc.render()
    views = app.letters.views(args.payer)
    if args.json:
        if warning:
            import sys

            print(warning, file=sys.stderr)
        names = _client_names(app)
        # "client": the name ZUS gave, or else the register's ("payer_name" stays what the letter said)
        ctx.out_json([{**item, "client": _client(item, names)} for item in (v.to_json() for v in views)])
        return 0
    if warning:
        ctx.out(t("Uwaga: {w} Pokazuję zapisane pisma.", "Warning: {w} Showing the stored letters.")(
            w=warning).render())
    if not views:
        ctx.out(t("Brak pism.", "No letters.").render())
    names = _client_names(app) if views else {}
    for view in views:
        ctx.out(_line(view.to_json(), names))
    return 0


def cmd_show(args, ctx) -> int:
    app = ctx.app
    view = app.letters.view(app.letters.find(args.id))
    item = view.to_json()
    record = view.record
    if args.json:
        ctx.out_json({**item, "upd_signer": record.upd_signer, "upd_signed_at": record.upd_signed_at})
        return 0 if item["genuine"] is not False else 1
    lines = [
        (t("Pismo", "Letter"), f"{item['id']} ({_label(KIND_LABELS, item['kind'])})"),
        (t("Tytuł", "Title"), item["title"]),
        (t("Płatnik", "Payer"), f"{_client(item, _client_names(app)) or '—'} (NIP {item['payer_nip']})"),
        (t("Udostępnione", "Placed"), _moment(item["placed_at"])),
        (t("Stan", "State"), _label(STATE_LABELS, item["state"])),
        (t("Fikcja doręczenia", "Deemed delivery"), _date(item["deemed_at"])),
        (t("Data doręczenia", "Delivered on"), _date(item["delivered_on"])),
        (t("Termin odwołania", "Appeal until"), _date(item["appeal_until"])),
        (t("W odpowiedzi na", "In reply to"), item["in_reply_to"] or "—"),
        (t("Skrót treści (SHA-256)", "Content digest (SHA-256)"), item["content_sha256"]),
        (t("UPD", "UPD"), f"{record.upd_signer}, {record.upd_signed_at} ({record.upd_state})" if record.upd_path
         else "—"),
        (t("Plik pisma", "Letter file"), str(app.letters.path(item["content_path"])) if item["content_path"] else "—"),
    ]
    width = max(len(label.render()) for label, _ in lines)
    for label, value in lines:
        ctx.out(f"{label.render():<{width}}  {value}")
    if item["genuine"] is False:
        ctx.out(t("⚠ PISMO NIEWIARYGODNE (odłożone na bok): {why}", "⚠ LETTER NOT GENUINE (kept aside): {why}")(
            why=item["problem"]).render())
        return 1
    if item["genuine"]:
        opened = app.letters.open(record.id, None, None)
        if opened.text:
            ctx.out()
            ctx.out(opened.text)
    return 0


def cmd_open(args, ctx) -> int:
    from .signing_cmds import NEED_SOURCE, _source_and_prompt

    app = ctx.app
    record = app.letters.find(args.id)
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UserFacingError(t("{path} nie jest katalogiem.", "{path} is not a folder.")(path=str(out)))
    try:
        source, prompt = _source_and_prompt(args, ctx)
    except UserFacingError as exc:
        if exc.text != NEED_SOURCE:
            raise
        source, prompt = None, None   # fine for a letter already delivered; asked for when a UPD is needed
    opened = app.letters.open(record.id, source, prompt)
    out.mkdir(parents=True, exist_ok=True)
    view = opened.view
    letter_id = view.record.letter_id
    written = [out / f"{letter_id}.letter.xml"]
    shutil.copyfile(app.letters.path(view.record.content_path), written[0])
    if view.record.pdf_path:
        written.append(out / f"{letter_id}.pdf")
        shutil.copyfile(app.letters.path(view.record.pdf_path), written[-1])
    if view.record.upd_path:
        written.append(out / f"{letter_id}.upd.xml")
        shutil.copyfile(app.letters.path(view.record.upd_path), written[-1])
    if args.json:
        ctx.out_json({**view.to_json(), "files": [str(p) for p in written], "signed_now": opened.signed_now})
        return 0
    item = view.to_json()
    ctx.out(t("Odebrano pismo {id}: {state}, doręczenie {d}.", "Collected the letter {id}: {state}, delivered {d}.")(
        id=letter_id, state=_label(STATE_LABELS, item["state"]), d=_date(item["delivered_on"])).render())
    if item["appeal_until"]:
        ctx.out(t("Termin odwołania: {d}.", "Appeal until: {d}.")(d=_date(item["appeal_until"])).render())
    if not view.record.upd_path:
        ctx.out(t("UPD nie było potrzebne: pismo zostało już doręczone.",
                  "No UPD was needed: the letter had already been delivered.").render())
    for path in written:
        ctx.out(f"  {path}")
    return 0
