"""Bank statements: one model for every format (MT940, camt.053, CSV, manual entry).

``read_statement(data, fmt)`` returns a ``Statement`` or raises ``StatementError`` naming the line
(and imports nothing: the caller stores a statement only once it was read whole)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ...errors import UserFacingError
from ...i18n import Text, t

FORMATS = ("mt940", "camt053", "csv")

UNKNOWN_FORMAT = t("Nie rozpoznano formatu wyciągu (wiersz {line}: „{text}”).",
                   "The statement format was not recognised (line {line}: '{text}').")
UNKNOWN_FORMAT_HINT = t("Obsługiwane: MT940, camt.053 (XML), CSV z banku. Podaj --format, jeśli plik ma "
                        "nietypowe rozszerzenie.", "Supported: MT940, camt.053 (XML), a bank's CSV export. "
                        "Give --format when the file has an unusual extension.")
NOTHING_IMPORTED = t("Nic nie zaimportowano.", "Nothing was imported.")


class StatementError(UserFacingError):
    """An unreadable statement: says which line and what; nothing was imported."""

    exit_code = 2

    def __init__(self, message: Text, *, line: int | None = None, hint: Text | None = None) -> None:
        self.line = line
        super().__init__(message, hint=hint or NOTHING_IMPORTED)


@dataclass(frozen=True)
class BankTransaction:
    booked_on: date
    amount: Decimal                # always positive; ``direction`` says which way
    direction: str                 # "debit" (money left the account) | "credit"
    counterparty_account: str      # 26 digits (Polish NRB) or a foreign IBAN, "" when unknown
    counterparty_name: str
    title: str
    reference: str                 # the bank's own reference when it gives one
    own_account: str = ""
    line: int = 0                  # where it starts in the file (1-based)
    currency: str = "PLN"


@dataclass
class Statement:
    format: str
    encoding: str
    own_account: str
    transactions: list[BankTransaction] = field(default_factory=list)

    def identities(self) -> list[str]:
        """A stable identity per transaction: the same statement imported again yields the same ones.

        Built from what the bank says about the transaction (own account, date, amount, direction,
        counterparty, title, the bank's reference) plus its ordinal among identical ones in this file,
        so two equal transfers on one day stay two payments."""
        seen: dict[str, int] = {}
        out = []
        for tx in self.transactions:
            key = "|".join((tx.own_account or self.own_account, tx.booked_on.isoformat(), f"{tx.amount:.2f}",
                            tx.direction, tx.counterparty_account, _norm(tx.title), tx.reference))
            n = seen.get(key, 0)
            seen[key] = n + 1
            out.append(hashlib.sha256(f"{key}|{n}".encode()).hexdigest())
        return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().upper()


def account_digits(text: str) -> str:
    """A Polish account number as 26 digits (``PL`` and spaces dropped); other IBANs upper-cased."""
    raw = re.sub(r"[\s-]", "", text or "").upper()
    if raw.startswith("PL") and raw[2:].isdigit():
        return raw[2:]
    return raw


def detect_format(data: bytes, name: str = "") -> str:
    lower = name.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"<") or lower.endswith(".xml"):
        return "camt053"
    if (re.search(rb"^(\{1:|:20:|:25:)", head, re.MULTILINE) and b":61:" in data) or lower.endswith((".sta", ".mt940")):
        return "mt940"
    if lower.endswith((".csv", ".txt")) or b";" in head.split(b"\n", 1)[0] or b"," in head.split(b"\n", 1)[0]:
        return "csv"
    first = head.split(b"\n", 1)[0][:60].decode("latin-1", "replace")
    raise StatementError(UNKNOWN_FORMAT(line=1, text=first), line=1, hint=UNKNOWN_FORMAT_HINT)


def read_statement(data: bytes, fmt: str | None = None, *, name: str = "", csv_mapping=None,
                   encoding: str | None = None) -> Statement:
    fmt = fmt or detect_format(data, name)
    if fmt == "mt940":
        from .mt940_reader import read_mt940

        return read_mt940(data, encoding=encoding)
    if fmt == "camt053":
        from .camt053 import read_camt053

        return read_camt053(data)
    if fmt == "csv":
        from .csv_bank import read_csv

        return read_csv(data, mapping=csv_mapping, encoding=encoding)
    raise StatementError(UNKNOWN_FORMAT(line=1, text=fmt), line=1, hint=UNKNOWN_FORMAT_HINT)
