"""Checking a parameter file: the published JSON Schema first, then what a schema cannot say.

``read_year(data, name=…, resolve=…)`` returns a ``YearData`` or raises ``ParamsFileError`` naming the
field (``figures["minimum_wage"][0].value``) and what is wrong, in Polish and English. Beyond the
schema: every figure starts in January of the file's year and its entries stay in that year in
ascending order; a rate's payer + insured shares add up to its total (FP's parts too); the ryczałt
tiers rise and end with an open tier; a derived entry's value is what its rule gives from the figure it
derives from (possibly another year's, through ``resolve``) and its status is that figure's status.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import UserFacingError
from ..i18n import Text, t
from ..period import Period
from .model import Entry, Status, YearData, entry_from_json

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "resources" / "params" / "params.schema.json"
FORMAT = 2

BAD_FILE = t("Plik parametrów {name} jest niepoprawny — pole {field}: {problem}",
             "The parameter file {name} is invalid — field {field}: {problem}")
BAD_FILE_HINT = t("Popraw plik albo pobierz poprawny (opis formatu: docs/parameters.md); nic nie zostało zapisane.",
                  "Fix the file or get a correct one (format: docs/parameters.md); nothing was written.")
NOT_JSON = t("Plik parametrów {name} nie jest poprawnym plikiem JSON (wiersz {line}, kolumna {col}): {err}",
             "The parameter file {name} is not valid JSON (line {line}, column {col}): {err}")

Resolve = Callable[[str, Period], Entry]


class ParamsFileError(UserFacingError):
    """A parameter file that cannot be used; invalid input for ``params install`` (exit 2)."""

    exit_code = 2


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def figure_names() -> list[str]:
    return list(schema()["properties"]["figures"]["required"])


def field_path(parts: Any) -> str:
    """``["figures", "minimum_wage", 0, "value"]`` → ``figures["minimum_wage"][0].value``."""
    out = ""
    for i, part in enumerate(parts):
        if isinstance(part, int):
            out += f"[{part}]"
        elif i == 1 and out == "figures":
            out += f'["{part}"]'
        else:
            out += f".{part}" if out else str(part)
    return out or "(plik)"


def _fail(name: str, path: Any, problem: Text, hint: Text | None = BAD_FILE_HINT) -> ParamsFileError:
    where = path if isinstance(path, str) else field_path(path)
    return ParamsFileError(Text(BAD_FILE.pl.format(name=name, field=where, problem=problem.render("pl")),
                                BAD_FILE.en.format(name=name, field=where, problem=problem.render("en"))),
                           hint=hint)


def load_json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParamsFileError(NOT_JSON(name=name, line=1, col=exc.start + 1, err="UTF-8"), hint=BAD_FILE_HINT) \
            from None
    except json.JSONDecodeError as exc:
        raise ParamsFileError(NOT_JSON(name=name, line=exc.lineno, col=exc.colno, err=exc.msg),
                              hint=BAD_FILE_HINT) from None


# -- the schema ---------------------------------------------------------------------------------
_PATTERNS = {
    r"^[0-9]{1,9}\.[0-9]{2}$": t("kwota z kropką i dwoma miejscami po przecinku, np. \"4950.00\"",
                                 "an amount with a dot and two decimals, e.g. \"4950.00\""),
    r"^[0-9]{4}-(0[1-9]|1[0-2])$": t("miesiąc w postaci RRRR-MM, np. \"2027-02\"",
                                     "a month as YYYY-MM, e.g. \"2027-02\""),
    r"^[0-9]{1,6}(\.[0-9]{1,6})?$": t("liczba nieujemna jako tekst, np. \"1.67\"",
                                       "a non-negative number as text, e.g. \"1.67\""),
}


def _schema_problem(error: Any) -> tuple[list[Any], Text]:
    path = list(error.absolute_path)
    validator, value = error.validator, error.instance
    if validator == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        return [*path, name], t("brak wymaganego pola", "the required field is missing")
    if validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message)
        return path, t("nieznane pole {names}", "unknown field {names}")(names=", ".join(extra))
    if validator == "pattern":
        expected = _PATTERNS.get(error.validator_value)
        shown = json.dumps(value, ensure_ascii=False)
        if expected is not None:
            return path, t("wartość {v} ma zły format; oczekiwano: {e}", "value {v} has a wrong format; expected: {e}")(
                v=shown, e=expected)
    if validator == "enum":
        return path, t("wartość {v} nie jest dozwolona; dozwolone: {allowed}",
                       "value {v} is not allowed; allowed: {allowed}")(
            v=json.dumps(value, ensure_ascii=False), allowed=", ".join(map(str, error.validator_value)))
    if validator == "type":
        return path, t("zły typ wartości {v}; oczekiwano: {type}", "wrong type of value {v}; expected: {type}")(
            v=json.dumps(value, ensure_ascii=False), type=error.validator_value)
    if validator == "const":
        return path, t("oczekiwano {c}, jest {v}", "expected {c}, found {v}")(c=error.validator_value, v=value)
    return path, Text(error.message, error.message)


def check_schema(doc: Any, name: str) -> None:
    """Raise ``ParamsFileError`` for the most relevant schema violation (naming the field)."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(schema()).iter_errors(doc))
    if error is not None:
        path, problem = _schema_problem(error)
        raise _fail(name, path, problem)


# -- what the schema cannot say -----------------------------------------------------------------
def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_order(name: str, year: int, figure: str, raw: list[dict[str, Any]]) -> None:
    previous: Period | None = None
    for i, item in enumerate(raw):
        when = Period.parse(item["from"])
        path = ["figures", figure, i, "from"]
        if when.year != year:
            raise _fail(name, path, t("miesiąc {p} nie należy do roku {year} tego pliku",
                                      "month {p} is not in this file's year {year}")(p=when, year=year))
        if i == 0 and when.month != 1:
            raise _fail(name, path, t("pierwszy wpis musi obowiązywać od stycznia ({year}-01)",
                                      "the first entry must apply from January ({year}-01)")(year=year))
        if previous is not None and when <= previous:
            raise _fail(name, path, t("wpisy muszą iść po kolei miesiącami (ten od {p}, poprzedni od {q})",
                                      "entries must follow in month order (this one from {p}, the previous from {q})")(
                p=when, q=previous))
        previous = when


def _check_value(name: str, figure: str, i: int, value: Any) -> None:
    path = ["figures", figure, i, "value"]
    if figure.startswith("rates."):
        if _dec(value["payer"]) + _dec(value["insured"]) != _dec(value["total"]):
            raise _fail(name, path, t("udział płatnika + ubezpieczonego ({p} + {i}) różni się od stopy {total}",
                                      "payer + insured shares ({p} + {i}) differ from the rate {total}")(
                p=value["payer"], i=value["insured"], total=value["total"]))
        parts = value.get("parts")
        if parts and sum((_dec(v) for v in parts.values()), Decimal(0)) != _dec(value["total"]):
            raise _fail(name, [*path, "parts"], t("części nie sumują się do stopy {total}",
                                                  "the parts do not add up to the rate {total}")(total=value["total"]))
    if figure == "health.lump_sum_tiers":
        limits = [x["revenue_up_to"] for x in value]
        if limits[-1] is not None or None in limits[:-1]:
            raise _fail(name, path, t("tylko ostatni próg ma być bez górnej granicy (null)",
                                      "only the last tier may have no upper limit (null)"))
        numbers = [_dec(x) for x in limits[:-1]]
        if numbers != sorted(set(numbers)):
            raise _fail(name, path, t("progi przychodu muszą rosnąć", "the revenue limits must rise"))


def read_year(data: bytes, *, name: str, resolve: Resolve | None = None, expect_year: int | None = None) -> YearData:
    """Parse, schema-check and check one year's file; ``resolve(figure, period)`` gives another
    year's entry for a derivation that reaches into it (None: such a derivation is an error)."""
    doc = load_json(data, name)
    check_schema(doc, name)
    year = int(doc["year"])
    if expect_year is not None and year != expect_year:
        raise _fail(name, ["year"], t("plik jest na rok {found}, a oczekiwano {year}",
                                      "the file is for {found}, {year} was expected")(found=year, year=expect_year))
    raw_figures: dict[str, list[dict[str, Any]]] = doc["figures"]
    for figure, raw in raw_figures.items():
        _check_order(name, year, figure, raw)
        for i, item in enumerate(raw):
            _check_value(name, figure, i, item["value"])
    entries = _Deriver(name, year, raw_figures, resolve).all()
    return YearData(year=year, figures=entries, prepared=doc.get("prepared", ""), about=doc.get("about", ""))


class _Deriver:
    """Works out each entry's status and checks derived values, following derivations (memoised)."""

    def __init__(self, name: str, year: int, raw: dict[str, list[dict[str, Any]]], resolve: Resolve | None) -> None:
        self.name, self.year, self.raw, self.resolve = name, year, raw, resolve
        self.done: dict[tuple[str, int], Entry] = {}
        self.visiting: set[tuple[str, int]] = set()

    def all(self) -> dict[str, tuple[Entry, ...]]:
        return {figure: tuple(self.entry(figure, i) for i in range(len(items))) for figure, items in self.raw.items()}

    def _index_at(self, figure: str, period: Period) -> int:
        index = 0
        for i, item in enumerate(self.raw[figure]):
            if Period.parse(item["from"]) <= period:
                index = i
        return index

    def _input(self, path: list[Any], figure: str, at: Period) -> Entry:
        if figure not in self.raw:
            raise _fail(self.name, [*path, "of"], t("nieznany parametr „{of}”", "unknown figure '{of}'")(of=figure))
        if at.year == self.year:
            return self.entry(figure, self._index_at(figure, at))
        if self.resolve is None:
            raise _fail(self.name, [*path, "at"], t(
                "wyliczenie sięga roku {y}, którego parametrów brak",
                "the derivation refers to {y}, whose parameters are missing")(y=at.year))
        try:
            return self.resolve(figure, at)
        except UserFacingError as exc:
            raise _fail(self.name, [*path, "at"], t(
                "nie można odczytać {of} z okresu {at}: {err}",
                "cannot read {of} of {at}: {err}")(of=figure, at=at, err=exc.text)) from None

    def entry(self, figure: str, i: int) -> Entry:
        key = (figure, i)
        if key in self.done:
            return self.done[key]
        raw = self.raw[figure][i]
        path: list[Any] = ["figures", figure, i]
        declared = Status(raw["status"]) if "status" in raw else None
        derived = raw.get("derived")
        if derived is None:
            result = entry_from_json(figure, raw, declared or Status.FINAL)
            self.done[key] = result
            return result
        if key in self.visiting:
            raise _fail(self.name, [*path, "derived"], t("wyliczenie zapętla się", "the derivation loops"))
        self.visiting.add(key)
        at = Period.parse(derived.get("at") or raw["from"])
        source = self._input([*path, "derived"], derived["of"], at)
        self.visiting.discard(key)
        try:
            base, factor = _dec(source.value), _dec(derived["factor"])
            expected = _money(base * factor / 100) if derived["op"] == "percent" else _money(base * factor)
        except (InvalidOperation, TypeError, ValueError):
            raise _fail(self.name, [*path, "derived", "of"], t("parametr „{of}” nie jest kwotą ani stopą",
                                                               "figure '{of}' is not an amount or a rate")(
                of=derived["of"])) from None
        if _dec(raw["value"]) != expected:
            raise _fail(self.name, [*path, "value"], t(
                "wartość {v} nie zgadza się z wyliczeniem {rule} = {expected}",
                "value {v} does not match its derivation {rule} = {expected}")(
                v=raw["value"], rule=f"{derived['factor']} {'%' if derived['op'] == 'percent' else '×'} "
                                     f"{derived['of']} ({at}: {source.value})", expected=f"{expected}"))
        if declared is not None and declared is not source.status:
            raise _fail(self.name, [*path, "status"], t(
                "status musi być „{s}”, bo wartość wynika z {of} ({at}), który ma status „{s}”",
                "the status must be '{s}' because the value derives from {of} ({at}), whose status is '{s}'")(
                s=str(source.status), of=derived["of"], at=at))
        result = entry_from_json(figure, raw, source.status)
        self.done[key] = result
        return result
