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
