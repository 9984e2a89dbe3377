"""Bilingual user-facing text for the core (Polish by default, English on request).

The core cannot use Qt's translator, so messages shown to people are written as ``Text(pl, en)``
pairs next to the code that raises them. The UI and the CLI pick the language once at start-up.
"""

from __future__ import annotations

import string
import threading
from dataclasses import dataclass
from typing import Any

SUPPORTED_LANGUAGES = ("pl", "en")
_state = threading.local()
_default_language = "pl"


def set_language(lang: str) -> None:
    """Set the process-wide language for core messages ("pl" or "en")."""
    global _default_language
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _default_language = lang


def language() -> str:
    return getattr(_state, "lang", None) or _default_language


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Text:
    """A message in Polish and English with ``str.format`` placeholders filled lazily."""

    pl: str
    en: str
    params: tuple[tuple[str, Any], ...] = ()

    def __call__(self, **params: Any) -> Text:
        return Text(self.pl, self.en, tuple(sorted({**dict(self.params), **params}.items())))

    def render(self, lang: str | None = None) -> str:
        lang = lang or language()
        template = self.en if lang == "en" else self.pl
        # a parameter that is itself a Text (a field's name, a state) speaks the same language
        params = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.params}
        try:
            return template.format(**params)
        except (KeyError, IndexError):
            return template

    def __str__(self) -> str:
        return self.render()


def t(pl: str, en: str) -> Text:
    """Shorthand used in core modules: ``MSG = t("Polski…", "English…")``."""
    return Text(pl, en)


# -- plural forms (CLDR rules) -------------------------------------------------------------------
def stored_text(value: str) -> Text:
    """A message stored as JSON ``{"pl": …, "en": …}`` (the outbox's errors, a run's notes) as a Text;
    anything else is taken as it is, in both languages."""
    import json

    try:
        data = json.loads(value) if value else None
    except ValueError:
        return Text(value, value)
    if not isinstance(data, dict):
        return Text(value or "", value or "")
    pl = str(data.get("pl") or "")
    return Text(pl, str(data.get("en") or pl))


def plural_index(n: int, lang: str | None = None) -> int:
    """Which plural form a count takes. Polish (CLDR): 0 "one" (1), 1 "few" (2–4, 22–24, … but not
    12–14), 2 "many" (0, 5–21, 25–31, …: "5 błędów", "12 błędów"). English: 0 "one" (1), 1 "other"."""
    n = abs(int(n))
    if (lang or language()) == "en":
        return 0 if n == 1 else 1
    if n == 1:
        return 0
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return 1
    return 2


@dataclass(frozen=True)
class Plural:
    """A message that depends on a count: Polish forms (one, few, many), English (one, other).

    ``ERRORS = plural(("{n} błąd", "{n} błędy", "{n} błędów"), ("{n} error", "{n} errors"))``;
    ``ERRORS(3)`` → a ``Text`` that renders "3 błędy" (or "3 errors"). Other placeholders are given
    as keywords: ``ROWS(4, ok=3)``.
    """

    pl: tuple[str, str, str]
    en: tuple[str, str]

    def __call__(self, n: int, **params: Any) -> Text:
        return Text(self.pl[plural_index(n, "pl")], self.en[plural_index(n, "en")], ())(n=n, **params)


def plural(pl: tuple[str, str, str], en: tuple[str, str]) -> Plural:
    return Plural(pl, en)
