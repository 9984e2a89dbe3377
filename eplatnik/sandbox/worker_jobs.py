"""The sandbox as a background job (see ``embedded``): serve until the parent says stop or goes away.

When another process already serves the state folder, the job says which (``borrow``) and ends:
the parent uses that sandbox instead of starting a second one."""

from __future__ import annotations

import dataclasses

from ..jobs.protocol import JobContext, job

SERVE_JOB = "eplatnik.sandbox.worker_jobs:serve"


@job
def serve(ctx: JobContext, state_dir: str) -> None:
    from .instance import SandboxRunning
    from .server import SandboxServer

    try:
        server = SandboxServer(state_dir)
    except SandboxRunning as exc:
        ctx.emit("borrow", dataclasses.asdict(exc.running))
        return
    server.start()
    try:
        ctx.emit("url", server.url)
        ctx.stopped.wait()
    finally:
        server.stop()
