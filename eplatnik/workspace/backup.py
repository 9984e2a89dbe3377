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
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import StorageError
from ..fsutil import _fsync_dir, storage_error_from_os
from ..i18n import t
from ..progress import Progress
from ..store.db import DB_FULL
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
    from ..app import App

log = logging.getLogger(__name__)


# -- backup -----------------------------------------------------------------------------------------
def default_backup_path(app: App) -> Path:
    stamp = app.clock.local_now().strftime("%Y%m%d-%H%M%S")
    return app.settings.backups_dir / f"kopia-eplatnik-{stamp}.zip"  # a Polish name, like every default


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


def create_backup(app: App, target: Path | str | None = None, progress: Progress | None = None) -> BackupResult:
    """Write a backup ZIP of ``app``'s workspace to ``target`` atomically and return what it holds."""
    progress = progress or Progress()
    target = Path(target) if target else default_backup_path(app)
    target = target.absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".eplatnik-backup-", dir=target.parent))
    except OSError as exc:
        raise storage_error_from_os(exc, target) from exc
    tmp_zip = staging / "archive.zip"
    try:
        db_copy = staging / DB_NAME
        progress.note(t("Kopiowanie bazy danych…", "Copying the database…").render())
        try:
            app.db.backup_to(db_copy)
        except StorageError as exc:
            if exc.text == DB_FULL:  # the copy, not the workspace, ran out of space: say so
                raise storage_error_from_os(OSError(errno.ENOSPC, "disk full"), target) from exc
            raise
        version = _copy_schema_version(db_copy)
        sources = [(DB_NAME, db_copy)]
        for name, path in workspace_files(app.basedir, exclude=(target, staging)):
            sources.append((name, _sqlite_snapshot(path, staging, len(sources)) if _is_sqlite(path) else path))
        progress.set_total(len(sources), t("Zapisywanie kopii zapasowej…", "Writing the backup…").render())
        entries: list[FileEntry] = []
        # only the user may read it (PESELs, pay, signed declarations), like every other file we write
        fd = os.open(tmp_zip, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for name, path in sources:
                entries.append(_add_file(zf, name, path))
                progress.step()
            manifest = Manifest(FORMAT_VERSION, __version__, app.clock.now().isoformat(timespec="seconds"),
                                version, str(app.basedir.absolute()), tuple(entries))
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


def _copy_schema_version(db_file: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _sqlite_snapshot(path: Path, staging: Path, n: int) -> Path:
    """A consistent copy of another SQLite file of the workspace (e.g. the sandbox's state), WAL included."""
    import sqlite3

    copy = staging / f"snapshot-{n}.db"
    try:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
        try:
            dest = sqlite3.connect(str(copy))
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
    except sqlite3.Error:
        log.warning("cannot snapshot %s with SQLite; copying the file as it is", path)
        return path
    return copy


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


