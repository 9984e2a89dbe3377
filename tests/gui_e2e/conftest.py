"""Fixtures for the end-to-end GUI tests: an X session per module, the program per test.

When a test fails, the screen at that moment is kept as a PNG (with the probe's view of the screen
and the program's log) under the test's temporary folder, or under ``$EPLATNIK_GUI_ARTEFACTS`` if
set; the path is printed in the failure report.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import need_tool

from .xdriver import Program, XSession, make_workspace

SIZE = "1280x800"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="module")
def xsession():
    for tool in ("Xvfb", "openbox", "xdotool", "import", "xprop"):
        need_tool(tool)
    session = XSession(SIZE)
    yield session
    session.close()


@pytest.fixture
def artefacts(request, tmp_path) -> Path:
    base = os.environ.get("EPLATNIK_GUI_ARTEFACTS")
    return (Path(base) / request.node.name) if base else tmp_path / "screens"


@pytest.fixture
def workspace(tmp_path) -> Path:
    return make_workspace(tmp_path / "biuro")


@pytest.fixture
def program(request, xsession, workspace, artefacts):
    """The real program on the demo workspace, its main window on the screen."""
    prog = Program(xsession, workspace, artefacts)
    try:
        prog.window("eplatnik —", timeout=30)
        prog.wait("the dashboard's data", lambda s: prog.find(s, name="deadlinesTable"), timeout=30)
        yield prog
    finally:
        report = getattr(request.node, "report_call", None)
        if report is None or report.failed:
            shot = prog.screenshot("failed")
            steps = "\n  ".join(prog.steps[-8:])
            print(f"\nGUI test failed; the screen: {shot}\nthe probe: {prog.probe}\nthe program's log: {prog.log}"
                  f"\nlast steps:\n  {steps}")
        prog.close()
