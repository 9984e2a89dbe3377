"""The month-end run as a job, run in a child process (the child's side of ``month.background``).

The child builds the key source the run window chose (``month.background.KeyChoice``, as a dict),
runs the workspace's ``MonthRunner`` with the real steps and reports each client's new line; the
PIN (or the .p12 password) is asked through the parent, once, as in the window's own dialog. An
entry point (it opens the workspace), so it lives here beside the worker, not in the month area.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..i18n import Text
from .protocol import JobContext, job

if TYPE_CHECKING:
    from ..signing.keysource import KeySource


class _ParentPrompt:
    """``PinPrompt`` that asks the parent process (which shows its PIN dialog)."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx

    def ask_pin(self, token_label: str, tries_left: int | None, retry: bool, message: Text | None = None) -> str:
        return self._ask(token_label, tries_left, retry, message, "pin")

    def ask_password(self, file_name: str, retry: bool, message: Text | None = None) -> str:
        return self._ask(file_name, None, retry, message, "password")

    def _ask(self, label: str, tries_left: int | None, retry: bool, message: Text | None, secret: str) -> str:
        text = None if message is None else [message.render("pl"), message.render("en")]
        return str(self.ctx.ask("pin", {"token_label": label, "tries_left": tries_left, "retry": retry,
                                        "message": text, "secret": secret}) or "")


def _key_source(key: dict[str, str]) -> KeySource | None:
    """The key source a ``KeyChoice`` (kind p12 | pkcs11 | none) names."""
    if key.get("kind") == "p12":
        from ..signing.p12 import P12KeySource

        return P12KeySource(key["p12"])
    if key.get("kind") == "pkcs11":
        from ..signing.pkcs11 import Pkcs11KeySource

        return Pkcs11KeySource(key["module"], key["token"])
    return None


@job
def run_month_job(ctx: JobContext, run_id: int, key: dict[str, str], hold_warnings: bool,
                  want_submit: bool) -> str:
    app = ctx.app  # the child's composition root (opened by the worker's entry point)
    source = _key_source(key)
    runner = app.month_runner(source=source, prompt=_ParentPrompt(ctx))
    runner.hold_warnings = hold_warnings
    if want_submit and source is not None:
        runner.store.set_run(run_id, submit=True, state="open")
    from ..office import resuming_told

    # the office database gone mid-way: the run pauses (the window shows its banner) and resumes when it is back
    run = resuming_told(lambda: runner.run(run_id, progress=ctx.progress,
                                           on_client=lambda c: ctx.emit("client", dataclasses.asdict(c)),
                                           stop_after=None if source is not None else "verify"),
                        app.db, app.events, cancelled=ctx.stopped.is_set)
    return str(run.state)
