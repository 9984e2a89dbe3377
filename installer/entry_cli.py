"""Frozen-build entry point of ``eplatnik-cli``."""

import sys

from eplatnik.cli import main

if __name__ == "__main__":
    sys.exit(main())
