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
    # and right after the first frame the rest is there
    from eplatnik.ui.main_window import PAGES

    assert seen["icons"] and seen["menu_entries"] == len(PAGES) and seen["dashboard_table"] and seen["window_icon"]
