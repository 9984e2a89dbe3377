"""Heavy work in a child process, so the desktop program's UI thread never competes for the GIL.

Python threads share one interpreter lock: while worker threads of the GUI process build packages,
verify receipts, sign and talk HTTP, every Qt→Python call of the UI thread (a timer, a model's
``data()``, a paint) has to win the lock back first, and with two or more busy threads that alone
stalls the window for 50–150 ms at a time (measured; see docs/performance.md). Bulk work therefore
runs in a child process of the same program — the same core code, the same workspace database
(SQLite WAL, one short transaction per write) — and the GUI only relays its messages.

``process.run_job(host, "module:function", args, progress=…, on_emit=…, on_ask=…)`` starts the child
(``eplatnik-cli __job__``: ``python -m eplatnik.cli __job__``, or the frozen CLI), passes the
request on stdin and reads JSON lines back: progress, workspace events (re-published on the parent's
bus), job-specific notifications, questions (a PIN) and finally the result or the error. Pause,
resume and cancel travel the other way. The child stops after its current step when the parent
goes away (its stdin closes), so nothing runs on unattended after a crash of the GUI; every job is
resumable and idempotent, as the work it drives already is.

The modules, bottom to top (the layers of docs/architecture.md): ``protocol`` is what a job and its
child share (``@job``, ``JobContext``; an area may define a job that needs no workspace, like the
sandbox's ``serve``); ``process`` is the parent's side (``run_job``), used by the areas' background
helpers (``gateway/background.py``, ``month/background.py``); ``worker`` is the child's entry point,
and ``gateway_jobs`` / ``month_jobs`` are the jobs that open the workspace (``ctx.app``) — entry
points like the worker, so no area imports them: the areas name them by their import path.
"""
