"""``python -m eplatnik`` and the ``eplatnik`` gui-script: start the desktop application."""

from __future__ import annotations

import sys


def main() -> int:
    _import_core_first()
    from .ui.import_hook import install

    install()  # PySide6's import hook then checks the UI modules below with one file read each
    from .ui.application import run

    return run(sys.argv[1:])


def _import_core_first() -> None:
    """Import the Qt-free modules the first screen needs before PySide6.

    Importing PySide6 replaces ``builtins.__import__`` with a hook (for its ``__feature__`` switch)
    that runs Python code on every import statement and reads the source of every module imported
    after it to see whether it mentions PySide6. Modules imported before are skipped; for the start-up
    path that saves about 8 ms. The list is only an optimisation: anything missing is imported as usual.
    """
    import argparse  # noqa: F401
    import locale  # noqa: F401 - argparse's gettext imports it when the parser is built
    import logging  # noqa: F401

    from . import app  # noqa: F401 - the dashboard's own core (eplatnik.dashboard) loads after the first frame


if __name__ == "__main__":
    sys.exit(main())
