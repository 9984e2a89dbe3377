"""What the documents area hands out about a stored set: ``SetInfo`` (a listing row, no XML parsed)
and ``VerifyOutcome``. What a person may do with a set (``can_verify``, ``can_sign``, ``can_send``,
``can_edit``, ``next_step``) follows from the lifecycle's transitions (``lifecycle.py``), never from
rules written into the screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .lifecycle import Action, NextStep, allowed_actions, editable, next_step
from .model import SetStatus

if TYPE_CHECKING:
    from .verification import Finding


@dataclass
class SetInfo:
    """One stored set as listed (no XML parsing needed)."""
    id: int
    payer_id: int | None
    payer_nip: str
    payer_name: str
    period: str
    kind: str
    number: str
    status: SetStatus
    forms: str
    to_pay: Decimal
    xml_sha256: str
    signed_sha256: str | None
    correction_of: int | None
    supersedes: int | None
    source: str
    created_at: str
    created_by: str
    verified_at: str
    #: draft/forecast parameter entries the amounts were computed with (dicts: figure, from, value, status,
    #: source, final_when); empty when all were final or the program did not compute the set
    params_note: list[dict[str, Any]] = field(default_factory=list)

    @property
    def provisional_figures(self) -> bool:
        return bool(self.params_note)

    # -- what the lifecycle allows now (lifecycle.py; the Documents page and the CLI follow these) ----
    @property
    def allowed_actions(self) -> set[Action]:
        return allowed_actions(self.status)

    @property
    def can_verify(self) -> bool:
        return Action.VERIFY in self.allowed_actions

    @property
    def can_sign(self) -> bool:
        return Action.SIGN in self.allowed_actions

    @property
    def can_send(self) -> bool:
        return Action.SEND in self.allowed_actions

    @property
    def can_edit(self) -> bool:
        """Edits change the set itself only while it is a draft or verified (later: a new set)."""
        return editable(self.status)

    def next_step(self, *, errors: int = 0) -> NextStep:
        """The one step that moves the set on (``errors``: the count of its last verification)."""
        return next_step(self.status, errors=errors)


@dataclass
class VerifyOutcome:
    set_id: int
    status: SetStatus
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)
