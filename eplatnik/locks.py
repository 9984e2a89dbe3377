"""Cross-process file locks: one process at a time may hold a lock file (the OS releases it when the
process ends, even after kill -9). Used for "one sandbox per state folder" and for generating keys
exactly once when several processes start at the same moment."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any


class FileLock:
    """An exclusive lock on ``path`` (created if missing). Not re-entrant: a second ``FileLock`` on the
    same file, even in the same process, is refused while the first is held."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fh: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self, blocking: bool = True) -> bool:
        """Take the lock; False when ``blocking`` is off and another holder has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+b")  # noqa: SIM115 - held open for as long as the lock is held
        try:
            _lock(fh, blocking)
        except OSError:
            fh.close()
            if blocking:
                raise
            return False
        self._fh = fh
        return True

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            _unlock(fh)
        finally:
            fh.close()

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


def _lock(fh: IO[bytes], blocking: bool) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt
        import time

        fh.seek(0)
        while True:
            try:
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if not blocking:
                    raise
                time.sleep(0.05)
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))


def _unlock(fh: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
