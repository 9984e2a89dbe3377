"""The child side of ``eplatnik.jobs``: read one request, run the job, report as JSON lines.

stdin (from the parent): the request line ``{"job": "module:function", "args": {…}, "basedir": …,
"database_url": … (no password: PGPASSWORD in the environment), "language": …, "gateway_url": …,
"sandbox_url": …}``, then control lines ``{"control":
"pause"|"resume"|"cancel"}`` and answers ``{"answer": N, "value": …}`` / ``{"answer": N,
"cancelled": true}``. End of stdin means the parent is gone: the job is cancelled.

stdout (to the parent), one JSON object per line: ``{"progress": [done, total, message]}``,
``{"event": topic, "payload": {…}}``, ``{"emit": kind, "data": …}``, ``{"ask": N, "kind": …,
"data": …}``, and last exactly one of ``{"result": …}``, ``{"cancelled": true}``,
``{"error": {"text": [pl, en], "hint": [pl, en] | null, "exit_code": N}}``, ``{"bug": traceback}``.
Anything else the job prints goes to stderr, so it cannot break the channel.

The child is started as ``eplatnik-cli __job__``: the CLI (an entry point) hands ``main`` the function
that opens the workspace for the job (``ctx.app``), so this package never imports the program's
composition root.
"""

from __future__ import annotations

import importlib
import itertools
import json
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import Cancelled, UserFacingError
from ..progress import Progress

#: opens the workspace a request names (the CLI's ``open_job_workspace``)
OpenWorkspace = Callable[[dict[str, Any]], Any]

log = logging.getLogger(__name__)
JOB_MARK = "__eplatnik_job__"


def job(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark ``fn(ctx, **args)`` as runnable in a child process (only marked functions are)."""
    setattr(fn, JOB_MARK, True)
    return fn


def resolve(name: str) -> Callable[..., Any]:
    module_name, _, attr = name.partition(":")
    if not module_name or not attr:
        raise ValueError(f"not a job: {name}")
    fn = getattr(importlib.import_module(module_name), attr, None)
    if fn is None or not getattr(fn, JOB_MARK, False):
        raise ValueError(f"not a job: {name}")
    return fn


class Channel:
    """Writes protocol lines; safe to call from any thread of the job."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self.broken = False

    def send(self, message: dict[str, Any]) -> None:
        line = json.dumps(message, ensure_ascii=False, default=str)
        with self._lock:
            if self.broken:
                return
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except (BrokenPipeError, OSError, ValueError):
                self.broken = True  # the parent is gone; the stdin reader cancels the job


class JobContext:
    """What a job function gets: the workspace, progress (pause/cancel), and the parent to talk to."""

    def __init__(self, channel: Channel, request: dict[str, Any], open_workspace: OpenWorkspace | None = None) -> None:
        self.channel = channel
        self.request = request
        self._open_workspace = open_workspace
        self.progress = Progress(lambda s: channel.send({"progress": [s.done, s.total, s.message]}),
                                 min_interval=0.1)
        self.stopped = threading.Event()      # the parent closed stdin or asked to cancel
        self._ids = itertools.count(1)
        self._answers: dict[int, dict[str, Any]] = {}
        self._answered = threading.Condition()

    @cached_property
    def app(self) -> Any:
        """The workspace of the request, opened on first use (the program's ``App``); its events go
        to the parent."""
        if self._open_workspace is None:
            raise RuntimeError("this job child was started without a way to open the workspace")
        app = self._open_workspace(self.request)
        app.events.subscribe("*", lambda topic, payload: self.channel.send({"event": topic, "payload": payload}))
        return app

    def emit(self, kind: str, data: Any = None) -> None:
        self.channel.send({"emit": kind, "data": data})

    def ask(self, kind: str, data: Any = None) -> Any:
        """Ask the parent (e.g. for a PIN) and wait; raises ``Cancelled`` if it declines or goes away."""
        number = next(self._ids)
        self.channel.send({"ask": number, "kind": kind, "data": data})
        with self._answered:
            while number not in self._answers:
                if self.stopped.is_set():
                    raise Cancelled()
                self._answered.wait(0.5)
            answer = self._answers.pop(number)
        if answer.get("cancelled"):
            raise Cancelled()
        return answer.get("value")

    # -- the parent's lines ----------------------------------------------------------------------
    def listen(self, stream: Any) -> None:
        for line in stream:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            control = message.get("control")
            if control == "pause":
                self.progress.pause()
            elif control == "resume":
                self.progress.resume()
            elif control == "cancel":
                self._stop()
            elif "answer" in message:
                with self._answered:
                    self._answers[int(message["answer"])] = message
                    self._answered.notify_all()
        self._stop()  # end of stdin: the parent went away

    def _stop(self) -> None:
        self.stopped.set()
        self.progress.cancel()
        with self._answered:
            self._answered.notify_all()

    def close(self) -> None:
        if "app" in self.__dict__:  # opened by the job (cached_property)
            self.app.close()


def main(open_workspace: OpenWorkspace | None = None) -> int:
    """The child's life: ``open_workspace(request)`` opens the workspace when the job asks for it."""
    # the protocol owns the real stdout; stray prints of libraries go to stderr
    channel = Channel(os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8"))
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s [job]: %(message)s")
    stdin = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)  # noqa: SIM115 - read until EOF
    line = stdin.readline()
    if not line:
        return 2
    request = json.loads(line)
    _lower_priority(int(request.get("nice", 0)))
    if request.get("language"):
        from .. import i18n

        i18n.set_language(request["language"])
    ctx = JobContext(channel, request, open_workspace)
    threading.Thread(target=ctx.listen, args=(stdin,), name="eplatnik-job-stdin", daemon=True).start()
    try:
        fn = resolve(request["job"])
        result = fn(ctx, **request.get("args", {}))
    except Cancelled:
        channel.send({"cancelled": True})
    except UserFacingError as exc:
        hint = [exc.hint.render("pl"), exc.hint.render("en")] if exc.hint is not None else None
        channel.send({"error": {"text": [exc.text.render("pl"), exc.text.render("en")], "hint": hint,
                                "exit_code": exc.exit_code}})
    except BaseException:  # reported to the parent, which treats it as a bug
        log.exception("job %s failed", request.get("job"))
        channel.send({"bug": traceback.format_exc()})
    else:
        channel.send({"result": result})
    finally:
        ctx.close()
    return 0


def _lower_priority(steps: int) -> None:
    """Background work yields the CPU to the program's window (the UI thread wakes on time)."""
    if steps <= 0:
        return
    try:
        if hasattr(os, "nice"):
            os.nice(steps)
        else:  # Windows
            import ctypes

            below_normal = 0x00004000
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
    except (OSError, AttributeError):
        log.debug("could not lower the job's priority", exc_info=True)


def package_root() -> Path:
    """The folder holding the ``eplatnik`` package (put on the child's path)."""
    return Path(__file__).resolve().parent.parent.parent
