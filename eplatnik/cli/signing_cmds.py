"""Signing commands: sign, verify, certs show, tokens list / modules.

PINs and passwords come from a file (``--pin-file`` / ``--password-file``, first line) or, on a
terminal, from a hidden prompt. They are never printed, logged or passed on the command line.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import cast

from ..errors import Cancelled, UserFacingError
from ..fsutil import atomic_write_bytes
from ..i18n import Text, t
from ..settings import PKCS11_MODULE, TRUST_BUNDLE, Settings

NEED_SOURCE = t("Podaj źródło klucza: --p12 PLIK albo --pkcs11-module BIBLIOTEKA --token-label ETYKIETA.",
                "Give a key source: --p12 FILE or --pkcs11-module LIBRARY --token-label LABEL.")
NEED_SECRET = t("Podaj {what} w pliku ({option}); bez terminala nie można o nie zapytać.",
                "Give the {what} in a file ({option}); without a terminal it cannot be asked for.")
SECRET_FILE = t("Nie można odczytać pliku {path}.", "Cannot read the file {path}.")
OUT_NEEDED = t("Przy kilku plikach podaj katalog wyjściowy --out-dir; -o dotyczy jednego pliku.",
               "With several files give an output folder --out-dir; -o is for a single file.")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sign", help="podpisz dokument(y) KEDU podpisem XAdES (plik .p12 lub karta PKCS#11)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-o", "--output", help="plik wynikowy (jeden dokument)")
    p.add_argument("--out-dir", help="katalog wynikowy (wiele dokumentów; ta sama nazwa pliku)")
    _source_options(p)
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser("verify", help="sprawdź podpis dokumentu (kod 0 = prawidłowy, 1 = nieprawidłowy)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--ca", help="zaufane urzędy certyfikacji (PEM); domyślnie te obszaru roboczego (certs ca set)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    certs = sub.add_parser("certs", help="certyfikaty").add_subparsers(dest="sub", metavar="ACTION")
    p = certs.add_parser("show", help="szczegóły certyfikatu z pliku .p12/.pfx, PEM lub DER")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--password-file", help="hasło do pliku .p12 (pierwszy wiersz)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_certs_show)

    from . import shared_files

    shared_files.register(certs, "ca_bundle", "zaufane urzędy certyfikacji (PEM) do sprawdzania podpisów — w bazie "
                                              "biura wspólne dla wszystkich stanowisk: show / set PLIK / remove")

    tokens = sub.add_parser("tokens", help="karty i tokeny PKCS#11").add_subparsers(dest="sub", metavar="ACTION")
    p = tokens.add_parser("list", help="karty widoczne przez moduł PKCS#11 i certyfikaty na nich")
    p.add_argument("--pkcs11-module", help="biblioteka PKCS#11; domyślnie z ustawień")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tokens_list)
    p = tokens.add_parser("modules", help="znane moduły PKCS#11 dostawców dla tego systemu")
    p.add_argument("--os", choices=["linux", "windows", "macos"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tokens_modules)


def _source_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--p12", help="plik certyfikatu z kluczem (.p12/.pfx)")
    p.add_argument("--password-file", help="plik z hasłem do .p12 (pierwszy wiersz)")
    p.add_argument("--pkcs11-module", help="biblioteka PKCS#11 karty; domyślnie z ustawień")
    p.add_argument("--token-label", help="etykieta karty/tokenu")
    p.add_argument("--key-id", help="CKA_ID certyfikatu na karcie (szesnastkowo), gdy jest ich kilka")
    p.add_argument("--pin-file", help="plik z PIN-em karty (pierwszy wiersz)")


class TerminalPrompt:
    """Asks on the terminal with echo off; a retry shows the core's message first."""

    def __init__(self, what: Text) -> None:
        self.what = what

    def ask_pin(self, token_label: str, tries_left: int | None, retry: bool,
                message: Text | None = None) -> str:
        if message is not None:
            print(message.render(), file=sys.stderr)
        try:
            return getpass.getpass(f"{self.what.render()} ({token_label}): ")
        except (EOFError, KeyboardInterrupt) as exc:
            raise Cancelled() from exc


def _secret_prompt(path: str | None, what: Text, option: str):
    from ..signing.keysource import FixedPin

    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise UserFacingError(SECRET_FILE(path=path)) from exc
        return FixedPin(text.splitlines()[0] if text else "")
    if sys.stdin.isatty():
        return TerminalPrompt(what)
    raise UserFacingError(NEED_SECRET(what=what.render(), option=option))


def _settings(ctx) -> Settings:
    return Settings(ctx.basedir)  # read-only: no workspace database is created for these commands


def _trust_bundle(ctx) -> str:
    """The workspace's CA bundle: the one stored in its database (an office's: every desk's), else an
    older one-seat path setting; no workspace is created for it."""
    if ctx.has_database():
        return ctx.app.shared_files.ca_bundle_path()
    return _settings(ctx).get(TRUST_BUNDLE)


def _source_and_prompt(args, ctx):
    if args.p12:
        from ..signing.p12 import P12KeySource

        return P12KeySource(args.p12), _secret_prompt(args.password_file, t("hasło", "password"),
                                                      "--password-file")
    module = args.pkcs11_module or _settings(ctx).get(PKCS11_MODULE)
    if module and args.token_label:
        from ..signing.pkcs11 import Pkcs11KeySource

        key_id = bytes.fromhex(args.key_id) if args.key_id else None
        return (Pkcs11KeySource(module, args.token_label, key_id),
                _secret_prompt(args.pin_file, t("PIN", "PIN"), "--pin-file"))
    raise UserFacingError(NEED_SOURCE)


def cmd_sign(args, ctx) -> int:
    from ..progress import Progress
    from ..signing.service import sign_many

    files = [Path(f) for f in args.files]
    if len(files) > 1 and not args.out_dir:
        raise UserFacingError(OUT_NEEDED)
    if len(files) == 1 and not (args.output or args.out_dir):
        raise UserFacingError(t("Podaj plik wynikowy -o PLIK.", "Give the output file -o FILE."))
    items = []
    for f in files:
        try:
            items.append((f, f.read_bytes()))
        except OSError as exc:
            raise UserFacingError(SECRET_FILE(path=str(f))) from exc
    source, prompt = _source_and_prompt(args, ctx)

    def target(f: Path) -> Path:
        return Path(args.out_dir) / f.name if args.out_dir else Path(args.output)

    def store(f: Path, signed: bytes, signer) -> None:
        atomic_write_bytes(target(f), signed)

    result = sign_many(items, source, prompt, Progress(), on_signed=store, clock=ctx.clock)
    who = result.signer.owner if result.signer else "?"
    for done, _ in result.signed:
        ctx.out(t("podpisano: {out} ({who})", "signed: {out} ({who})")(out=str(target(cast(Path, done))),
                                                                      who=who).render())
    return 0


def cmd_verify(args, ctx) -> int:
    from ..signing.certs import load_trust_bundle
    from ..signing.xades import verify_xml
    from ..xmlsafe import read_limited

    bundle = args.ca or _trust_bundle(ctx)
    anchors = load_trust_bundle(bundle) if bundle else None
    info = verify_xml(read_limited(args.file), anchors)
    if args.json:
        ctx.out_json({
            "valid": info.valid, "trusted": info.trusted,
            "signer": info.signer.owner if info.signer else None,
            "pesel": info.signer.pesel if info.signer else None,
            "nip": info.signer.nip if info.signer else None,
            "signing_time": info.signing_time.isoformat() if info.signing_time else None,
            "problems": [p.render() for p in info.problems],
            "warnings": [w.render() for w in info.warnings]})
    else:
        ctx.out(info.summary())
        if info.signer is not None:
            ctx.out(t("Podpisujący: {who}; wystawca: {issuer}", "Signer: {who}; issuer: {issuer}")(
                who=info.signer.owner, issuer=info.signer.issuer).render())
        for p in info.problems:
            ctx.out(f"  ✗ {p.render()}")
        for w in info.warnings:
            ctx.out(f"  ! {w.render()}")
    return 0 if info.valid else 1


def cmd_certs_show(args, ctx) -> int:
    from ..signing.certs import inspect_certificate, load_certificate_file

    path = Path(args.file)
    if path.suffix.lower() in (".p12", ".pfx"):
        from ..signing.p12 import P12KeySource

        prompt = _secret_prompt(args.password_file, t("hasło", "password"), "--password-file")
        with P12KeySource(path).open(prompt) as key:
            certs = [key.certificate]
    else:
        certs = load_certificate_file(path)
    infos = [inspect_certificate(c) for c in certs]
    if args.json:
        ctx.out_json([{**dict(i.describe("en")), "claims_qualified": i.claims_qualified,
                       "warnings": [w.render() for w in i.warnings]} for i in infos])
        return 0
    for n, info in enumerate(infos):
        if n:
            ctx.out()
        width = max(len(label) for label, _ in info.describe())
        for label, value in info.describe():
            ctx.out(f"{label:<{width}}  {value}")
    return 0


def cmd_tokens_list(args, ctx) -> int:
    from ..signing.pkcs11 import list_certificates, list_tokens

    module = args.pkcs11_module or _settings(ctx).get(PKCS11_MODULE)
    if not module:
        raise UserFacingError(t("Podaj --pkcs11-module BIBLIOTEKA (lub ustaw signing.pkcs11_module).",
                                "Give --pkcs11-module LIBRARY (or set signing.pkcs11_module)."))
    out = []
    for token in list_tokens(module):
        certs = [] if token.locked else list_certificates(module, token.label)
        out.append((token, certs))
    if args.json:
        ctx.out_json([{"label": tok.label, "manufacturer": tok.manufacturer, "model": tok.model,
                       "serial": tok.serial, "locked": tok.locked, "pin_count_low": tok.pin_count_low,
                       "certificates": [{"key_id": c.key_id.hex(), "owner": c.info.owner, "has_key": c.has_key,
                                         "not_after": c.info.not_after.isoformat(),
                                         "qualified": c.info.claims_qualified} for c in certs]}
                      for tok, certs in out])
        return 0
    if not out:
        ctx.out(t("Brak kart/tokenów.", "No cards/tokens.").render())
    for tok, certs in out:
        state = t(" [ZABLOKOWANA]", " [LOCKED]").render() if tok.locked else ""
        ctx.out(f"{tok.label} — {tok.manufacturer} {tok.model} ({tok.serial}){state}")
        for c in certs:
            info = c.info
            qual = t("kwalifikowany", "qualified").render() if info.claims_qualified else "—"
            key = t("klucz na karcie", "key on card").render() if c.has_key else "—"
            ctx.out(f"  [{c.key_id.hex()}] {info.owner}  {info.not_after.date()}  {qual}  {key}")
    return 0


def cmd_tokens_modules(args, ctx) -> int:
    from ..signing.providers import module_candidates

    mods = module_candidates(args.os)
    if args.json:
        ctx.out_json([{"provider": m.provider, "path": m.path, "confirmed": m.confirmed,
                       "installed": m.installed} for m in mods])
        return 0
    for m in mods:
        flags = ("✓ " if m.installed else "  ") + ("" if m.confirmed else "(?) ")
        ctx.out(f"{flags}{m.provider}: {m.path}")
    ctx.out(t("(?) = nazwa typowa, do potwierdzenia u dostawcy; ✓ = zainstalowany",
              "(?) = typical name, to be confirmed with the provider; ✓ = installed").render())
    return 0
