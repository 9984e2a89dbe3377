"""``audit``: who did what for one client — every recorded change, newest first, with the accountant,
the seat (computer:user) and the time (Polish local time).

Exit status: 0 shown, 2 bad input (an unknown payer, a date that is not one).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import UserFacingError
from ..i18n import t

if TYPE_CHECKING:
    from . import CliContext

BAD_DATE = t("Nie rozumiem daty „{text}”.", "Cannot read the date “{text}”.")
BAD_DATE_HINT = t("Podaj datę jako RRRR-MM-DD lub DD.MM.RRRR, np. 2026-12-01.",
                  "Give the date as YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-12-01.")
HEADER = t("Historia zmian: {name} (NIP {nip})", "Change history: {name} (NIP {nip})")
SINCE = t(" od {date}", " since {date}")
NOTHING = t("Nic nie zapisano.", "Nothing recorded.")
NOBODY = t("(nie podano)", "(not named)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="historia zmian klienta: kto, kiedy, na którym stanowisku, co zmienił")
    p.add_argument("--payer", required=True, metavar="NIP", help="płatnik (NIP)")
    p.add_argument("--since", metavar="RRRR-MM-DD", help="tylko zmiany od tego dnia (czas polski)")
    p.add_argument("--json", action="store_true", help="wynik jako JSON (lista wpisów, najnowsze pierwsze)")
    p.set_defaults(func=cmd_audit)


def _invalid(exc: UserFacingError) -> UserFacingError:
    exc.exit_code = 2  # bad input: nothing to show
    return exc


def cmd_audit(args: argparse.Namespace, ctx: CliContext) -> int:
    from ..formatting import date_text, local_time, parse_date
    from ..forms.history import describe_note

    since = None
    if args.since:
        try:
            since = parse_date(args.since)
        except ValueError:
            raise _invalid(UserFacingError(BAD_DATE(text=args.since), hint=BAD_DATE_HINT)) from None
    try:
        payer = ctx.app.register.find_payer(args.payer)
    except UserFacingError as exc:
        raise _invalid(exc) from None
    entries = ctx.app.register.client_history(int(payer.id), since=since)
    if args.json:
        ctx.out_json({"payer": {"id": payer.id, "nip": payer.nip, "name": payer.short_name or payer.full_name},
                      "since": since.isoformat() if since else None,
                      "entries": [e.to_json() for e in entries]})
        return 0
    title = HEADER(name=payer.short_name or payer.full_name, nip=payer.nip).render()
    ctx.out(title + (SINCE(date=date_text(since)).render() if since else ""))
    if not entries:
        ctx.out(NOTHING.render())
    for e in entries:
        who = e.actor or NOBODY.render()
        seat = f" [{e.seat}]" if e.seat else ""
        details = describe_note(e.details) if e.action.startswith("document.") else e.details
        ctx.out(f"{local_time(e.at):16}  {who}{seat}")
        ctx.out(f"    {e.what} — {e.object}" + (f" ({details})" if details and details not in e.object else ""))
    return 0
