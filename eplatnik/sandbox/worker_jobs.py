"""The sandbox as a background job (see ``embedded``): serve until the parent says stop or goes away."""

from __future__ import annotations

from ..jobs.worker import JobContext, job

SERVE_JOB = "eplatnik.sandbox.worker_jobs:serve"


@job
def serve(ctx: JobContext, state_dir: str) -> None:
    from .server import SandboxServer

    server = SandboxServer(state_dir)
    server.start()
    try:
        ctx.emit("url", server.url)
        ctx.stopped.wait()
    finally:
        server.stop()
