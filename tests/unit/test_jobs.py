"""Background jobs in a child process (eplatnik.jobs): what the parent sees, and that nothing runs on
unattended — real child processes, real pipes, the real sandbox child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from plugins.jobs import process_alive, read_counter

from eplatnik.errors import Cancelled, UserFacingError
from eplatnik.jobs.process import JobBug, run_job
from eplatnik.progress import Progress

pytestmark = pytest.mark.usefixtures("sample_jobs")


def _wait_until(cond, timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def test_result_progress_events_and_notifications_reach_the_parent(app):
    events, items, states = [], [], []
    app.events.subscribe("test.tick", lambda topic, payload: events.append(payload["i"]))
    progress = Progress(states.append)
    result = run_job(app, "sample_jobs:count", {"n": 5}, progress=progress, on_emit=lambda k, d: items.append((k, d)))
    assert result["sum"] == 10 and result["basedir"] == str(app.basedir)
    assert result["pid"] != os.getpid()  # it really ran in another process
    assert events == [0, 1, 2, 3, 4]
    assert items == [("item", i) for i in range(5)]
    assert (progress.done, progress.total) == (5, 5)
    assert states[-1].done == 5 and states[-1].message == "element 4"


def test_user_error_in_the_child_comes_back_with_its_text_and_hint(app):
    with pytest.raises(UserFacingError) as info:
        run_job(app, "sample_jobs:count", {"n": 1, "fail": "user"})
    assert info.value.render("pl") == "Zły plik a.xml. Wybierz inny."
    assert info.value.render("en") == "Bad file a.xml. Choose another."


def test_a_bug_in_the_child_is_a_bug_in_the_parent_with_the_traceback(app):
    with pytest.raises(JobBug) as info:
        run_job(app, "sample_jobs:count", {"n": 1, "fail": "bug"})
    assert "boom in the child" in str(info.value) and "Traceback" in str(info.value)


def test_a_child_that_dies_gives_a_clear_message_not_a_hang(app):
    with pytest.raises(UserFacingError) as info:
        run_job(app, "sample_jobs:count", {"n": 2, "fail": "die"})
    text = info.value.render("pl")
    assert "zakończył się nieoczekiwanie (kod 3)" in text and "Nic nie zostało utracone" in text


def test_questions_are_answered_by_the_parent_or_declined(app):
    asked = []

    def answer(kind, data):
        asked.append((kind, data))
        return "1234"

    assert run_job(app, "sample_jobs:ask_pin", on_ask=answer) == "got 1234"
    assert asked == [("pin", {"token_label": "Karta"})]

    def decline(kind, data):
        raise Cancelled()

    with pytest.raises(Cancelled):
        run_job(app, "sample_jobs:ask_pin", on_ask=decline)


def test_pause_holds_the_child_resume_continues_cancel_stops_it(app, tmp_path):
    counter = tmp_path / "counter"
    progress = Progress()
    outcome: dict = {}

    def work():
        try:
            run_job(app, "sample_jobs:tick_until_stopped", {"counter": str(counter)}, progress=progress)
        except BaseException as exc:  # inspected below
            outcome["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    assert _wait_until(lambda: read_counter(counter)[1] > 3)
    progress.pause()
    time.sleep(0.5)  # the child reaches its next check and waits there
    held = read_counter(counter)[1]
    time.sleep(0.5)
    assert read_counter(counter)[1] == held, "the paused job kept working"
    progress.resume()
    assert _wait_until(lambda: read_counter(counter)[1] > held + 3)
    pid = read_counter(counter)[0]
    progress.cancel()
    thread.join(20)
    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), Cancelled)
    assert _wait_until(lambda: not process_alive(pid)), "the child is still running after cancel"


PARENT = r"""
import sys
from eplatnik.app import App
from eplatnik.jobs.process import run_job
app = App(sys.argv[1])
if sys.argv[2] == "sandbox":
    app.embedded_sandbox_url()
    print(app._embedded_sandbox.child.proc.pid, flush=True)
    import time
    time.sleep(600)
else:
    run_job(app, "sample_jobs:tick_until_stopped", {"counter": sys.argv[3]})
"""


@pytest.mark.parametrize("what", ["job", "sandbox"])
def test_children_stop_when_the_program_is_killed(tmp_path, what):
    """kill -9 of the program (a crash, power button) must not leave a job or a sandbox running."""
    counter = tmp_path / "counter"
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(tmp_path / "ws"), what, str(counter)],
                              stdout=subprocess.PIPE, text=True, env=os.environ)
    try:
        if what == "sandbox":
            pid = int(parent.stdout.readline())
        else:
            assert _wait_until(lambda: read_counter(counter)[1] > 2)
            pid = read_counter(counter)[0]
        assert process_alive(pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        assert _wait_until(lambda: not process_alive(pid)), f"the {what} child outlived the killed program"
    finally:
        if parent.poll() is None:
            parent.kill()


def test_closing_the_workspace_stops_its_sandbox_child(tmp_path):
    from eplatnik.app import App

    app = App(tmp_path / "ws")
    url = app.embedded_sandbox_url()
    assert url.startswith("http://127.0.0.1:") and app.embedded_sandbox_url() == url  # one per workspace
    pid = app._embedded_sandbox.child.proc.pid
    assert process_alive(pid)
    app.close()
    assert _wait_until(lambda: not process_alive(pid), 15)
