"""How register lists are ordered: names compared in Python, the same on every database.

``nocase_key`` folds A–Z to a–z and compares the rest by code point: exactly the order SQLite's
``COLLATE NOCASE`` gave the lists before the store boundary (issue 15), so nothing moves on screen.
PostgreSQL has no such collation; sorting here keeps both backends identical.
"""

from __future__ import annotations

_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def nocase_key(text: str | None) -> str:
    """A sort key equal to SQLite's NOCASE collation (ASCII letters folded, others by code point)."""
    return (text or "").translate(_ASCII_FOLD)
