"""The ``relief`` command group, shared by two command modules: ``relief_cmds`` (``relief draft`` —
the account area's PDF draft) and ``relief_send_cmds`` (``relief build`` / ``relief send`` — the
application signed and sent to ZUS). Whichever registers first creates the group; the other adds its
actions to it, so neither replaces the other's whatever the order."""

from __future__ import annotations

import argparse
from datetime import date

from ..i18n import t

NEED_KIND = t("Podaj rodzaj wniosku: --kind instalments albo --kind deferral.",
              "Give the kind of application: --kind instalments or --kind deferral.")
HELP = "wnioski o ulgę: raty (RSR) i odroczenie terminu (RSO) — projekt z konta płatnika, wysyłka do ZUS"


def relief_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The ``relief`` command's sub-commands (created on first use)."""
    parser = sub.choices.get("relief")
    if parser is None:
        parser = sub.add_parser("relief", help=HELP)
        parser.set_defaults(func=lambda args, ctx: (parser.print_help(), 2)[1])
        return parser.add_subparsers(dest="relief_cmd", metavar="ACTION")
    for action in parser._actions:  # argparse offers no public way to find it
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="relief_cmd", metavar="ACTION")


def draft_options(p: argparse.ArgumentParser, *, payer_in=None) -> None:
    """What a draft from the payer's account needs (``relief draft``; ``relief build/send`` pass the
    group that makes ``--payer`` the alternative to ``--data``, and then ``--kind`` is checked by
    ``draft_from_args``)."""
    required = payer_in is None
    (payer_in or p).add_argument("--payer", required=required, help="NIP płatnika")
    p.add_argument("--kind", required=required, choices=["instalments", "deferral"])
    p.add_argument("--instalments", type=int, default=12, help="liczba rat (domyślnie 12)")
    p.add_argument("--until", help="odroczenie: nowy termin RRRR-MM-DD (domyślnie 3 miesiące po terminie)")
    p.add_argument("--reason", default="", help="uzasadnienie własnymi słowami")


def draft_from_args(args: argparse.Namespace, ctx):
    """The account's draft for ``--payer/--kind/--instalments/--until/--reason`` (exit 2 on bad input)."""
    from .account_cmds import BAD_DATE, InvalidArgs

    if not args.kind:
        raise InvalidArgs(NEED_KIND)
    until = None
    if args.until:
        try:
            until = date.fromisoformat(args.until)
        except ValueError:
            raise InvalidArgs(BAD_DATE(text=args.until)) from None
    return ctx.app.relief.draft(args.payer, args.kind, instalments=args.instalments, until=until,
                                reason=args.reason)
