"""The parent side of ``eplatnik.jobs``: start a job's child process and relay what it says.

``run_job`` blocks its (worker) thread until the child ends, so it fits wherever a long core call
did before (``Op(page, lambda progress: run_job(...))``). The waiting is on a pipe, not in Python
work, so the GUI process stays free for its UI thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import Cancelled, UserFacingError
from ..i18n import Text, t
from ..progress import Progress

if TYPE_CHECKING:
    from ..clock import Clock
    from ..events import EventBus


class DatabaseAddress(Protocol):
    """What a job needs of the workspace database's address (store/urls.py's DatabaseUrl)."""

    @property
    def password(self) -> str | None: ...

    def without_password(self) -> DatabaseAddress: ...

    def redacted(self) -> str: ...


class JobHost(Protocol):
    """The program a job child works for (``App``): its workspace, language, gateway and clock, where
    the child's events are re-published, and the jobs to stop when the program closes."""

    basedir: Path
    language: str
    gateway_url_override: str | None
    clock: Clock
    events: EventBus

    @property
    def database_url(self) -> DatabaseAddress:
        """The workspace database; a child opens the same one (the address on stdin, a password in its
        environment)."""

    def embedded_sandbox_url_if_running(self) -> str | None: ...

    def start_sandbox_if_gateway(self) -> None: ...

    def track_job(self, child: Any) -> None: ...

    def untrack_job(self, child: Any) -> None: ...


log = logging.getLogger(__name__)

JOB_DIED = t("Proces pracujący w tle zakończył się nieoczekiwanie (kod {code}).",
             "The background process ended unexpectedly (code {code}).")
JOB_DIED_HINT = t("Nic nie zostało utracone ani wysłane dwa razy: uruchom operację ponownie, a będzie "
                  "kontynuowana od miejsca przerwania. Szczegóły są w dzienniku programu.",
                  "Nothing was lost or sent twice: start the operation again and it continues where it "
                  "stopped. Details are in the program's log.")
JOB_NOT_STARTED = t("Nie udało się uruchomić procesu pracującego w tle: {err}",
                    "Could not start the background process: {err}")
EOF = object()  # what ``next_message`` returns once the child has closed its output
NICE = 10  # how much lower the child's CPU priority is than the program's (the window comes first)


class JobBug(RuntimeError):
    """The job failed with a programming error in the child (its traceback is the message)."""


def child_command() -> list[str]:
    """How to start a job child: ``eplatnik-cli __job__`` (this interpreter with ``-m eplatnik.cli``, or
    the frozen CLI); the CLI opens the workspace for the job (``cli.open_job_workspace``)."""
    if getattr(sys, "frozen", False):
        exe = Path(sys.executable)
        cli = exe.with_name("eplatnik-cli" + exe.suffix)
        return [str(cli if cli.exists() else exe), "__job__"]
    return [sys.executable, "-m", "eplatnik.cli", "__job__"]


def package_root() -> Path:
    """The folder holding the ``eplatnik`` package (put on the child's path)."""
    return Path(__file__).resolve().parent.parent.parent


def _child_env(host: JobHost) -> dict[str, str]:
    env = dict(os.environ)
    env.update(host.clock.child_env())  # the child acts on the same "now" as the program
    root = str(package_root())
    env["PYTHONPATH"] = os.pathsep.join([root, *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])
    env.pop("QT_QPA_PLATFORM", None)  # the child has no GUI
    if host.database_url.password is not None:  # libpq reads it; not on the command line, not in the request
        env["PGPASSWORD"] = host.database_url.password
    return env


class JobProcess:
    """One running child. ``messages`` yields what it says; ``send`` talks to it."""

    def __init__(self, host: JobHost, job: str, args: dict[str, Any] | None = None, *, nice: int = NICE) -> None:
        self.host = host
        self.request = {"job": job, "args": args or {}, "basedir": str(host.basedir), "nice": nice,
                        # never the password: the child's environment carries it (PGPASSWORD, _child_env)
                        "database_url": host.database_url.without_password().redacted(),
                        "language": host.language, "gateway_url": host.gateway_url_override,
                        "sandbox_url": host.embedded_sandbox_url_if_running()}
        self.proc: subprocess.Popen | None = None
        self._queue: queue.Queue = queue.Queue()
        self._write_lock = threading.Lock()

    def start(self) -> JobProcess:
        try:
            self.proc = subprocess.Popen(child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         env=_child_env(self.host), text=True, encoding="utf-8", bufsize=1,
                                         # a Ctrl+C in a terminal goes to the GUI, which stops the job;
                                         # on Windows the console CLI must not open a console window
                                         start_new_session=os.name == "posix",
                                         creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except OSError as exc:
            raise UserFacingError(JOB_NOT_STARTED(err=exc)) from exc
        self.send(self.request)
        threading.Thread(target=self._read, name="eplatnik-job-reader", daemon=True).start()
        return self

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                self._queue.put(json.loads(line))
            except ValueError:
                log.warning("job %s: not a protocol line: %r", self.request["job"], line[:200])
        self._queue.put(EOF)

    def send(self, message: dict[str, Any]) -> None:
        with self._write_lock:
            if self.proc is None or self.proc.stdin is None or self.proc.stdin.closed:
                return
            try:
                self.proc.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass  # the child ended; its end is read from stdout

    def next_message(self, timeout: float) -> Any:
        """The next line from the child (a dict), ``EOF`` when it closed its output, None on timeout."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def stop(self, wait: float = 10.0) -> None:
        """Ask the child to stop after its current step; kill it if it does not end in ``wait`` s."""
        if self.proc is None:
            return
        self.send({"control": "cancel"})
        with self._write_lock:
            if self.proc.stdin is not None and not self.proc.stdin.closed:
                with contextlib.suppress(OSError):
                    self.proc.stdin.close()
        try:
            self.proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            log.warning("job %s did not stop in %.0f s; terminating it", self.request["job"], wait)
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def returncode(self) -> int | None:
        return None if self.proc is None else self.proc.poll()


def run_job(host: JobHost, job: str, args: dict[str, Any] | None = None, *, progress: Progress | None = None,
            on_emit: Callable[[str, Any], None] | None = None,
            on_ask: Callable[[str, Any], Any] | None = None, sends: bool = False) -> Any:
    """Run ``job`` in a child process to its end and return its result.

    Progress lines update ``progress`` (counts, message; the parent computes the time left); the
    person's pause, resume and cancel on ``progress`` are passed to the child. Workspace events of
    the child are published on ``host.events``. ``on_ask(kind, data)`` answers the child's questions
    (raise ``Cancelled`` to decline). Errors come back as they were raised: ``UserFacingError``,
    ``Cancelled``, or ``JobBug`` for a programming error. ``sends``: the job talks to the gateway,
    so the workspace sandbox (when it is the gateway) is started here first and shared with it.
    """
    if sends:
        host.start_sandbox_if_gateway()
    child = JobProcess(host, job, args).start()
    host.track_job(child)
    paused = cancelled = False
    try:
        while True:
            if progress is not None:
                if progress.cancelled and not cancelled:
                    cancelled = True
                    child.send({"control": "cancel"})
                elif not progress.cancelled and progress.paused != paused:
                    paused = progress.paused
                    child.send({"control": "pause" if paused else "resume"})
            message = child.next_message(0.1)
            if message is None:
                continue
            if message is EOF:
                code = child.proc.wait() if child.proc is not None else -1
                if cancelled:
                    raise Cancelled()
                raise UserFacingError(JOB_DIED(code=code), hint=JOB_DIED_HINT)
            if "progress" in message:
                if progress is not None:
                    done, total, text = message["progress"]
                    progress.mirror(done, total, text)
            elif "event" in message:
                host.events.publish(message["event"], **(message.get("payload") or {}))
            elif "emit" in message:
                if on_emit is not None:
                    on_emit(message["emit"], message.get("data"))
            elif "ask" in message:
                _answer(child, message, on_ask)
            elif "result" in message:
                return message["result"]
            else:
                failure = end_failure(message, job)
                if failure is not None:
                    raise failure
    finally:
        host.untrack_job(child)
        if child.returncode is None:
            child.stop()


def end_failure(message: dict[str, Any], job: str) -> BaseException | None:
    """The exception a child's last line stands for (cancelled, user error, bug), or None."""
    if "cancelled" in message:
        return Cancelled()
    if "error" in message:
        err = message["error"]
        exc = UserFacingError(Text(*err["text"]), hint=Text(*err["hint"]) if err.get("hint") else None)
        exc.exit_code = int(err.get("exit_code") or 1)
        return exc
    if "bug" in message:
        return JobBug(f"background job {job} failed:\n{message['bug']}")
    return None


def _answer(child: JobProcess, message: dict[str, Any], on_ask: Callable[[str, Any], Any] | None) -> None:
    number = message["ask"]
    if on_ask is None:
        child.send({"answer": number, "cancelled": True})
        return
    try:
        value = on_ask(message.get("kind", ""), message.get("data"))
    except Cancelled:
        child.send({"answer": number, "cancelled": True})
    else:
        child.send({"answer": number, "value": value})
