"""The sandbox that ``make run`` and the "sandbox" profile use, as a child process of the program.

It is the same ``SandboxServer`` as ``eplatnik-cli sandbox serve``, started through the job
machinery (``eplatnik.jobs``) on a free loopback port: a real gateway is another machine, and a
sandbox busy decrypting, validating and signing receipts inside the GUI process would take the
interpreter lock from the UI thread. The child stops when the program closes it or goes away (its
stdin closes), so no sandbox outlives the program, even after a crash. When another process (the
GUI, a CLI run, ``sandbox serve``) already runs the sandbox of this state folder, that one is used.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserFacingError
from ..i18n import t
from .worker_jobs import SERVE_JOB

if TYPE_CHECKING:
    from ..jobs.process import JobHost

NOT_STARTED = t("Nie udało się uruchomić piaskownicy ZUS: {why}", "Could not start the ZUS sandbox: {why}")
NOT_STARTED_HINT = t("Szczegóły są w dzienniku programu; można też uruchomić piaskownicę osobno "
                     "(eplatnik-cli sandbox serve) i wskazać ją parametrem --gateway.",
                     "Details are in the program's log; you can also start a sandbox separately "
                     "(eplatnik-cli sandbox serve) and point to it with --gateway.")
START_TIMEOUT = 60.0


class EmbeddedSandbox:
    """This workspace's sandbox: our own child process, or the one another process already runs for
    the same state folder (one sandbox per folder, ``instance``). A borrowed sandbox that goes away
    is replaced on the next use of ``url`` — by the next running one, or by a child of our own."""

    def __init__(self, host: JobHost, state_dir: Path) -> None:
        self.host = host  # the program whose job child serves the sandbox
        self.state_dir = Path(state_dir)
        self.child: Any = None
        self.borrowed: Any = None  # instance.Running of another process's sandbox
        self._url = ""
        self._lock = threading.RLock()

    @property
    def url(self) -> str:
        from . import instance

        with self._lock:
            if self.borrowed is not None and not instance.still_running(self.state_dir, self.borrowed):
                self.borrowed = None
                self._start()
            return self.borrowed.url if self.borrowed is not None else self._url

    @property
    def current_url(self) -> str:
        """The address as last known, without looking again ("" while starting)."""
        borrowed = self.borrowed
        return borrowed.url if borrowed is not None else self._url

    def start(self) -> EmbeddedSandbox:
        with self._lock:
            self._start()
        return self

    def _start(self) -> None:
        from . import instance

        found = instance.running(self.state_dir)
        if found is not None:
            self.borrowed = found
            return
        self._start_child()

    def _start_child(self) -> None:
        from ..jobs.process import EOF, JobProcess, end_failure
        from .instance import Running

        self.child = JobProcess(self.host, SERVE_JOB, {"state_dir": str(self.state_dir)})
        self.child.start()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            message: Any = self.child.next_message(0.2)
            if message is None:
                continue
            if message is EOF:
                raise UserFacingError(NOT_STARTED(why=f"exit {self.child.proc.wait()}"), hint=NOT_STARTED_HINT)
            if message.get("emit") == "url":
                self._url = message["data"]
                return
            if message.get("emit") == "borrow":  # another process won the folder a moment before us
                self.borrowed = Running(**message["data"])
                self.child.stop(wait=2)
                self.child = None
                return
            failure = end_failure(message, SERVE_JOB)
            if failure is not None:
                why = failure.text.render() if isinstance(failure, UserFacingError) else str(failure).splitlines()[-1]
                raise UserFacingError(NOT_STARTED(why=why), hint=NOT_STARTED_HINT) from failure
        self.child.stop(wait=2)
        raise UserFacingError(NOT_STARTED(why="timeout"), hint=NOT_STARTED_HINT)

    def stop(self) -> None:
        if self.child is not None:
            self.child.stop()
