"""KEDU and document-set commands: kedu validate/export/import/pdf, documents list/build/verify/…"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import UserFacingError
from ..fsutil import sha256_hex
from ..i18n import t
from ..period import Period

EXIT_INVALID, EXIT_UNREADABLE, EXIT_NOT_SCHEMA_CHECKED = 1, 2, 3


def register(sub: argparse._SubParsersAction) -> None:
    kedu = sub.add_parser("kedu", help="pliki KEDU: walidacja, eksport, import, wydruk PDF").add_subparsers(
        dest="sub", metavar="ACTION")
    validate_help = ("sprawdź plik KEDU ze schematem. Kod wyjścia: 0 poprawny, 1 błędy, 2 nieczytelny, "
                     "3 odczytany, ale nie sprawdzony ze schematem (program nie ma schematu tej wersji, np. KEDU "
                     "4.0–5.5; wskaż oficjalny XSD przez --schema)")
    p = kedu.add_parser("validate", help=validate_help, description=validate_help)
    p.add_argument("file", type=Path)
    p.add_argument("--schema", type=Path, help="oficjalny plik XSD (domyślnie wbudowany / z ustawień)")
    p.add_argument("--rules", action="store_true", help="także reguły weryfikacji (sumy, stawki, limity)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_validate)
    from . import shared_files

    shared_files.register(kedu, "kedu_schema", "oficjalny schemat KEDU (XSD) obszaru roboczego — w bazie biura "
                                                "wspólny dla wszystkich stanowisk: show / set PLIK / remove")
    p = kedu.add_parser("export", help="zapisz zestaw miesięczny płatnika jako plik KEDU (tworzy go, gdy brak); "
                                       "z --for: plik do importu w ePłatniku albo Płatniku")
    p.add_argument("--payer", help="NIP płatnika")
    p.add_argument("--set", type=int, help="numer zestawu zamiast płatnika (z --for)")
    p.add_argument("--clients", help="z --for: all albo NIP-y po przecinku — jeden plik na klienta w katalogu -o")
    p.add_argument("--period", help="RRRR-MM")
    p.add_argument("--for", dest="target", choices=["eplatnik", "platnik"],
                   help="plik do importu w ePłatniku (eZUS) albo w programie Płatnik (domyślnie KEDU 5.4)")
    p.add_argument("--kedu-version", choices=["5.4", "5.5", "5.6", "5.7"],
                   help="wersja KEDU pliku z --for (domyślnie 5.4: najnowsza, jaką według ZUS importują oba)")
    p.add_argument("-o", "--output", required=True, type=Path, help="plik (albo katalog z --clients)")
    p.set_defaults(func=cmd_export)
    p = kedu.add_parser("import", help="wczytaj plik KEDU (Płatnik, program kadrowy) jako dokumenty płatnika")
    p.add_argument("file", type=Path)
    p.add_argument("--into-register", action="store_true", help="dodaj brakujących płatników i ubezpieczonych")
    p.add_argument("--list", action="store_true", help="tylko pokaż zestawy w pliku (nic nie zapisuje)")
    p.add_argument("--only", help="numery zestawów z --list do zaimportowania, np. 0,2")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)
    p = kedu.add_parser("pdf", help="wydruk deklaracji (PDF) blokami i polami jak na formularzu")
    p.add_argument("--payer", help="NIP płatnika")
    p.add_argument("--period", help="RRRR-MM")
    p.add_argument("--set", type=int, help="numer zestawu zamiast płatnika i okresu")
    p.add_argument("-o", "--output", required=True, type=Path)
    p.set_defaults(func=cmd_pdf)

    docs = sub.add_parser("documents", help="zestawy dokumentów (DRA/RCA/RSA, ZUA/ZZA/ZWUA)").add_subparsers(
        dest="sub", metavar="ACTION")
    p = docs.add_parser("list", help="zestawy dokumentów")
    p.add_argument("--payer", help="NIP płatnika")
    p.add_argument("--period", help="RRRR-MM")
    p.add_argument("--status")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = docs.add_parser("build", help="utwórz zestaw miesięczny z rejestru")
    p.add_argument("--payer", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--rebuild", action="store_true", help="przelicz ponownie istniejący szkic")
    p.add_argument("--gross", action="append", default=[], metavar="PESEL=KWOTA",
                   help="przychód ubezpieczonego w tym miesiącu (zamiast kwoty z rejestru); można powtarzać")
    p.add_argument("--income", help="działalność: dochód z poprzedniego miesiąca (zdrowotna, skala/liniowy)")
    p.add_argument("--revenue", help="działalność: przychód od początku roku (zdrowotna, ryczałt)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_build)
    p = docs.add_parser("verify", help="weryfikacja zestawu (kod 1, gdy są błędy)")
    p.add_argument("set_id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)
    p = docs.add_parser("show", help="szczegóły zestawu (lub --xml: treść pliku)")
    p.add_argument("set_id", type=int)
    p.add_argument("--xml", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = docs.add_parser("edit", help="zmień pole dokumentu (np. --form RCA --field III.B/p4 --block 2); "
                        "kod wyjścia 75: zestaw edytuje lub podpisuje ktoś inny")
    p.add_argument("set_id", type=int)
    p.add_argument("--form", required=True)
    p.add_argument("--field", required=True, help="blok/pole (IV/p37) albo nazwa pola modelu")
    p.add_argument("--value", required=True)
    p.add_argument("--block", type=int, help="id_bloku (RCA/RSA III)")
    p.set_defaults(func=cmd_edit)
    p = docs.add_parser("correct", help="utwórz korektę zestawu (następny numer deklaracji)")
    p.add_argument("set_id", type=int)
    p.set_defaults(func=cmd_correct)
    absence = docs.add_parser("absence", help="nieobecności i świadczenia (raport ZUS RSA)").add_subparsers(
        dest="sub2", metavar="ACTION")
    p = absence.add_parser("add", help="dodaj nieobecność/świadczenie ubezpieczonego")
    p.add_argument("--payer", required=True)
    p.add_argument("--person", required=True, help="PESEL ubezpieczonego")
    p.add_argument("--code", required=True, help="kod świadczenia/przerwy, 3 cyfry (np. 331)")
    p.add_argument("--from", dest="date_from", required=True, help="RRRR-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, help="RRRR-MM-DD")
    p.add_argument("--amount", help="kwota wypłaconego świadczenia")
    p.set_defaults(func=cmd_absence_add)
    p = absence.add_parser("list", help="nieobecności płatnika w okresie")
    p.add_argument("--payer", required=True)
    p.add_argument("--period", required=True)
    p.set_defaults(func=cmd_absence_list)
    p = docs.add_parser("register", help="zgłoszenie/wyrejestrowanie ubezpieczonego albo zmiana jego danych: "
                                         "ZUA, ZZA, ZWUA, ZIUA (zestaw jest od razu weryfikowany)")
    p.add_argument("--payer", required=True)
    p.add_argument("--person", required=True, help="PESEL ubezpieczonego")
    p.add_argument("--form", required=True, choices=["ZUA", "ZZA", "ZWUA", "ZIUA"])
    p.add_argument("--date", help="data zgłoszenia/wyrejestrowania RRRR-MM-DD (ZWUA: domyślnie koniec "
                                  "zatrudnienia z rejestru, a bez niego dziś)")
    p.add_argument("--reason", default="100", help="ZWUA: kod przyczyny wyrejestrowania (100, 500, 600…)")
    p.add_argument("--nfz", default="", help="ZUA/ZZA: kod oddziału NFZ, np. 07R")
    p.add_argument("--citizenship", default="", help="ZUA/ZZA: obywatelstwo, np. POLSKIE")
    p.set_defaults(func=cmd_register_form)


def cmd_validate(args, ctx) -> int:
    from lxml import etree

    from .. import xmlsafe
    from ..forms import kedu_reader, kedu_schema

    # the workspace's schema (an office's: the one stored in its database) when a workspace is named
    official = args.schema or (ctx.app.shared_files.kedu_schema_path() if ctx.names_workspace() else None) or None
    try:
        root = xmlsafe.parse_file(args.file)
        problems = kedu_schema.validate_tree(root, official)
    except xmlsafe.XmlError as exc:
        if args.json:
            ctx.out_json({"file": str(args.file), "valid": False, "readable": False, "error": exc.render(),
                          "line": exc.line})
        else:
            ctx.out(f"{t('nieczytelny', 'unreadable').render()}: {exc.render()}")
        return EXIT_UNREADABLE
    findings: list[dict[str, Any]] = [
        {"document": p.document, "block": p.block, "field": p.field, "block_index": p.block_index,
         "line": p.line, "severity": "error", "message": p.message.render()} for p in problems]
    namespace = etree.QName(root).namespace or ""
    schema_checked = True
    if kedu_schema.version_of(namespace) and not kedu_schema.has_schema(namespace, official):
        # KEDU 4.0–5.5: no official schema here, so the reader (every value type-checked) is the only check,
        # and the file is never called "valid"
        schema_checked = False
        findings[0]["severity"] = "note"
        try:
            kfile = kedu_reader.read(args.file)
        except xmlsafe.XmlError as exc:
            findings.append({"document": getattr(exc, "document", ""), "block": getattr(exc, "block", ""),
                             "field": getattr(exc, "field", ""), "block_index": None, "line": exc.line,
                             "severity": "error", "message": exc.render()})
        else:
            for what, count in {**kfile.dropped, **{f"ZUS{k}": v for k, v in kfile.skipped.items()}}.items():
                findings.append({"document": "", "block": "", "field": "", "block_index": None, "line": None,
                                 "severity": "note", "message": t(
                                     "{what}: nie zostanie przeniesione przy imporcie ({n})",
                                     "{what}: not carried over on import ({n})")(what=what, n=count).render()})
    if not errors_in(findings) and args.rules:
        from ..forms.verification import VerificationContext, verify_set
        from .params_cmds import store_of

        context = VerificationContext(params_store=store_of(ctx))  # the workspace's installed years win
        for ds in kedu_reader.group_sets(kedu_reader.read(args.file, official=official)):
            for found in verify_set(ds, context):
                findings.append({"document": found.document, "block": found.block, "field": found.field,
                                 "block_index": found.block_index, "line": None, "severity": str(found.severity),
                                 "rule": found.rule, "message": found.message.render()})
    errors = [f for f in findings if f["severity"] == "error"]
    valid = (not errors) if schema_checked else (False if errors else None)
    if args.json:
        ctx.out_json({"file": str(args.file), "valid": valid, "readable": True, "schema_checked": schema_checked,
                      "namespace": namespace, "version": kedu_schema.version_of(namespace), "findings": findings})
    else:
        for f in findings:
            where = "/".join(x for x in (f["document"], f["block"], f["field"]) if x) or t("plik", "file").render()
            idx = f" [id_bloku={f['block_index']}]" if f["block_index"] is not None else ""
            line = f" ({t('wiersz', 'line').render()} {f['line']})" if f["line"] else ""
            ctx.out(f"{where}{idx}: {f['message']}{line}")
        if errors:
            verdict = t("niepoprawny", "invalid")
        elif schema_checked:
            verdict = t("poprawny", "valid")
        else:
            verdict = t("odczytany, NIE sprawdzony ze schematem (brak schematu tej wersji; wskaż oficjalny XSD: "
                        "--schema)", "read, NOT checked against a schema (no schema of this version here; give "
                        "the official XSD: --schema)")
        ctx.out(f"{args.file.name}: KEDU {kedu_schema.version_of(namespace) or '?'} — {verdict.render()}"
                f" ({len(errors)} {t('błędów', 'errors').render()})")
    if errors:
        return EXIT_INVALID
    return 0 if schema_checked else EXIT_NOT_SCHEMA_CHECKED


def errors_in(findings: list[dict]) -> bool:
    return any(f["severity"] == "error" for f in findings)


def _payer_id(ctx, key: str) -> int:
    return int(ctx.app.register.find_payer(key).id)


def cmd_export(args, ctx) -> int:
    if args.target or args.clients or args.set is not None:
        from .handoff import cmd_export_handoff

        return cmd_export_handoff(args, ctx)
    if not (args.payer and args.period):
        raise UserFacingError(t("Podaj --payer i --period (albo --for z --set lub --clients).",
                                "Give --payer and --period (or --for with --set or --clients)."))
    svc = ctx.app.documents
    info = svc.build_monthly(_payer_id(ctx, args.payer), Period.parse(args.period))
    path = svc.export(info.id, args.output)
    ctx.out(f"{path}  sha256={sha256_hex(path.read_bytes())}  "
            f"{t('zestaw', 'set').render()} {info.id} ({info.forms}, {info.status})")
    return 0


def cmd_import(args, ctx) -> int:
    if args.list:
        candidates = ctx.app.documents.preview_import(args.file)
        if args.json:
            ctx.out_json([c.__dict__ for c in candidates])
            return 0
        for c in candidates:
            known = "" if c.known_payer else t("  [brak w rejestrze]", "  [not in the register]").render()
            ctx.out(f"{c.index:3}  {c.payer_nip:10}  {c.payer_name[:28]:28}  {c.period or '-':7}  nr {c.number}  "
                    f"{c.forms:14} {c.persons:5}{known}")
        return 0
    pick = None
    if args.only:
        try:
            pick = {int(x) for x in args.only.split(",") if x.strip()}
        except ValueError:
            raise UserFacingError(t("--only: podaj numery zestawów, np. 0,2.", "--only: give set numbers, e.g. 0,2.")) \
                from None
    result = ctx.app.documents.import_file(args.file, into_register=args.into_register, pick=pick)
    if args.json:
        ctx.out_json(result.__dict__)
        return 0
    ctx.out(t("Zaimportowano {n} zestaw(ów) z {file} (KEDU {version}, dokumentów: {docs}).",
              "Imported {n} set(s) from {file} (KEDU {version}, documents: {docs}).")(
        n=len(result.set_ids), file=result.file, version=result.version, docs=result.documents).render())
    if result.already_present:
        ctx.out(t("Już były w obszarze roboczym: {ids}", "Already in the workspace: {ids}")(
            ids=", ".join(map(str, result.already_present))).render())
    if result.created_payers or result.created_insured:
        ctx.out(t("Dodano do rejestru: płatników {p}, ubezpieczonych {i}.",
                  "Added to the register: {p} payers, {i} insured.")(
            p=len(result.created_payers), i=len(result.created_insured)).render())
    for block, count in result.dropped_blocks.items():
        if block.endswith(("XII", "III.F")):
            ctx.out(t("Uwaga: blok {block} (rozliczenie roczne) nie został przeniesiony: {count} — uzupełnij go w "
                      "dokumencie.", "Note: block {block} (annual settlement) was not carried over: {count} — "
                      "fill it in the document.")(block=block, count=count).render())
        else:
            ctx.out(t("Uwaga: pole {block} nie ma odpowiednika w programie i nie zostało przeniesione: {count} — "
                      "sprawdź dokument.", "Note: field {block} has no counterpart in the program and was not "
                      "carried over: {count} — check the document.")(block=block, count=count).render())
    for form, count in result.skipped_forms.items():
        ctx.out(t("Pominięto nieobsługiwane dokumenty ZUS{form}: {count}",
                  "Skipped unsupported ZUS{form} documents: {count}")(form=form, count=count).render())
    for what, count in result.converted.items():
        ctx.out(t("Przeliczono {what} (tej wersji KEDU brak tego pola): {count}",
                  "Computed {what} (this KEDU version has no such field): {count}")(what=what, count=count).render())
    if not result.schema_checked:
        ctx.out(t("Uwaga: program nie ma schematu KEDU {version} — plik odczytano bez sprawdzenia ze schematem; "
                  "zaimportowane zestawy przejdą weryfikację przed podpisem.",
                  "Note: the program holds no KEDU {version} schema — the file was read without a schema check; "
                  "the imported sets are verified before signing.")(version=result.version).render())
    return 0


def cmd_pdf(args, ctx) -> int:
    from ..reports.declaration_pdf import render_set_pdf

    svc = ctx.app.documents
    if args.set is not None:
        set_id = args.set
    elif args.payer and args.period:
        set_id = svc.build_monthly(_payer_id(ctx, args.payer), Period.parse(args.period)).id
    else:
        raise UserFacingError(t("Podaj --set albo --payer i --period.", "Give --set, or --payer and --period."))
    path = render_set_pdf(svc, set_id, args.output)
    ctx.out(str(path))
    return 0


def _row(i) -> dict:
    return {"id": i.id, "payer_nip": i.payer_nip, "payer": i.payer_name, "period": i.period, "kind": i.kind,
            "number": i.number, "status": str(i.status), "forms": i.forms, "to_pay": f"{i.to_pay:.2f}",
            "correction_of": i.correction_of, "supersedes": i.supersedes, "source": i.source,
            "xml_sha256": i.xml_sha256, "signed_sha256": i.signed_sha256, "created_at": i.created_at,
            "created_by": i.created_by, "provisional_figures": i.params_note}


def cmd_list(args, ctx) -> int:
    payer_id = _payer_id(ctx, args.payer) if args.payer else None
    sets = ctx.app.documents.list_sets(payer_id=payer_id, period=args.period, status=args.status)
    if args.json:
        ctx.out_json([_row(i) for i in sets])
        return 0
    for i in sets:
        ctx.out(f"{i.id:5}  {i.period or '-':7}  {i.payer_nip}  {i.payer_name[:24]:24}  {i.forms:12}  "
                f"nr {i.number}  {i.status:9}  {i.to_pay:>12.2f}")
    return 0


def _amount(text: str, what: str):
    from ..register.validation import parse_amount

    try:
        return parse_amount(text)
    except ValueError:
        raise UserFacingError(t("Niepoprawna kwota {what}: „{text}”.", "Invalid amount {what}: '{text}'.")(
            what=what, text=text)) from None


def _month_inputs(args, ctx, payer_id: int, period: Period):
    from ..forms.builder import MonthInputs, PersonMonth
    from ..register.codes import title_kind

    inputs = MonthInputs()
    for item in args.gross:
        key, _, value = item.partition("=")
        inputs.persons.setdefault(key.strip(), PersonMonth()).gross_pay = _amount(value, key)
    if args.income or args.revenue:
        for person in ctx.app.register.list_insured(payer_id, on=period.last_day(), active_only=True):
            if (title_kind(person.record.insurance_title_code) or "").startswith("self_employed"):
                month = inputs.persons.setdefault(person.pesel or person.document_number, PersonMonth())
                month.health_income = _amount(args.income, "--income") if args.income else None
                month.annual_revenue = _amount(args.revenue, "--revenue") if args.revenue else None
    return inputs


def cmd_build(args, ctx) -> int:
    from ..forms import workflow

    payer_id, period = _payer_id(ctx, args.payer), Period.parse(args.period)
    inputs = _month_inputs(args, ctx, payer_id, period)
    done = workflow.build_monthly(ctx.app.documents, payer_id, period, inputs=inputs,
                                  rebuild=args.rebuild or bool(inputs.persons))
    info = done.info
    if args.json:
        ctx.out_json(_row(info) | {"findings": [f.as_dict() for f in done.outcome.findings]})
    else:
        ctx.out(t("Zestaw {id}: {forms}, do zapłaty {amount} zł ({status}).",
                  "Set {id}: {forms}, to pay {amount} PLN ({status}).")(
            id=info.id, forms=info.forms, amount=f"{info.to_pay:.2f}", status=str(info.status)).render())
        _findings(ctx, done)
        _params_note(ctx, info)
    return 0


def _findings(ctx, done) -> None:
    """What the verification right after a build, edit, correction or registration found."""
    for finding in done.outcome.findings:
        ctx.out("  " + finding.render())


def _params_note(ctx, info) -> None:
    from ..params.labels import stored_note

    note = stored_note(info.params_note)
    if note is not None:
        ctx.out(note.render())


def cmd_verify(args, ctx) -> int:
    outcome = ctx.app.documents.verify(args.set_id)
    if args.json:
        ctx.out_json({"set_id": outcome.set_id, "status": str(outcome.status), "ok": outcome.ok,
                      "findings": [f.as_dict() for f in outcome.findings]})
    else:
        for f in outcome.findings:
            ctx.out(f.render())
        ctx.out(t("Zestaw {id}: {status}; błędów {e}, ostrzeżeń {w}.",
                  "Set {id}: {status}; {e} errors, {w} warnings.")(
            id=outcome.set_id, status=str(outcome.status), e=sum(f.is_error for f in outcome.findings),
            w=sum(not f.is_error for f in outcome.findings)).render())
    return 0 if outcome.ok else EXIT_INVALID


def cmd_show(args, ctx) -> int:
    svc = ctx.app.documents
    if args.xml:
        ctx.out(svc.get_xml(args.set_id).decode("utf-8"))
        return 0
    info = svc.get_info(args.set_id)
    data = _row(info) | {"transitions": svc.transitions(args.set_id), "findings": svc.stored_findings(args.set_id)}
    if args.json:
        ctx.out_json(data)
        return 0
    for key in ("id", "payer", "payer_nip", "period", "kind", "number", "status", "forms", "to_pay",
                "correction_of", "supersedes", "source", "xml_sha256", "signed_sha256"):
        ctx.out(f"{key:14} {data[key] if data[key] is not None else '-'}")
    for tr in data["transitions"]:
        ctx.out(f"  {tr['at']}  {tr['from_status'] or '-':9} → {tr['to_status']:9}  {tr['actor']}  {tr['note']}")
    return 0


def cmd_edit(args, ctx) -> int:
    from ..forms import workflow
    from ..forms.holds import DOCUMENT_SET

    # held for the edit: another desk editing or signing this set makes it exit 75, nothing changed
    with ctx.app.holds.take(DOCUMENT_SET, args.set_id, "edit"):
        done = workflow.edit_field(ctx.app.documents, args.set_id, args.form, args.field, args.value, args.block)
    info = done.info
    ctx.out(t("Zestaw {id} ({status}).", "Set {id} ({status}).")(id=info.id, status=str(info.status)).render())
    _findings(ctx, done)
    return 0


def cmd_correct(args, ctx) -> int:
    from ..forms import workflow

    done = workflow.build_correction(ctx.app.documents, args.set_id)
    info = done.info
    ctx.out(t("Korekta: zestaw {id}, numer {number}, koryguje zestaw {of} ({status}).",
              "Correction: set {id}, number {number}, corrects set {of} ({status}).")(
        id=info.id, number=info.number, of=args.set_id, status=str(info.status)).render())
    _findings(ctx, done)
    return 0


def _person_id(ctx, payer_id: int, key: str) -> int:
    people = [p for p in ctx.app.register.list_insured(payer_id) if key in (p.pesel, p.document_number)]
    if not people:
        raise UserFacingError(t("Płatnik nie ma ubezpieczonego {key}.", "The payer has no insured person {key}.")(
            key=key))
    return int(people[0].id)


def cmd_absence_add(args, ctx) -> int:
    from ..forms.absences import Absence

    payer_id = _payer_id(ctx, args.payer)
    try:
        start, end = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    except ValueError:
        raise UserFacingError(t("Podaj daty w formacie RRRR-MM-DD.", "Give dates as YYYY-MM-DD.")) from None
    absence = ctx.app.documents.absences.add(Absence(
        insured_id=_person_id(ctx, payer_id, args.person), code=args.code, date_from=start, date_to=end,
        amount=_amount(args.amount, "--amount") if args.amount else None))
    ctx.out(t("Nieobecność nr {id} zapisana; trafi do RSA przy budowie zestawu (--rebuild, gdy już jest).",
              "Absence no. {id} saved; it goes into the RSA when the set is built (--rebuild if it exists).")(
        id=absence.id).render())
    return 0


def cmd_absence_list(args, ctx) -> int:
    for a in ctx.app.documents.absences.in_period(_payer_id(ctx, args.payer), Period.parse(args.period)):
        person = ctx.app.register.get_insured(a.insured_id)
        ctx.out(f"{a.id:5}  {person.pesel or person.document_number}  {person.record.full_name:28}  {a.code}  "
                f"{a.date_from} – {a.date_to}  {a.amount if a.amount is not None else ''}")
    return 0


def cmd_register_form(args, ctx) -> int:
    payer_id = _payer_id(ctx, args.payer)
    person_id = _person_id(ctx, payer_id, args.person)
    from ..forms.registration import register_document

    on = date.fromisoformat(args.date) if args.date else None
    done = register_document(ctx.app.documents, ctx.app.register, person_id, args.form, today=ctx.app.clock.today(),
                             on=on, reason_code=args.reason, nfz=args.nfz, citizenship=args.citizenship)
    ctx.out(t("Zestaw {id}: {forms} ({status}).", "Set {id}: {forms} ({status}).")(
        id=done.info.id, forms=done.info.forms, status=str(done.info.status)).render())
    _findings(ctx, done)
    return 0
