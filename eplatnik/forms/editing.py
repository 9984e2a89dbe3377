"""Edit one field of a set's document, addressed by model name or by KEDU block/field.

``apply_edit(ds, "RCA", "III.B/p4", "5000.00", block_id=2)`` and
``apply_edit(ds, "RCA", "pension_base", "5000.00", block_id=2)`` do the same. Values are typed from
the model's annotations (amounts accept a comma). Edits are literal: totals are not recomputed, the
verification then shows what no longer adds up — as on the paper form.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import FieldError, ValidationFailed
from ..formatting import parse_date
from ..i18n import t
from ..period import Period
from .model import Address, DocumentSet, InsuranceTitle, WorkTime

NO_FORM = t("W zestawie nie ma dokumentu {form}.", "The set has no {form} document.")
NO_BLOCK = t("Dokument {form} nie ma bloku nr {block}.", "The {form} document has no block no. {block}.")
NO_FIELD = t("Nie można edytować pola „{field}” dokumentu {form}.", "The field '{field}' of {form} cannot be edited.")
BAD_VALUE = t("Niepoprawna wartość „{value}”: {why}", "Invalid value '{value}': {why}")


def _fail(field: str, message: Any) -> ValidationFailed:
    return ValidationFailed(errors=[FieldError(field, message)])


def _convert(value: Any, annotation: str, field: str) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if "Decimal" in annotation:
            amount = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
            return amount.quantize(Decimal("0.01")) if text else None
        if "WorkTime" in annotation:
            numerator, _, denominator = text.replace(" ", "").partition("/")
            return WorkTime(int(numerator), int(denominator or "1"))
        if "InsuranceTitle" in annotation:
            title = InsuranceTitle.parse(text)
            if len(title.full) != 6:
                raise ValueError(text)
            return title
        if "Period" in annotation:
            return Period.parse(text)
        if "date" in annotation:
            return parse_date(text) if text else None
        if "bool" in annotation:
            return text.lower() in ("1", "true", "tak", "yes")
        if "int" in annotation:
            return int(text) if text else None
    except (ValueError, InvalidOperation) as exc:
        raise _fail(field, BAD_VALUE(value=value, why=str(exc) or "?")) from None
    return text


def _by_location(obj: Any, block: str, pole: str) -> str | None:
    for f in dataclasses.fields(obj):
        if f.metadata.get("kedu") == (block, pole):
            return f.name
    return None


def _target(ds: DocumentSet, form: str, field: str, block_id: int | None) -> tuple[Any, str]:
    docs = ds.of_kind(form.upper().removeprefix("ZUS"))
    if not docs:
        raise _fail(field, NO_FORM(form=form))
    doc = docs[0]
    block_name, _, pole = field.rpartition("/") if "/" in field else ("", "", field)
    if block_id is not None and hasattr(doc, "blocks"):
        matches = [b for b in doc.blocks if b.block_id == block_id]
        if not matches:
            raise _fail(field, NO_BLOCK(form=form, block=block_id))
        block = matches[0]
        if block_name in ("III.A", "A"):
            name = {"p1": "last_name", "p2": "first_name", "p4": "pesel"}.get(pole)
            return (block.person, name) if name else (None, "")
        holder = block.item if hasattr(block, "item") else block
        if not block_name:
            return (holder, field) if hasattr(holder, field) else (block.person, field)
        return holder, _by_location(holder, block_name if "." in block_name else f"III.{block_name}", pole) or ""
    if block_name == "II" or (not block_name and hasattr(doc.payer, field)):
        return doc.payer, (_by_location(doc.payer, "II", pole) if block_name else field) or ""
    if not block_name:
        return doc, field
    person = getattr(doc, "person", None)
    if block_name == "III" and person is not None:
        return person, _by_location(person, "III", pole) or ""
    return doc, _by_location(doc, block_name, pole) or ""


#: the address block of a registration form and its fields (t_ADZMAP p1–p7)
ADDRESS_BLOCKS = {"ZUA": "XI", "ZZA": "VIII"}
ADDRESS_FIELDS = ("postal_code", "city", "municipality", "street", "house_no", "flat_no", "phone")


def _address_target(ds: DocumentSet, form: str, field: str) -> tuple[Any, str] | None:
    """ZUA XI / ZZA VIII: the home address, created when the document has none yet."""
    kind = form.upper().removeprefix("ZUS")
    block_name, _, pole = field.rpartition("/")
    docs = ds.of_kind(kind)
    if not docs or block_name != ADDRESS_BLOCKS.get(kind) or not pole[1:].isdigit():
        return None
    n = int(pole[1:])
    if not 1 <= n <= len(ADDRESS_FIELDS):
        return None
    doc = docs[0]
    if doc.address is None:  # type: ignore[attr-defined]
        doc.address = Address()  # type: ignore[attr-defined]
    return doc.address, ADDRESS_FIELDS[n - 1]  # type: ignore[attr-defined]


def _health_target(ds: DocumentSet, form: str, field: str, block_id: int | None) -> tuple[Any, str] | None:
    """DRA XI / RCA III.E: the field numbers depend on the tax form (skala 1–4, liniowy 5–8, ryczałt …)."""
    block_name, _, pole = field.rpartition("/")
    docs = ds.of_kind(form.upper().removeprefix("ZUS"))
    if not docs or block_name not in ("XI", "III.E", "E"):
        return None
    doc = docs[0]
    if block_id is not None and hasattr(doc, "blocks"):
        holder = next((b for b in doc.blocks if b.block_id == block_id), None)
        health = holder.health_data if holder is not None else None
    else:
        health = getattr(doc, "self_health", None)
    if health is None or health.fields() is None:
        return None
    _flag, income, base, contribution = health.fields()
    name = {income: "income", base: "base", contribution: "contribution"}.get(pole, "")
    return health, name


def apply_edit(ds: DocumentSet, form: str, field: str, value: Any, block_id: int | None = None) -> None:
    obj, name = (_health_target(ds, form, field, block_id) or _address_target(ds, form, field)
                 or _target(ds, form, field, block_id))
    names = {f.name: f for f in dataclasses.fields(obj)} if obj is not None else {}
    if name not in names or name in ("block_id", "blocks", "payer", "person", "item"):
        raise _fail(field, NO_FIELD(field=field, form=form))
    converted = _convert(value, str(names[name].type), field)
    if isinstance(obj, Address) and name == "postal_code" and isinstance(converted, str):
        converted = "".join(ch for ch in converted if ch.isdigit())  # KEDU: five digits, no dash
    setattr(obj, name, converted)
    if obj is getattr(ds.of_kind(form.upper().removeprefix("ZUS"))[0], "payer", None):
        for doc in ds.documents:  # the payer block is the same in every document of the set
            setattr(doc.payer, name, converted)
    if name in ("number", "period"):
        for doc in ds.documents:
            if hasattr(doc, name):
                setattr(doc, name, converted)
        setattr(ds, name, converted)
