"""What changed in a client's monthly set against the previous period (flags for the accountant).

A month is mostly last month again; what deserves a look is the difference: people who joined or
left, a changed base or title, and the amount to pay moving. Each change is a bilingual line.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..i18n import Text, t

if TYPE_CHECKING:
    from ..forms.model import DocumentSet

FIRST = t("Pierwsza deklaracja — brak poprzedniego okresu do porównania.",
          "First declaration — no previous period to compare with.")
JOINED = t("Nowa osoba: {name} ({ident}).", "New person: {name} ({ident}).")
LEFT = t("Brak osoby z poprzedniego okresu: {name} ({ident}).", "Person from the previous period missing: "
         "{name} ({ident}).")
BASE = t("{name}: podstawa emerytalna/rentowa {old} → {new} zł.", "{name}: pension base {old} → {new} PLN.")
TITLE = t("{name}: kod tytułu {old} → {new}.", "{name}: title code {old} → {new}.")
HEALTH = t("{name}: składka zdrowotna {old} → {new} zł.", "{name}: health contribution {old} → {new} PLN.")
TO_PAY = t("Do zapłaty {old} → {new} zł ({diff:+} zł).", "To pay {old} → {new} PLN ({diff:+} PLN).")


def _people(ds: DocumentSet) -> dict[str, tuple[str, str, Decimal, Decimal]]:
    out = {}
    for b in ds.rca_blocks:
        out[b.person.identifier] = (f"{b.person.first_name} {b.person.last_name}".strip(), b.title.full,
                                    b.pension_base, b.health_total)
    dra = ds.dra
    if not out and dra is not None and dra.self_title is not None:
        name = f"{dra.payer.first_name} {dra.payer.last_name}".strip() or dra.payer.short_name
        health = dra.self_health.contribution if dra.self_health else dra.health_total
        out[dra.payer.pesel or dra.payer.nip] = (name, dra.self_title.full, dra.self_pension_base, health)
    return out


def compare(previous: DocumentSet | None, current: DocumentSet) -> list[Text]:
    """The differences worth flagging, most important first (empty: same as last month)."""
    if previous is None:
        return [FIRST]
    before, now = _people(previous), _people(current)
    changes: list[Text] = []
    for ident, (name, *_rest) in now.items():
        if ident not in before:
            changes.append(JOINED(name=name, ident=ident))
    for ident, (name, *_rest) in before.items():
        if ident not in now:
            changes.append(LEFT(name=name, ident=ident))
    for ident, (name, title, base, health) in now.items():
        if ident not in before:
            continue
        _, old_title, old_base, old_health = before[ident]
        if title != old_title:
            changes.append(TITLE(name=name, old=old_title, new=title))
        if base != old_base:
            changes.append(BASE(name=name, old=f"{old_base:.2f}", new=f"{base:.2f}"))
        if health != old_health:
            changes.append(HEALTH(name=name, old=f"{old_health:.2f}", new=f"{health:.2f}"))
    old_pay = previous.dra.to_pay if previous.dra else Decimal("0.00")
    new_pay = current.dra.to_pay if current.dra else Decimal("0.00")
    if old_pay != new_pay:
        changes.append(TO_PAY(old=f"{old_pay:.2f}", new=f"{new_pay:.2f}", diff=new_pay - old_pay))
    return changes


def as_json(changes: list[Text]) -> list[dict[str, str]]:
    return [{"pl": c.render("pl"), "en": c.render("en")} for c in changes]
