"""The lifecycle states of a set of declarations and the kinds of set: light enough for the start-up
path (the dashboard's "what to do next"), without the document model's dataclasses."""

from __future__ import annotations

import enum


class SetStatus(enum.StrEnum):
    """Lifecycle of a set (ARCHITECTURE: draft → verified → signed → queued → sent → accepted|rejected)."""
    DRAFT = "draft"
    VERIFIED = "verified"
    SIGNED = "signed"
    QUEUED = "queued"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# Allowed transitions; editing a verified set sends it back to draft.
TRANSITIONS: dict[SetStatus, frozenset[SetStatus]] = {
    SetStatus.DRAFT: frozenset({SetStatus.VERIFIED}),
    SetStatus.VERIFIED: frozenset({SetStatus.DRAFT, SetStatus.SIGNED}),
    SetStatus.SIGNED: frozenset({SetStatus.QUEUED}),
    SetStatus.QUEUED: frozenset({SetStatus.SENT, SetStatus.SIGNED}),
    SetStatus.SENT: frozenset({SetStatus.ACCEPTED, SetStatus.REJECTED}),
    SetStatus.ACCEPTED: frozenset(),
    SetStatus.REJECTED: frozenset(),
}


class SetKind(enum.StrEnum):
    MONTHLY = "monthly"            # DRA + RCA (+ RSA) for one settlement month
    REGISTRATION = "registration"  # ZUA / ZZA / ZWUA / ZIUA

__all__ = ["TRANSITIONS", "SetKind", "SetStatus"]
