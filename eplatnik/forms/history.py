"""A set's history notes in words: what the audit trail stores, as a person reads it.

``document_transitions.note`` keeps short machine notes ("correction of set 1", "verification",
"edit DRA pension_total = 1200,00", "gateway 2026…", "import f.xml sha256 …"): they are evidence and
stay as written. ``describe_note`` renders them in the UI's language with the field's name from the
form ("emerytalne — razem", not ``pension_total``) and amounts as "1 200,00". Notes it does not know
(e.g. the signer's name and certificate) are shown as they are.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..formatting import money
from ..i18n import language, t
from .outline import LABELS

CREATED = {
    "built": t("utworzony z rejestru", "built from the register"),
    "correction": t("korekta", "correction"),
    "edit": t("nowa wersja po zmianie", "new version after a change"),
    "verification": t("weryfikacja", "verification"),
    "rebuilt from the register": t("przeliczony ponownie z rejestru", "rebuilt from the register"),
}
CORRECTION_OF = t("korekta zestawu nr {id}", "correction of set no. {id}")
EDIT = t("zmiana ZUS {form}: {field}{block} = {value}", "change in ZUS {form}: {field}{block} = {value}")
FIELD_AT = t("pole {pole} bloku {block}", "field {pole} of block {block}")
IN_BLOCK = t(" (blok nr {n})", " (block no. {n})")
GATEWAY = t("bramka, nr ref. {ref}", "gateway, reference {ref}")
GATEWAY_PLAIN = t("bramka", "gateway")
IMPORT = t("import z pliku {name}", "imported from {name}")
IMPORT_DIGEST = t("import z pliku {name} (SHA-256 {digest}…)", "imported from {name} (SHA-256 {digest}…)")
REGISTRATION = t("dokument zgłoszeniowy ZUS {form}", "registration document ZUS {form}")

_CORRECTION = re.compile(r"^correction of set (\d+)$")
_EDIT = re.compile(r"^edit (\w+) (\S+?)(?: \[(\d+)\])? = (.*)$", re.DOTALL)
_IMPORT = re.compile(r"^import[: ](\S+)(?: sha256 ([0-9a-f]+))?$")


def _field_name(field: str, lang: str | None) -> str:
    if "/" in field:  # a KEDU address "IV/p7"
        block, _, pole = field.rpartition("/")
        return FIELD_AT(pole=pole, block=block).render(lang)
    names = LABELS.get(field)
    if names is None:
        return field.replace("_", " ")
    return f"“{names[1]}”" if (lang or language()) == "en" else f"„{names[0]}”"


def _value(text: str, lang: str | None) -> str:
    plain = text.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d+([.,]\d{1,2})?", plain) and ("," in plain or "." in plain):
        try:
            return money(Decimal(plain.replace(",", ".")), lang)
        except InvalidOperation:
            return text
    return text


def describe_note(note: str | None, lang: str | None = None) -> str:
    """The history note ``note`` in words (``lang`` "pl"/"en", default: the program's language)."""
    text = (note or "").strip()
    if not text:
        return ""
    if text in CREATED:
        return CREATED[text].render(lang)
    if m := _CORRECTION.match(text):
        return CORRECTION_OF(id=m.group(1)).render(lang)
    if m := _EDIT.match(text):
        form, field, block, value = m.groups()
        return EDIT(form=form, field=_field_name(field, lang),
                    block=IN_BLOCK(n=block).render(lang) if block else "", value=_value(value, lang)).render(lang)
    if text == "gateway":
        return GATEWAY_PLAIN.render(lang)
    if text.startswith("gateway "):
        return GATEWAY(ref=text.removeprefix("gateway ").strip()).render(lang)
    if m := _IMPORT.match(text):
        name, digest = m.groups()
        return (IMPORT_DIGEST(name=name, digest=digest[:16]) if digest else IMPORT(name=name)).render(lang)
    if text.startswith("registration:"):
        return REGISTRATION(form=text.removeprefix("registration:")).render(lang)
    return text
