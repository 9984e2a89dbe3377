"""E-visit commands: units, slots, book, list, cancel, retry, ics, checklist.

``--gateway URL`` (global) points at a sandbox started separately (``eplatnik-cli sandbox serve``);
without it the workspace's own embedded sandbox is used.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..errors import UserFacingError
from ..formatting import date_text, local_time
from ..fsutil import atomic_write_bytes
from ..i18n import t
from ..visits.client import ServiceUnreachable, SlotTaken
from ..visits.models import VisitRequest
from ..visits.slots import parse_moment
from ..visits.topics import TOPIC_IDS, TOPICS
from ..visits.units import NOT_OFFICIAL


def register(sub: argparse._SubParsersAction) -> None:
    visits = sub.add_parser("visits", help="e-wizyty w ZUS (rezerwacja wideorozmowy)").add_subparsers(
        dest="sub", metavar="ACTION")
    p = visits.add_parser("units", help="jednostki ZUS; podpowiedź dla kodu pocztowego")
    p.add_argument("--postal-code", default="", help="NN-NNN")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_units)

    p = visits.add_parser("slots", help="wolne terminy jednostki")
    p.add_argument("--unit", required=True)
    p.add_argument("--from", dest="first_day", default=None, help="RRRR-MM-DD (domyślnie dziś)")
    p.add_argument("--days", type=int, default=7)
    p.add_argument("--topic", required=True, choices=TOPIC_IDS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_slots)

    p = visits.add_parser("book", help="zarezerwuj e-wizytę")
    p.add_argument("--topic", required=True, choices=TOPIC_IDS)
    p.add_argument("--unit", required=True)
    p.add_argument("--slot", required=True, help="początek terminu w ISO 8601 (np. 2026-12-01T09:20:00+01:00)")
    p.add_argument("--name", default="", help="imię i nazwisko (domyślnie z rejestru przy --for-payer)")
    p.add_argument("--pesel", default="")
    p.add_argument("--nip", default="")
    p.add_argument("--phone", default="", help="telefon komórkowy (SMS)")
    p.add_argument("--email", default="", help="e-mail (link do wizyty)")
    p.add_argument("--note", default="")
    p.add_argument("--guardian", default="", help="opiekun faktyczny lub prawny (imię i nazwisko)")
    p.add_argument("--postal-code", default="")
    p.add_argument("--for-payer", default="", help="NIP płatnika z rejestru (dane wypełnione z rejestru)")
    p.add_argument("--for-person", default="", help="PESEL ubezpieczonego z rejestru (adres zamieszkania)")
    p.add_argument("--as-proxy", nargs="?", const="", default=None, metavar="ACCOUNTANT",
                   help="rezerwacja jako pełnomocnik (domyślnie bieżący księgowy); wymaga ZUS-PEL w rejestrze")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_book)

    p = visits.add_parser("list", help="moje e-wizyty (z tego katalogu roboczego)")
    p.add_argument("--payer", default="", help="tylko dla płatnika (NIP)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = visits.add_parser("cancel", help="odwołaj e-wizytę (przed jej początkiem)")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_cancel)

    p = visits.add_parser("retry", help="wyślij ponownie rezerwacje oczekujące (po braku połączenia)")
    p.add_argument("id", type=int, nargs="?")
    p.add_argument("--slot", default=None, help="nowy termin (dla rezerwacji odrzuconej)")
    p.set_defaults(func=cmd_retry)

    p = visits.add_parser("ics", help="zapisz e-wizytę do kalendarza (.ics)")
    p.add_argument("id", type=int)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_ics)

    p = visits.add_parser("pdf", help="potwierdzenie e-wizyty w PDF")
    p.add_argument("id", type=int)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_pdf)

    p = visits.add_parser("checklist", help="co przygotować na e-wizytę")
    p.add_argument("--topic", required=True, choices=TOPIC_IDS)
    p.add_argument("--proxy", action="store_true", help="rezerwuje pełnomocnik")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_checklist)


def cmd_units(args, ctx) -> int:
    if args.postal_code:
        from ..register.validation import check_postal_code

        problem = check_postal_code(args.postal_code)
        if problem is not None:
            raise UserFacingError(problem, hint=t("Wzór: NN-NNN, np. 30-001.", "Pattern: NN-NNN, e.g. 30-001."))
    suggested, everything, online = ctx.app.visits.units(args.postal_code)
    if args.json:
        ctx.out_json({"postal_code": args.postal_code, "online": online, "official": False,
                      "suggested": [u.__dict__ for u in suggested], "units": [u.__dict__ for u in everything],
                      "note": NOT_OFFICIAL.render()})
        return 0
    if args.postal_code:
        ctx.out(str(t("Podpowiedź dla {code}:", "Suggestion for {code}:")(code=args.postal_code)))
        for unit in suggested or []:
            ctx.out(f"  * {unit.id}  {unit.name}")
        if not suggested:
            ctx.out("  " + str(t("(brak — wybierz jednostkę z listy)", "(none — pick a unit from the list)")))
    ctx.out(str(t("Wszystkie jednostki:", "All units:")))
    for unit in everything:
        ctx.out(f"    {unit.id}  {unit.name}")
    ctx.out(NOT_OFFICIAL.render())
    if ctx.app.visits.units_warning is not None:
        print(ctx.app.visits.units_warning.render(), file=sys.stderr)
    if not online:
        ctx.out(str(t("(bez połączenia z usługą — lista z pliku programu)",
                      "(no connection to the service — list from the program's file)")))
    return 0


def cmd_slots(args, ctx) -> int:
    first = date.fromisoformat(args.first_day) if args.first_day else ctx.clock.today()
    answer = ctx.app.visits.slots(args.unit, first, args.days, args.topic)
    if args.json:
        ctx.out_json({"unit": answer.unit_id, "topic": args.topic, "slot_minutes": answer.slot_minutes,
                      "slots": [{"start": s.start.isoformat(), "free": s.free} for s in answer.slots]})
        return 0
    day = None
    for slot in answer.slots:
        if slot.start.date() != day:
            day = slot.start.date()
            ctx.out(date_text(day))
        ctx.out(f"  {local_time(slot.start)}  ({slot.free})")
    if not answer.slots:
        ctx.out(str(t("Brak wolnych terminów w tym okresie.", "No free slots in this period.")))
    return 0


def cmd_book(args, ctx) -> int:
    service = ctx.app.visits
    req = VisitRequest()
    if args.for_payer:
        req = service.request_for_payer(ctx.app.register.find_payer(args.for_payer).id)
    elif args.for_person:
        person = next((p for p in ctx.app.register.list_insured() if p.pesel == args.for_person.strip()), None)
        if person is None:
            raise UserFacingError(t("Nie ma w rejestrze ubezpieczonego o numerze PESEL {pesel}.",
                                    "No insured person with PESEL {pesel} in the register.")(pesel=args.for_person))
        req = service.request_for_person(person.id)
    overrides = {k: getattr(args, k) for k in ("name", "pesel", "nip", "phone", "email", "note", "guardian",
                                               "postal_code") if getattr(args, k)}
    req = VisitRequest(**{**req.__dict__, **overrides, "topic": args.topic, "unit_id": args.unit,
                          "start": parse_moment(args.slot)})
    if args.as_proxy is not None:
        req.proxy = args.as_proxy or ctx.app.actor
        if not req.proxy:
            raise UserFacingError(t("Podaj nazwisko pełnomocnika (--as-proxy NAZWISKO) lub ustaw bieżącego "
                                    "księgowego.", "Name the proxy (--as-proxy NAME) or set the current accountant."))
    try:
        _suggested, everything, _ = service.units()
        req.unit_name = next((u.name for u in everything if u.id == args.unit), "")
        visit = service.book(req)
    except SlotTaken as exc:
        _print_next(exc)
        raise
    except ServiceUnreachable:
        saved = [v for v in service.list() if v.request.client_request_id == req.client_request_id]
        if saved:
            print(t("Rezerwacja zapisana jako oczekująca (nr {id}); wyślij ją: eplatnik-cli visits retry {id}",
                    "Booking saved as pending (no. {id}); send it with: eplatnik-cli visits retry {id}")(
                id=saved[0].id), file=sys.stderr)
        raise
    if args.json:
        ctx.out_json({**visit.to_json(), "confirmation": service.confirmation(visit).render()})
    else:
        ctx.out(service.confirmation(visit).render())
        ctx.out(str(t("Numer w programie: {id}", "Number in the program: {id}")(id=visit.id)))
    return 0


def _print_next(exc: SlotTaken) -> None:
    if exc.next_free:
        print(t("Najbliższe wolne terminy:", "Next free slots:"), file=sys.stderr)
        for slot in exc.next_free:
            print(f"  {local_time(slot.start)}", file=sys.stderr)


def cmd_list(args, ctx) -> int:
    payer_id = ctx.app.register.find_payer(args.payer).id if args.payer else None
    visits = ctx.app.visits.list(payer_id=payer_id)
    now = ctx.app.clock.now()
    if args.json:
        ctx.out_json([{**v.to_json(), "upcoming": v.is_upcoming(now), "can_join": v.can_join(now)} for v in visits])
        return 0
    labels = {tp.id: tp.label for tp in TOPICS}
    for v in visits:
        when = local_time(v.start, blank="—")
        ctx.out(f"{v.id:>4}  {when}  {v.status.label!s:<30}  {labels[v.request.topic]!s}  "
                f"{v.request.unit_name or v.request.unit_id}  {v.request.name}  {v.remote_id}")
    if not visits:
        ctx.out(str(t("Brak e-wizyt.", "No e-visits.")))
    return 0


def cmd_cancel(args, ctx) -> int:
    visit = ctx.app.visits.cancel(args.id)
    ctx.out(str(t("E-wizyta nr {id} odwołana; termin jest wolny dla innych.",
                  "E-visit no. {id} cancelled; the slot is free for others.")(id=visit.id)))
    return 0


def cmd_retry(args, ctx) -> int:
    service = ctx.app.visits
    try:
        if args.id is None:
            visits = service.retry_pending()
        else:
            visits = [service.retry(args.id, new_start=parse_moment(args.slot) if args.slot else None)]
    except SlotTaken as exc:
        _print_next(exc)
        raise
    for visit in visits:
        ctx.out(service.confirmation(visit).render())
    if not visits:
        ctx.out(str(t("Nie ma rezerwacji oczekujących na wysłanie.", "No bookings waiting to be sent.")))
    return 0


def cmd_ics(args, ctx) -> int:
    data = ctx.app.visits.ics(args.id)
    atomic_write_bytes(Path(args.output), data)
    ctx.out(str(t("Zapisano {path}", "Saved {path}")(path=args.output)))
    return 0


def cmd_pdf(args, ctx) -> int:
    from ..i18n import language
    from ..reports.visit_pdf import render_visit_pdf

    atomic_write_bytes(Path(args.output), render_visit_pdf(ctx.app.visits.get(args.id), language()))
    ctx.out(str(t("Zapisano {path}", "Saved {path}")(path=args.output)))
    return 0


def cmd_checklist(args, ctx) -> int:
    from ..visits.topics import checklist

    items = checklist(args.topic, proxy=args.proxy)
    if args.json:
        ctx.out_json([{"pl": i.pl, "en": i.en} for i in items])
        return 0
    for item in items:
        ctx.out(f"[ ] {item}")
    return 0
