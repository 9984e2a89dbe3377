"""Sending, receipt collection and receipt re-verification in a background job's child process.

The desktop program calls these instead of ``GatewayService`` directly for work on many packages:
the same service runs in the child (``eplatnik.jobs``; the child's side is ``jobs/gateway_jobs.py``),
so the GUI process keeps the interpreter lock for its UI thread. Each function returns what the
service method would have returned, read back from the workspace database after the child finished.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import Text
from ..jobs.process import run_job
from ..progress import Progress
from .outbox import Submission
from .service import RunResult

if TYPE_CHECKING:
    from ..jobs.process import JobHost
    from .outbox_store import OutboxStore as Outbox

#: the jobs the child runs (entry points: they open the workspace)
_JOBS = "eplatnik.jobs.gateway_jobs"


def _result(outbox: Outbox, ids: dict[str, list[int]]) -> RunResult:
    subs = {s.id: s for s in outbox.many(ids["done"] + ids["pending"])}
    return RunResult(done=[subs[i] for i in ids["done"] if i in subs],
                     pending=[subs[i] for i in ids["pending"] if i in subs])


def submit_files(host: JobHost, outbox: Outbox, paths: list[Path], *, wait: float = 0.0,
                 progress: Progress | None = None) -> RunResult:
    """In a child of ``host`` (the program); the submissions as ``outbox`` has them afterwards."""
    return _result(outbox, run_job(host, f"{_JOBS}:submit_files_job", {"paths": [str(p) for p in paths],
                                                                        "wait": wait}, progress=progress, sends=True))


def submit_sets(host: JobHost, outbox: Outbox, set_ids: list[int], *, wait: float = 0.0,
                progress: Progress | None = None) -> RunResult:
    return _result(outbox, run_job(host, f"{_JOBS}:submit_sets_job", {"set_ids": list(set_ids), "wait": wait},
                                   progress=progress, sends=True))


def process(host: JobHost, outbox: Outbox, *, wait: float = 0.0, progress: Progress | None = None) -> RunResult:
    return _result(outbox, run_job(host, f"{_JOBS}:process_job", {"wait": wait}, progress=progress, sends=True))


def verify_all(host: JobHost, outbox: Outbox,
               progress: Progress | None = None) -> list[tuple[Submission, Text | None]]:
    rows = run_job(host, f"{_JOBS}:verify_all_job", {}, progress=progress)
    subs = {s.id: s for s in outbox.many([i for i, _ in rows])}
    return [(subs[i], None if p is None else Text(*p)) for i, p in rows if i in subs]
