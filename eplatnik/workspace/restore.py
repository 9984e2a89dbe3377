"""Restoring a verified backup into a new folder, or in place of a workspace that is renamed aside.

Nothing is written until the backup's sizes are sane (its manifest total against the archive, a
compression ratio no real workspace reaches, the free space on the target's disk) and every file
checks out against the manifest."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from ..clock import default_clock
from ..errors import UserFacingError
from ..fsutil import _fsync_dir, storage_error_from_os
from ..i18n import t
from ..progress import Progress
from ..store.db import Database
from ..store.files import held_by_another_process
from .manifest import (
    D_DB_UNUSABLE,
    DB_NAME,
    IN_USE,
    IN_USE_HINT,
    LAYOUT_TABLES,
    TARGET_IS_FILE,
    TARGET_NOT_EMPTY,
    TARGET_NOT_EMPTY_HINT,
    Manifest,
    RestoreResult,
    _check_entry,
    _check_structure,
    _corrupted,
    _open_archive,
    check_capacity,
    verify_backup,
)

OFFICE_TARGET_HINT = t("To kopia bazy biura: odtwórz ją do nowego katalogu (--into) albo do pustej bazy PostgreSQL "
                       "(eplatnik-cli workspace restore PLIK --to ADRES).",
                       "This is an office backup: restore it into a new folder (--into) or an empty PostgreSQL "
                       "database (eplatnik-cli workspace restore FILE --to URL).")


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
    with _open_archive(archive) as zf:  # sizes first: a bomb is refused before anything is decompressed
        check_capacity(zf, _check_structure(zf, archive), archive, target)
    manifest = verify_backup(archive, progress)
    if manifest.layout == LAYOUT_TABLES:  # an office backup: rows and evidence into a new SQLite workspace
        if occupied:
            raise UserFacingError(TARGET_NOT_EMPTY(path=str(target)), hint=OFFICE_TARGET_HINT)
        from .office_backup import restore_office_backup

        return restore_office_backup(archive, into=target, clock=default_clock(), progress=progress)
    if occupied:
        _ensure_not_in_use(target / DB_NAME)
    with staging_beside(target) as staging:
        _extract(archive, manifest, staging, progress)
        _check_restored_db(staging, archive)
        moved_aside = _swap_in(staging, target, occupied)
    return RestoreResult(target, manifest, moved_aside)


@contextlib.contextmanager
def staging_beside(target: Path) -> Iterator[Path]:
    """A new folder beside ``target`` that a restore fills and then moves into place; removed again if the
    restore fails (a disk error is told as one, naming ``target``)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    except OSError as exc:
        raise storage_error_from_os(exc, target) from exc
    try:
        yield staging
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise storage_error_from_os(exc, target) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _ensure_not_in_use(db_file: Path) -> None:
    """Refuse to replace a workspace whose database another program (an open eplatnik window) holds."""
    if held_by_another_process(db_file):
        raise UserFacingError(IN_USE(path=str(db_file.parent)), hint=IN_USE_HINT)


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
        stamp = default_clock().local_now().strftime("%Y%m%d-%H%M%S")
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


