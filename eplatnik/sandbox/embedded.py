"""The sandbox that ``make run`` and the "sandbox" profile use, as a child process of the program.

It is the same ``SandboxServer`` as ``eplatnik-cli sandbox serve``, started through the job
machinery (``eplatnik.jobs``) on a free loopback port: a real gateway is another machine, and a
sandbox busy decrypting, validating and signing receipts inside the GUI process would take the
interpreter lock from the UI thread. The child stops when the program closes it or goes away (its
stdin closes), so no sandbox outlives the program, even after a crash.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserFacingError
from ..i18n import t
from .worker_jobs import SERVE_JOB

if TYPE_CHECKING:
    from ..app import App

NOT_STARTED = t("Nie udało się uruchomić piaskownicy ZUS: {why}", "Could not start the ZUS sandbox: {why}")
NOT_STARTED_HINT = t("Szczegóły są w dzienniku programu; można też uruchomić piaskownicę osobno "
                     "(eplatnik-cli sandbox serve) i wskazać ją parametrem --gateway.",
                     "Details are in the program's log; you can also start a sandbox separately "
                     "(eplatnik-cli sandbox serve) and point to it with --gateway.")
START_TIMEOUT = 60.0


class EmbeddedSandbox:
    def __init__(self, app: App, state_dir: Path) -> None:
        from ..jobs.process import JobProcess

        self.child = JobProcess(app, SERVE_JOB, {"state_dir": str(state_dir)})
        self.url = ""

    def start(self) -> EmbeddedSandbox:
        from ..jobs.process import EOF, end_failure

        self.child.start()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            message: Any = self.child.next_message(0.2)
            if message is None:
                continue
            if message is EOF:
                raise UserFacingError(NOT_STARTED(why=f"exit {self.child.proc.wait()}"), hint=NOT_STARTED_HINT)
            if message.get("emit") == "url":
                self.url = message["data"]
                return self
            failure = end_failure(message, SERVE_JOB)
            if failure is not None:
                why = failure.text.render() if isinstance(failure, UserFacingError) else str(failure).splitlines()[-1]
                raise UserFacingError(NOT_STARTED(why=why), hint=NOT_STARTED_HINT) from failure
        self.child.stop(wait=2)
        raise UserFacingError(NOT_STARTED(why="timeout"), hint=NOT_STARTED_HINT)

    def stop(self) -> None:
        self.child.stop()
