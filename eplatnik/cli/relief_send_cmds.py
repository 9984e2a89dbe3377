"""``relief build`` / ``relief send``: a relief application (instalments or deferral) as a signed
document sent to ZUS through the gateway, with its receipt (UPP); ZUS answers with a decision letter
(``letters list``). The application comes from a JSON file with the plain structure of
``applications.relief_xml.ReliefApplication.to_dict`` (see docs/letters.md).

This module adds its actions to the ``relief`` command when another module (the payer-account
area's ``relief draft``) created it first, and creates it otherwise.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import UserFacingError
from ..i18n import t


def _relief_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    existing = sub.choices.get("relief")
    if existing is None:
        existing = sub.add_parser("relief", help="ulgi w spłacie należności: wnioski o raty i odroczenie")
    for action in existing._actions:  # argparse offers no public way to find it
        if isinstance(action, argparse._SubParsersAction):
            return action
    return existing.add_subparsers(dest="sub", metavar="ACTION")


def register(sub: argparse._SubParsersAction) -> None:
    from .signing_cmds import _source_options

    actions = _relief_actions(sub)
    p = actions.add_parser("build", help="wniosek (XML, bez podpisu) z pliku danych JSON — do wglądu lub podpisu")
    p.add_argument("--data", required=True, metavar="FILE.json")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xml")
    p.set_defaults(func=cmd_build)
    p = actions.add_parser("send", help="podpisz wniosek i wyślij go do ZUS przez bramkę (UPP; odpowiedź: pismo)")
    p.add_argument("--data", required=True, metavar="FILE.json")
    _source_options(p)
    p.add_argument("--wait", type=float, default=30.0, metavar="SECONDS", help="czekaj na UPP najwyżej tyle sekund")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_send)


def _application(ctx, path: str):
    from ..applications.relief_xml import ReliefApplication
    from ..clock import default_clock

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
    return ReliefApplication.from_dict(data, today=default_clock().today())


def cmd_build(args, ctx) -> int:
    from ..fsutil import atomic_write_bytes

    application = _application(ctx, args.data)
    atomic_write_bytes(args.output, application.to_xml())
    ctx.out(t("Zapisano wniosek {id} ({form}) w {path}.", "Wrote the application {id} ({form}) to {path}.")(
        id=application.id, form=application.form, path=args.output).render())
    return 0


def cmd_send(args, ctx) -> int:
    from ..applications.send import send_application
    from ..progress import Progress
    from .signing_cmds import _source_and_prompt

    application = _application(ctx, args.data)
    source, prompt = _source_and_prompt(args, ctx)
    app = ctx.app
    sub = send_application(app, application, source, prompt, wait=args.wait, progress=Progress())
    if args.json:
        ctx.out_json({"application_id": application.id, "submission": sub.id, "reference": sub.reference,
                      "state": sub.state, "receipt_verified": sub.receipt_verified})
    else:
        ctx.out(t("Wniosek {form} płatnika NIP {nip}: {state}, numer referencyjny {ref}.",
                  "Application {form} of NIP {nip}: {state}, reference {ref}.")(
            form=application.form, nip=application.payer_nip, state=sub.state, ref=sub.reference or "—").render())
        if sub.state == "accepted":
            ctx.out(t("Odpowiedź ZUS przyjdzie jako pismo: eplatnik-cli letters list.",
                      "ZUS's answer comes as a letter: eplatnik-cli letters list.").render())
    return 0 if sub.state in ("accepted", "queued", "sent", "in_progress", "failed_retryable") else 1
