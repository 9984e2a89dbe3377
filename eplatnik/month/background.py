"""The month-end run in a background job's child process (the run window's way to run it).

The child (``jobs/month_jobs.py``) builds the key source, runs ``MonthRunner`` with the real steps
and reports each client's new line; the PIN (or the .p12 password) is asked through the parent,
once, as in the window's own dialog. Pause, cancel and "the window was closed" reach the run as they
did on a worker thread, and a run stopped any way resumes where it stopped (``MonthRunner``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..i18n import Text
from ..progress import Progress
from .records import Run, RunClient
from .store import MonthStore

if TYPE_CHECKING:
    from ..jobs.process import JobHost
    from ..signing.keysource import PinPrompt

#: the job the child runs (an entry point: it opens the workspace)
RUN_JOB = "eplatnik.jobs.month_jobs:run_month_job"


@dataclasses.dataclass(frozen=True)
class KeyChoice:
    kind: str                 # p12 | pkcs11 | none
    p12: str = ""
    module: str = ""
    token: str = ""


def run_in_child(host: JobHost, store: MonthStore, run_id: int, key: KeyChoice, *, hold_warnings: bool,
                 want_submit: bool, progress: Progress | None = None,
                 on_client: Callable[[RunClient], None] | None = None, prompt: PinPrompt | None = None) -> Run:
    """Run (or resume) ``run_id`` in a child process of ``host`` (the program's workspace); returns the
    run as stored in ``store`` when it ended."""
    from ..jobs.process import run_job

    def emit(kind: str, data: Any) -> None:
        if kind == "client" and on_client is not None:
            on_client(RunClient(**data))

    def ask(kind: str, data: Any) -> Any:
        if kind != "pin" or prompt is None:
            from ..errors import Cancelled

            raise Cancelled()
        message = Text(*data["message"]) if data.get("message") else None
        ask_password = getattr(prompt, "ask_password", None)
        if data.get("secret") == "password" and ask_password is not None:
            return ask_password(data["token_label"], bool(data["retry"]), message)
        return prompt.ask_pin(data["token_label"], data["tries_left"], bool(data["retry"]), message)

    run_job(host, RUN_JOB, {"run_id": run_id, "key": dataclasses.asdict(key), "hold_warnings": hold_warnings,
                           "want_submit": want_submit}, progress=progress, on_emit=emit, on_ask=ask,
            sends=want_submit and key.kind != "none")
    run = store.run(run_id)
    assert run is not None
    return run
