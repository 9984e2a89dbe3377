"""Register commands: demo, payers, insured, accountants, authorisations, deadline."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import cast

from ..errors import UserFacingError, ValidationFailed
from ..i18n import language, t
from ..period import Period
from ..register import csv_import
from ..register import validation as v
from ..register.models import (
    Accountant,
    Authorisation,
    AuthorisationScope,
    ContributionScheme,
    HealthTaxForm,
    InsuredPerson,
    InsuredRecord,
    Payer,
)
from ..register.warnings import insured_warnings, payer_warnings
from ..workdays import PayerType, monthly_deadline


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="utwórz demonstracyjny obszar roboczy (3 firmy)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("deadline", help="termin DRA/RCA i płatności dla typu płatnika i okresu")
    p.add_argument("--payer-type", required=True, choices=[t.value for t in PayerType])
    p.add_argument("--period", required=True, help="RRRR-MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_deadline)

    payers = sub.add_parser("payers", help="płatnicy (firmy-klienci)").add_subparsers(dest="sub", metavar="ACTION")
    p = payers.add_parser("list", help="lista płatników")
    p.add_argument("--json", action="store_true")
    p.add_argument("--search", default="")
    p.add_argument("--all", action="store_true", help="także zarchiwizowani")
    p.set_defaults(func=cmd_payers_list)
    p = payers.add_parser("add", help="dodaj płatnika")
    _payer_options(p, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_payers_add)
    p = payers.add_parser("edit", help="zmień dane płatnika")
    p.add_argument("payer", help="NIP płatnika")
    _payer_options(p, required=False)
    p.set_defaults(func=cmd_payers_edit)
    p = payers.add_parser("show", help="szczegóły płatnika")
    p.add_argument("payer", help="NIP płatnika")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_payers_show)
    p = payers.add_parser("archive", help="zarchiwizuj płatnika (lub przywróć z --restore)")
    p.add_argument("payer")
    p.add_argument("--restore", action="store_true")
    p.set_defaults(func=cmd_payers_archive)

    insured = sub.add_parser("insured", help="ubezpieczeni").add_subparsers(dest="sub", metavar="ACTION")
    p = insured.add_parser("list", help="ubezpieczeni płatnika")
    p.add_argument("--payer", required=True, help="NIP płatnika")
    p.add_argument("--on", help="stan na dzień RRRR-MM-DD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_insured_list)
    p = insured.add_parser("add", help="dodaj ubezpieczonego")
    p.add_argument("--payer", required=True)
    p.add_argument("--pesel", default="")
    p.add_argument("--document-type", choices=["1", "2"], default="", help="1 dowód osobisty, 2 paszport")
    p.add_argument("--document-number", default="")
    p.add_argument("--first-name", required=True)
    p.add_argument("--last-name", required=True)
    p.add_argument("--birth-date", help="RRRR-MM-DD (z PESEL, jeśli pominięto)")
    p.add_argument("--title", required=True, help="kod tytułu ubezpieczenia, 6 cyfr, np. 011000 (4 cyfry, np. 0510, "
                                                  "przyjmowane jako 051000)")
    p.add_argument("--start", required=True, help="data rozpoczęcia RRRR-MM-DD")
    p.add_argument("--end", default="")
    p.add_argument("--work-time", default="1/1")
    p.add_argument("--gross", default="0")
    p.add_argument("--postal-code", default="")
    p.add_argument("--city", default="")
    p.add_argument("--street", default="")
    p.add_argument("--house-no", default="")
    p.add_argument("--sickness", action="store_true", help="dobrowolne chorobowe")
    p.set_defaults(func=cmd_insured_add)
    p = insured.add_parser("import", help="import ubezpieczonych z CSV (podgląd, potem --yes)")
    p.add_argument("file")
    p.add_argument("--payer", required=True)
    p.add_argument("--yes", action="store_true", help="zapisz (bez tego tylko podgląd)")
    p.add_argument("--only-valid", action="store_true", help="pomiń wiersze z błędami")
    p.set_defaults(func=cmd_insured_import)
    p = insured.add_parser("history", help="historia zmian ubezpieczonego")
    p.add_argument("--payer", required=True)
    p.add_argument("--pesel", required=True)
    p.set_defaults(func=cmd_insured_history)

    auth = sub.add_parser("authorisations", help="pełnomocnictwa (ZUS-PEL)").add_subparsers(
        dest="sub", metavar="ACTION")
    p = auth.add_parser("list")
    p.add_argument("--payer", default="")
    p.add_argument("--expiring", type=int, metavar="DAYS", help="tylko wygasające w ciągu DAYS dni")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_auth_list)
    p = auth.add_parser("add")
    p.add_argument("--payer", required=True)
    p.add_argument("--accountant", required=True, help="imię i nazwisko księgowej/księgowego")
    p.add_argument("--accountant-pesel", default="")
    p.add_argument("--scope", choices=[s.value for s in AuthorisationScope], default="full")
    p.add_argument("--from", dest="valid_from", required=True)
    p.add_argument("--to", dest="valid_to", default="")
    p.add_argument("--reference", default="")
    p.set_defaults(func=cmd_auth_add)


def _payer_options(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument("--nip", required=required)
    p.add_argument("--name", dest="full_name", required=required, help="pełna nazwa")
    p.add_argument("--short-name", required=required, help="nazwa skrócona (max 31 znaków)")
    p.add_argument("--type", dest="payer_type", choices=[t.value for t in PayerType],
                   default="other" if required else None)
    p.add_argument("--regon")
    p.add_argument("--pesel")
    p.add_argument("--first-name")
    p.add_argument("--last-name")
    p.add_argument("--street")
    p.add_argument("--house-no")
    p.add_argument("--flat-no")
    p.add_argument("--postal-code")
    p.add_argument("--city")
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--accident-rate")
    p.add_argument("--bank-account")
    p.add_argument("--notes")
    p.add_argument("--scheme", choices=[s.value for s in ContributionScheme if s.value])
    p.add_argument("--tax-form", choices=[s.value for s in HealthTaxForm if s.value])


def _payer_json(p: Payer) -> dict:
    data = asdict(p)
    data["payer_type"] = p.payer_type.value
    data["contribution_scheme"] = p.contribution_scheme.value
    data["health_tax_form"] = p.health_tax_form.value
    data["accident_rate"] = str(p.accident_rate)
    data["birth_date"] = p.birth_date.isoformat() if p.birth_date else None
    return data


def _print_validation(ctx, exc: ValidationFailed) -> None:
    head = "Dane są niepoprawne:" if language() == "pl" else "The data is not valid:"
    import sys

    print(head, file=sys.stderr)
    for e in exc.errors:
        print(f"  {e.render_with_label()}", file=sys.stderr)


def cmd_demo(args, ctx) -> int:
    from ..demo import create_demo

    problems = create_demo(ctx.app)
    if args.gateway:  # an office's sandbox apart from this seat: tell it what the demo signs with
        from ..demo.office import register_demo_with_sandbox

        done = register_demo_with_sandbox(ctx.app.http, args.gateway, ctx.app.basedir)
        ctx.out(t("Piaskownica {url} ufa testowemu CA tego stanowiska ({ca}…) i zna {n} upoważnienia demo.",
                  "The sandbox {url} trusts this seat's test CA ({ca}…) and knows {n} demo authorisations.")(
            url=args.gateway, ca=done.ca_sha256[:16], n=done.authorisations).render())
    s = ctx.app.register.summary()
    if problems:
        import sys

        for problem in problems:
            print(f"{t('błąd', 'error').render()}: {problem.render()}", file=sys.stderr)
        ctx.out(t("Obszar demonstracyjny w {dir} utworzono częściowo ({p} płatników, {i} ubezpieczonych); "
                  "nie powstało: {n} — patrz komunikaty powyżej.",
                  "The demo workspace in {dir} was created in part ({p} payers, {i} insured persons); "
                  "not made: {n} — see the messages above.")(
            dir=str(ctx.basedir), p=s.payers, i=s.insured, n=len(problems)).render())
        return 1
    ctx.out(t("Obszar demonstracyjny gotowy w {dir}: {p} płatników, {i} ubezpieczonych.",
              "Demo workspace ready in {dir}: {p} payers, {i} insured persons.")(
        dir=str(ctx.basedir), p=s.payers, i=s.insured).render())
    return 0


def cmd_deadline(args, ctx) -> int:
    period = Period.parse(args.period)
    due = monthly_deadline(PayerType.parse(args.payer_type), period)
    if args.json:
        ctx.out_json({"payer_type": args.payer_type, "period": str(period), "deadline": due.isoformat()})
    else:
        ctx.out(due.isoformat())
    return 0


def cmd_payers_list(args, ctx) -> int:
    payers = ctx.app.register.list_payers(include_archived=args.all, search=args.search)
    if args.json:
        ctx.out_json([_payer_json(p) for p in payers])
        return 0
    for p in payers:
        ctx.out(f"{p.nip}  {p.regon or '-':14}  {p.payer_type.value:6}  {p.short_name}"
                + ("  [archiwum]" if p.archived else ""))
    return 0


def _payer_from_args(args, base: Payer | None = None) -> Payer:
    values: dict = {}
    for name in ("nip", "full_name", "short_name", "regon", "pesel", "first_name", "last_name", "street",
                 "house_no", "flat_no", "postal_code", "city", "email", "phone", "bank_account", "notes"):
        val = getattr(args, name, None)
        if val is not None:
            values[name] = val
    if getattr(args, "payer_type", None):
        values["payer_type"] = PayerType(args.payer_type)
    if getattr(args, "scheme", None):
        values["contribution_scheme"] = ContributionScheme(args.scheme)
    if getattr(args, "tax_form", None):
        values["health_tax_form"] = HealthTaxForm(args.tax_form)
    if getattr(args, "accident_rate", None):
        try:
            values["accident_rate"] = v.parse_amount(args.accident_rate)
        except ValueError:
            from ..errors import FieldError

            raise ValidationFailed([FieldError("accident_rate", v.RATE_BAD)]) from None
    if base is None:
        payer = Payer(**values)
    else:
        from dataclasses import replace

        payer = replace(base, **values)
    payer.birth_date = v.default_birth_date(payer.pesel, payer.birth_date)
    return payer


def cmd_payers_add(args, ctx) -> int:
    try:
        payer = _payer_from_args(args)
        # validate before opening (and so creating) any workspace file
        errors = payer.normalised().validate()
        if errors:
            raise ValidationFailed(errors)
        payer = ctx.app.register.add_payer(payer)
    except ValidationFailed as exc:
        _print_validation(ctx, exc)
        return 2
    if args.json:
        ctx.out_json(_payer_json(payer))
    else:
        ctx.out(t("Dodano płatnika {name} (NIP {nip}).", "Payer {name} added (NIP {nip}).")(
            name=payer.short_name, nip=payer.nip).render())
        _print_warnings(ctx, payer_warnings(payer))
    return 0


def _print_warnings(ctx, warnings) -> None:
    for w in warnings:
        ctx.out(w.render())


def cmd_payers_edit(args, ctx) -> int:
    base = ctx.app.register.find_payer(args.payer)
    try:
        payer = ctx.app.register.update_payer(_payer_from_args(args, base))
    except ValidationFailed as exc:
        _print_validation(ctx, exc)
        return 2
    ctx.out(t("Zapisano zmiany.", "Changes saved.").render())
    _print_warnings(ctx, payer_warnings(payer))
    return 0


def cmd_payers_show(args, ctx) -> int:
    reg = ctx.app.register
    payer = reg.find_payer(args.payer)
    if args.json:
        data = _payer_json(payer)
        data["insured_count"] = reg.count_insured(payer.id)
        ctx.out_json(data)
        return 0
    ctx.out(f"{payer.full_name}\n  NIP {payer.nip}  REGON {payer.regon or '-'}  PESEL {payer.pesel or '-'}")
    ctx.out(f"  {payer.address}")
    ctx.out(f"  {payer.payer_type.label.render()}; wypadkowe {payer.accident_rate}%")
    ctx.out(f"  ubezpieczonych: {reg.count_insured(payer.id)}")
    return 0


def cmd_payers_archive(args, ctx) -> int:
    payer = ctx.app.register.find_payer(args.payer)
    ctx.app.register.archive_payer(payer.id, archived=not args.restore)
    return 0


def _person_json(p: InsuredPerson) -> dict:
    r = p.record
    return {"id": p.id, "pesel": p.pesel, "document_type": p.document_type.value,
            "document_number": p.document_number, "first_name": r.first_name, "last_name": r.last_name,
            "birth_date": r.birth_date.isoformat(), "insurance_title_code": r.insurance_title_code,
            "work_time": r.work_time, "gross_pay": str(r.gross_pay), "start_date": r.start_date.isoformat(),
            "end_date": r.end_date.isoformat() if r.end_date else None, "valid_from": str(r.valid_from),
            "voluntary_sickness": r.voluntary_sickness}


def cmd_insured_list(args, ctx) -> int:
    payer = ctx.app.register.find_payer(args.payer)
    on = date.fromisoformat(args.on) if args.on else None
    people = ctx.app.register.list_insured(payer.id, on=on, active_only=on is not None)
    if args.json:
        ctx.out_json([_person_json(p) for p in people])
        return 0
    for p in people:
        r = p.record
        ctx.out(f"{p.identifier:14} {r.last_name} {r.first_name:12} {r.insurance_title_code} {r.work_time:5} "
                f"{r.gross_pay:>10}  od {r.start_date}" + (f" do {r.end_date}" if r.end_date else ""))
    return 0


def cmd_insured_add(args, ctx) -> int:
    from ..errors import FieldError
    from ..register.codes import expand_title_code
    from ..register.models import DocumentType

    title, expanded = expand_title_code(args.title)
    if expanded:  # "0510", the four digits people say
        ctx.out(t("Kod tytułu {given} przyjęto jako {code} (bez prawa do emerytury/renty, bez niepełnosprawności).",
                  "Title code {given} was taken as {code} (no pension right, no disability).")(
            given=args.title.strip(), code=title).render())
    try:
        birth = v.default_birth_date(args.pesel, v.parse_date(args.birth_date) if args.birth_date else None)
        if birth is None:
            raise ValidationFailed([FieldError("birth_date", v.REQUIRED)])
        num, den = v.parse_fraction(args.work_time)
        person = InsuredPerson(
            payer_id=0, pesel=args.pesel, document_type=DocumentType(args.document_type),
            document_number=args.document_number,
            record=InsuredRecord(first_name=args.first_name, last_name=args.last_name, birth_date=birth,
                                 insurance_title_code=title,
                                 start_date=cast(date, v.parse_date(args.start)),  # --start is required
                                 end_date=v.parse_date(args.end) if args.end else None,
                                 work_time_numerator=num, work_time_denominator=den,
                                 gross_pay=v.parse_amount(args.gross), postal_code=args.postal_code,
                                 city=args.city, street=args.street, house_no=args.house_no,
                                 voluntary_sickness=args.sickness))
        errors = person.validate()
        if errors:
            raise ValidationFailed(errors)
        payer = ctx.app.register.find_payer(args.payer)
        person.payer_id = payer.id
        person = ctx.app.register.add_insured(person)
    except ValidationFailed as exc:
        _print_validation(ctx, exc)
        return 2
    except ValueError as exc:
        raise UserFacingError(t("Niepoprawna wartość: {v}", "Invalid value: {v}")(v=str(exc)),
                              hint=t("Daty RRRR-MM-DD, etat jako ułamek 1/1, kwoty jak 5000,00.",
                                     "Dates YYYY-MM-DD, work time as 1/1, amounts like 5000.00.")) from exc
    ctx.out(t("Dodano ubezpieczonego {name}.", "Insured person {name} added.")(name=person.record.full_name).render())
    _print_warnings(ctx, insured_warnings(person, ctx.app.clock.today(), ctx.app.params))
    return 0


def cmd_insured_import(args, ctx) -> int:
    payer = ctx.app.register.find_payer(args.payer)
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UserFacingError(t("Nie można otworzyć pliku {f}: {e}", "Cannot open {f}: {e}")(
            f=args.file, e=exc.strerror)) from exc
    result = csv_import.preview(ctx.app.register, payer.id, data)
    ctx.out(t("Plik: {n} wierszy ({ok} poprawnych, {bad} z błędami); kodowanie {enc}, separator „{sep}”.",
              "File: {n} rows ({ok} valid, {bad} with errors); encoding {enc}, separator '{sep}'.")(
        n=len(result.rows), ok=len(result.valid_rows), bad=len(result.error_rows), enc=result.encoding,
        sep=result.delimiter).render())
    for row in result.rows:
        status = "OK " if row.ok else "BŁĄD" if language() == "pl" else "ERR"
        name = f"{row.values.get('last_name', '')} {row.values.get('first_name', '')}".strip()
        line = f"  {row.row_number:5}  {status:4} {row.values.get('pesel', ''):11} {name}"
        if not row.ok:
            line += "  — " + csv_import.describe_errors(row)
        ctx.out(line)
    if not args.yes:
        ctx.out(t("To był podgląd; nic nie zapisano. Dodaj --yes, aby zaimportować.",
                  "This was a preview; nothing was written. Add --yes to import.").render())
        return 1 if result.error_rows else 0
    if result.error_rows and not args.only_valid:
        raise UserFacingError(csv_import.HAS_ERRORS(n=len(result.error_rows)),
                              hint=t("Użyj --only-valid, aby pominąć błędne wiersze.",
                                     "Use --only-valid to skip the rows with errors."))
    ids = csv_import.commit(ctx.app.register, result, only_valid=args.only_valid)
    ctx.out(t("Zaimportowano {n} osób.", "Imported {n} people.")(n=len(ids)).render())
    return 0


def cmd_insured_history(args, ctx) -> int:
    reg = ctx.app.register
    payer = reg.find_payer(args.payer)
    person = next((p for p in reg.list_insured(payer.id) if p.pesel == v.compact_digits(args.pesel)), None)
    if person is None:
        raise UserFacingError(t("Brak ubezpieczonego z PESEL {p}.", "No insured person with PESEL {p}.")(p=args.pesel))
    for r in reg.insured_history(person.id):
        ctx.out(f"od {r.valid_from}: {r.first_name} {r.last_name} {r.insurance_title_code} {r.work_time} "
                f"{r.gross_pay} (zapisano {r.recorded_at[:19]} {r.recorded_by})")
    return 0


def cmd_auth_list(args, ctx) -> int:
    reg = ctx.app.register
    payer_id = reg.find_payer(args.payer).id if args.payer else None
    today = ctx.clock.today()
    auths = reg.list_authorisations(payer_id)
    if args.expiring is not None:
        auths = [a for a in auths if a.expires_within(today, args.expiring)]
    if args.json:
        ctx.out_json([{**asdict(a), "scope": a.scope.value, "active": a.active_on(today),
                       "expiring": a.expires_within(today, 30)} for a in auths])
        return 0
    for a in auths:
        flag = " [wygasa]" if a.expires_within(today, 30) else ("" if a.active_on(today) else " [nieaktywne]")
        ctx.out(f"{a.payer_nip} {a.payer_name:24} {a.accountant_name:22} {a.scope.label.render():12} "
                f"{a.valid_from} – {a.valid_to or 'bezterminowo'}{flag}")
    return 0


def cmd_auth_add(args, ctx) -> int:
    reg = ctx.app.register
    payer = reg.find_payer(args.payer)
    try:
        accountant = reg.add_accountant(Accountant(name=args.accountant, pesel=args.accountant_pesel))
        reg.add_authorisation(Authorisation(
            payer_id=payer.id, accountant_id=accountant.id, scope=AuthorisationScope(args.scope),
            valid_from=v.parse_date(args.valid_from),  # type: ignore[arg-type]
            valid_to=v.parse_date(args.valid_to) if args.valid_to else None, reference=args.reference))
    except ValidationFailed as exc:
        _print_validation(ctx, exc)
        return 2
    return 0


