"""libxml2's schema messages (English only) turned into bilingual ones a person can act on.

Only the message shapes KEDU files produce are rewritten; anything else keeps libxml2's English
text, prefixed in Polish, so nothing is hidden.
"""

from __future__ import annotations

import re

from ..i18n import Text

_AMOUNT_HINT = ("kwota: cyfry, kropka i dokładnie dwa miejsca po kropce, bez znaku minus i spacji (np. 1234.56)",
                "amount: digits, a dot and exactly two decimals, no minus sign or spaces (e.g. 1234.56)")

_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"Element '(?P<el>[\w.]+)': \[facet 'pattern'\] The value '(?P<v>.*)' is not accepted by the "
                r"pattern '\\d\{1,\d+\}\\\.\\d\{2\}'\.$"),
     "Pole {el}: „{v}” nie jest poprawną kwotą — " + _AMOUNT_HINT[0] + ".",
     "Field {el}: '{v}' is not a valid amount — " + _AMOUNT_HINT[1] + "."),
    (re.compile(r"Element '(?P<el>[\w.]+)': \[facet 'pattern'\] The value '(?P<v>.*)' is not accepted by the "
                r"pattern '(?P<p>.*)'\.$"),
     "Pole {el}: wartość „{v}” ma niedozwoloną postać (wzorzec {p}).",
     "Field {el}: the value '{v}' has a form that is not allowed (pattern {p})."),
    (re.compile(r"Element '(?P<el>[\w.]+)': '(?P<v>.*)' is not a valid value of the atomic type "
                r"'(?P<t>t_Kwota\w*)'\.$"),
     "Pole {el}: „{v}” nie jest kwotą — " + _AMOUNT_HINT[0] + ".",
     "Field {el}: '{v}' is not an amount — " + _AMOUNT_HINT[1] + "."),
    (re.compile(r"Element '(?P<el>[\w.]+)': '(?P<v>.*)' is not a valid value of the atomic type '(?P<t>.*)'\.$"),
     "Pole {el}: „{v}” nie jest poprawną wartością typu {t}.",
     "Field {el}: '{v}' is not a valid value of type {t}."),
    (re.compile(r"Element '(?P<el>[\w.]+)': \[facet 'maxLength'\] The value has a length of '(?P<n>\d+)'; this "
                r"exceeds the allowed maximum length of '(?P<m>\d+)'\.$"),
     "Pole {el}: tekst ma {n} znaków, dozwolone najwyżej {m}.",
     "Field {el}: the text has {n} characters, at most {m} are allowed."),
    (re.compile(r"Element '(?P<el>[\w.]+)': \[facet 'minLength'\] The value has a length of '(?P<n>\d+)'; this "
                r"underruns the allowed minimum length of '(?P<m>\d+)'\.$"),
     "Pole {el}: tekst ma {n} znaków, wymagane co najmniej {m}.",
     "Field {el}: the text has {n} characters, at least {m} are required."),
    (re.compile(r"Element '(?P<el>[\w.]+)': \[facet 'length'\] The value has a length of '(?P<n>\d+)'; this "
                r"differs from the allowed length of '(?P<m>\d+)'\.$"),
     "Pole {el}: tekst ma {n} znaków, wymagane dokładnie {m}.",
     "Field {el}: the text has {n} characters, exactly {m} are required."),
    (re.compile(r"Element '(?P<el>[\w.]+)': \[facet 'enumeration'\] The value '(?P<v>.*)' is not an element of "
                r"the set \{(?P<s>.*)\}\.$"),
     "Pole {el}: wartość „{v}” spoza dozwolonych ({s}).",
     "Field {el}: the value '{v}' is not one of the allowed ({s})."),
    (re.compile(r"Element '(?P<el>[\w.]+)': \[facet 'totalDigits'\] The value '(?P<v>.*)' has more digits than "
                r"are allowed \('(?P<m>\d+)'\)\.$"),
     "Pole {el}: „{v}” ma więcej cyfr niż dozwolone {m}.",
     "Field {el}: '{v}' has more digits than the allowed {m}."),
    (re.compile(r"Element '(?P<el>[\w.]+)': This element is not expected\. Expected is \( (?P<x>.*) \)\.$"),
     "Element {el} nie powinien tu wystąpić; w tym miejscu oczekiwano: {x}.",
     "Element {el} is not expected here; expected: {x}."),
    (re.compile(r"Element '(?P<el>[\w.]+)': This element is not expected\. Expected is one of \( (?P<x>.*) \)\.$"),
     "Element {el} nie powinien tu wystąpić; w tym miejscu oczekiwano jednego z: {x}.",
     "Element {el} is not expected here; expected one of: {x}."),
    (re.compile(r"Element '(?P<el>[\w.]+)': This element is not expected\.$"),
     "Element {el} nie powinien tu wystąpić (nie ma go w tym miejscu formularza).",
     "Element {el} is not expected here (the form has no such element at this place)."),
    (re.compile(r"Element '(?P<el>[\w.]+)': Missing child element\(s\)\. Expected is (?:one of )?\( (?P<x>.*) \)\.$"),
     "Element {el}: brak wymaganego pola: {x}.",
     "Element {el}: a required field is missing: {x}."),
    (re.compile(r"Element '(?P<el>[\w.]+)': The attribute '(?P<a>\w+)' is required but missing\.$"),
     "Element {el}: brak wymaganego atrybutu {a}.",
     "Element {el}: the required attribute {a} is missing."),
    (re.compile(r"Element '(?P<el>[\w.]+)': No match found for key-sequence.*$"),
     "Element {el}: niezgodny klucz.", "Element {el}: key mismatch."),
]


def translate(message: str) -> Text:
    """A bilingual ``Text`` for one libxml2 schema message (namespace already removed)."""
    text = message.strip()
    for pattern, pl, en in _RULES:
        m = pattern.match(text)
        if m:
            return Text(pl.format(**m.groupdict()), en.format(**m.groupdict()))
    return Text(f"Niezgodność ze schematem KEDU: {text}", text)
