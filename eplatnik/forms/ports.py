"""What the documents area needs from other areas, as narrow interfaces (no imports of their services).

``RegisterReader``: the register's payers and insured (``RegisterService`` is one; an import with
``into_register`` also adds payers and insured through it). Signing's view of this area,
``SignedSetSink``, is in ``signing/ports.py``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..register.models import InsuredPerson, InsuredRecord, Payer


class RegisterReader(Protocol):
    def get_payer(self, payer_id: int) -> Payer: ...

    def find_payer(self, key: str) -> Payer: ...

    def list_payers(self, include_archived: bool = False, search: str = "") -> list[Payer]: ...

    def get_insured(self, person_id: int, on: date | None = None) -> InsuredPerson: ...

    def list_insured(self, payer_id: int | None = None, on: date | None = None,
                     active_only: bool = False) -> list[InsuredPerson]: ...

    def insured_history(self, person_id: int) -> list[InsuredRecord]: ...

    def add_payer(self, payer: Payer) -> Payer: ...

    def add_insured(self, person: InsuredPerson) -> InsuredPerson: ...

