"""Closing the program while a long background job runs: the job's child process stops after its
current step (the work resumes next time) instead of the program waiting for it or leaving it running."""

from __future__ import annotations

import time

import pytest
from plugins.jobs import process_alive, read_counter

from eplatnik.errors import Cancelled
from eplatnik.jobs.process import run_job


@pytest.mark.usefixtures("sample_jobs")
def test_closing_stops_a_running_job_child_promptly(qtbot, app, tmp_path):
    from PySide6.QtWidgets import QWidget

    from eplatnik.ui.ops import Op, cancel_all, wait_for_all

    counter = tmp_path / "counter"
    owner = QWidget()
    qtbot.addWidget(owner)
    op = Op(owner, lambda progress: run_job(app, "sample_jobs:tick_until_stopped", {"counter": str(counter)},
                                            progress=progress))
    op.run()
    qtbot.waitUntil(lambda: read_counter(counter)[1] > 2, timeout=20000)
    pid = read_counter(counter)[0]
    assert process_alive(pid)
    started = time.monotonic()
    cancel_all()  # what the program does when its window closes
    assert wait_for_all(15000), "the operation did not end after the program asked it to stop"
    qtbot.waitUntil(op.done.is_set, timeout=5000)
    assert isinstance(op.error, Cancelled)
    deadline = started + 15
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not process_alive(pid), "the job's child process is still running after the program closed"


def test_a_load_that_meets_a_closed_workspace_ends_quietly(qtbot, tmp_path):
    """A page's load still running when the workspace closes (quitting, a restore in place) is dropped:
    no error box and no crash report (the ui fixtures fail a test that leaves a crash file)."""
    from PySide6.QtWidgets import QWidget

    from eplatnik.app import App
    from eplatnik.ui import crash
    from eplatnik.ui.ops import Op

    crash.install(tmp_path / "logs", headless=True)
    app = App(tmp_path / "ws")
    app.close()
    owner = QWidget()
    qtbot.addWidget(owner)
    shown: list[object] = []
    op = Op(owner, lambda: app.register.list_payers()).success(shown.append).failure(shown.append)
    op.run()
    qtbot.waitUntil(op.done.is_set, timeout=10000)
    qtbot.wait(50)
    assert shown == []
    assert crash.last_crash_file() is None
