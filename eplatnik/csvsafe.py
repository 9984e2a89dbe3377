"""CSV files the program writes, safe to open in a spreadsheet (formula injection).

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab
or carriage return) as a formula: a client named ``=HYPERLINK("http://…","klik")`` or ``+SUM(…)`` would
run as one when the office opens the summary. Such a cell is written with a leading apostrophe, which
spreadsheets show as text and do not display; the register keeps the data exactly as entered. A plain
number (``-12,50``) stays a number. Every CSV writer of the program goes through ``writer``.
"""

from __future__ import annotations

import csv
import re
from typing import IO, Any

#: leading characters that make a spreadsheet evaluate a cell (ASCII and their full-width forms)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as it may be written to a CSV cell: text that would start a formula gets a leading
    apostrophe; numbers and other text are unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


class _SafeWriter:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def writerow(self, row: Any) -> Any:
        return self._inner.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: IO[str], **options: Any) -> _SafeWriter:
    """``csv.writer`` whose every cell passes ``safe_cell``."""
    return _SafeWriter(csv.writer(stream, **options))
