"""What a job and its child share: the ``@job`` mark, the channel to the parent, the job's context.

A job is a function ``fn(ctx, **args)`` in an importable module, marked with ``@job``; it gets a
``JobContext`` (progress with pause and cancel, ``emit``, ``ask``, ``stopped``, and ``app``: the
workspace the child opened). This module is infrastructure below the areas, so an area may define
a job that needs no workspace (the sandbox's ``serve``); the child's entry point (``worker``) and the
jobs that open the workspace (``gateway_jobs``, ``month_jobs``) sit on top with the other entry points.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from functools import cached_property
from typing import Any

from ..errors import Cancelled
from ..progress import Progress

#: opens the workspace a request names (the CLI's ``open_job_workspace``)
OpenWorkspace = Callable[[dict[str, Any]], Any]

JOB_MARK = "__eplatnik_job__"


def job(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Mark ``fn(ctx, **args)`` as runnable in a child process (only marked functions are)."""
    setattr(fn, JOB_MARK, True)
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
