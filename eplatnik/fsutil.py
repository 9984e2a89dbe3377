"""Atomic file writes (temp file in the same directory, fsync, ``os.replace``) and disk errors.

Evidence files (signed documents, receipts) and settings are written only through here, so a crash
or a full disk never leaves a half-written file in place of a good one.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .errors import StorageError
from .i18n import t

DISK_FULL = t("Brak miejsca na dysku podczas zapisu {path}.", "The disk is full while writing {path}.")
NO_WRITE = t("Nie można zapisać {path}: brak uprawnień lub nośnik tylko do odczytu.",
             "Cannot write {path}: no permission or read-only medium.")
FREE_SPACE_HINT = t("Zwolnij miejsce lub wskaż inny katalog roboczy; dotychczasowe dane są nienaruszone.",
                    "Free some space or choose another workspace folder; existing data is intact.")


def storage_error_from_os(exc: OSError, path: Path | str) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(DISK_FULL(path=str(path)), hint=FREE_SPACE_HINT)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(NO_WRITE(path=str(path)), hint=FREE_SPACE_HINT)
    return StorageError(t("Błąd zapisu {path}: {err}.", "Error writing {path}: {err}.")(
        path=str(path), err=exc.strerror or str(exc)), hint=FREE_SPACE_HINT)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    import tempfile  # here: the start-up reads only (about 3 ms with shutil, bz2 and lzma)

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(path.parent)
    except OSError as exc:
        raise storage_error_from_os(exc, path) from exc


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sha256_hex(data: bytes) -> str:
    import hashlib  # here, not at the top: it loads OpenSSL, which the GUI's start-up does not need

    return hashlib.sha256(data).hexdigest()

