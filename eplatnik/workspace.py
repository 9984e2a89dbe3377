"""Backup and restore of a whole workspace: one ZIP with a consistent copy and a SHA-256 manifest.

A backup holds the database (copied with SQLite's online backup API, so it is consistent even while
the program runs), ``settings.json``, ``documents/`` (evidence files, byte-exact) and any other file of
the workspace, except ``logs/``, ``backups/``, SQLite's WAL/SHM/journal files and unfinished
temporary files. ``MANIFEST.json`` lists every file with its size and SHA-256.

A restore checks the manifest and every checksum *before* anything is written, refuses a schema
newer than this program supports, unpacks into a staging folder next to the target, opens (and so
migrates) the restored database there, and only then puts it in place. An existing workspace is
never deleted: it is renamed to ``<name>.before-restore-<time>``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from . import __version__
from .errors import StorageError, UserFacingError
from .fsutil import _fsync_dir, storage_error_from_os
from .i18n import Text, t
from .progress import Progress
from .store.db import DB_FULL, Database, schema_version

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from .app import App

FORMAT = "eplatnik-workspace-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "MANIFEST.json"
DB_NAME = "eplatnik.db"
EXCLUDED_TOP_DIRS = frozenset({"logs", "backups"})
_SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_CHUNK = 1 << 20
#: What zipfile raises on damaged bytes (a flipped bit can hit the compressed data, a header, the method field…)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
               RuntimeError, UnicodeDecodeError)

NOT_A_BACKUP = t("Plik {path} nie jest kopią zapasową eplatnik ({detail}).",
                 "The file {path} is not an eplatnik backup ({detail}).")
CORRUPTED = t("Kopia zapasowa {path} jest uszkodzona lub została zmieniona: {detail}.",
              "The backup {path} is damaged or has been altered: {detail}.")
NOTHING_RESTORED = t("Niczego nie przywrócono; obecne dane są nienaruszone. Użyj innej kopii zapasowej.",
                     "Nothing was restored; the current data is untouched. Use another backup.")
FORMAT_TOO_NEW = t("Kopia zapasowa {path} ma format {found}, nowszy niż obsługiwany ({supported}).",
                   "The backup {path} has format {found}, newer than supported ({supported}).")
SCHEMA_TOO_NEW = t("Kopia zapasowa ma wersję schematu bazy {found}, nowszą niż obsługiwana ({supported}).",
                   "The backup has database schema version {found}, newer than supported ({supported}).")
UPDATE_HINT = t("Zaktualizuj program eplatnik, aby przywrócić tę kopię. Niczego nie zmieniono.",
                "Update eplatnik to restore this backup. Nothing was changed.")
TARGET_NOT_EMPTY = t("Katalog {path} nie jest pusty.", "The folder {path} is not empty.")
TARGET_NOT_EMPTY_HINT = t("Wskaż pusty lub nowy katalog albo zastąp bieżący obszar roboczy "
                          "(poprzedni zostanie przeniesiony obok, nie usunięty).",
                          "Choose an empty or new folder, or replace the current workspace "
                          "(the previous one is moved aside, not deleted).")
TARGET_IS_FILE = t("{path} jest plikiem, a nie katalogiem.", "{path} is a file, not a folder.")
NO_WORKSPACE = t("W katalogu {path} nie ma obszaru roboczego eplatnik (brak {db}).",
                 "The folder {path} holds no eplatnik workspace ({db} is missing).")
IN_USE = t("Obszar roboczy {path} jest otwarty w innym programie (np. w oknie eplatnik).",
           "The workspace {path} is open in another program (e.g. an eplatnik window).")
IN_USE_HINT = t("Zamknij go i spróbuj ponownie. Niczego nie zmieniono.", "Close it and try again. Nothing was changed.")
CANNOT_READ = t("Nie można odczytać {path}: {err}.", "Cannot read {path}: {err}.")

# details for CORRUPTED / NOT_A_BACKUP (rendered in the language of the message around them)
D_NOT_ZIP = t("to nie jest archiwum ZIP", "not a ZIP archive")
D_NO_MANIFEST = t("brak pliku MANIFEST.json", "MANIFEST.json is missing")
D_BAD_MANIFEST = t("MANIFEST.json jest nieczytelny", "MANIFEST.json cannot be read")
D_CHECKSUM = t("suma kontrolna SHA-256 pliku {name} się nie zgadza", "the SHA-256 of {name} does not match")
D_SIZE = t("rozmiar pliku {name} się nie zgadza", "the size of {name} does not match")
D_MISSING = t("brak pliku {name} wymienionego w manifeście", "{name} is listed in the manifest but missing")
D_EXTRA = t("plik {name} nie jest wymieniony w manifeście", "{name} is not listed in the manifest")
D_UNSAFE = t("niedozwolona ścieżka {name}", "forbidden path {name}")
D_NO_DB = t("brak bazy danych {name}", "the database {name} is missing")
D_BAD_ZIP = t("archiwum ZIP jest uszkodzone ({err})", "the ZIP archive is damaged ({err})")
D_DB_UNUSABLE = t("przywrócona baza danych nie otwiera się ({err})", "the restored database does not open ({err})")


@dataclass(frozen=True)
class FileEntry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    format_version: int
    eplatnik_version: str
    created_at: str
    schema_version: int
    source_workspace: str
    files: tuple[FileEntry, ...]

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "eplatnik_version": self.eplatnik_version,
            "created_at": self.created_at,
            "schema_version": self.schema_version,
            "source_workspace": self.source_workspace,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    archive_size: int


@dataclass(frozen=True)
class RestoreResult:
    workspace: Path
    manifest: Manifest
    moved_aside: Path | None


# -- backup -----------------------------------------------------------------------------------------
def default_backup_path(app: App) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return app.settings.backups_dir / f"eplatnik-backup-{stamp}.zip"


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
        with tmp_zip.open("wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for name, path in sources:
                entries.append(_add_file(zf, name, path))
                progress.step()
            manifest = Manifest(FORMAT_VERSION, __version__, datetime.now(UTC).isoformat(timespec="seconds"),
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


# -- verification ----------------------------------------------------------------------------------
def _corrupted(archive: Path, detail: Text) -> UserFacingError:
    return UserFacingError(CORRUPTED(path=str(archive), detail=detail), hint=NOTHING_RESTORED)


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return (bool(name) and "\\" not in name and ":" not in name and not pure.is_absolute()
            and ".." not in pure.parts and pure.as_posix() == name and name != MANIFEST_NAME)


def _open_archive(archive: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(archive)
    except _ZIP_ERRORS as exc:
        raise UserFacingError(NOT_A_BACKUP(path=str(archive), detail=D_NOT_ZIP), hint=NOTHING_RESTORED) from exc
    except OSError as exc:
        raise UserFacingError(CANNOT_READ(path=str(archive), err=exc.strerror or str(exc))) from exc


def _read_manifest(zf: zipfile.ZipFile, archive: Path) -> Manifest:
    try:
        raw = zf.read(MANIFEST_NAME)
    except KeyError as exc:
        raise UserFacingError(NOT_A_BACKUP(path=str(archive), detail=D_NO_MANIFEST), hint=NOTHING_RESTORED) from exc
    except (*_ZIP_ERRORS, OSError) as exc:
        raise _corrupted(archive, D_BAD_ZIP(err=str(exc))) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("format")
        found_format = int(data["format_version"])
        if found_format > FORMAT_VERSION:
            raise UserFacingError(FORMAT_TOO_NEW(path=str(archive), found=found_format, supported=FORMAT_VERSION),
                                  hint=UPDATE_HINT)
        files = tuple(FileEntry(str(f["path"]), int(f["size"]), str(f["sha256"]).lower()) for f in data["files"])
        return Manifest(found_format, str(data["eplatnik_version"]), str(data["created_at"]),
                        int(data["schema_version"]), str(data.get("source_workspace", "")), files)
    except UserFacingError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _corrupted(archive, D_BAD_MANIFEST) from exc


def _stream(zf: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    with zf.open(name) as fh:
        yield from iter(lambda: fh.read(_CHUNK), b"")


def _check_entry(zf: zipfile.ZipFile, entry: FileEntry, archive: Path, sink: IO[bytes] | None = None) -> None:
    digest, size = hashlib.sha256(), 0
    try:
        for chunk in _stream(zf, entry.path):
            digest.update(chunk)
            size += len(chunk)
            if size > entry.size:
                raise _corrupted(archive, D_SIZE(name=entry.path))
            if sink is not None:
                sink.write(chunk)
    except _ZIP_ERRORS as exc:
        raise _corrupted(archive, D_BAD_ZIP(err=str(exc))) from exc
    if size != entry.size:
        raise _corrupted(archive, D_SIZE(name=entry.path))
    if digest.hexdigest() != entry.sha256:
        raise _corrupted(archive, D_CHECKSUM(name=entry.path))


def verify_backup(archive: Path | str, progress: Progress | None = None) -> Manifest:
    """Check the manifest and every file of a backup; raise a clear error on any problem."""
    archive = Path(archive)
    progress = progress or Progress()
    with _open_archive(archive) as zf:
        manifest = _check_structure(zf, archive)
        progress.set_total(len(manifest.files), t("Sprawdzanie kopii zapasowej…", "Checking the backup…").render())
        for entry in manifest.files:
            _check_entry(zf, entry, archive)
            progress.step()
    return manifest


def _check_structure(zf: zipfile.ZipFile, archive: Path) -> Manifest:
    manifest = _read_manifest(zf, archive)
    listed = [f.path for f in manifest.files]
    for name in listed:
        if not _safe_name(name):
            raise _corrupted(archive, D_UNSAFE(name=name))
    present = [i.filename for i in zf.infolist() if not i.is_dir() and i.filename != MANIFEST_NAME]
    for name in present:
        if name not in listed:
            raise _corrupted(archive, D_EXTRA(name=name))
    for name in listed:
        if name not in present:
            raise _corrupted(archive, D_MISSING(name=name))
    if len(set(listed)) != len(listed) or len(set(present)) != len(present):
        raise _corrupted(archive, D_BAD_MANIFEST)
    if DB_NAME not in listed:
        raise _corrupted(archive, D_NO_DB(name=DB_NAME))
    supported = schema_version()
    if manifest.schema_version > supported:
        raise UserFacingError(SCHEMA_TOO_NEW(found=manifest.schema_version, supported=supported), hint=UPDATE_HINT)
    return manifest


# -- restore ---------------------------------------------------------------------------------------
def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def restore_backup(archive: Path | str, target: Path | str, *, replace: bool = False,
                   progress: Progress | None = None) -> RestoreResult:
    """Restore ``archive`` into ``target`` (new or empty; or, with ``replace``, an existing workspace
    that is renamed aside first). Nothing is touched unless the whole archive checks out."""
    archive, target = Path(archive).absolute(), Path(target).absolute()
    progress = progress or Progress()
    if target.exists() and not target.is_dir():
        raise UserFacingError(TARGET_IS_FILE(path=str(target)))
    occupied = target.exists() and not _is_empty_dir(target)
    if occupied and not replace:
        raise UserFacingError(TARGET_NOT_EMPTY(path=str(target)), hint=TARGET_NOT_EMPTY_HINT)
    manifest = verify_backup(archive, progress)
    if occupied:
        _ensure_not_in_use(target / DB_NAME)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    except OSError as exc:
        raise storage_error_from_os(exc, target) from exc
    try:
        _extract(archive, manifest, staging, progress)
        _check_restored_db(staging, archive)
        moved_aside = _swap_in(staging, target, occupied)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise storage_error_from_os(exc, target) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RestoreResult(target, manifest, moved_aside)


def _ensure_not_in_use(db_file: Path) -> None:
    """Refuse to replace a workspace whose database another program (an open eplatnik window) holds."""
    if not db_file.is_file():
        return
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{db_file}?mode=rw", uri=True, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return  # not openable as a database at all: it will simply be moved aside
    try:
        # an idle connection in WAL mode keeps a shared lock, so an exclusive one is refused at once
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise UserFacingError(IN_USE(path=str(db_file.parent)), hint=IN_USE_HINT) from exc
    except sqlite3.DatabaseError:
        return
    finally:
        conn.close()


def _extract(archive: Path, manifest: Manifest, staging: Path, progress: Progress) -> None:
    progress.set_total(len(manifest.files), t("Przywracanie plików…", "Restoring files…").render())
    with _open_archive(archive) as zf:
        _check_structure(zf, archive)  # the file could have changed since it was verified
        for entry in manifest.files:
            dest = staging.joinpath(*PurePosixPath(entry.path).parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            with dest.open("wb") as sink:
                _check_entry(zf, entry, archive, sink)
                sink.flush()
                os.fsync(sink.fileno())
            progress.step()


def _check_restored_db(staging: Path, archive: Path) -> None:
    """Open the restored database once: this applies pending migrations and proves it is usable."""
    try:
        Database(staging / DB_NAME).close()
    except UserFacingError:
        raise
    except Exception as exc:  # sqlite3.DatabaseError and friends: the file is not a usable database
        raise _corrupted(archive, D_DB_UNUSABLE(err=str(exc))) from exc


def _swap_in(staging: Path, target: Path, occupied: bool) -> Path | None:
    moved_aside = None
    if occupied:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        moved_aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        n = 1
        while moved_aside.exists():
            n += 1
            moved_aside = target.with_name(f"{target.name}.before-restore-{stamp}-{n}")
        target.rename(moved_aside)
    elif target.exists():
        target.rmdir()
    try:
        staging.rename(target)
    except OSError:
        if moved_aside is not None:
            moved_aside.rename(target)  # put the previous workspace back where it was
        raise
    _fsync_dir(target.parent)
    return moved_aside


def describe_workspace(basedir: Path) -> dict[str, Any]:
    """Where a workspace keeps its data (for ``about`` and the About dialog)."""
    basedir = Path(basedir).absolute()
    return {
        "workspace": str(basedir),
        "database": str(basedir / DB_NAME),
        "documents": str(basedir / "documents"),
        "logs": str(basedir / "logs"),
        "backups": str(basedir / "backups"),
    }


def require_workspace(basedir: Path) -> None:
    if not (Path(basedir) / DB_NAME).is_file():
        raise UserFacingError(NO_WORKSPACE(path=str(basedir), db=DB_NAME))


def about_info(app: App) -> dict[str, Any]:
    """Version, licence, the active gateway profile and where this workspace keeps its data."""
    import platform
    import sys

    profile = app.gateway.active_profile()
    return {
        "name": "eplatnik",
        "version": __version__,
        "licence": LICENCE,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "frozen": bool(getattr(sys, "frozen", False)),
        "schema_version": app.db.user_version(),
        "gateway": {"profile": profile.name, "label": profile.label.render(), "url": profile.url,
                    "production": profile.production},
        "paths": describe_workspace(app.basedir),
    }


LICENCE = "GPL-3.0-or-later"
