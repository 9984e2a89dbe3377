"""MT940 statements as Polish banks write them.

The SWIFT structure (``:20:``, ``:25:``, ``:60F:``, ``:61:``, ``:86:``, ``:62F:``) is parsed by the
``mt-940`` library; the ``:86:`` subfields (``~NN``) by our own parser (subfields.py), because the
library only knows the German ``?NN`` layout. Before the library runs, every line is checked, so a
statement that is not MT940, is cut short or holds an amount that does not parse is refused with its
line number and nothing is imported.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ...i18n import t
from . import BankTransaction, Statement, StatementError, account_digits
from .subfields import parse_86
from .textenc import decode

NOT_MT940 = t("Wiersz {line} nie jest poprawnym wierszem MT940: „{text}”.",
              "Line {line} is not a valid MT940 line: '{text}'.")
NOT_MT940_HINT = t("Sprawdź, czy to wyciąg MT940 (pola :20:, :25:, :60F:, :61:, :86:, :62F:). Nic nie "
                   "zaimportowano.", "Check that this is an MT940 statement (fields :20:, :25:, :60F:, :61:, "
                   ":86:, :62F:). Nothing was imported.")
BAD_61 = t("Wiersz {line}: nie da się odczytać operacji (:61:) — data, strona C/D lub kwota „{text}” są "
           "niepoprawne.", "Line {line}: the transaction (:61:) cannot be read — the date, the C/D mark or "
           "the amount in '{text}' is invalid.")
BAD_DATE = t("Wiersz {line}: niepoprawna data „{text}”.", "Line {line}: invalid date '{text}'.")
TRUNCATED = t("Wyciąg jest niekompletny: po wierszu {line} brakuje salda końcowego (:62F:).",
              "The statement is incomplete: the closing balance (:62F:) is missing after line {line}.")
TRUNCATED_HINT = t("Pobierz wyciąg z banku ponownie — plik urwał się. Nic nie zaimportowano.",
                   "Download the statement from the bank again — the file was cut short. Nothing was imported.")
NO_TRANSACTIONS = t("Wyciąg MT940 nie zawiera żadnego bloku :20: … :62F:.",
                    "The MT940 statement holds no :20: … :62F: block.")

_TAG = re.compile(r"^:(\d{2}[A-Z]?|NS):")
_61 = re.compile(r"^(?P<date>\d{6})(?P<entry>\d{4}|\s{4})?(?P<mark>R?[CD])(?P<funds>[A-Z])?(?P<amount>\d{1,12},\d{0,2})"
                 r"(?P<rest>.*)$")
_HEADER = re.compile(r"^(\{[1-5]:.*|-\}?|\}|\$|\x1a)$")


def _check_lines(text: str) -> list[tuple[int, str, str]]:
    """Every tag with its first line number and its whole text; raises on a line that is no MT940."""
    tags: list[tuple[int, str, str]] = []
    open_block = False
    last_line = 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            continue
        last_line = number
        m = _TAG.match(stripped)
        if m:
            tag = m.group(1)
            tags.append((number, tag, stripped[m.end():]))
            if tag == "20":
                open_block = True
            elif tag in ("62F", "62M"):
                open_block = False
            continue
        if _HEADER.match(stripped) or stripped.startswith("{"):
            continue
        if not tags or tags[-1][1] not in ("86", "61", "NS"):
            raise StatementError(NOT_MT940(line=number, text=stripped[:60]), line=number, hint=NOT_MT940_HINT)
        n, tag, body = tags[-1]
        tags[-1] = (n, tag, body + "\n" + stripped)
    if not tags or not any(tag == "20" for _, tag, _ in tags):
        raise StatementError(NOT_MT940(line=1, text=text.split("\n", 1)[0][:60]), line=1, hint=NOT_MT940_HINT)
    if open_block:
        raise StatementError(TRUNCATED(line=last_line), line=last_line, hint=TRUNCATED_HINT)
    return tags


def _date6(value: str, line: int) -> date:
    try:
        year = 2000 + int(value[:2]) if int(value[:2]) < 80 else 1900 + int(value[:2])
        return date(year, int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise StatementError(BAD_DATE(line=line, text=value), line=line, hint=NOT_MT940_HINT) from None


def read_mt940(data: bytes, *, encoding: str | None = None) -> Statement:
    import mt940

    text, enc = decode(data, encoding)
    tags = _check_lines(text)
    lines_61: list[tuple[int, date, date, str, Decimal]] = []
    for number, tag, body in tags:
        if tag != "61":
            continue
        first = body.split("\n", 1)[0]
        m = _61.match(first)
        if not m:
            raise StatementError(BAD_61(line=number, text=body.split("\n", 1)[0][:40]), line=number,
                                 hint=NOT_MT940_HINT)
        value_date = _date6(m.group("date"), number)
        booked = value_date
        if m.group("entry") and m.group("entry").strip():
            try:
                booked = date(value_date.year, int(m.group("entry")[:2]), int(m.group("entry")[2:]))
            except ValueError:
                raise StatementError(BAD_DATE(line=number, text=m.group("entry")), line=number,
                                     hint=NOT_MT940_HINT) from None
            if (booked - value_date).days > 300:  # entry in December, value date in January
                booked = booked.replace(year=booked.year - 1)
            elif (value_date - booked).days > 300:
                booked = booked.replace(year=booked.year + 1)
        amount = Decimal(m.group("amount").replace(",", "."))
        lines_61.append((number, value_date, booked, m.group("mark"), amount))

    # the library parses the structure; we take the details (:86:) and the references from it
    own_account = ""
    for _, tag, body in tags:
        if tag == "25":
            own_account = account_digits(body.split("\n", 1)[0].split("/")[-1])
            break
    parsed = mt940.models.Transactions(options=mt940.Options(merge_keeps_values=True))
    try:
        parsed.parse(text)
    except (RuntimeError, ValueError, KeyError, IndexError) as exc:  # the library refuses a tag it cannot read
        value = str(exc.args[2]) if isinstance(exc, RuntimeError) and len(exc.args) > 2 else ""
        bad = next((n for n, _tag, body in tags if value and body.startswith(value.split("\n", 1)[0])), 1)
        raise StatementError(NOT_MT940(line=bad, text=value[:60]), line=bad, hint=NOT_MT940_HINT) from None
    library_rows = [tx for tx in parsed if tx.data.get("amount") is not None]
    if len(library_rows) != len(lines_61):  # both read the same :61: lines; a mismatch means a broken file
        bad = lines_61[min(len(library_rows), len(lines_61) - 1)][0] if lines_61 else 1
        raise StatementError(NOT_MT940(line=bad, text=""), line=bad, hint=NOT_MT940_HINT)
    details_by_61 = _details_after_61(tags)
    out: list[BankTransaction] = []
    for (number, _value_date, booked, mark, amount), row in zip(lines_61, library_rows):
        details = parse_86(details_by_61.get(number, ""))
        direction = "debit" if mark in ("D", "RC") else "credit"
        reference = str(row.data.get("bank_reference") or row.data.get("customer_reference") or "").strip()
        if reference.upper() == "NONREF":
            reference = ""
        out.append(BankTransaction(booked_on=booked, amount=amount, direction=direction,
                                   counterparty_account=details.account, counterparty_name=details.name,
                                   title=details.title, reference=reference, own_account=own_account,
                                   line=number, currency=str(getattr(row.data.get("amount"), "currency", "") or "PLN")))
    if not tags:
        raise StatementError(NO_TRANSACTIONS, line=1, hint=NOT_MT940_HINT)
    return Statement("mt940", enc, own_account, out)


def _details_after_61(tags: list[tuple[int, str, str]]) -> dict[int, str]:
    """The :86: that follows each :61: (keyed by the :61:'s line)."""
    found: dict[int, str] = {}
    current: int | None = None
    for number, tag, body in tags:
        if tag == "61":
            current = number
        elif tag == "86" and current is not None:
            found[current] = body
            current = None
        elif tag not in ("NS",):
            current = None
    return found
