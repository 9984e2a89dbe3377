"""Verification rules: identifiers, payer identity vs the register, period, dates, declaration
numbers, document structure and insurance-title codes (codes-and-identifiers.md §1, §3;
kedu-format.md §6–§8, §11)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ..i18n import t
from ..period import Period
from ..register import validation as v
from ..register.codes import is_known_title_code, title_kind
from .model import Document, PayerIdentity, PersonIdentity, RcaBlock, SetKind
from .rules_base import RuleSet, Run, Severity

RULES = RuleSet()
define, checker = RULES.define, RULES.checker

E, W = Severity.ERROR, Severity.WARNING

ID_NIP = define("R-ID-001", E, ("NIP płatnika ma poprawną sumę kontrolną.", "The payer's NIP has a valid checksum."),
                ("NIP płatnika {value} jest niepoprawny: {problem}",
                 "The payer's NIP {value} is invalid: {problem}"))
ID_REGON = define("R-ID-002", E, ("REGON płatnika ma poprawną sumę kontrolną.", "The payer's REGON is valid."),
                  ("REGON płatnika {value} jest niepoprawny: {problem}",
                   "The payer's REGON {value} is invalid: {problem}"))
ID_PAYER_PESEL = define("R-ID-003", E, ("PESEL płatnika jest poprawny.", "The payer's PESEL is valid."),
                        ("PESEL płatnika {value} jest niepoprawny: {problem}",
                         "The payer's PESEL {value} is invalid: {problem}"))
ID_PAYER_NONE = define("R-ID-004", E, ("Płatnik ma identyfikator (NIP, PESEL lub dokument).",
                                       "The payer has an identifier (NIP, PESEL or document)."),
                       ("Brak identyfikatora płatnika — podaj NIP (i REGON albo PESEL).",
                        "The payer has no identifier — give the NIP (and REGON or PESEL)."))
ID_PESEL = define("R-ID-005", E, ("PESEL ubezpieczonego jest poprawny.", "The insured person's PESEL is valid."),
                  ("PESEL ubezpieczonego {value} jest niepoprawny: {problem}",
                   "The insured person's PESEL {value} is invalid: {problem}"))
ID_PERSON_NONE = define("R-ID-006", E, ("Ubezpieczony ma PESEL albo dokument tożsamości.",
                                        "The insured person has a PESEL or an identity document."),
                        ("Brak PESEL i numeru dokumentu ubezpieczonego {name}.",
                         "No PESEL and no document number for the insured person {name}."))
ID_BIRTH = define("R-ID-007", W, ("Data urodzenia zgadza się z PESEL.", "The birth date matches the PESEL."),
                  ("Data urodzenia {birth} nie zgadza się z PESEL {pesel} (z numeru: {encoded}).",
                   "Birth date {birth} does not match PESEL {pesel} (it encodes {encoded})."))
ID_NAME = define("R-ID-008", E, ("Nazwisko i imię ubezpieczonego są wypełnione.",
                                 "The insured person's surname and first name are filled in."),
                 ("Brak nazwiska lub imienia ubezpieczonego ({identifier}).",
                  "The insured person's surname or first name is missing ({identifier})."))

PAY_NIP = define("R-PAY-001", E, ("NIP płatnika zgadza się z kartoteką.", "The payer's NIP matches the register."),
                 ("NIP {value} różni się od NIP płatnika w kartotece ({register}).",
                  "NIP {value} differs from the payer's NIP in the register ({register})."))
PAY_ID = define("R-PAY-002", E, ("REGON i PESEL płatnika zgadzają się z kartoteką.",
                                 "The payer's REGON and PESEL match the register."),
                ("{what} {value} różni się od kartoteki płatnika ({register}).",
                 "{what} {value} differs from the payer register ({register})."))
PAY_NAME = define("R-PAY-003", W, ("Nazwa skrócona i nazwisko płatnika zgadzają się z kartoteką.",
                                   "The payer's short name and surname match the register."),
                  ("{what} „{value}” różni się od kartoteki („{register}”); ZUS porównuje je ze swoimi danymi.",
                   "{what} '{value}' differs from the register ('{register}'); ZUS compares it with its data."))
PAY_MIXED = define("R-PAY-004", E, ("Wszystkie dokumenty zestawu dotyczą jednego płatnika.",
                                    "All documents of a set belong to one payer."),
                   ("Dokument ma NIP {value}, a zestaw dotyczy płatnika {expected}.",
                    "The document has NIP {value} but the set is for payer {expected}."))

PER_MISSING = define("R-PER-001", E, ("Okres rozliczeniowy jest podany i jednakowy w zestawie.",
                                      "The settlement period is given and the same across the set."),
                     ("Okres {value} różni się od okresu zestawu {expected}.",
                      "Period {value} differs from the set's period {expected}."))
PER_FUTURE = define("R-PER-002", W, ("Okres rozliczeniowy nie jest z przyszłości.",
                                     "The settlement period is not in the future."),
                    ("Okres {value} jeszcze się nie zakończył (dziś {today}).",
                     "Period {value} has not ended yet (today is {today})."))
PER_NO_PARAMS = define("R-PER-003", W, ("Program ma parametry składek na rok okresu.",
                                        "The program has contribution parameters for the period's year."),
                       ("{problem} Kwot i podstaw nie sprawdzono.", "{problem} Amounts and bases were not checked."))
PER_TOO_EARLY = define("R-PER-004", E, ("Okres nie wcześniejszy niż 1999-01.", "The period is not before 1999-01."),
                       ("Okres {value} jest wcześniejszy niż 1999-01.", "Period {value} is before 1999-01."))
PER_NONE = define("R-PER-005", E, ("Zestaw miesięczny ma okres rozliczeniowy.", "A monthly set has a period."),
                  ("Brak okresu rozliczeniowego.", "The settlement period is missing."))

DATE_FUTURE = define("R-DATE-001", E, ("Data wypełnienia nie jest z przyszłości.", "The filled-in date is not future."),
                     ("Data wypełnienia {value} jest późniejsza niż dziś ({today}); ZUS ją odrzuci.",
                      "The filled-in date {value} is after today ({today}); ZUS rejects it."))
DATE_ORDER = define("R-DATE-002", E, ("Data „od” nie jest późniejsza niż data „do”.",
                                      "The 'from' date is not after the 'to' date."),
                    ("Okres od {start} do {end}: data początkowa jest późniejsza niż końcowa.",
                     "Period from {start} to {end}: the start is after the end."))
DATE_OUTSIDE = define("R-DATE-003", W, ("Daty w RSA mieszczą się w okresie rozliczeniowym.",
                                        "RSA dates fall within the settlement period."),
                      ("Przerwa {start}–{end} wykracza poza okres {period}.",
                       "The absence {start}–{end} lies outside the period {period}."))
DATE_REQUIRED = define("R-DATE-004", E, ("Data zgłoszenia/wyrejestrowania jest podana.",
                                         "The registration/deregistration date is given."),
                       ("Brak daty {what}.", "The {what} date is missing."))

NUM_FORMAT = define("R-NUM-001", E, ("Identyfikator deklaracji ma dwie cyfry 01–99.",
                                     "The declaration number has two digits 01–99."),
                    ("Identyfikator deklaracji „{value}” musi mieć dwie cyfry 01–99.",
                     "The declaration number '{value}' must be two digits 01–99."))
NUM_CORRECTION = define("R-NUM-002", E, ("Korekta ma identyfikator wyższy niż 01.",
                                         "A correction has a number above 01."),
                        ("Korekta musi mieć identyfikator wyższy niż 01 (ZUS odrzuci drugi dokument 01).",
                         "A correction must have a number above 01 (ZUS rejects a second 01)."))
NUM_MISMATCH = define("R-NUM-003", E, ("DRA, RCA i RSA zestawu mają ten sam identyfikator.",
                                       "The set's DRA, RCA and RSA share one number."),
                      ("Identyfikator {value} różni się od identyfikatora DRA {expected}.",
                       "Number {value} differs from the DRA's number {expected}."))
NUM_NOT_CORRECTION = define("R-NUM-004", W, ("Identyfikator wyższy niż 01 oznacza korektę.",
                                             "A number above 01 means a correction."),
                            ("Identyfikator {value} oznacza korektę, a zestaw nie wskazuje korygowanego.",
                             "Number {value} means a correction but the set names no corrected set."))

DOC_NO_DRA = define("R-DOC-001", E, ("Zestaw miesięczny zawiera DRA.", "A monthly set contains a DRA."),
                    ("Zestaw miesięczny nie zawiera deklaracji ZUS DRA.", "The monthly set has no ZUS DRA."))
DOC_BLOCKS = define("R-DOC-002", E, ("Raport ma bloki o niepowtarzalnych numerach.",
                                     "A report has blocks with unique numbers."),
                    ("{problem}", "{problem}"))
DOC_DUPLICATE = define("R-DOC-003", W, ("Osoba z tym samym kodem tytułu występuje raz.",
                                        "A person with one title code appears once."),
                       ("{identifier} z kodem {code} występuje {count} razy.",
                        "{identifier} with code {code} appears {count} times."))
DOC_SELF_BLOCK = define("R-DOC-004", W, ("Blok X DRA tylko dla płatnika ubezpieczającego wyłącznie siebie.",
                                         "DRA block X only for a payer insuring only themselves."),
                        ("Blok X wypełniono, a zestaw ma raporty RCA — składki właściciela podaj w RCA.",
                         "Block X is filled but the set has RCA reports — report the owner's contributions in RCA."))

DOC_WORK_TIME = define("R-DOC-005", E, ("Wymiar czasu pracy pracownika jest podany (ZUS 63000101).",
                                         "An employee's working time is given (ZUS 63000101)."),
                       ("Brak poprawnego wymiaru czasu pracy ({value}) — podaj ułamek, np. 1/1 lub 1/2.",
                        "No valid working time ({value}) — give a fraction, e.g. 1/1 or 1/2."))

TTL_UNKNOWN = define("R-TTL-001", E, ("Kod tytułu ubezpieczenia jest w wykazie.", "The title code is in the list."),
                     ("Kod tytułu ubezpieczenia {code} nie występuje w wykazie kodów programu.",
                      "Insurance title code {code} is not in the program's code list."))
TTL_SELF_OTHER = define("R-TTL-002", E, ("Kod 05xx (działalność) tylko dla samego płatnika.",
                                         "Code 05xx (business) only for the payer themselves."),
                        ("Kod {code} (prowadzenie działalności) podano dla osoby {identifier}, która nie jest "
                         "płatnikiem.", "Code {code} (own business) is given for {identifier}, who is not the payer."))
TTL_OWNER_EMPLOYEE = define("R-TTL-003", E, ("Płatnik nie jest własnym pracownikiem ani zleceniobiorcą.",
                                             "The payer is not their own employee or contractor."),
                            ("Kod {code} ({kind}) podano dla PESEL samego płatnika.",
                             "Code {code} ({kind}) is given for the payer's own PESEL."))
TTL_SELF_BLOCK = define("R-TTL-004", E, ("Blok X DRA ma kod 05xx i płatnika-osobę fizyczną.",
                                         "DRA block X has a 05xx code and a natural-person payer."),
                        ("{problem}", "{problem}"))
TTL_REGISTER = define("R-TTL-005", W, ("Kod tytułu zgadza się z kartoteką ubezpieczonego.",
                                       "The title code matches the insured person's register record."),
                      ("Kod {code} różni się od kodu w kartotece ({register}) dla {identifier}.",
                       "Code {code} differs from the register ({register}) for {identifier}."))

_SHORT_NAME = t("Nazwa skrócona", "Short name")
_SURNAME = t("Nazwisko", "Surname")
_NO_BLOCKS = t("Raport RCA nie ma żadnego bloku ubezpieczonego.", "The RCA report has no insured person block.")
_DUP_ID = t("Numer bloku {n} występuje {count} razy.", "Block number {n} appears {count} times.")
_NOT_SELF = t("Kod {code} w bloku X nie jest kodem osoby prowadzącej działalność (05xx).",
              "Code {code} in block X is not a self-employed code (05xx).")
_NOT_PERSON = t("Blok X wypełnia tylko płatnik będący osobą fizyczną (z numerem PESEL).",
                "Block X is only for a natural-person payer (with a PESEL).")

SELF_KINDS = ("self_employed_full", "self_employed_preferential", "self_employed_plus", "self_employed_start")


def _check_payer_identity(run: Run, doc: Document) -> None:
    p: PayerIdentity = doc.payer
    kind = doc.kind
    for code, value, check in ((ID_NIP, p.nip, v.check_nip), (ID_REGON, p.regon, v.check_regon),
                               (ID_PAYER_PESEL, p.pesel, v.check_pesel)):
        problem = check(value, required=False) if value else None
        if problem is not None:
            field_name = {"R-ID-001": "p1", "R-ID-002": "p2", "R-ID-003": "p3"}[code]
            run.report(code, kind, "II", field_name, value=value, problem=problem)
    if not (p.nip or p.pesel or p.document_number):
        run.report(ID_PAYER_NONE, kind, "II", "p1")
    if p.pesel and p.birth_date and not v.check_pesel(p.pesel):
        mismatch = v.check_pesel_birth_date(p.pesel, p.birth_date)
        if mismatch is not None:
            run.report(ID_BIRTH, kind, "II", "p9", birth=p.birth_date.isoformat(), pesel=p.pesel,
                       encoded=v.pesel_birth_date(p.pesel).isoformat())
    set_nip = run.set.payer.nip
    if set_nip and p.nip and p.nip != set_nip:
        run.report(PAY_MIXED, kind, "II", "p1", value=p.nip, expected=set_nip)
    reg = run.context.payer
    if reg is None:
        return
    if p.nip and v.compact_digits(reg.nip) != p.nip:
        run.report(PAY_NIP, kind, "II", "p1", value=p.nip, register=reg.nip)
    for id_name, value, expected, field_name in (("REGON", p.regon, reg.regon, "p2"),
                                                 ("PESEL", p.pesel, reg.pesel, "p3")):
        if value and expected and v.compact_digits(expected) != value:
            run.report(PAY_ID, kind, "II", field_name, what=id_name, value=value, register=expected)
    for what, value, expected, field_name in ((_SHORT_NAME, p.short_name, reg.short_name, "p6"),
                                              (_SURNAME, p.last_name, reg.last_name, "p7")):
        if value and expected and value.strip().upper() != expected.strip().upper():
            run.report(PAY_NAME, kind, "II", field_name, what=what, value=value, register=expected)


def _check_person(run: Run, person: PersonIdentity, document: str, block: str, index: int | None,
                  report_form: bool) -> None:
    pesel_field = "p4" if report_form else "p1"
    if person.pesel:
        problem = v.check_pesel(person.pesel)
        if problem is not None:
            run.report(ID_PESEL, document, block, pesel_field, index, value=person.pesel, problem=problem)
        elif person.birth_date and v.check_pesel_birth_date(person.pesel, person.birth_date):
            run.report(ID_BIRTH, document, block, "p7", index, birth=person.birth_date.isoformat(),
                       pesel=person.pesel, encoded=v.pesel_birth_date(person.pesel).isoformat())
    elif not person.document_number.strip():
        run.report(ID_PERSON_NONE, document, block, pesel_field, index,
                   name=f"{person.first_name} {person.last_name}".strip() or "?")
    if not person.last_name.strip() or not person.first_name.strip():
        run.report(ID_NAME, document, block, "p1" if report_form else "p5", index,
                   identifier=person.identifier or "?")


def check_title(run: Run, code: str, document: str, block: str, field_name: str, index: int | None,
                person_pesel: str) -> str | None:
    """Title code known and consistent with who the person is; returns the title kind."""
    if not is_known_title_code(code):
        run.report(TTL_UNKNOWN, document, block, field_name, index, code=code)
        return None
    kind = title_kind(code) or ""
    payer_pesel = run.payer_pesel
    if kind in SELF_KINDS and person_pesel and person_pesel != payer_pesel:
        run.report(TTL_SELF_OTHER, document, block, field_name, index, code=code, identifier=person_pesel)
    if kind in ("employee", "contractor", "outwork") and person_pesel and person_pesel == payer_pesel:
        run.report(TTL_OWNER_EMPLOYEE, document, block, field_name, index, code=code, kind=kind)
    registered = run.insured_index.get(person_pesel) if person_pesel else None
    if registered is not None:
        reg_code = v.compact_digits(registered.record.insurance_title_code)
        if reg_code and reg_code != code:
            run.report(TTL_REGISTER, document, block, field_name, index, code=code, register=reg_code,
                       identifier=person_pesel)
    return kind


def check_block_identity(run: Run, block: RcaBlock) -> None:
    _check_person(run, block.person, "RCA", "III.A", block.block_id, True)
    kind = check_title(run, block.title.full, "RCA", "III.B", "p1", block.block_id, block.person.pesel)
    wt = block.work_time
    if kind == "employee" and not (0 < wt.numerator <= wt.denominator):
        run.report(DOC_WORK_TIME, "RCA", "III.B", "p3", block.block_id, value=f"{wt.numerator}/{wt.denominator}")


@checker
def check_documents(run: Run) -> None:
    for doc in run.set.documents:
        _check_payer_identity(run, doc)
        if doc.filled_date is not None and doc.filled_date > run.today:
            last = {"DRA": "XIII", "RCA": "IV", "RSA": "XI", "ZUA": "XIV", "ZZA": "XI", "ZWUA": "VI",
                    "ZIUA": "V"}.get(doc.kind, "")
            run.report(DATE_FUTURE, doc.kind, last, "p1", value=doc.filled_date.isoformat(),
                       today=run.today.isoformat())


@checker
def check_period_and_numbers(run: Run) -> None:
    s = run.set
    if s.kind != SetKind.MONTHLY:
        return
    if run.period is None:
        run.report(PER_NONE, "SET", "I", "p2")
        return
    if run.period < Period(1999, 1):
        run.report(PER_TOO_EARLY, "SET", "I", "p2", value=str(run.period))
    if run.period > Period.of(run.today) or (run.period == Period.of(run.today) and run.today < run.period.last_day()):
        run.report(PER_FUTURE, "SET", "I", "p2", value=str(run.period), today=run.today.isoformat())
    if run.params_problem is not None:
        run.report(PER_NO_PARAMS, "SET", "I", "p2", problem=run.params_problem)
    dra = s.dra
    if dra is None:
        run.report(DOC_NO_DRA, "SET", "", "")
    expected_number = dra.number if dra is not None else s.number
    if not (len(expected_number) == 2 and expected_number.isdigit() and expected_number != "00"):
        run.report(NUM_FORMAT, "DRA", "I", "p2", value=expected_number)
    elif s.is_correction and expected_number == "01":
        run.report(NUM_CORRECTION, "DRA", "I", "p2")
    elif not s.is_correction and expected_number != "01":
        run.report(NUM_NOT_CORRECTION, "DRA", "I", "p2", value=expected_number)
    for doc in s.documents:
        period = getattr(doc, "period", None)
        field_name = "p2" if doc.kind == "DRA" else "p1"
        if isinstance(period, Period) and period != run.period:
            run.report(PER_MISSING, doc.kind, "I", field_name, value=str(period), expected=str(run.period))
        number = getattr(doc, "number", None)
        if doc.kind != "DRA" and number is not None and number != expected_number:
            run.report(NUM_MISMATCH, doc.kind, "I", "p1", value=number, expected=expected_number)


@checker
def check_reports(run: Run) -> None:
    for doc in run.set.of_kind("RCA") + run.set.of_kind("RSA"):
        blocks = doc.blocks  # type: ignore[attr-defined]
        if doc.kind == "RCA" and not blocks:
            run.report(DOC_BLOCKS, "RCA", "III", "", problem=_NO_BLOCKS)
        ids = Counter(b.block_id for b in blocks)
        for block_id, count in ids.items():
            if count > 1:
                run.report(DOC_BLOCKS, doc.kind, "III", "", block_id, problem=_DUP_ID(n=block_id, count=count))
    for block in run.set.rca_blocks:
        check_block_identity(run, block)
    seen = Counter((b.person.identifier, b.title.full) for b in run.set.rca_blocks)
    for (identifier, code), count in seen.items():
        if count > 1:
            run.report(DOC_DUPLICATE, "RCA", "III", "", identifier=identifier, code=code, count=count)
    for rsa in run.set.rsa_blocks:
        _check_person(run, rsa.person, "RSA", "III.A", rsa.block_id, True)
        item = rsa.item
        check_title(run, item.title.full, "RSA", "III.B", "p1", rsa.block_id, rsa.person.pesel)
        _check_range(run, item.date_from, item.date_to, "RSA", "III.B", rsa.block_id)



def _check_range(run: Run, start: date | None, end: date | None, document: str, block: str,
                 index: int | None) -> None:
    if start is None or end is None:
        return
    if start > end:
        run.report(DATE_ORDER, document, block, "p3", index, start=start.isoformat(), end=end.isoformat())
    elif run.period is not None and (end < run.period.first_day() or start > run.period.last_day()):
        run.report(DATE_OUTSIDE, document, block, "p3", index, start=start.isoformat(), end=end.isoformat(),
                   period=str(run.period))


@checker
def check_self_insured_block(run: Run) -> None:
    dra = run.set.dra
    if dra is None or dra.self_title is None:
        return
    code = dra.self_title.full
    if run.set.rca_blocks:
        run.report(DOC_SELF_BLOCK, "DRA", "X", "p1")
    kind = check_title(run, code, "DRA", "X", "p1", None, run.payer_pesel)
    if kind is not None and kind not in SELF_KINDS:
        run.report(TTL_SELF_BLOCK, "DRA", "X", "p1", problem=_NOT_SELF(code=code))
    elif kind is not None and not run.payer_pesel:
        run.report(TTL_SELF_BLOCK, "DRA", "X", "p1", problem=_NOT_PERSON)
