"""Relief application drafts from the account.

``eplatnik-cli --basedir DIR relief draft --payer NIP --kind instalments|deferral [--instalments N]
[--until YYYY-MM-DD] [--reason TEXT] -o FILE.pdf [--xml FILE.xml]`` writes the PDF (and the draft's
data as XML for sending later). Exit status: 0 written, 2 invalid input or nothing to apply for."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..i18n import language


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("relief", help="wnioski o ulgę: raty (RSR) i odroczenie terminu (RSO) z konta płatnika")
    actions = p.add_subparsers(dest="relief_cmd", metavar="ACTION")
    s = actions.add_parser("draft", help="projekt wniosku jako PDF")
    s.add_argument("--payer", required=True, help="NIP płatnika")
    s.add_argument("--kind", required=True, choices=["instalments", "deferral"])
    s.add_argument("--instalments", type=int, default=12, help="liczba rat (domyślnie 12)")
    s.add_argument("--until", help="odroczenie: nowy termin RRRR-MM-DD (domyślnie 3 miesiące po terminie)")
    s.add_argument("--reason", default="", help="uzasadnienie własnymi słowami")
    s.add_argument("-o", "--output", required=True, help="plik PDF")
    s.add_argument("--xml", help="zapisz też dane projektu jako XML")
    s.set_defaults(func=cmd_draft)
    p.set_defaults(func=lambda args, ctx: (p.print_help(), 2)[1])


def cmd_draft(args: argparse.Namespace, ctx) -> int:
    from ..account.money import pl_amount
    from ..fsutil import atomic_write_bytes as atomic_write
    from ..reports.relief_pdf import render_relief_pdf
    from .account_cmds import BAD_DATE, InvalidArgs

    until = None
    if args.until:
        try:
            until = date.fromisoformat(args.until)
        except ValueError:
            raise InvalidArgs(BAD_DATE(text=args.until)) from None
    draft = ctx.app.relief.draft(args.payer, args.kind, instalments=args.instalments, until=until,
                                 reason=args.reason)
    atomic_write(Path(args.output), render_relief_pdf(draft, language()))
    if args.xml:
        atomic_write(Path(args.xml), draft.to_xml())
    pl = language() == "pl"
    ctx.out((f"Zapisano projekt wniosku ({draft.form}) dla {draft.payer.short_name}: {len(draft.arrears)} mies., "
             f"razem {pl_amount(draft.total)} zł, {len(draft.schedule)} rat → {args.output}") if pl else
            (f"Wrote the draft ({draft.form}) for {draft.payer.short_name}: {len(draft.arrears)} months, "
             f"total {draft.total:.2f}, {len(draft.schedule)} instalments → {args.output}"))
    return 0
