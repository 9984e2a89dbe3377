"""Shared fixtures. Area-specific fixtures live in tests/plugins/*.py and are loaded here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The date every test runs at unless it pins its own: the program's clock (eplatnik.clock) reads this
#: instant when the session starts and runs on from it, in this process and in every child (CLI, job,
#: sandbox) through EPLATNIK_CLOCK_OFFSET. No test depends on the machine's date: `.ci/run` proves it by
#: running the suite a second time with the machine's date moved years ahead (faketime), see
#: docs/testing.md. `pytest --now 2027-03-15` (or EPLATNIK_TEST_NOW) runs the whole suite at another date.
DEFAULT_TEST_NOW = "2026-11-20T10:00:00+01:00"


def pytest_addoption(parser):
    parser.addoption("--now", default=os.environ.get("EPLATNIK_TEST_NOW", DEFAULT_TEST_NOW),
                     help="the program's date and time for the whole run (ISO; default %(default)s)")


def pytest_configure(config):
    from eplatnik import clock

    os.environ.pop(clock.OFFSET_ENV, None)
    os.environ[clock.NOW_ENV] = config.getoption("--now")
    clock.clock_from_env()  # fixes the offset once and exports it to every child process
    clock._default = None

pytest_plugins = sorted(
    f"plugins.{p.stem}" for p in (Path(__file__).parent / "plugins").glob("*.py") if p.stem != "__init__"
)


@pytest.fixture(autouse=True)
def _pinned_now(request, monkeypatch):
    """``@pytest.mark.now("2026-11-20T10:00:00+01:00")``: this test (its Apps, CLI processes, sandboxes,
    test certificates) runs at that moment instead of the session's --now; for tests whose expected
    figures depend on the date (interest, days left, which month the demo builds)."""
    marker = request.node.get_closest_marker("now")
    if marker is None:
        yield
        return
    from eplatnik import clock

    pinned = clock.SystemClock.at(marker.args[0])
    monkeypatch.setenv(clock.OFFSET_ENV, repr(pinned.offset.total_seconds()))
    monkeypatch.setattr(clock, "_default", pinned)
    yield


@pytest.fixture(autouse=True)
def _polish_by_default():
    from eplatnik import i18n

    i18n.set_language("pl")
    yield
    i18n.set_language("pl")


@pytest.fixture
def app(tmp_path: Path, workspace_database):
    """An empty workspace in a temporary directory (a real SQLite file; on PostgreSQL too for a test
    marked ``both_backends``, tests/plugins/postgres.py)."""
    from eplatnik.app import App

    application = App(tmp_path / "ws", database=workspace_database())
    yield application
    application.close()


@pytest.fixture
def demo_app(tmp_path: Path, workspace_database):
    """The demo workspace (three firms) in a temporary directory (``both_backends``: as ``app``)."""
    from eplatnik.app import App
    from eplatnik.demo import create_demo

    application = App(tmp_path / "demo", database=workspace_database())
    create_demo(application)
    yield application
    application.close()
