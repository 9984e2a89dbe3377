"""What the month area needs from the other areas, as narrow interfaces (no ``App`` here).

``app.py`` hands the real services in (documents, gateway, register, account, signing); tests can
hand in anything with these methods. The month area never reaches another service through ``App``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..period import Period
    from ..register.models import Payer

Actor = Callable[[], str]


class MonthDocuments(Protocol):
    """The documents area as the month-end run and the month table use it (``DocumentService``)."""

    def build_monthly(self, payer_id: int, period: Period) -> Any: ...

    def latest_monthly(self, payer_id: int, period: Period) -> Any: ...

    def get_set(self, set_id: int) -> Any: ...

    def get_info(self, set_id: int) -> Any: ...

    def get_xml(self, set_id: int, *, signed: bool = True) -> bytes: ...

    def verify(self, set_id: int) -> Any: ...

    def mark_signed(self, set_id: int, data: bytes, signer: str) -> Any: ...

    def stored_findings(self, set_id: int) -> list[dict[str, Any]]: ...

    def params_notes(self, set_ids: list[int]) -> dict[int, list[dict[str, Any]]]: ...


class Submitter(Protocol):
    """The gateway outbox as the run uses it (``GatewayService``)."""

    outbox: Any

    def enqueue(self, signed_kedu: bytes, *, source_name: str = "", document_set_id: int | None = None) -> Any: ...

    def get(self, submission_id: int) -> Any: ...

    def made_elsewhere(self, sub: Any) -> Any: ...

    def process(self, *, ids: list[int] | None = None, wait: float = 0.0) -> Any: ...


class PayerDirectory(Protocol):
    """The register as the month area reads it (``RegisterService``)."""

    def list_payers(self, include_archived: bool = False) -> list[Payer]: ...

    def find_payer(self, nip: str) -> Payer: ...

    def list_authorisations(self) -> list[Any]: ...

    def list_accountants(self) -> list[Any]: ...

    def is_authorised(self, payer_id: int, accountant: str, on: date) -> bool: ...

    def entered_nrs(self, payer_id: int) -> str | None: ...

    def set_entered_nrs(self, payer_id: int, nrs: str | None, actor: str | None = None) -> None: ...


class ArrearsSource(Protocol):
    """The settlement account (``AccountService``): arrears per client and a client's ledger."""

    def arrears_by_payer(self, today: date) -> dict[int, Any]: ...

    def ledger(self, payer_id: int) -> Any: ...


class CertificateWatch(Protocol):
    """Certificates the signing area has seen used (expiry shown in the month table)."""

    def known_certificates(self) -> Iterable[Any]: ...


class Renderers(Protocol):
    """PDFs of the month area (``reports``): handed in by the composition root."""

    def office_summary_pdf(self, summary: Any, lang: str) -> bytes: ...

    def payment_note_pdf(self, note: Any, lang: str) -> bytes: ...


#: writes one client's month of submissions as an evidence ZIP: (NIP, period, output) → submissions in it
EvidenceZip = Callable[[str, str, Path], int]

