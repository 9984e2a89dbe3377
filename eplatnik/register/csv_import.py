"""CSV import of insured persons: read, map columns, validate each row, then commit all at once.

Accountants export from spreadsheets, so: UTF-8 (with or without BOM) or Windows-1250 / ISO-8859-2
from Excel, ``;`` or ``,`` or tab as the separator, Polish or English column headers. ``preview``
never writes; ``commit`` writes every valid row in one transaction or nothing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..errors import FieldError, UserFacingError
from ..i18n import plural, t
from . import validation as v
from .codes import needs_work_time
from .models import DocumentType, InsuredPerson, InsuredRecord
from .service import RegisterService

MAX_IMPORT_BYTES = 50 * 1024 * 1024

#: canonical field → accepted header spellings (compared without accents, case and punctuation)
COLUMNS: dict[str, tuple[str, ...]] = {
    "pesel": ("pesel",),
    "document_type": ("rodzaj dokumentu", "typ dokumentu", "document type"),
    "document_number": ("numer dokumentu", "nr dokumentu", "seria i numer dokumentu", "document number"),
    "first_name": ("imie", "imię", "first name", "firstname"),
    "second_name": ("drugie imie", "second name"),
    "last_name": ("nazwisko", "last name", "surname", "lastname"),
    "birth_date": ("data urodzenia", "birth date", "date of birth"),
    "insurance_title_code": ("kod tytulu ubezpieczenia", "kod tytulu", "tytul ubezpieczenia",
                             "insurance title code", "title code"),
    "work_time": ("wymiar czasu pracy", "wymiar etatu", "etat", "work time"),
    "gross_pay": ("wynagrodzenie brutto", "brutto", "wynagrodzenie", "gross pay", "gross"),
    "start_date": ("data rozpoczecia", "data zatrudnienia", "od", "start date"),
    "end_date": ("data zakonczenia", "do", "end date"),
    "street": ("ulica", "street"),
    "house_no": ("nr domu", "numer domu", "house number"),
    "flat_no": ("nr lokalu", "numer lokalu", "flat number"),
    "postal_code": ("kod pocztowy", "postal code"),
    "city": ("miejscowosc", "miasto", "city"),
    "voluntary_sickness": ("chorobowe", "dobrowolne chorobowe", "voluntary sickness"),
}
REQUIRED_COLUMNS = ("first_name", "last_name", "insurance_title_code", "start_date")

UNREADABLE = t("Nie można odczytać pliku CSV: {err}", "Cannot read the CSV file: {err}")
MISSING_COLUMNS = t("W pliku brakuje kolumn: {cols}. Pierwszy wiersz musi zawierać nagłówki, np. "
                    "PESEL;Imię;Nazwisko;Kod tytułu ubezpieczenia;Data rozpoczęcia.",
                    "The file lacks columns: {cols}. The first row must hold headers, e.g. "
                    "PESEL;First name;Last name;Insurance title code;Start date.")
TOO_BIG = t("Plik jest za duży ({mb} MB); limit to 50 MB.", "The file is too big ({mb} MB); the limit is 50 MB.")
HAS_ERRORS = plural(("{n} wiersz ma błędy — popraw go albo zaimportuj tylko poprawne wiersze.",
                     "{n} wiersze mają błędy — popraw je albo zaimportuj tylko poprawne wiersze.",
                     "{n} wierszy ma błędy — popraw je albo zaimportuj tylko poprawne wiersze."),
                    ("{n} row has errors — fix it or import only the valid rows.",
                     "{n} rows have errors — fix them or import only the valid rows."))
DUP_IN_FILE = t("PESEL {pesel} powtarza się w pliku (wiersz {other}).",
                "PESEL {pesel} appears twice in the file (row {other}).")
NOTHING = t("Brak wierszy do zaimportowania.", "There are no rows to import.")


def _key(header: str) -> str:
    header = header.replace("ł", "l").replace("Ł", "L")  # ł does not decompose under NFKD
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9 ]+", " ", text).strip()


_HEADER_INDEX = {_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


WRONG_ENCODING = t("Plik CSV jest zapisany w kodowaniu {encoding}, którego import nie czyta.",
                   "The CSV file is saved in the {encoding} encoding, which the import does not read.")
MIXED_ENCODING = t("Plik CSV ma mieszane kodowanie: wiersz {utf8} jest w UTF-8, a wiersz {other} w innym kodowaniu "
                   "(np. Windows-1250) — polskie litery byłyby przekłamane.",
                   "The CSV file mixes encodings: line {utf8} is UTF-8 while line {other} is in another encoding "
                   "(e.g. Windows-1250) — Polish letters would come out garbled.")
BINARY = t("Plik nie jest tekstem CSV (zawiera bajty zerowe, wiersz {line}).",
           "The file is not CSV text (it holds zero bytes, line {line}).")
ENCODING_HINT = t("Zapisz plik jako „CSV UTF-8” (Excel: Plik → Zapisz jako → CSV UTF-8) albo jako CSV w "
                  "Windows-1250 i zaimportuj go ponownie.",
                  "Save the file as 'CSV UTF-8' (Excel: File → Save As → CSV UTF-8) or as CSV in Windows-1250 "
                  "and import it again.")
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 LE"), (b"\x00\x00\xfe\xff", "UTF-32 BE"),
              (b"\xff\xfe", "UTF-16 LE"), (b"\xfe\xff", "UTF-16 BE"))
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _encoding_problem(data: bytes) -> UserFacingError | None:
    """A file in an encoding the import cannot read (UTF-16/32, mixed, binary), named for the person."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return UserFacingError(WRONG_ENCODING(encoding=name), hint=ENCODING_HINT)
    head = data[:4096]
    if head.count(b"\x00") * 4 >= len(head) > 0:  # every other byte zero: UTF-16 without a BOM
        name = "UTF-16 LE" if head[1:2] == b"\x00" else "UTF-16 BE"
        return UserFacingError(WRONG_ENCODING(encoding=name), hint=ENCODING_HINT)
    if b"\x00" in data:
        return UserFacingError(BINARY(line=data[:data.index(b"\x00")].count(b"\n") + 1), hint=ENCODING_HINT)
    utf8_line = other_line = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or (number if _UTF8_MULTIBYTE.search(line) else None)
        except UnicodeDecodeError:
            other_line = other_line or number
        if utf8_line and other_line:
            return UserFacingError(MIXED_ENCODING(utf8=utf8_line, other=other_line), hint=ENCODING_HINT)
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not) first, then Windows-1250 (Excel in Poland). UTF-16/32,
    a mix of UTF-8 and another encoding, and binary data are refused with the encoding named."""
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    problem = _encoding_problem(data)
    if problem is not None:
        raise problem
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    # cp1250 and ISO-8859-2 differ in a few letters (ś, ź, ą…); pick the one that yields fewer oddities.
    best = None
    for enc in ("cp1250", "iso-8859-2"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        odd = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t")
        odd += sum(text.count(ch) for ch in "¹¿¶¼±")
        if best is None or odd < best[0]:
            best = (odd, text, enc)
    if best is None:
        raise UserFacingError(UNREADABLE(err="unknown encoding"))
    return best[1], best[2]


@dataclass
class RowResult:
    row_number: int  # 1-based line in the file, header = 1
    values: dict[str, str]
    errors: list[FieldError] = field(default_factory=list)
    person: InsuredPerson | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    payer_id: int
    encoding: str
    delimiter: str
    columns: list[str]
    rows: list[RowResult]

    @property
    def valid_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def error_rows(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]


def _parse_bool(text: str) -> bool:
    return _key(text) in {"1", "tak", "t", "yes", "y", "true", "x"}


def _row_to_person(payer_id: int, values: dict[str, str]) -> tuple[InsuredPerson | None, list[FieldError]]:
    errors: list[FieldError] = []

    def need_date(name: str, required: bool) -> date | None:
        raw = values.get(name, "").strip()
        if not raw:
            if required:
                errors.append(FieldError(name, v.REQUIRED))
            return None
        try:
            return v.parse_date(raw)
        except ValueError:
            errors.append(FieldError(name, v.DATE_BAD))
            return None

    pesel = v.compact_digits(values.get("pesel", ""))
    birth = v.default_birth_date(pesel, need_date("birth_date", required=False))
    if birth is None and "birth_date" not in {e.field for e in errors}:
        errors.append(FieldError("birth_date", v.REQUIRED))
    start = need_date("start_date", required=True)
    end = need_date("end_date", required=False)
    # an employee works full time unless the file says otherwise; a contractor (0411) has no working time
    num, den = (1, 1) if needs_work_time(values.get("insurance_title_code", "")) else (0, 0)
    if values.get("work_time", "").strip():
        try:
            num, den = v.parse_fraction(values["work_time"])
        except ValueError:
            errors.append(FieldError("work_time", v.FRACTION_BAD))
    gross = Decimal("0.00")
    if values.get("gross_pay", "").strip():
        try:
            gross = v.parse_amount(values["gross_pay"])
        except ValueError:
            errors.append(FieldError("gross_pay", v.AMOUNT_BAD))
    doc_type = values.get("document_type", "").strip()
    doc_kind = DocumentType.NONE
    if doc_type:
        doc_kind = DocumentType.PASSPORT if _key(doc_type) in {"2", "paszport", "passport"} else DocumentType.ID_CARD
    if errors or birth is None or start is None:
        # still report the other field problems
        probe = InsuredPerson(payer_id=payer_id, pesel=pesel, document_type=doc_kind,
                              document_number=values.get("document_number", ""),
                              record=InsuredRecord(first_name=values.get("first_name", ""),
                                                   last_name=values.get("last_name", ""),
                                                   birth_date=birth or date(1900, 1, 1),
                                                   insurance_title_code=values.get("insurance_title_code", ""),
                                                   start_date=start or date(1900, 1, 1)))
        errors += [e for e in probe.validate() if e.field not in {x.field for x in errors} and
                   not (e.field == "birth_date" and birth is None)]
        return None, errors
    person = InsuredPerson(
        payer_id=payer_id, pesel=pesel, document_type=doc_kind,
        document_number=values.get("document_number", "").strip().upper(),
        record=InsuredRecord(
            first_name=values.get("first_name", "").strip(), second_name=values.get("second_name", "").strip(),
            last_name=values.get("last_name", "").strip(), birth_date=birth,
            insurance_title_code=re.sub(r"\s", "", values.get("insurance_title_code", "")),
            start_date=start, end_date=end, work_time_numerator=num, work_time_denominator=den,
            gross_pay=gross, street=values.get("street", "").strip(), house_no=values.get("house_no", "").strip(),
            flat_no=values.get("flat_no", "").strip(), postal_code=values.get("postal_code", "").strip(),
            city=values.get("city", "").strip(),
            voluntary_sickness=_parse_bool(values.get("voluntary_sickness", ""))))
    return person, person.validate()


def preview(register: RegisterService, payer_id: int, data: bytes) -> ImportPreview:
    """Parse and validate without writing anything."""
    if len(data) > MAX_IMPORT_BYTES:
        raise UserFacingError(TOO_BIG(mb=len(data) // (1024 * 1024)))
    text, encoding = decode_bytes(data)
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise UserFacingError(NOTHING) from None
    except csv.Error as exc:
        raise UserFacingError(UNREADABLE(err=str(exc))) from exc
    mapping = {i: _HEADER_INDEX.get(_key(h)) for i, h in enumerate(header)}
    present = {name for name in mapping.values() if name}
    missing = [c for c in REQUIRED_COLUMNS if c not in present]
    if "pesel" not in present and "document_number" not in present:
        missing.insert(0, "pesel")
    if missing:
        raise UserFacingError(MISSING_COLUMNS(cols=", ".join(missing)))
    existing = {p.pesel for p in register.list_insured(payer_id) if p.pesel}
    seen: dict[str, int] = {}
    rows: list[RowResult] = []
    try:
        for line_no, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            values = {name: cells[i].strip() for i, name in mapping.items() if name and i < len(cells)}
            person, errors = _row_to_person(payer_id, values)
            pesel = v.compact_digits(values.get("pesel", ""))
            if pesel and pesel in seen:
                errors.append(FieldError("pesel", DUP_IN_FILE(pesel=pesel, other=seen[pesel])))
            elif pesel:
                seen[pesel] = line_no
            if pesel and pesel in existing:
                from .service import DUPLICATE_PESEL

                errors.append(FieldError("pesel", DUPLICATE_PESEL(pesel=pesel)))
            rows.append(RowResult(line_no, values, errors, person if not errors else None))
    except csv.Error as exc:
        raise UserFacingError(UNREADABLE(err=str(exc))) from exc
    return ImportPreview(payer_id, encoding, delimiter, list(header), rows)


def commit(register: RegisterService, preview_result: ImportPreview, only_valid: bool = False) -> list[int]:
    """Write the previewed rows in one transaction. With errors present, ``only_valid`` must be chosen."""
    if preview_result.error_rows and not only_valid:
        raise UserFacingError(HAS_ERRORS(n=len(preview_result.error_rows)))
    people = [r.person for r in preview_result.valid_rows if r.person is not None]
    if not people:
        raise UserFacingError(NOTHING)
    return register.add_insured_many(people)


def describe_errors(result: RowResult, lang: str | None = None) -> str:
    return "; ".join(e.render_with_label(lang) for e in result.errors)

