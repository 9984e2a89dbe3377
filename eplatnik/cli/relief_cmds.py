"""Relief application drafts from the account.

``eplatnik-cli --basedir DIR relief draft --payer NIP --kind instalments|deferral [--instalments N]
[--until YYYY-MM-DD] [--reason TEXT] -o FILE.pdf [--xml FILE.xml]`` writes the PDF (and the draft's
data as XML). ``relief send --payer NIP --kind …`` (relief_send_cmds) sends the same draft to ZUS.
Exit status: 0 written, 2 invalid input or nothing to apply for."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import language


def register(sub: argparse._SubParsersAction) -> None:
    from .relief_group import draft_options, relief_actions

    s = relief_actions(sub).add_parser("draft", help="projekt wniosku jako PDF")
    draft_options(s)
    s.add_argument("-o", "--output", required=True, help="plik PDF")
    s.add_argument("--xml", help="zapisz też dane projektu jako XML")
    s.set_defaults(func=cmd_draft)


def cmd_draft(args: argparse.Namespace, ctx) -> int:
    from ..formatting import money
    from ..fsutil import atomic_write_bytes as atomic_write
    from ..reports.relief_pdf import render_relief_pdf
    from .relief_group import draft_from_args

    draft = draft_from_args(args, ctx)
    atomic_write(Path(args.output), render_relief_pdf(draft, language()))
    if args.xml:
        atomic_write(Path(args.xml), draft.to_xml())
    pl = language() == "pl"
    ctx.out((f"Zapisano projekt wniosku ({draft.form}) dla {draft.payer.short_name}: {len(draft.arrears)} mies., "
             f"razem {money(draft.total, 'pl')} zł, {len(draft.schedule)} rat → {args.output}") if pl else
            (f"Wrote the draft ({draft.form}) for {draft.payer.short_name}: {len(draft.arrears)} months, "
             f"total {draft.total:.2f}, {len(draft.schedule)} instalments → {args.output}"))
    return 0
