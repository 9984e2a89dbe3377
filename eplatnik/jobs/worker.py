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
import json
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from ..errors import Cancelled, UserFacingError
from .protocol import JOB_MARK, Channel, JobContext, OpenWorkspace

log = logging.getLogger(__name__)


def resolve(name: str) -> Callable[..., Any]:
    module_name, _, attr = name.partition(":")
    if not module_name or not attr:
        raise ValueError(f"not a job: {name}")
    fn = getattr(importlib.import_module(module_name), attr, None)
    if fn is None or not getattr(fn, JOB_MARK, False):
        raise ValueError(f"not a job: {name}")
    return fn


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
