"""CSV exports of Polish banks: presets for the common layouts, a column mapping the person can
adjust (the GUI shows a preview), and one reader.

A mapping names, for each of our fields, the column (by header text or 0-based index): ``date``,
``amount`` (signed: negative = money out) or ``debit``/``credit`` columns, ``account``
(counterparty), ``name``, ``title``; plus the delimiter, the date format and how many lines to skip
before the header. Presets are data (``PRESETS``); ``guess_mapping`` picks the one whose header
matches, else a generic mapping by common header names."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime

from ...i18n import t
from ..money import parse_amount
from . import BankTransaction, Statement, StatementError, account_digits
from .textenc import decode

NO_HEADER = t("Nie znaleziono wiersza nagłówka z kolumnami daty i kwoty (sprawdzono {count} pierwszych wierszy).",
              "No header row with date and amount columns was found (checked the first {count} lines).")
NO_HEADER_HINT = t("Wybierz układ banku (--csv-preset) albo przypisz kolumny w podglądzie. Nic nie zaimportowano.",
                   "Pick the bank's layout (--csv-preset) or map the columns in the preview. Nothing was imported.")
MISSING_COLUMN = t("Brak kolumny „{column}” potrzebnej dla pola {field}.",
                   "The column '{column}' needed for the field {field} is missing.")
BAD_AMOUNT = t("Wiersz {line}: kwota „{text}” nie daje się odczytać.",
               "Line {line}: the amount '{text}' cannot be read.")
BAD_DATE = t("Wiersz {line}: data „{text}” nie daje się odczytać (oczekiwano {fmt}).",
             "Line {line}: the date '{text}' cannot be read (expected {fmt}).")
BAD_ACCOUNT = t("Wiersz {line}: numer rachunku „{text}” jest niepoprawny.",
                "Line {line}: the account number '{text}' is invalid.")
SHORT_ROW = t("Wiersz {line} ma {found} kolumn, a nagłówek {expected} — plik jest urwany albo ma zły separator.",
              "Line {line} has {found} columns but the header has {expected} — the file is cut short or uses "
              "another delimiter.")
HINT = t("Popraw plik albo przypisanie kolumn. Nic nie zaimportowano.",
         "Fix the file or the column mapping. Nothing was imported.")


@dataclass(frozen=True)
class CsvMapping:
    name: str = "generic"
    delimiter: str = ","
    date: str = "date"
    amount: str = "amount"          # signed amount column ("" when debit/credit columns are used)
    debit: str = ""
    credit: str = ""
    account: str = "account"
    counterparty: str = "name"
    title: str = "title"
    date_format: str = "%Y-%m-%d"
    extra_date_formats: tuple[str, ...] = ("%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> CsvMapping:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "extra_date_formats" in known:
            known["extra_date_formats"] = tuple(known["extra_date_formats"])
        return cls(**known)


# Header names as the banks' exports write them (normalised: lower case, no diacritics, no '#').
PRESETS: dict[str, CsvMapping] = {
    "generic": CsvMapping(),
    "mbank": CsvMapping("mbank", ";", "data operacji", "kwota", account="rachunek", counterparty="opis operacji",
                        title="opis operacji"),
    "pko": CsvMapping("pko", ",", "data operacji", "kwota", account="rachunek kontrahenta",
                      counterparty="dane kontrahenta", title="tytul"),
    "ing": CsvMapping("ing", ";", "data transakcji", "kwota transakcji (waluta rachunku)", account="nr rachunku",
                      counterparty="dane kontrahenta", title="tytul", date_format="%Y-%m-%d"),
    "santander": CsvMapping("santander", ",", "data operacji", "kwota", account="rachunek kontrahenta",
                            counterparty="nazwa kontrahenta", title="tytul", date_format="%d-%m-%Y"),
    "pekao": CsvMapping("pekao", ";", "data ksiegowania", "kwota operacji",
                        account="numer rachunku nadawcy/odbiorcy",
                        counterparty="nadawca/odbiorca", title="tytulem", date_format="%d.%m.%Y"),
}


@dataclass
class CsvPreview:
    encoding: str
    header_line: int                    # 1-based line of the header
    header: list[str]
    rows: list[list[str]]               # the first rows after the header
    mapping: CsvMapping
    problems: list[str] = field(default_factory=list)


def norm(header: str) -> str:
    text = header.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", text.replace("#", "")).strip()


def _sniff(text: str, mapping: CsvMapping | None = None) -> tuple[int, list[str], str]:
    """(header index, header cells, delimiter): the first of the first 30 lines with a date and an amount
    column (the mapping's own columns when one is given)."""
    lines = text.split("\n")
    for index, line in enumerate(lines[:30]):
        for delimiter in ((mapping.delimiter,) if mapping else (";", ",", "\t")):
            cells = next(csv.reader([line], delimiter=delimiter), [])
            names = {norm(c) for c in cells}
            if mapping is not None:
                wanted = {norm(c) for c in (mapping.date, mapping.amount or mapping.debit) if not c.isdigit()}
                if wanted <= names:
                    return index, cells, delimiter
                continue
            if len(cells) >= 3 and any("data" in n or n == "date" for n in names) and \
                    any("kwota" in n or n in ("amount", "debit", "credit", "obciazenia", "uznania") for n in names):
                return index, cells, delimiter
    raise StatementError(NO_HEADER(count=min(30, len(lines))), line=1, hint=NO_HEADER_HINT)


def guess_mapping(header: list[str], delimiter: str) -> CsvMapping:
    names = [norm(h) for h in header]
    for preset in PRESETS.values():
        if preset.delimiter == delimiter and preset.date in names and (preset.amount in names or not preset.amount):
            return preset
    def pick(*keys: str) -> str:
        exact = next((n for n in names for k in keys if n == k), "")
        return exact or next((n for n in names for k in keys if k in n), "")
    return replace(PRESETS["generic"], name="auto", delimiter=delimiter, date=pick("date", "data ksiegowania",
                   "data operacji", "data"), amount=pick("amount", "kwota"),
                   account=pick("account", "rachunek", "konto"),
                   counterparty=pick("name", "kontrahent", "odbiorca", "nadawca", "opis"),
                   title=pick("title", "tytul", "opis"))


def preview(data: bytes, mapping: CsvMapping | None = None, *, encoding: str | None = None,
            rows: int = 20) -> CsvPreview:
    text, enc = decode(data, encoding)
    index, header, delimiter = _sniff(text, mapping)
    chosen = mapping or guess_mapping(header, delimiter)
    body = list(csv.reader(io.StringIO("\n".join(text.split("\n")[index + 1:index + 1 + rows])),
                           delimiter=chosen.delimiter))
    problems = [MISSING_COLUMN(column=col, field=fld).render() for fld, col in _required(chosen)
                if col and norm(col) not in [norm(h) for h in header] and not col.isdigit()]
    return CsvPreview(enc, index + 1, header, [r for r in body if any(c.strip() for c in r)], chosen, problems)


def _required(m: CsvMapping) -> list[tuple[str, str]]:
    cols = [("date", m.date), ("account", m.account), ("name", m.counterparty), ("title", m.title)]
    cols += [("debit", m.debit), ("credit", m.credit)] if not m.amount else [("amount", m.amount)]
    return cols


def _parse_date(text: str, mapping: CsvMapping, line: int) -> date:
    raw = text.strip()[:19]
    for fmt in (mapping.date_format, *mapping.extra_date_formats):
        try:
            width = len(date(2026, 12, 31).strftime(fmt))
            return datetime.strptime(raw[:width], fmt).date()  # noqa: DTZ007 (a calendar date, no time zone)
        except ValueError:
            continue
    raise StatementError(BAD_DATE(line=line, text=raw, fmt=mapping.date_format), line=line, hint=HINT)


def read_csv(data: bytes, *, mapping: CsvMapping | None = None, encoding: str | None = None) -> Statement:
    text, enc = decode(data, encoding)
    index, header, delimiter = _sniff(text, mapping)
    mapping = mapping or guess_mapping(header, delimiter)
    names = [norm(h) for h in header]

    def column(name: str, fld: str) -> int | None:
        if not name:
            return None
        if name.isdigit():
            return int(name)
        try:
            return names.index(norm(name))
        except ValueError:
            raise StatementError(MISSING_COLUMN(column=name, field=fld), line=index + 1, hint=HINT) from None

    cols = {fld: column(col, fld) for fld, col in _required(mapping)}
    out: list[BankTransaction] = []
    lines = text.split("\n")
    reader = csv.reader(io.StringIO("\n".join(lines[index + 1:])), delimiter=mapping.delimiter)
    for offset, cells in enumerate(reader):
        line = index + 2 + offset
        if not any(c.strip() for c in cells):
            continue
        needed = max(c for c in cols.values() if c is not None)
        if len(cells) <= needed:
            raise StatementError(SHORT_ROW(line=line, found=len(cells), expected=len(header)), line=line, hint=HINT)

        def cell(fld: str, row: list[str] = cells) -> str:
            c = cols.get(fld)
            return row[c].strip() if c is not None else ""

        booked = _parse_date(cell("date"), mapping, line)
        try:
            if mapping.amount:
                signed = parse_amount(cell("amount"))
            else:
                debit, credit = cell("debit"), cell("credit")
                signed = -abs(parse_amount(debit)) if debit else parse_amount(credit)
        except ValueError:
            raw = cell("amount") if mapping.amount else (cell("debit") or cell("credit"))
            raise StatementError(BAD_AMOUNT(line=line, text=raw), line=line, hint=HINT) from None
        account = account_digits(cell("account").strip("'\""))
        if account and not re.fullmatch(r"\d{26}|[A-Z]{2}\d{2}[A-Z0-9]{10,30}", account):
            raise StatementError(BAD_ACCOUNT(line=line, text=cell("account")), line=line, hint=HINT)
        name = cell("name")
        title = cell("title")
        if mapping.counterparty == mapping.title:
            name = ""
        out.append(BankTransaction(booked_on=booked, amount=abs(signed), direction="debit" if signed < 0 else "credit",
                                   counterparty_account=account, counterparty_name=name, title=title, reference="",
                                   line=line))
    return Statement("csv", enc, "", out)
