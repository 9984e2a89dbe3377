"""Writing a backup: a consistent copy of the database and the workspace files into one ZIP."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..clock import Clock
from ..errors import StorageError
from ..fsutil import _fsync_dir, storage_error_from_os
from ..i18n import t
from ..progress import Progress
from ..store.db import DB_FULL
from ..store.files import is_sqlite_file, schema_version_of, snapshot_sqlite_file
from .manifest import (
    _CHUNK,
    _SQLITE_SIDE_SUFFIXES,
    DB_NAME,
    EXCLUDED_TOP_DIRS,
    FORMAT_VERSION,
    MANIFEST_NAME,
    BackupResult,
    FileEntry,
    Manifest,
)

if TYPE_CHECKING:
    from ..store.database import Database

log = logging.getLogger(__name__)


# -- backup -----------------------------------------------------------------------------------------
def default_backup_path(backups_dir: Path, clock: Clock) -> Path:
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    return backups_dir / f"kopia-eplatnik-{stamp}.zip"  # a Polish name, like every default


def workspace_files(basedir: Path, exclude: tuple[Path, ...] = ()) -> list[tuple[str, Path]]:
    """The workspace's files to back up, as (archive name, path), database excluded (it is copied apart)."""
    skip = {p.resolve() for p in exclude}
    found: list[tuple[str, Path]] = []
    for root, dirs, files in os.walk(basedir):
        rel_root = Path(root).relative_to(basedir)
        if not rel_root.parts:
            dirs[:] = [d for d in dirs if d not in EXCLUDED_TOP_DIRS]
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            rel = (rel_root / name).as_posix()
            if rel == DB_NAME:
                continue
            if name.endswith(_SQLITE_SIDE_SUFFIXES) and (Path(root) / name.rsplit("-", 1)[0]).exists():
                continue  # SQLite's WAL/SHM/journal: the database itself is copied consistently instead
            if name.startswith(".") and name.endswith(".tmp"):  # an unfinished atomic write
                continue
            if name.endswith((".lock", ".open-lock")) or name == "sandbox.json":  # who runs now: not workspace data
                continue
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            found.append((rel, path))
    return found


def create_backup(db: Database, basedir: Path, target: Path | str, *, clock: Clock,
                  progress: Progress | None = None) -> BackupResult:
    """Write a backup ZIP of the workspace in ``basedir`` (its open database ``db``) to ``target``
    atomically and return what it holds (``App.create_backup`` picks the default target)."""
    progress = progress or Progress()
    target = Path(target).absolute()

    def fill(zf: zipfile.ZipFile, staging: Path) -> Manifest:
        db_copy = staging / DB_NAME
        progress.note(t("Kopiowanie bazy danych…", "Copying the database…").render())
        try:
            db.backup_sqlite_to(db_copy)
        except StorageError as exc:
            if exc.text == DB_FULL:  # the copy, not the workspace, ran out of space: say so
                raise storage_error_from_os(OSError(errno.ENOSPC, "disk full"), target) from exc
            raise
        version = schema_version_of(db_copy)
        sources = [(DB_NAME, db_copy)]
        for name, path in workspace_files(basedir, exclude=(target, staging)):
            sources.append((name, _sqlite_snapshot(path, staging, len(sources)) if is_sqlite_file(path) else path))
        progress.set_total(len(sources), t("Zapisywanie kopii zapasowej…", "Writing the backup…").render())
        entries: list[FileEntry] = []
        for name, path in sources:
            entries.append(_add_file(zf, name, path))
            progress.step()
        return Manifest(FORMAT_VERSION, __version__, clock.now().isoformat(timespec="seconds"),
                        version, str(basedir.absolute()), tuple(entries))

    return write_backup_zip(target, fill)


def write_backup_zip(target: Path, fill: Callable[[zipfile.ZipFile, Path], Manifest]) -> BackupResult:
    """The backup ZIP at ``target``, written atomically: ``fill(zip, staging)`` adds the entries (with a
    staging folder beside the target for its copies) and returns the manifest, which goes in last. Only
    the user may read the file (PESELs, pay, signed declarations), like every other file we write; an
    error leaves nothing behind, and a full disk or a read-only folder is said in Polish."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".eplatnik-backup-", dir=target.parent))
    except OSError as exc:
        raise storage_error_from_os(exc, target) from exc
    tmp_zip = staging / "archive.zip"
    try:
        fd = os.open(tmp_zip, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            manifest = fill(zf, staging)
            zf.writestr(MANIFEST_NAME, json.dumps(manifest.to_json(), indent=2, ensure_ascii=False))
            zf.close()
            raw.flush()
            os.fsync(raw.fileno())
        size = tmp_zip.stat().st_size
        tmp_zip.replace(target)
        _fsync_dir(target.parent)
    except OSError as exc:
        raise storage_error_from_os(exc, target) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BackupResult(target, manifest, size)


def _sqlite_snapshot(path: Path, staging: Path, n: int) -> Path:
    """A consistent copy of another SQLite file of the workspace (e.g. the sandbox's state), WAL included."""
    copy = staging / f"snapshot-{n}.db"
    return copy if snapshot_sqlite_file(path, copy) else path


def _add_file(zf: zipfile.ZipFile, name: str, path: Path) -> FileEntry:
    digest, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo.from_file(path, name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with path.open("rb") as src, zf.open(info, "w") as dst:
        for chunk in iter(lambda: src.read(_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return FileEntry(name, size, digest.hexdigest())


