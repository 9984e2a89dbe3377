"""``submit``, ``outbox`` and ``receipts``: send signed KEDU files to the gateway and keep the receipts.

Exit status: 0 all accepted (or still pending when ``--wait`` ran out), 1 something was rejected,
failed or has an invalid receipt (``receipts verify --all``: any receipt fails), 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import t

BAD_OUTCOMES = ("rejected", "failed", "receipt_invalid")



def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("submit", help="wyślij podpisane pliki KEDU do bramki ZUS (przez skrzynkę nadawczą)")
    p.add_argument("files", nargs="+", metavar="FILE", help="podpisany plik KEDU (XAdES)")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="czekaj na potwierdzenia najwyżej tyle sekund (domyślnie 0: tylko wyślij)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser("outbox", help="skrzynka nadawcza: przesyłki oczekujące (i wznowienie wysyłki)")
    p.add_argument("--send", action="store_true", help="wyślij oczekujące i odpytaj o potwierdzenia")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="z --send: czekaj na potwierdzenia")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_outbox)

    gw = sub.add_parser("gateway", help="aktywna bramka i przypięte certyfikaty").add_subparsers(
        dest="sub", metavar="ACTION")
    p = gw.add_parser("show", help="profil, adres i odciski przypiętych certyfikatów bramki")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_gateway_show)
    p = gw.add_parser("repin", help="przypnij na nowo certyfikaty bramki (po ich zmianie przez bramkę)")
    p.add_argument("--yes", action="store_true", required=True, help="potwierdzam nowe certyfikaty")
    p.set_defaults(func=cmd_gateway_repin)

    receipts = sub.add_parser("receipts", help="potwierdzenia odbioru (UPO) z bramki").add_subparsers(
        dest="sub", metavar="ACTION")
    p = receipts.add_parser("list", help="lista wysyłek i potwierdzeń")
    p.add_argument("--payer", default="", help="NIP płatnika lub fragment nazwy")
    p.add_argument("--period", default="", help="okres YYYY-MM")
    p.add_argument("--form", default="", help="formularz, np. ZUSDRA")
    p.add_argument("--status", default="", help="stan: accepted, rejected, receipt_invalid, queued, …")
    p.add_argument("--from", dest="date_from", default="", help="od daty wysłania YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default="", help="do daty wysłania YYYY-MM-DD")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = receipts.add_parser("show", help="szczegóły wysyłki i błędy odrzucenia (blok, pole)")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = receipts.add_parser("verify", help="sprawdź ponownie zapisane potwierdzenia (kod 1, gdy któreś złe)")
    p.add_argument("--all", action="store_true", required=True, help="wszystkie zapisane potwierdzenia")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)
    p = receipts.add_parser("pdf", help="potwierdzenie jako PDF")
    p.add_argument("reference")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_pdf)
    p = receipts.add_parser("export", help="ZIP miesiąca klienta: podpisane XML, potwierdzenia XML, PDF")
    p.add_argument("--payer", required=True, help="NIP płatnika")
    p.add_argument("--period", required=True, help="okres YYYY-MM")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_export)


def _row(s) -> dict:
    from ..gateway.receipts import text_from_json

    return {"id": s.id, "reference": s.reference, "state": s.state, "gateway_status": s.gateway_status,
            "payer_nip": s.payer_nip, "payer_name": s.payer_name, "period": s.period, "forms": s.forms,
            "source": s.source_name, "created_at": s.created_at, "finished_at": s.finished_at,
            "document_sha256": s.document_sha256, "package_sha256": s.package_sha256,
            "receipt_sha256": s.receipt_sha256, "receipt_verified": s.receipt_verified,
            "receipt_problem": text_from_json(s.receipt_problem), "last_error": text_from_json(s.last_error),
            "profile": s.profile, "gateway_url": s.gateway_url, "errors": s.errors}


def _line(s) -> str:
    from ..gateway.outbox import state_label
    from ..gateway.receipts import text_from_json

    label = state_label(s.state).render()
    text = f"{s.reference or '-':28} {label:28} {s.payer_nip:10} {s.period:7} {s.forms:22} {s.source_name}"
    if not s.reached_zus:  # a sandbox or another gateway: its receipt is not a ZUS one
        text += "  " + t("[test — nie ZUS]", "[test — not ZUS]").render()
    if s.receipt_problem:
        text += f"\n    ! {text_from_json(s.receipt_problem)}"
    if s.last_error and s.state in ("failed", "failed_retryable"):
        text += f"\n    ! {text_from_json(s.last_error)}"
    for e in s.errors:
        where = ", ".join(x for x in (e.get("document"), f"blok {e['block']}" if e.get("block") else "",
                                      f"pole {e['field']}" if e.get("field") else "") if x)
        msg = e.get("message_en") if _lang() == "en" else e.get("message_pl")
        kind = "" if e.get("critical") else " (ostrzeżenie)"
        text += f"\n    - [{e.get('code')}] {where}: {msg}{kind}"
    return text


def _lang() -> str:
    from ..i18n import language

    return language()


def _profile_line(ctx) -> None:
    ctx.out(t("Bramka: {profile}", "Gateway: {profile}")(profile=ctx.app.gateway.active_profile().render()).render())


def _report(ctx, args, subs) -> int:
    if args.json:
        ctx.out_json([_row(s) for s in subs])
    else:
        for s in subs:
            ctx.out(_line(s))
    return 1 if any(s.state in BAD_OUTCOMES for s in subs) else 0


def cmd_submit(args, ctx) -> int:
    paths = [Path(f) for f in args.files]
    for p in paths:
        if not p.is_file():
            from ..errors import UserFacingError

            raise UserFacingError(t("Nie ma pliku {path}.", "The file {path} does not exist.")(path=str(p)))
    gateway = ctx.app.gateway
    result = gateway.submit_files(paths, wait=args.wait)
    if not args.json:
        _profile_line(ctx)  # after sending: the embedded sandbox's address is known by now
    return _report(ctx, args, result.done + result.pending)


def cmd_outbox(args, ctx) -> int:
    from ..gateway.outbox import ACTIVE_STATES

    gateway = ctx.app.gateway
    if args.send:
        gateway.process(wait=args.wait)
    subs = [s for s in gateway.list(limit=100000) if s.state in ACTIVE_STATES]
    if not args.json:
        _profile_line(ctx)
        if not subs:
            ctx.out(t("Skrzynka nadawcza jest pusta.", "The outbox is empty.").render())
    return _report(ctx, args, subs) if subs or args.json else 0


def cmd_list(args, ctx) -> int:
    from ..gateway.outbox import Filter

    flt = Filter(payer=args.payer, period=args.period, form=args.form, state=args.status,
                 date_from=args.date_from, date_to=args.date_to)
    subs = ctx.app.gateway.list(flt, offset=args.offset, limit=args.limit)
    if args.json:
        ctx.out_json([_row(s) for s in subs])
    else:
        for s in subs:
            ctx.out(_line(s))
    return 0


def _find(ctx, reference: str):
    from ..errors import UserFacingError

    sub = ctx.app.gateway.by_reference(reference)
    if sub is None:
        raise UserFacingError(
            t("Nie ma wysyłki o numerze {ref}.", "No submission with reference {ref}.")(ref=reference),
            hint=t("Sprawdź numer: eplatnik-cli receipts list.", "Check it: eplatnik-cli receipts list."))
    return sub


def cmd_show(args, ctx) -> int:
    sub = _find(ctx, args.reference)
    if args.json:
        ctx.out_json(_row(sub))
    else:
        ctx.out(_line(sub))
    return 1 if sub.state in BAD_OUTCOMES else 0


def cmd_verify(args, ctx) -> int:
    results = ctx.app.gateway.verify_all()
    bad = [(s, p) for s, p in results if p is not None]
    if args.json:
        ctx.out_json({"checked": len(results), "invalid": [
            {"reference": s.reference, "problem": p.render()} for s, p in bad]})
    else:
        for s, p in bad:
            ctx.out(f"{s.reference}: {p.render()}")
        ctx.out(t("Sprawdzono {n} potwierdzeń, nieprawidłowych: {bad}.",
                  "Checked {n} receipts, invalid: {bad}.")(n=len(results), bad=len(bad)).render())
    return 1 if bad else 0


def cmd_pdf(args, ctx) -> int:
    from ..reports.receipt_pdf import render_receipt_pdf

    sub = _find(ctx, args.reference)
    data = render_receipt_pdf(ctx.app.gateway, sub)
    from ..fsutil import atomic_write_bytes

    atomic_write_bytes(args.output, data)
    ctx.out(args.output)
    return 0


def cmd_export(args, ctx) -> int:
    count = ctx.app.month.evidence_zip(args.payer, args.period, Path(args.output))
    ctx.out(t("Zapisano {path} ({n} wysyłek).", "Wrote {path} ({n} submissions).")(path=args.output, n=count).render())
    return 0


def _pin_json(pin) -> dict | None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    if pin is None:
        return None
    enc = x509.load_pem_x509_certificate(pin.encryption_cert.encode("ascii"))
    return {"gateway_key": pin.gateway_key, "pinned_at": pin.pinned_at,
            "receipt_signing_sha256": pin.receipt_cert_sha256,
            "encryption_sha256": enc.fingerprint(hashes.SHA256()).hex(),
            "encryption_subject": enc.subject.rfc4514_string()}


def cmd_gateway_show(args, ctx) -> int:
    gateway = ctx.app.gateway
    profile = gateway.active_profile()
    pin = _pin_json(gateway.outbox.pin(gateway.gateway_key()))
    data = {"profile": profile.name, "label": profile.label.render(), "url": profile.url,
            "production": profile.production, "pin": pin}
    if args.json:
        ctx.out_json(data)
        return 0
    _profile_line(ctx)
    if pin is None:
        ctx.out(t("Certyfikaty bramki nie są jeszcze przypięte (nastąpi to przy pierwszej wysyłce).",
                  "The gateway certificates are not pinned yet (this happens at the first submission).").render())
    else:
        ctx.out(t("Przypięto {at}: UPO SHA-256 {receipt}, szyfrowanie SHA-256 {enc}",
                  "Pinned {at}: receipts SHA-256 {receipt}, encryption SHA-256 {enc}")(
            at=pin["pinned_at"], receipt=pin["receipt_signing_sha256"], enc=pin["encryption_sha256"]).render())
    return 0


def cmd_gateway_repin(args, ctx) -> int:
    from cryptography.hazmat.primitives import hashes, serialization

    from ..gateway.outbox import Pin, now_iso

    gateway = ctx.app.gateway
    certs = gateway.client().certificates()
    pin = Pin(gateway_key=gateway.gateway_key(),
              encryption_cert=certs.encryption.public_bytes(serialization.Encoding.PEM).decode("ascii"),
              receipt_cert=certs.receipt_signing.public_bytes(serialization.Encoding.PEM).decode("ascii"),
              receipt_cert_sha256=certs.receipt_signing.fingerprint(hashes.SHA256()).hex(),
              pinned_at=now_iso(ctx.app.clock))
    gateway.outbox.replace_pin(pin)
    ctx.out(t("Przypięto na nowo: UPO SHA-256 {receipt}. Wcześniejsze potwierdzenia nadal sprawdza się "
              "certyfikatem przypiętym przy ich wysyłce.",
              "Re-pinned: receipts SHA-256 {receipt}. Earlier receipts are still checked against the "
              "certificate pinned when they were sent.")(receipt=pin.receipt_cert_sha256).render())
    return 0
