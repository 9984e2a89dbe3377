"""``python -m eplatnik.jobs``: the child process of a background job (see ``worker``)."""

import sys

from .worker import main

if __name__ == "__main__":
    sys.exit(main())
