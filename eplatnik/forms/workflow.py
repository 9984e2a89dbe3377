"""What a person does to a set, each followed by verification: build the month, change a field,
make a correction, make a registration document (``registration.register_document``).

The CLI (``documents build/edit/correct/register``) and the GUI (Dokumenty, Ubezpieczeni) both call
these, so a set made either way has been checked the same way. ``DocumentService.build_monthly`` and
friends stay the plain steps (the month-end run verifies in a phase of its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..period import Period
    from . import builder
    from .service import DocumentService, SetInfo, VerifyOutcome


@dataclass(frozen=True)
class Verified:
    """A set just made or changed, as stored after its verification, and that verification."""
    info: SetInfo
    outcome: VerifyOutcome


def verified(documents: DocumentService, info: SetInfo) -> Verified:
    outcome = documents.verify(info.id)
    return Verified(documents.get_info(info.id), outcome)


def build_monthly(documents: DocumentService, payer_id: int, period: Period, *,
                  inputs: builder.MonthInputs | None = None, rebuild: bool = False) -> Verified:
    return verified(documents, documents.build_monthly(payer_id, period, inputs=inputs, rebuild=rebuild))


def edit_field(documents: DocumentService, set_id: int, form: str, field: str, value: Any,
               block_id: int | None = None) -> Verified:
    """The changed set (a new draft or correction when the set was signed or sent), verified."""
    return verified(documents, documents.edit_field(set_id, form, field, value, block_id))


def build_correction(documents: DocumentService, set_id: int,
                     inputs: builder.MonthInputs | None = None) -> Verified:
    return verified(documents, documents.build_correction(set_id, inputs))
