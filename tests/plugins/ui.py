"""UI fixtures: the main window on a real demo workspace, Polish translations installed."""

from __future__ import annotations

import gc

import pytest
import shiboken6


@pytest.fixture(scope="session")
def polish_translations(qapp):
    from eplatnik.ui.resources import install_translations

    translators = install_translations(qapp, "pl")
    yield translators
    for tr in translators:
        qapp.removeTranslator(tr)


@pytest.fixture
def main_window(qtbot, demo_app, polish_translations):
    from eplatnik.ui import crash
    from eplatnik.ui.application import build_window
    from eplatnik.ui.ops import wait_for_all

    crash.install(demo_app.basedir / "logs", headless=True)
    gc.collect()  # free earlier tests' widgets here, on the UI thread, not later in a worker thread
    window = build_window(demo_app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if shiboken6.isValid(window):
        window.close()  # first, so no timer starts new work after the wait below
    wait_for_all(10000)
    qtbot.wait(10)
    gc.collect()
    assert crash.last_crash_file() is None, crash.last_crash_file().read_text()


@pytest.fixture(autouse=True)
def _gc_on_ui_thread(request):
    """In Qt tests, collect cycles on the UI thread only, as the application does (ui/gc_guard.py)."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    qapp = request.getfixturevalue("qapp")
    if getattr(qapp, "_gc_guard", None) is None:
        from eplatnik.ui.gc_guard import UiThreadGarbageCollector

        qapp._gc_guard = UiThreadGarbageCollector(qapp)
    yield
    gc.collect()
