"""The names people read for states — one mapping for the whole program (UI, CLI, PDFs).

The database keeps English keys ("accepted"); nobody should ever read them. A declaration set, a
client's month and a submission (the set as sent) all use the same words for the same thing, in the
masculine because they all speak of a *zestaw* (a set of declarations): "zweryfikowany", "przyjęty".
The month-end run's per-client steps have their own few words (a step is not a state of the set).
"""

from __future__ import annotations

from .i18n import Text, t

#: set lifecycle (forms), a client's month (month.status) and the outbox (gateway) — one vocabulary
STATE_LABELS: dict[str, Text] = {
    "none": t("brak zestawu", "no set"),
    "draft": t("roboczy", "draft"),
    "verified": t("zweryfikowany", "verified"),
    "signed": t("podpisany", "signed"),
    "queued": t("w kolejce do wysyłki", "queued for sending"),
    # "potwierdzenie", not "UPO": a sandbox's receipt must not pass for ZUS's official one
    "sent": t("wysłany, czeka na potwierdzenie", "sent, awaiting the receipt"),
    "in_progress": t("w weryfikacji w bramce", "being verified by the gateway"),
    "failed_retryable": t("błąd połączenia, ponowi", "connection failed, will retry"),
    "accepted": t("przyjęty", "accepted"),
    "rejected": t("odrzucony", "rejected"),
    "failed": t("błąd wysyłki", "sending failed"),
    "receipt_invalid": t("POTWIERDZENIE NIEWIARYGODNE", "RECEIPT INVALID"),
}

#: a client's step in a month-end run
STEP_LABELS: dict[str, Text] = {
    "pending": t("czeka", "waiting"),
    "built": t("przygotowany", "built"),
    "verified": STATE_LABELS["verified"],
    "signed": STATE_LABELS["signed"],
    "submitted": STATE_LABELS["sent"],
    "accepted": STATE_LABELS["accepted"],
    "rejected": STATE_LABELS["rejected"],
    "failed": t("błąd", "failed"),
}


def state_label(key: str | None, lang: str | None = None) -> str:
    """The readable name of a state key (unknown keys are shown as they are, never hidden)."""
    if not key:
        return ""
    text = STATE_LABELS.get(str(key))
    return text.render(lang) if text is not None else str(key)


def step_label(key: str | None, lang: str | None = None) -> str:
    if not key:
        return ""
    text = STEP_LABELS.get(str(key))
    return text.render(lang) if text is not None else str(key)
