"""UI fixtures: the main window on a real demo workspace, Polish translations installed."""

from __future__ import annotations

import gc
from datetime import date

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


@pytest.fixture
def office_window(tmp_path, qtbot, polish_translations):
    """The demo office on 10 November 2026: October's sets built and verified; the main window on it."""
    from eplatnik.app import App
    from eplatnik.clock import FixedClock
    from eplatnik.demo import create_demo
    from eplatnik.period import Period
    from eplatnik.ui import crash
    from eplatnik.ui.application import build_window
    from eplatnik.ui.ops import wait_for_all
    from plugins.month import keep_only_period

    clock = FixedClock("2026-11-10T09:00")
    app = App(tmp_path / "ws", clock=clock)
    create_demo(app, today=date(2026, 11, 10))
    keep_only_period(app, "2026-10")
    for payer in app.register.list_payers():
        info = app.documents.build_monthly(payer.id, Period(2026, 10))
        app.documents.verify(info.id)
    crash.install(app.basedir / "logs", headless=True)
    gc.collect()
    window = build_window(app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, app, clock
    if shiboken6.isValid(window):
        window.close()
    wait_for_all(10000)
    app.close()
