"""Verification rules for registration documents: ZUA, ZZA, ZWUA, ZIUA (kedu-format.md §8, the ZUS
error texts in §11: 61030501, 61038801, 61100201)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..i18n import Text, t
from ..register.codes import is_known_title_code
from .model import (
    DEREGISTRATION_REASONS,
    NFZ_BRANCHES,
    Address,
    PersonIdentity,
    ZiuaDocument,
    ZuaDocument,
    ZwuaDocument,
    ZzaDocument,
    sex_from_pesel,
)
from .rules_base import RuleSet, Run, Severity
from .rules_identity import DATE_ORDER, DATE_REQUIRED, _check_person, check_title

RULES = RuleSet()
define, checker = RULES.define, RULES.checker

E, W = Severity.ERROR, Severity.WARNING

REG_PENSION = define("R-REG-001", E, ("ZUA zgłasza do ubezpieczeń emerytalnego i rentowych.",
                                      "ZUA registers for emerytalne and rentowe insurance."),
                     ("Musi być zaznaczone zgłoszenie do ubezpieczeń emerytalnego i rentowych (ZUS 61030501).",
                      "Registration for emerytalne and rentowe insurance must be ticked (ZUS 61030501)."))
REG_FLAGS = define("R-REG-002", E, ("Zaznaczone ubezpieczenia pasują do tytułu.",
                                    "The insurances ticked match the title."),
                   ("Błędnie zaznaczone ubezpieczenia dla kodu {code}: {problem} (ZUS 61038801).",
                    "Wrong insurances ticked for code {code}: {problem} (ZUS 61038801)."))
REG_TERMINATION = define("R-REG-003", E, ("Blok V ZWUA tylko przy ustaniu stosunku pracy.",
                                          "ZWUA block V only when an employment ends."),
                         ("Blok dotyczący rozwiązania/wygaśnięcia stosunku pracy powinien być pusty dla kodu "
                          "{code} (ZUS 61100201).",
                          "The employment-termination block must be empty for code {code} (ZUS 61100201)."))
REG_REASON = define("R-REG-004", E, ("Kod przyczyny wyrejestrowania jest znany.",
                                      "The deregistration reason is known."),
                    ("Nieznany kod przyczyny wyrejestrowania „{value}”.", "Unknown deregistration reason '{value}'."))
REG_NO_CHANGE = define("R-REG-005", E, ("ZIUA zmienia co najmniej jedną daną.", "ZIUA changes at least one item."),
                       ("Dane w blokach III i IV są identyczne — ZIUA niczego nie zmienia.",
                        "Blocks III and IV are identical — the ZIUA changes nothing."))
REG_FORM = define("R-REG-006", E, ("Tytuł pasuje do rodzaju zgłoszenia (ZUA/ZZA).",
                                   "The title fits the kind of registration (ZUA/ZZA)."),
                  ("{problem}", "{problem}"))

REG_REQUIRED = define("R-REG-007", E, ("Pola wymagane w zgłoszeniu są wypełnione.",
                                       "The fields a registration requires are filled in."),
                      ("Nie wypełniono pola „{name}” (blok {block}, pole {number}) — uzupełnij je na formularzu.",
                       "The field '{name}' is empty (block {block}, field {number}) — fill it in on the form."))
REG_SEX = define("R-REG-008", E, ("Płeć zgadza się z numerem PESEL.", "The sex matches the PESEL."),
                 ("Płeć „{value}” nie zgadza się z numerem PESEL {pesel} (wynika z niego „{expected}”).",
                  "Sex '{value}' does not match the PESEL {pesel} (it gives '{expected}')."))
REG_NFZ = define("R-REG-009", E, ("Kod oddziału NFZ jest jednym z 01R–16R.", "The NFZ branch code is one of 01R–16R."),
                 ("Nieznany kod oddziału NFZ „{value}” — podaj kod od 01R do 16R (np. 07R — mazowiecki).",
                  "Unknown NFZ branch code '{value}' — give a code from 01R to 16R (e.g. 07R — Mazowiecki)."))

_FIELD_NAMES = {
    "sex": t("płeć", "sex"), "citizenship": t("obywatelstwo", "citizenship"),
    "nfz": t("kod oddziału NFZ", "NFZ branch code"), "health_from": t("data objęcia ubezpieczeniem zdrowotnym",
                                                                      "health insurance from"),
    "postal_code": t("adres zamieszkania — kod pocztowy", "home address — postal code"),
    "city": t("adres zamieszkania — miejscowość", "home address — town"),
    "house_no": t("adres zamieszkania — numer domu", "home address — house number"),
    "last_name": t("nazwisko", "surname"), "first_name": t("imię", "first name"),
    "birth_date": t("data urodzenia", "date of birth"),
}


def _required(run: Run, doc: str, block: str, pole: str, name: str) -> None:
    run.report(REG_REQUIRED, doc, block, pole, name=_FIELD_NAMES[name], block=block, number=pole[1:].zfill(2))


def _check_identity_extra(run: Run, doc: ZuaDocument | ZzaDocument) -> None:
    """Block IV (sex, citizenship): the form asks for both; sex follows from a PESEL."""
    kind = doc.kind
    if not doc.sex.strip():
        _required(run, kind, "IV", "p4", "sex")
    elif doc.person.pesel and sex_from_pesel(doc.person.pesel) not in (None, doc.sex.strip().upper()):
        run.report(REG_SEX, kind, "IV", "p4", value=doc.sex, pesel=doc.person.pesel,
                   expected=sex_from_pesel(doc.person.pesel))
    if not doc.citizenship.strip():
        _required(run, kind, "IV", "p3", "citizenship")


def _check_nfz(run: Run, kind: str, block: str, nfz: str) -> None:
    if not nfz.strip():
        _required(run, kind, block, "p2", "nfz")
    elif nfz.strip().upper() not in NFZ_BRANCHES:
        run.report(REG_NFZ, kind, block, "p2", value=nfz)


def _check_address(run: Run, kind: str, block: str, address: Address | None) -> None:
    """The home address: postal code, town and house number at least (a village may have no street)."""
    a = address or Address()
    for pole, name in (("p1", "postal_code"), ("p2", "city"), ("p5", "house_no")):
        if not str(getattr(a, name)).strip():
            _required(run, kind, block, pole, name)


def _check_dau(run: Run, person: PersonIdentity, kind: str, block: str) -> None:
    """t_DAU: the identity fields the registration forms require besides the identifier."""
    if person.birth_date is None:
        _required(run, kind, block, "p7", "birth_date")


# Titles registered for health insurance only (ZZA): the start-up relief (codes-and-identifiers.md §1).
HEALTH_ONLY_CODES = frozenset({"0540"})

_START_ON_ZUA = ("Kod {code} (ulga na start) zgłasza się na ZZA, nie na ZUA.",
                 "Code {code} (start-up relief) is registered on ZZA, not ZUA.")
_SOCIAL_ON_ZZA = ("Kod {code} wymaga zgłoszenia do ubezpieczeń społecznych na ZUA, nie ZZA.",
                  "Code {code} needs registration for social insurance on ZUA, not ZZA.")
_NO_ACCIDENT = ("brak ubezpieczenia wypadkowego", "accident insurance missing")
_NO_SICKNESS = ("pracownik podlega obowiązkowo ubezpieczeniu chorobowemu", "an employee is compulsorily in sickness")


def _text(pair: tuple[str, str], **params: object) -> Text:
    return t(*pair)(**params)


def _check_zua(run: Run, doc: ZuaDocument) -> None:
    _check_person(run, doc.person, "ZUA", "III", None, False)
    _check_dau(run, doc.person, "ZUA", "III")
    _check_identity_extra(run, doc)
    if doc.health_from is None:
        _required(run, "ZUA", "VII", "p1", "health_from")
    _check_nfz(run, "ZUA", "VII", doc.nfz)
    _check_address(run, "ZUA", "XI", doc.address)
    code = doc.title.full
    kind = check_title(run, code, "ZUA", "V", "p1", None, doc.person.pesel)
    if doc.insurance_from is None:
        run.report(DATE_REQUIRED, "ZUA", "VI", "p1", what="zgłoszenia")
    if kind == "self_employed_start":
        run.report(REG_FORM, "ZUA", "V", "p1", problem=_text(_START_ON_ZUA, code=code))
        return
    if not (doc.pension and doc.disability):
        run.report(REG_PENSION, "ZUA", "VI", "p2")
    if kind is not None and not doc.accident:
        run.report(REG_FLAGS, "ZUA", "VI", "p5", code=code, problem=_text(_NO_ACCIDENT))
    if kind == "employee" and not doc.sickness:
        run.report(REG_FLAGS, "ZUA", "VI", "p4", code=code, problem=_text(_NO_SICKNESS))


def _check_zza(run: Run, doc: ZzaDocument) -> None:
    _check_person(run, doc.person, "ZZA", "III", None, False)
    _check_dau(run, doc.person, "ZZA", "III")
    _check_identity_extra(run, doc)
    if doc.health_from is None:
        run.report(DATE_REQUIRED, "ZZA", "VI", "p1", what="zgłoszenia")
    _check_nfz(run, "ZZA", "VI", doc.nfz)
    _check_address(run, "ZZA", "VIII", doc.address)
    code = doc.title.full
    kind = check_title(run, code, "ZZA", "V", "p1", None, doc.person.pesel)
    if kind is not None and is_known_title_code(code) and code[:4] not in HEALTH_ONLY_CODES:
        run.report(REG_FORM, "ZZA", "V", "p1", problem=_text(_SOCIAL_ON_ZZA, code=code))


def _check_zwua(run: Run, doc: ZwuaDocument) -> None:
    _check_person(run, doc.person, "ZWUA", "III", None, False)
    _check_dau(run, doc.person, "ZWUA", "III")
    code = doc.title.full
    kind = check_title(run, code, "ZWUA", "IV", "p1", None, doc.person.pesel)
    if doc.deregistration_date is None:
        run.report(DATE_REQUIRED, "ZWUA", "IV", "p2", what="wyrejestrowania")
    if doc.reason_code not in DEREGISTRATION_REASONS:
        run.report(REG_REASON, "ZWUA", "IV", "p3", value=doc.reason_code)
    if kind is not None and kind != "employee" and (doc.termination_date or doc.termination_code):
        run.report(REG_TERMINATION, "ZWUA", "V", "p1", code=code)
    if doc.termination_date and doc.deregistration_date and doc.termination_date > doc.deregistration_date:
        run.report(DATE_ORDER, "ZWUA", "V", "p1", start=doc.termination_date.isoformat(),
                   end=doc.deregistration_date.isoformat())


def _check_ziua(run: Run, doc: ZiuaDocument) -> None:
    _check_person(run, doc.old, "ZIUA", "III", None, False)
    _check_person(run, doc.new, "ZIUA", "IV", None, False)
    _check_dau(run, doc.old, "ZIUA", "III")
    _check_dau(run, doc.new, "ZIUA", "IV")
    if doc.old == doc.new:
        run.report(REG_NO_CHANGE, "ZIUA", "IV", "")


@checker
def check_registrations(run: Run) -> None:
    handlers: dict[str, Callable[[Run, Any], None]] = {"ZUA": _check_zua, "ZZA": _check_zza, "ZWUA": _check_zwua,
                                                      "ZIUA": _check_ziua}
    for doc in run.set.documents:
        handler = handlers.get(doc.kind)
        if handler is not None:
            handler(run, doc)
