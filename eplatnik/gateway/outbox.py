"""The outbox: submissions stored before they are sent, their states, and queries over them.

States: ``queued`` (stored, key persisted, not yet acknowledged) → ``sent`` (the gateway gave a
reference) → ``in_progress`` (being checked) → ``accepted`` | ``rejected`` (receipt stored and
verified); ``failed_retryable`` (the last call failed, tried again later, same key, same bytes);
``failed`` (the gateway refused the transport itself, e.g. 1xx); ``receipt_invalid`` (a receipt came
but did not verify; kept and shown). All SQL of the gateway area is in ``outbox_store``
(``OutboxStore``: submissions, receipts, pinned gateway certificates and the exactly-once claims).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..clock import Clock
from ..i18n import Text
from ..states import STATE_LABELS as STATES_VOCABULARY

#: how each state is named to people (CLI lists, "already sent" notes): the program's one vocabulary
STATE_LABELS = STATES_VOCABULARY


def state_label(state: str) -> Text:
    return STATE_LABELS.get(state, Text(state, state))


ACTIVE_STATES = ("queued", "sent", "in_progress", "failed_retryable")
FINAL_STATES = ("accepted", "rejected", "failed", "receipt_invalid")
ALL_STATES = ACTIVE_STATES + FINAL_STATES


def now_iso(clock: Clock) -> str:
    """The outbox's timestamp format (UTC, milliseconds, "+00:00"; compared as text in SQL)."""
    return clock.now().isoformat(timespec="milliseconds")


def iso_in(clock: Clock, seconds: float) -> str:
    return (clock.now() + dt.timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Pin:
    gateway_key: str
    encryption_cert: str
    receipt_cert: str
    receipt_cert_sha256: str
    pinned_at: str


@dataclass(frozen=True)
class Submission:
    id: int
    idempotency_key: str
    gateway_key: str
    gateway_url: str
    profile: str
    document_set_id: int | None
    source_name: str
    payer_nip: str
    payer_pesel: str
    payer_name: str
    period: str
    forms: str
    document_path: str
    document_sha256: str
    package_path: str
    package_sha256: str
    package_type: str
    receipt_cert_sha256: str
    state: str
    reference: str | None
    gateway_status: int | None
    attempts: int
    next_attempt_at: str
    last_error: str
    actor: str
    created_at: str
    sent_at: str | None
    finished_at: str | None
    updated_at: str
    created_by: str = ""            # the process (host:pid:token) that enqueued it
    claimed_by: str = ""            # the process sending it now ("" = nobody)
    claimed_at: str = ""
    claimed_until: str = ""
    duplicate_of: int | None = None  # a second live submission of the same set made before migration 0008
    seat: str = ""                  # the desk (computer:user) it was enqueued at (0011)
    # receipt columns (LEFT JOIN), None when no receipt is stored
    receipt_id: int | None = None
    receipt_path: str | None = None
    receipt_sha256: str | None = None
    receipt_verified: bool | None = None
    receipt_problem: str = ""
    receipt_issued_at: str = ""
    receipt_received_at: str = ""
    errors: list[dict] = field(default_factory=list)

    @property
    def reached_zus(self) -> bool:
        """Sent to ZUS's production gateway; anything else (the sandbox, a custom or --gateway URL) is
        a test whose receipt is not a ZUS receipt (UPO)."""
        return self.profile == "production"


@dataclass
class Filter:
    """Filters of the submissions/receipts list; empty fields do not filter."""

    payer: str = ""        # NIP (exact) or a part of the payer's name
    period: str = ""       # YYYY-MM
    form: str = ""         # e.g. ZUSDRA
    state: str = ""        # one of ALL_STATES
    date_from: str = ""    # YYYY-MM-DD, on created_at
    date_to: str = ""
    text: str = ""         # reference or source file name (substring)
