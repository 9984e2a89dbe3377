"""The gateway's jobs, run in a child process: sending, receipt collection, receipt re-verification.

The child's side of ``gateway.background``: each job calls the same ``GatewayService`` method on
the workspace the child opened (``ctx.app``) and returns the submissions' ids; the parent reads
them back from the workspace database. These are entry points (they open the workspace), so they
live here beside the worker, not in the gateway area; the area names them by their import path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .protocol import JobContext, job


def _resuming(ctx: JobContext, work: Any) -> Any:
    """The office database gone mid-way: pause until it is back, then again (sending is keyed: no repeat)."""
    from ..office import resuming_told

    return resuming_told(work, ctx.app.db, ctx.app.events, cancelled=ctx.stopped.is_set)


def _ids(result: Any) -> dict[str, list[int]]:
    """A ``gateway.service.RunResult`` as the parent reads it back (``gateway.background``)."""
    return {"done": [s.id for s in result.done], "pending": [s.id for s in result.pending]}


@job
def submit_files_job(ctx: JobContext, paths: list[str], wait: float) -> dict[str, list[int]]:
    return _ids(_resuming(ctx, lambda: ctx.app.gateway.submit_files([Path(p) for p in paths], wait=wait,
                                                                    progress=ctx.progress)))


@job
def submit_sets_job(ctx: JobContext, set_ids: list[int], wait: float) -> dict[str, list[int]]:
    return _ids(_resuming(ctx, lambda: ctx.app.gateway.submit_sets(set_ids, wait=wait, progress=ctx.progress)))


@job
def process_job(ctx: JobContext, wait: float) -> dict[str, list[int]]:
    return _ids(_resuming(ctx, lambda: ctx.app.gateway.process(wait=wait, progress=ctx.progress)))


@job
def verify_all_job(ctx: JobContext) -> list[list[Any]]:
    return [[sub.id, None if problem is None else [problem.render("pl"), problem.render("en")]]
            for sub, problem in ctx.app.gateway.verify_all(ctx.progress)]
