"""``python -m eplatnik`` and the ``eplatnik`` gui-script: start the desktop application."""

from __future__ import annotations

import sys


def main() -> int:
    from .ui.application import run

    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
