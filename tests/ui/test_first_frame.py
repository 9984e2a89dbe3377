"""The first frame stays light (issue 2: cold start).

PySide6 builds a class's Python enums the first time the class is touched: the ``Qt`` namespace
(~90 enums, about 20 ms) and ``QStyle`` (about 6 ms). The main window paints its first frame
without them and adds the icons, menu entries and the dashboard's table right after. A new
process is needed: in the test process other tests have long since built both.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

PROGRAM = r"""
import sys

from eplatnik.__main__ import _import_core_first

_import_core_first()
from PySide6 import QtCore, QtWidgets

from eplatnik.ui import application
from eplatnik.ui.main_window import MainWindow

seen = {}
finish = MainWindow._after_first_paint


def after_first_paint(self):
    if not self._start_up_finished:
        seen["painted"] = True
        seen["qt_namespace_built"] = "Qt" in vars(QtCore)
        seen["qstyle_built"] = "QStyle" in vars(QtWidgets)
    finish(self)
    seen["icons"] = not self.nav.item(0).icon().isNull()
    seen["menu_entries"] = len(self.go_menu.actions())
    seen["dashboard_table"] = self.current_page().table is not None
    seen["window_icon"] = not self.windowIcon().isNull()
    QtCore.QTimer.singleShot(0, self.close)


MainWindow._after_first_paint = after_first_paint
show = MainWindow.showEvent


def show_event(self, event):
    seen.setdefault("database_open_when_shown", self.ctx.app.db.opened().done())
    seen.setdefault("sqlalchemy_loaded_when_shown", "sqlalchemy" in sys.modules)
    show(self, event)


MainWindow.showEvent = show_event
code = application.run(["--basedir", sys.argv[1], "--no-err-windows"])
print(repr(seen))
sys.exit(code)
"""


def test_first_frame_needs_neither_the_qt_enum_namespace_nor_qstyle(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(tmp_path / "ws")], check=False, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert seen["painted"]
    assert not seen["qt_namespace_built"], "something on the start-up path touches a Qt.* enum"
    assert not seen["qstyle_built"], "something on the start-up path touches QStyle"
    # the workspace's file opens on the database thread once the window is on screen
    assert seen["database_open_when_shown"] is False and seen["sqlalchemy_loaded_when_shown"] is False
    # and right after the first frame the rest is there
    from eplatnik.ui.main_window import PAGES

    assert seen["icons"] and seen["menu_entries"] == len(PAGES) and seen["dashboard_table"] and seen["window_icon"]


def test_a_file_that_is_no_workspace_database_is_told_after_the_window_and_the_program_ends_with_1(tmp_path):
    """The one-seat file opens after the first frame too: what is wrong with it is still told (here on
    stderr, --no-err-windows; a message box otherwise), and the program ends with 1, the file untouched."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "eplatnik.db").write_bytes(b"not a database at all, " * 100)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "eplatnik", "--basedir", str(ws), "--no-err-windows"],
                          check=False, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "nie jest poprawną bazą danych eplatnik" in done.stderr
    assert (ws / "eplatnik.db").read_bytes().startswith(b"not a database")
    assert not list((ws / "logs").glob("crash-*.log"))
