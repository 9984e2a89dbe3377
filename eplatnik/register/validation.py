"""Field validation for the register, with messages that say what is wrong (Polish/English).

Each ``check_*`` returns ``None`` when the value is fine or a ``Text`` explaining the problem, so
the same functions serve the as-you-type validators in the UI, the CLI and CSV import.
Checksums come from python-stdnum (NIP, PESEL, REGON, IBAN).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from types import SimpleNamespace

from ..i18n import Text, t


@cache
def _std() -> SimpleNamespace:
    """python-stdnum, imported on first use (keeps the GUI's start-up fast)."""
    from stdnum import exceptions, iban
    from stdnum.pl import nip, pesel, regon

    return SimpleNamespace(iban=iban, nip=nip, pesel=pesel, regon=regon, exc=exceptions)

REQUIRED = t("Pole jest wymagane.", "This field is required.")
DIGITS_ONLY = t("{what} może zawierać tylko cyfry.", "{what} may contain digits only.")
WRONG_LENGTH = t("{what} musi mieć {n} cyfr (wpisano {got}).", "{what} must have {n} digits ({got} given).")
BAD_CHECKSUM = t("{what}: niepoprawna cyfra kontrolna — sprawdź, czy nie ma literówki.",
                 "{what}: wrong check digit — look for a typo.")
PESEL_BAD_DATE = t("PESEL zawiera niemożliwą datę urodzenia.", "PESEL encodes an impossible birth date.")
PESEL_DATE_MISMATCH = t("Data urodzenia {birth} nie zgadza się z PESEL (z numeru wynika {from_pesel}).",
                        "Birth date {birth} does not match the PESEL (it encodes {from_pesel}).")
POSTAL_CODE = t("Kod pocztowy musi mieć postać NN-NNN, np. 00-950.",
                "The postal code must look like NN-NNN, e.g. 00-950.")
IBAN_BAD = t("Numer rachunku jest niepoprawny (suma kontrolna IBAN się nie zgadza).",
             "The bank account number is invalid (the IBAN checksum does not match).")
IBAN_LENGTH = t("Polski numer rachunku ma 26 cyfr (z prefiksem PL: 28 znaków).",
                "A Polish account number has 26 digits (28 characters with the PL prefix).")
EMAIL_BAD = t("Adres e-mail jest niepoprawny, oczekiwano np. biuro@firma.pl.",
              "The e-mail address is invalid; expected e.g. office@firm.pl.")
PHONE_BAD = t("Numer telefonu jest niepoprawny: podaj 9 cyfr (opcjonalnie z +48).",
              "The phone number is invalid: give 9 digits (optionally with +48).")
MOBILE_BAD = t("To nie jest numer komórkowy (SMS): polski numer komórkowy zaczyna się od 45, 50, 51, 53, 57, 60, "
               "66, 69, 72, 73, 78, 79 albo 88.",
               "This is not a mobile number (for SMS): Polish mobile numbers start with 45, 50, 51, 53, 57, 60, "
               "66, 69, 72, 73, 78, 79 or 88.")
SHORT_NAME_LONG = t("Nazwa skrócona może mieć najwyżej 31 znaków (ma {n}).",
                    "The short name may have at most 31 characters (it has {n}).")
TITLE_CODE_FORMAT = t("Kod tytułu ubezpieczenia ma 6 cyfr: 4 cyfry kodu, prawo do emerytury/renty (0–2), "
                      "stopień niepełnosprawności (0–3), np. 011000.",
                      "The insurance title code has 6 digits: 4-digit code, pension right (0–2), "
                      "disability degree (0–3), e.g. 011000.")
TITLE_CODE_UNKNOWN = t("Kod tytułu ubezpieczenia {code} nie występuje w wykazie kodów programu.",
                       "Insurance title code {code} is not in the program's code list.")
DATE_BAD = t("Data musi mieć postać RRRR-MM-DD.", "The date must look like YYYY-MM-DD.")
DATE_ORDER = t("Data zakończenia nie może być wcześniejsza niż data rozpoczęcia.",
               "The end date cannot be earlier than the start date.")
AMOUNT_BAD = t("Kwota musi być liczbą nieujemną z najwyżej dwoma miejscami po przecinku, np. 8500,00.",
               "The amount must be a non-negative number with at most two decimals, e.g. 8500.00.")
RATE_BAD = t("Stopa wypadkowa musi być liczbą, np. 1,67.", "The accident insurance rate must be a number, e.g. 1.67.")
RATE_IMPOSSIBLE = t("Stopa wypadkowa {rate}% jest niemożliwa: płatnik może mieć stopę od {low}% do {high}% "
                    "(stopa grupy × wskaźnik korygujący, ewentualnie podwyższona przez ZUS).",
                    "An accident rate of {rate}% is impossible: a payer's rate runs from {low}% to {high}% (a group "
                    "rate × a correction factor, possibly raised by ZUS).")
RATE_UNUSUAL = t("Uwaga: stopa {rate}% jest poza przedziałem stóp grup działalności ({low}–{high}%) — taką stopę ma "
                 "tylko płatnik, któremu ZUS ustalił ją indywidualnie; sprawdź zawiadomienie ZUS.",
                 "Note: a rate of {rate}% lies outside the group-rate range ({low}–{high}%) — only a payer whose "
                 "rate ZUS set individually has it; check the ZUS notice.")
FRACTION_BAD = t("Wymiar czasu pracy podaj jako ułamek, np. 1/1 lub 1/2.",
                 "Give the working time as a fraction, e.g. 1/1 or 1/2.")
BIRTH_REQUIRED = t("Podaj datę urodzenia (bez numeru PESEL nie da się jej odczytać).",
                   "Give the birth date (without a PESEL it cannot be read from it).")
WORK_TIME_REQUIRED = t("Podaj wymiar czasu pracy pracownika, np. 1/1 albo 1/2.",
                       "Give the employee's working time, e.g. 1/1 or 1/2.")
DOC_REQUIRED = t("Podaj PESEL albo rodzaj i numer dokumentu tożsamości.",
                 "Give a PESEL or the type and number of an identity document.")

_POSTAL_RE = re.compile(r"^\d{2}-\d{3}$")
_EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_TITLE_RE = re.compile(r"^\d{4}[0-2][0-3]$")
_SEPARATORS = re.compile(r"[\s-]")

SHORT_NAME_MAX = 31


def compact_digits(value: str) -> str:
    value = _SEPARATORS.sub("", value or "")
    if value[:2].upper() == "PL":
        value = value[2:]
    return value


def _digits_check(value: str, what: str, lengths: tuple[int, ...]) -> Text | None:
    if not value.isdigit():
        return DIGITS_ONLY(what=what)
    if len(value) not in lengths:
        return WRONG_LENGTH(what=what, n=" lub ".join(map(str, lengths)), got=len(value))
    return None


def check_nip(value: str, required: bool = True) -> Text | None:
    value = compact_digits(value)
    if not value:
        return REQUIRED if required else None
    problem = _digits_check(value, "NIP", (10,))
    if problem:
        return problem
    return None if _std().nip.is_valid(value) else BAD_CHECKSUM(what="NIP")


def check_regon(value: str, required: bool = False) -> Text | None:
    value = compact_digits(value)
    if not value:
        return REQUIRED if required else None
    problem = _digits_check(value, "REGON", (9, 14))
    if problem:
        return problem
    return None if _std().regon.is_valid(value) else BAD_CHECKSUM(what="REGON")


def check_pesel(value: str, required: bool = False) -> Text | None:
    value = compact_digits(value)
    if not value:
        return REQUIRED if required else None
    problem = _digits_check(value, "PESEL", (11,))
    if problem:
        return problem
    std = _std()
    try:
        std.pesel.validate(value)
    except std.exc.InvalidComponent:
        return PESEL_BAD_DATE
    except std.exc.ValidationError:
        return BAD_CHECKSUM(what="PESEL")
    return None


def pesel_birth_date(value: str) -> date:
    return _std().pesel.get_birth_date(compact_digits(value))


def default_birth_date(pesel: str, given: date | None = None) -> date | None:
    """The birth date as given, else the one a valid PESEL encodes, else None — the one rule for the
    CLI, the payer and insured dialogs and the CSV import."""
    if given is not None:
        return given
    if pesel and not check_pesel(pesel):
        return pesel_birth_date(pesel)
    return None


def pesel_gender(value: str) -> str:
    return _std().pesel.get_gender(compact_digits(value))


def check_pesel_birth_date(pesel: str, birth: date | None) -> Text | None:
    if birth is None or not pesel or check_pesel(pesel):
        return None
    encoded = pesel_birth_date(pesel)
    if encoded != birth:
        return PESEL_DATE_MISMATCH(birth=birth.isoformat(), from_pesel=encoded.isoformat())
    return None


def check_postal_code(value: str, required: bool = False) -> Text | None:
    value = (value or "").strip()
    if not value:
        return REQUIRED if required else None
    return None if _POSTAL_RE.match(value) else POSTAL_CODE


def normalise_iban(value: str) -> str:
    value = re.sub(r"\s", "", value or "").upper()
    if value.isdigit() and len(value) == 26:
        value = "PL" + value
    return value


def check_iban(value: str, required: bool = False) -> Text | None:
    value = normalise_iban(value)
    if not value:
        return REQUIRED if required else None
    if value.startswith("PL") and len(value) != 28:
        return IBAN_LENGTH
    return None if _std().iban.is_valid(value) else IBAN_BAD


def format_iban(value: str) -> str:
    value = normalise_iban(value)
    if value.startswith("PL"):
        digits = value[2:]
        return " ".join([digits[:2], *[digits[i:i + 4] for i in range(2, len(digits), 4)]])
    return _std().iban.format(value)


def check_email(value: str, required: bool = False) -> Text | None:
    value = (value or "").strip()
    if not value:
        return REQUIRED if required else None
    return None if _EMAIL_RE.match(value) and len(value) <= 254 else EMAIL_BAD


def normalise_phone(value: str) -> str:
    value = re.sub(r"[\s()-]", "", value or "")
    if value.startswith("0048"):
        value = "+48" + value[4:]
    if value.isdigit() and len(value) == 9:
        value = "+48" + value
    return value


def check_phone(value: str, required: bool = False, mobile: bool = False) -> Text | None:
    value = normalise_phone(value)
    if not value:
        return REQUIRED if required else None
    if not re.fullmatch(r"\+48\d{9}", value):
        if re.fullmatch(r"\+\d{8,15}", value) and not mobile:
            return None  # a foreign number
        return PHONE_BAD
    if mobile and not is_mobile(value):
        return MOBILE_BAD
    return None


#: Polish mobile number ranges (UKE numbering plan); the rest of 4x–8x are landlines (22 Warsaw, 12 Kraków…)
MOBILE_PREFIXES = ("45", "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88")


def is_mobile(value: str) -> bool:
    """A Polish mobile number (one that can receive an SMS)."""
    value = normalise_phone(value)
    return bool(re.fullmatch(r"\+48\d{9}", value)) and value[3:5] in MOBILE_PREFIXES


def check_short_name(value: str) -> Text | None:
    value = (value or "").strip()
    if not value:
        return REQUIRED
    return SHORT_NAME_LONG(n=len(value)) if len(value) > SHORT_NAME_MAX else None


def check_required(value: str) -> Text | None:
    return REQUIRED if not (value or "").strip() else None


def parse_date(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            from datetime import datetime

            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - calendar date only
        except ValueError:
            continue
    raise ValueError(value)


def parse_amount(value: str | Decimal | int | float) -> Decimal:
    if isinstance(value, Decimal):
        amount = value
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(value) from None
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(value)
    return amount.quantize(Decimal("0.01"))


def check_amount(value: str, required: bool = False) -> Text | None:
    if not str(value or "").strip():
        return REQUIRED if required else None
    try:
        parse_amount(value)
    except ValueError:
        return AMOUNT_BAD
    return None


def _pl(value: Decimal) -> str:
    return f"{value}".replace(".", ",")


def check_accident_rate(value: str) -> Text | None:
    """A rate some payer can have (limits from the parameter files: eplatnik.params.limits)."""
    from ..params.limits import accident_limits

    try:
        rate = parse_amount(value)
    except ValueError:
        return RATE_BAD
    limits = accident_limits()
    if limits.lowest <= rate <= limits.highest:
        return None
    return RATE_IMPOSSIBLE(rate=_pl(rate), low=_pl(limits.lowest), high=_pl(limits.highest))


def accident_rate_warning(value: str) -> Text | None:
    """A possible but unusual rate: outside the group-rate range (an individual rate set by ZUS)."""
    from ..params.limits import accident_limits

    try:
        rate = parse_amount(value)
    except ValueError:
        return None
    limits = accident_limits()
    if check_accident_rate(value) is None and not (limits.group_min <= rate <= limits.group_max):
        return RATE_UNUSUAL(rate=_pl(rate), low=_pl(limits.group_min), high=_pl(limits.group_max))
    return None


def parse_fraction(value: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,3})\s*/\s*(\d{1,3})\s*", value or "")
    if not m:
        raise ValueError(value)
    num, den = int(m.group(1)), int(m.group(2))
    if num <= 0 or den <= 0 or num > den:
        raise ValueError(value)
    return num, den


def check_fraction(value: str) -> Text | None:
    try:
        parse_fraction(value)
    except ValueError:
        return FRACTION_BAD
    return None


def check_title_code(value: str) -> Text | None:
    from .codes import is_known_title_code

    code = re.sub(r"\s", "", value or "")
    if not code:
        return REQUIRED
    if not _TITLE_RE.match(code):
        return TITLE_CODE_FORMAT
    return None if is_known_title_code(code) else TITLE_CODE_UNKNOWN(code=code)
