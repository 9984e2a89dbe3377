"""PySide6's import hook gets the same answer to "does this module use PySide6?" from one read of the
module's file as from its own inspect.getsource (the start-up's cheaper check, ui/import_hook.py)."""

from __future__ import annotations

import subprocess
import sys


def test_the_file_read_answers_as_pyside6_own_check_for_our_modules_and_the_standard_library():
    import importlib
    import inspect

    from eplatnik.ui import import_hook

    names = ["json", "email.message", "eplatnik.clock", "eplatnik.app", "eplatnik.ui.main_window",
             "eplatnik.ui.pages.dashboard", "eplatnik.ui.import_hook", "sys", "_sqlite3"]
    for name in names:
        module = importlib.import_module(name)
        try:
            expected = "PySide6" in inspect.getsource(module)
        except (TypeError, OSError):
            expected = False
        fell_back: list[str] = []

        def fallback(m, fell_back=fell_back):
            fell_back.append(m.__name__)
            return False

        assert import_hook.uses_pyside(module, fallback) is expected, name
        # builtin and compiled modules have no .py file: PySide6's own check answers for them
        assert bool(fell_back) == (not str(getattr(module, "__file__", "")).endswith(".py")), name
    assert import_hook.uses_pyside(importlib.import_module("eplatnik.ui.main_window"), lambda m: False)
    assert not import_hook.uses_pyside(importlib.import_module("eplatnik.clock"), lambda m: True)


def test_the_program_installs_it_before_its_ui_modules():
    code = ("import sys\n"
            "import eplatnik.__main__ as entry\n"
            "entry._import_core_first()\n"
            "from eplatnik.ui.import_hook import install\n"
            "assert install() and install()\n"   # a second call changes nothing
            "import eplatnik.ui.main_window\n"
            "feature = sys.modules['shibokensupport.feature']\n"
            "print(getattr(feature._mod_uses_pyside, '_eplatnik', False),"
            " feature.pyside_feature_dict.get('eplatnik.ui.bridge'),"
            " feature.pyside_feature_dict.get('eplatnik.settings'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    installed, ui_module, core_module = done.stdout.split()
    # installed; a UI module imported afterwards is marked as using PySide6 (0), a core one as not (-1),
    # as PySide6's own check marks them
    assert installed == "True" and ui_module == "0" and core_module == "-1"
