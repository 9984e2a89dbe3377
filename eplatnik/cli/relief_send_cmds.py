"""``relief build`` / ``relief send``: a relief application (instalments or deferral) as a signed
document sent to ZUS through the gateway, with its receipt (UPP); ZUS answers with a decision letter
(``letters list``).

The application comes from the payer's account — ``--payer NIP --kind instalments|deferral
[--instalments N] [--until DATE] [--reason TEXT]``, the same draft ``relief draft`` prints as a PDF
(``applications.from_draft``) — or from a JSON file, ``--data FILE``, with the plain structure of
``applications.relief_xml.ReliefApplication.to_dict`` (see docs/letters.md).

The ``relief`` group is shared with ``relief_cmds`` (``relief draft``) through ``relief_group``.
Exit status: 0 sent and accepted (or still on its way), 1 rejected, 2 invalid input (nothing sent).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import UserFacingError
from ..i18n import t

DATA_OR_PAYER = t("Podaj albo --data PLIK.json, albo --payer NIP z --kind — nie oba naraz.",
                  "Give either --data FILE.json or --payer NIP with --kind — not both.")


def register(sub: argparse._SubParsersAction) -> None:
    from .relief_group import draft_options, relief_actions
    from .signing_cmds import _source_options

    actions = relief_actions(sub)
    p = actions.add_parser("build", help="wniosek (XML, bez podpisu) z konta płatnika albo z pliku JSON — do wglądu")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", metavar="FILE.json", help="dane wniosku (JSON)")
    draft_options(p, payer_in=source)
    p.add_argument("-o", "--output", required=True, metavar="FILE.xml")
    p.set_defaults(func=cmd_build)
    p = actions.add_parser("send", help="podpisz wniosek z konta płatnika (albo z pliku JSON) i wyślij go do ZUS "
                                        "przez bramkę (UPP; odpowiedź: pismo)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", metavar="FILE.json", help="dane wniosku (JSON)")
    draft_options(p, payer_in=source)
    _source_options(p)
    p.add_argument("--wait", type=float, default=30.0, metavar="SECONDS", help="czekaj na UPP najwyżej tyle sekund")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_send)


def _from_file(path: str, ctx):
    from ..applications.relief_xml import ReliefApplication

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        err = UserFacingError(t("Nie można odczytać danych wniosku {path}: {why}",
                                "Cannot read the application data {path}: {why}")(path=path, why=str(exc)[:200]))
        err.exit_code = 2
        raise err from None
    if not isinstance(data, dict):
        err = UserFacingError(t("Plik {path} nie zawiera obiektu JSON wniosku.",
                                "The file {path} does not hold an application JSON object.")(path=path))
        err.exit_code = 2
        raise err
    return ReliefApplication.from_dict(data, today=ctx.clock.today())


def _application(args: argparse.Namespace, ctx):
    """(application, draft or None): from ``--data`` or from the payer's account."""
    from .account_cmds import InvalidArgs

    if args.data:
        if args.kind or args.until or args.reason:
            raise InvalidArgs(DATA_OR_PAYER)
        return _from_file(args.data, ctx), None
    from ..applications.from_draft import application_from_draft
    from .relief_group import draft_from_args

    draft = draft_from_args(args, ctx)
    return application_from_draft(draft), draft


def _describe(ctx, application, draft) -> None:
    """One line about what goes to ZUS, when it was drafted from the account."""
    if draft is None:
        return
    from ..formatting import money

    who = draft.payer.short_name or draft.payer.name
    periods = ", ".join(a.period for a in application.arrears)
    fee = money(application.prolongation_fee, "pl") if application.prolongation_fee else "0,00"
    first, last = application.schedule[0].due, application.schedule[-1].due
    if application.kind == "instalments":
        text = t("Wniosek o raty z konta płatnika {who}: zaległość za {periods} razem z odsetkami {total} zł; "
                 "liczba rat: {n}, od {first} do {last}; szacowana opłata prolongacyjna {fee} zł.",
                 "Instalment application from the account of {who}: arrears for {periods} with interest {total}; "
                 "{n} instalments from {first} to {last}; estimated prolongation fee {fee}.")
    else:
        text = t("Wniosek o odroczenie z konta płatnika {who}: składki za {periods}, razem {total} zł; nowy termin "
                 "od {first} do {last}; szacowana opłata prolongacyjna {fee} zł.",
                 "Deferral application from the account of {who}: contributions for {periods}, total {total}; "
                 "new deadline {first} to {last}; estimated prolongation fee {fee}.")
    ctx.out(text(who=who, periods=periods, total=money(application.total_arrears, "pl"), n=len(application.schedule),
                 first=f"{first:%d.%m.%Y}", last=f"{last:%d.%m.%Y}", fee=fee).render())


def cmd_build(args, ctx) -> int:
    from ..fsutil import atomic_write_bytes

    application, draft = _application(args, ctx)
    _describe(ctx, application, draft)
    atomic_write_bytes(args.output, application.to_xml())
    ctx.out(t("Zapisano wniosek {id} ({form}) w {path}.", "Wrote the application {id} ({form}) to {path}.")(
        id=application.id, form=application.form, path=args.output).render())
    return 0


def cmd_send(args, ctx) -> int:
    from ..progress import Progress
    from .signing_cmds import _source_and_prompt

    application, draft = _application(args, ctx)
    source, prompt = _source_and_prompt(args, ctx)
    if not args.json:
        _describe(ctx, application, draft)
    sent = ctx.app.applications.send_and_fetch_answer(application, source, prompt, wait=args.wait,
                                                     progress=Progress())
    sub, answer = sent.submission, sent.answer
    if args.json:
        ctx.out_json({"application_id": application.id, "form": application.form, "kind": application.kind,
                      "payer_nip": application.payer_nip, "total": str(application.total_arrears),
                      "instalments": len(application.schedule), "submission": sub.id, "reference": sub.reference,
                      "state": sub.state, "receipt_verified": sub.receipt_verified,
                      "answer": answer.to_json() if answer is not None else None})
    else:
        from ..states import state_label

        state = state_label(sub.state)
        ctx.out(t("Wniosek {form} płatnika NIP {nip}: {state}, numer referencyjny {ref}; UPP {upp}.",
                  "Application {form} of NIP {nip}: {state}, reference {ref}; UPP {upp}.")(
            form=application.form, nip=application.payer_nip, state=state, ref=sub.reference or "—",
            upp=t("sprawdzone", "verified") if sub.receipt_verified else t("brak", "none")).render())
        if answer is not None:
            ctx.out(t("Odpowiedź ZUS: pismo {id} „{title}” — otwórz je: eplatnik-cli letters open {id} …",
                      "ZUS's answer: letter {id} '{title}' — open it: eplatnik-cli letters open {id} …")(
                id=answer.record.letter_id, title=answer.record.title).render())
        elif sub.state == "accepted":
            ctx.out(t("Odpowiedź ZUS przyjdzie jako pismo: eplatnik-cli letters list.",
                      "ZUS's answer comes as a letter: eplatnik-cli letters list.").render())
        if sent.answer_problem is not None:
            ctx.out(sent.answer_problem.render())
    return 0 if sub.state in ("accepted", "queued", "sent", "in_progress", "failed_retryable") else 1
