"""Frozen-build entry point of the desktop program (PyInstaller needs a script, not a module)."""

import sys

from eplatnik.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
