"""The records of a month-end run as the program reads them: the run (``Run``) and each client's
line in it (``RunClient``). ``MonthStore`` reads and writes them; the run window, the CLI and the
summary read them through ``MonthService`` — they live here, not in the store module.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunClient:
    run_id: int
    payer_id: int
    position: int
    step: str
    set_id: int | None = None
    submission_id: int | None = None
    warnings: int = 0
    errors: int = 0
    changes: list[dict[str, str]] = field(default_factory=list)
    failed_step: str = ""
    error: dict[str, str] = field(default_factory=dict)
    actor: str = ""
    updated_at: str = ""
    note: dict[str, str] = field(default_factory=dict)  # e.g. "already being sent by …" (not an error)

    def error_text(self, lang: str | None = None) -> str:
        if not self.error:
            return ""
        from ..i18n import language

        return self.error.get(lang or language()) or self.error.get("pl", "")

    def note_text(self, lang: str | None = None) -> str:
        if not self.note:
            return ""
        from ..i18n import language

        return self.note.get(lang or language()) or self.note.get("pl", "")


@dataclass
class Run:
    id: int
    period: str
    state: str
    phase: str
    submit: bool
    actor: str
    created_at: str
    updated_at: str
    finished_at: str
