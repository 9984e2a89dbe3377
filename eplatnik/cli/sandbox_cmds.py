"""``eplatnik-cli sandbox serve``: run ZUS's side (gateway, e-visit booking) on loopback."""

from __future__ import annotations

import argparse
import signal
import threading


def register(sub: argparse._SubParsersAction) -> None:
    sandbox = sub.add_parser("sandbox", help="piaskownica ZUS (serwer HTTP na 127.0.0.1)").add_subparsers(
        dest="sub", metavar="ACTION")
    p = sandbox.add_parser("serve", help="uruchom serwer piaskownicy")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--host", default="127.0.0.1",
                   help="adres nasłuchu (domyślnie 127.0.0.1; dla stanowisk biura w sieci np. 0.0.0.0 — "
                        "funkcje administracyjne i tak działają tylko z tego komputera)")
    p.add_argument("--state", required=True, help="katalog stanu piaskownicy (przetrwa restart)")
    p.add_argument("--latency-ms", type=int, default=0, help="opóźnienie każdej odpowiedzi")
    p.add_argument("--error-rate", type=float, default=0.0, help="odsetek odpowiedzi 503 (0–1)")
    p.add_argument("--drop-rate", type=float, default=0.0, help="odsetek zerwanych połączeń (0–1)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--processing-seconds", type=float, default=None,
                   help="czas przetwarzania przesyłki przed wydaniem UPO")
    p.set_defaults(func=cmd_serve)

    p = sandbox.add_parser("letter", help="„ZUS” umieszcza pismo na profilu płatnika (działa też, gdy piaskownica "
                                          "nie jest uruchomiona)")
    p.add_argument("--state", required=True, help="katalog stanu piaskownicy (np. <workspace>/sandbox)")
    p.add_argument("--nip", required=True, help="NIP płatnika, do którego jest pismo")
    p.add_argument("--title", required=True, help="tytuł pisma")
    p.add_argument("--body", metavar="FILE", help="treść: plik tekstowy (UTF-8) albo gotowy PDF")
    p.add_argument("--kind", choices=["decision", "notice", "letter"], default="decision",
                   help="rodzaj: decyzja (z terminem odwołania), zawiadomienie, pismo")
    p.add_argument("--name", default="", help="nazwa płatnika na piśmie")
    p.add_argument("--placed-at", metavar="ISO", help="chwila udostępnienia (domyślnie teraz)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_letter)


def _invalid(message) -> Exception:
    from ..errors import UserFacingError

    exc = UserFacingError(message)
    exc.exit_code = 2
    return exc


def cmd_letter(args, ctx) -> int:
    from pathlib import Path

    from ..clock import default_clock, parse_moment
    from ..i18n import t
    from ..register.validation import check_nip
    from ..sandbox.letters_place import place_letter

    problem = check_nip(args.nip.replace("-", ""))
    if problem is not None:
        raise _invalid(t("--nip {v}: {why}", "--nip {v}: {why}")(v=args.nip, why=problem.render()))
    title = args.title.strip()
    if not title or len(title) > 500:
        raise _invalid(t("Podaj tytuł pisma (do 500 znaków).", "Give the letter's title (up to 500 characters)."))
    text, pdf = "", None
    if args.body:
        try:
            data = Path(args.body).read_bytes()
        except OSError:
            raise _invalid(t("Nie można odczytać pliku {path}.", "Cannot read the file {path}.")(
                path=args.body)) from None
        if data.startswith(b"%PDF"):
            pdf = data
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise _invalid(t("Plik {path} nie jest tekstem UTF-8 ani PDF-em.",
                                 "The file {path} is neither UTF-8 text nor a PDF.")(path=args.body)) from None
    try:
        now = parse_moment(args.placed_at) if args.placed_at else default_clock().now()
    except ValueError:
        raise _invalid(t("--placed-at: podaj datę i godzinę ISO, np. 2026-11-02T09:00.",
                         "--placed-at: give an ISO date and time, e.g. 2026-11-02T09:00.")) from None
    row = place_letter(args.state, nip=args.nip.replace("-", ""), title=title, now=now, kind=args.kind, text=text,
                       pdf=pdf, payer_name=args.name)
    if args.json:
        ctx.out_json({"id": row.id, "payer_nip": row.payer_nip, "title": row.title, "kind": row.kind,
                      "placed_at": row.placed_at, "content_sha256": row.content_sha256})
    else:
        ctx.out(t("Umieszczono pismo {id} dla NIP {nip}.", "Placed the letter {id} for NIP {nip}.")(
            id=row.id, nip=row.payer_nip).render())
    return 0


def cmd_serve(args, ctx) -> int:
    from ..sandbox.instance import SandboxRunning
    from ..sandbox.server import FaultConfig, SandboxServer

    faults = FaultConfig(latency_ms=args.latency_ms, error_rate=args.error_rate, drop_rate=args.drop_rate,
                         seed=args.seed)
    try:
        server = SandboxServer(args.state, host=args.host, port=args.port, faults=faults)
    except SandboxRunning as exc:
        # one sandbox per state folder: the running one is the one to use (exit 0, its address printed)
        print(exc.render(), flush=True)
        print(exc.running.url, flush=True)
        return 0
    if args.processing_seconds is not None:
        for service in server.services:
            if hasattr(service, "processing_seconds"):
                service.processing_seconds = args.processing_seconds
    stop = threading.Event()

    def handle(_sig, _frame) -> None:
        stop.set()
        threading.Thread(target=server.stop, daemon=True).start()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    print(f"sandbox listening on {server.url} (state: {args.state})", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"sandbox: the gateway is reachable from the network at {args.host}:{server.port}; "
              "its admin API (/sandbox/admin/...) answers only this computer (127.0.0.1/::1)", flush=True)
    server.serve_forever()
    return 0
