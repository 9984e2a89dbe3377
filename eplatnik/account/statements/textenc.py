"""Decoding statement text: UTF-8, Windows-1250 or ISO-8859-2 (all three are written by Polish banks).

UTF-8 is tried first (it rejects what is not UTF-8). Between the two single-byte Polish encodings,
bytes 0x80–0x9F are control characters in ISO-8859-2 but letters in Windows-1250 (ś, ź, Ś, Ź), and
ą/ś/ź sit on different bytes in each: the decoding that yields more Polish letters and no control
characters wins. Text that still holds control characters is not a statement (named by its line).
"""

from __future__ import annotations

import unicodedata

from ...i18n import t

BAD_ENCODING = t("Wiersz {line} zawiera znaki, których nie da się odczytać w kodowaniu {encoding}.",
                 "Line {line} holds characters that cannot be read as {encoding}.")
BAD_ENCODING_HINT = t("Zapisz wyciąg z banku ponownie (UTF-8, Windows-1250 lub ISO-8859-2) albo podaj --encoding. "
                      "Nic nie zaimportowano.", "Export the statement again (UTF-8, Windows-1250 or ISO-8859-2) "
                      "or give --encoding. Nothing was imported.")
POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
ENCODINGS = ("utf-8", "cp1250", "iso-8859-2")


def _odd(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t\x1a"


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name); raises StatementError naming the first unreadable line."""
    from . import StatementError

    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], encoding or "utf-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:200]:
        raise StatementError(BAD_ENCODING(line=1, encoding="UTF-8/Windows-1250/ISO-8859-2"), line=1,
                             hint=BAD_ENCODING_HINT)
    candidates = [encoding] if encoding else list(ENCODINGS)
    best: tuple[int, str, str] | None = None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if enc == "utf-8" and not encoding:
            best = (10**9, text, enc)
            break
        score = sum(1 for ch in text if ch in POLISH) - 1000 * sum(1 for ch in text if _odd(ch))
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None:
        enc = encoding or "UTF-8"
        line = _first_bad_line(data, enc)
        raise StatementError(BAD_ENCODING(line=line, encoding=enc), line=line, hint=BAD_ENCODING_HINT)
    _, text, enc = best
    for number, line_text in enumerate(text.splitlines(), 1):
        if any(_odd(ch) for ch in line_text):
            raise StatementError(BAD_ENCODING(line=number, encoding=enc), line=number, hint=BAD_ENCODING_HINT)
    return text.replace("\r\n", "\n").replace("\r", "\n"), enc


def _first_bad_line(data: bytes, encoding: str) -> int:
    for number, raw in enumerate(data.split(b"\n"), 1):
        try:
            raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            return number
    return 1
