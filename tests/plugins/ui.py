"""UI fixtures: the main window on a real demo workspace, Polish translations installed."""

from __future__ import annotations

import pytest


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
    window = build_window(demo_app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    wait_for_all(10000)
    qtbot.wait(10)
    assert crash.last_crash_file() is None, crash.last_crash_file().read_text()
