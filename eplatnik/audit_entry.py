"""One entry of a client's history (Płatnicy → Historia zmian, ``eplatnik-cli audit``) as a person reads it.

The record the audit log's per-client view (``store/audit.py``: ``AuditLog.for_client``) answers and
its readers show — the register service (``RegisterService.client_history``), the GUI's history page
and the CLI. It lives in the foundation, not in the store module, so that the GUI and the CLI read
it without importing a store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class AuditEntry:
    """One change as a person reads it: when (ISO UTC), who, at which seat, what, about what."""

    at: str
    actor: str
    seat: str
    action: str          # machine code: "payer.update", "document.signed", "application.sent", …
    what: str            # in words, in the program's language
    object: str          # what it concerns, in words ("zestaw nr 3: DRA, RCA za 10.2026")
    details: str = ""    # the note as stored (evidence; not translated)

    def to_json(self) -> dict[str, str]:
        return asdict(self)
