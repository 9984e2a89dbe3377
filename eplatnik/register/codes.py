"""The insurance title code list (kod tytułu ubezpieczenia), shipped as a dated data file.

A code has 6 characters: 4 for the kind of insured person, 1 for an established pension right
(0/1/2) and 1 for the degree of disability (0–3). Membership is checked only against the shipped
list (``resources/data/title_codes.json``) so the list can be updated without code changes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..i18n import Text


@dataclass(frozen=True)
class TitleCode:
    code4: str
    name: Text
    kind: str  # employee | contractor | outwork | self_employed_* (drives the calculator)


@lru_cache(maxsize=1)
def _data() -> dict:
    raw = resources.files("eplatnik").joinpath("resources/data/title_codes.json").read_text(encoding="utf-8")
    return json.loads(raw)


@lru_cache(maxsize=1)
def title_codes() -> dict[str, TitleCode]:
    return {code: TitleCode(code, Text(v["pl"], v["en"]), v["kind"]) for code, v in _data()["codes"].items()}


def normalise_title_code(code: str) -> str:
    return re.sub(r"\s", "", code or "")


def expand_title_code(code: str) -> tuple[str, bool]:
    """The 6-character code for what was typed: "0510" (the four digits people say) is taken as
    "051000" — no pension right, no disability; returns (code, whether it was expanded)."""
    compact = normalise_title_code(code)
    if len(compact) == 4 and compact.isdigit():
        return compact + "00", True
    return compact, False


def is_known_title_code(code: str) -> bool:
    code = normalise_title_code(code)
    return len(code) == 6 and code[:4] in title_codes() and code[4] in "012" and code[5] in "0123"


def title_kind(code: str) -> str | None:
    info = title_codes().get(normalise_title_code(code)[:4])
    return info.kind if info else None


def needs_work_time(code: str) -> bool:
    """An employee has a working time (wymiar czasu pracy, 1/1, 1/2…); a contractor, an outworker or a
    sole trader has none. An unknown code is treated as an employee's: the time is asked for."""
    kind = title_kind(code)
    return kind is None or kind == "employee"


def describe_title_code(code: str, lang: str | None = None) -> str:
    code = normalise_title_code(code)
    info = title_codes().get(code[:4])
    if info is None:
        return code
    return f"{code[:4]} {code[4:5]} {code[5:6]} — {info.name.render(lang)}"

