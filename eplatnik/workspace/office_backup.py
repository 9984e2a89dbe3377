"""Backup and restore of an office database: the program's own ZIP (issue 16, step 16.7).

Why not pg_dump: every seat would need a pg_dump matching the server's major version, its archive can
only be checked by restoring it, and it restores into PostgreSQL only. This ZIP is written by the
program itself from one ``REPEATABLE READ`` snapshot (so every table and every evidence file are of one
moment while seats keep working), is checked offline by the same manifest code as a one-seat backup
(``eplatnik-cli restore --verify-only``), and restores into an empty PostgreSQL database or a new
SQLite workspace (portable between backends). docs/office.md gives the DBA's ``pg_dump -Fc`` procedure
as the alternative.

Layout (``MANIFEST.json`` format_version 2, ``layout: "tables"``)::

    tables/<name>.jsonl     one JSON object per row, tables in foreign-key order (store/copy.py),
                            byte strings as base64
    evidence/<path>         every evidence file byte-exact (its SHA-256 checked while it is read)
    MANIFEST.json           every file's size and SHA-256, rows per table, the schema revision
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import UserFacingError
from ..fsutil import _fsync_dir, sha256_hex
from ..i18n import t
from ..progress import Progress
from ..store import copy
from ..store.database import Database
from ..store.evidence import DbEvidence, EvidenceDamaged, FileEvidence
from .backup import write_backup_zip
from .manifest import (
    DB_NAME,
    EVIDENCE_DIR,
    LAYOUT_TABLES,
    TABLES_DIR,
    TABLES_FORMAT_VERSION,
    TARGET_IS_FILE,
    TARGET_NOT_EMPTY,
    TARGET_NOT_EMPTY_HINT,
    BackupResult,
    FileEntry,
    Manifest,
    RestoreResult,
    _open_archive,
    verify_backup,
)
from .restore import staging_beside

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..clock import Clock

NOT_TABLES = t("Kopia {path} jest kopią jednego stanowiska (plik bazy SQLite), nie kopią bazy biura.",
               "The backup {path} is a one-seat backup (a SQLite database file), not an office backup.")
NOT_TABLES_HINT = t("Przywróć ją do katalogu (eplatnik-cli restore PLIK --into KATALOG), a potem przenieś do bazy "
                    "biura: eplatnik-cli --basedir KATALOG workspace migrate --to ADRES.",
                    "Restore it into a folder (eplatnik-cli restore FILE --into FOLDER), then move it to the office "
                    "database: eplatnik-cli --basedir FOLDER workspace migrate --to URL.")
RESTORED_DIFFERS = t("Przywrócona baza różni się od kopii: {detail}.", "The restored database differs from the "
                     "backup: {detail}.")


class _HashingWriter(io.RawIOBase):
    """Counts and hashes what goes into one ZIP entry."""

    def __init__(self, sink: Any) -> None:
        self.sink, self.digest, self.size = sink, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        self.digest.update(data)
        self.size += len(data)
        self.sink.write(data)
        return len(data)


def _entry(zf: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def create_office_backup(db: Database, target: Path | str, *, clock: Clock,
                         progress: Progress | None = None) -> BackupResult:
    """Write the office database ``db`` (rows and evidence of one snapshot) as a ZIP at ``target``, atomically."""
    progress = progress or Progress()
    revision = int(db.schema_revision() or 0)

    def fill(zf: zipfile.ZipFile, _staging: Path) -> Manifest:
        entries, counts = _write_snapshot(db, zf, progress)
        return Manifest(TABLES_FORMAT_VERSION, __version__, clock.now().isoformat(timespec="seconds"),
                        revision, str(db.url), tuple(entries), LAYOUT_TABLES, tuple(counts))

    return write_backup_zip(Path(target).absolute(), fill)


def _write_snapshot(db: Database, zf: zipfile.ZipFile, progress: Progress) -> tuple[list[FileEntry], list]:
    """Every table, then every evidence file, of one snapshot of ``db`` (store/copy.py dump)."""
    tables = copy.row_tables()
    progress.set_total(len(tables) + 1, t("Zapisywanie kopii bazy biura…", "Writing the office backup…").render())
    entries: list[FileEntry] = []
    counts: list[tuple[str, int]] = []

    def table_rows(table: Any, batches: Iterator[list[dict[str, Any]]]) -> None:
        name, n = f"{TABLES_DIR}{table.name}.jsonl", 0
        with zf.open(_entry(zf, name), "w", force_zip64=True) as sink:  # a table may exceed 2 GB
            out = _HashingWriter(sink)
            for rows in batches:
                out.write("".join(json.dumps(copy.encode_row(table, r), ensure_ascii=False) + "\n"
                                  for r in rows).encode("utf-8"))
                n += len(rows)
        entries.append(FileEntry(name, out.size, out.digest.hexdigest()))
        counts.append((table.name, n))
        progress.step()

    def evidence(path: str, recorded: str, data: bytes) -> None:
        found = sha256_hex(data)
        if found != recorded:  # never put damaged evidence into a backup as if it were good
            raise EvidenceDamaged(path, found, recorded)
        name = EVIDENCE_DIR + path
        with zf.open(_entry(zf, name), "w", force_zip64=len(data) > 1 << 30) as sink:
            sink.write(data)
        entries.append(FileEntry(name, len(data), found))

    copy.dump(db, table_rows, evidence)
    progress.step()
    return entries, counts


# -- restore ------------------------------------------------------------------------------------------------
def restore_office_backup(archive: Path | str, *, url: str | None = None, into: Path | str | None = None,
                          clock: Clock, progress: Progress | None = None) -> RestoreResult:
    """Restore an office backup into the empty PostgreSQL database at ``url``, or into ``into``: a new
    (or empty) folder that becomes a one-seat SQLite workspace. Every file is checked first."""
    from .migrate import NOT_OFFICE, NOT_OFFICE_HINT, Refused, _require_empty

    archive = Path(archive).absolute()
    progress = progress or Progress()
    manifest = verify_backup(archive, progress)
    if manifest.layout != LAYOUT_TABLES:
        raise Refused(NOT_TABLES(path=str(archive)), hint=NOT_TABLES_HINT)
    if url is not None:
        from ..store.urls import parse_database_url

        parsed = parse_database_url(url)
        if parsed.dialect != "postgresql":
            raise Refused(NOT_OFFICE(url=str(parsed)), hint=NOT_OFFICE_HINT)
        with Database(parsed, clock=clock) as db:
            _require_empty(db, str(parsed))
            _load(archive, manifest, db, None, progress, clock)
        return RestoreResult(Path(str(parsed)), manifest, None)
    assert into is not None
    target = Path(into).absolute()
    if target.exists() and not target.is_dir():
        raise UserFacingError(TARGET_IS_FILE(path=str(target)))
    if target.exists() and any(target.iterdir()):
        raise UserFacingError(TARGET_NOT_EMPTY(path=str(target)), hint=TARGET_NOT_EMPTY_HINT)
    with staging_beside(target) as staging:
        with Database(staging / DB_NAME, clock=clock) as db:
            _load(archive, manifest, db, FileEvidence(staging / "documents"), progress, clock)
        if target.exists():
            target.rmdir()
        staging.rename(target)
        _fsync_dir(target.parent)
    return RestoreResult(target, manifest, None)


def _load(archive: Path, manifest: Manifest, db: Database, files: FileEvidence | None, progress: Progress,
          clock: Clock) -> None:
    """Rows (and, for an office, evidence rows) in one write transaction; then counts and digests checked."""
    from .migrate import BAD_ROWS, BAD_ROWS_HINT, Refused, _listed

    evidence = [e for e in manifest.files if e.path.startswith(EVIDENCE_DIR)]
    expected = dict(manifest.tables)
    progress.set_total(len(expected) + len(evidence), t("Przywracanie…", "Restoring…").render())
    with _open_archive(archive) as zf:
        def rows_of(table: Any) -> Iterator[list[dict[str, Any]]]:
            with zf.open(f"{TABLES_DIR}{table.name}.jsonl") as fh:
                batch: list[dict[str, Any]] = []
                for line in io.TextIOWrapper(fh, encoding="utf-8"):
                    batch.append(copy.decode_row(table, json.loads(line)))
                    if len(batch) >= copy.BATCH:
                        yield batch
                        batch = []
                yield batch
            progress.step()

        def evidence_rows() -> Iterator[list[dict[str, Any]]]:
            for entry in evidence if files is None else ():
                data = zf.read(entry.path)
                yield [{"path": entry.path[len(EVIDENCE_DIR):], "sha256": sha256_hex(data), "size": len(data),
                        "data": data, "stored_at": manifest.created_at}]
                progress.step()

        def refuse(bad: list[copy.BadValue]) -> Exception:
            return Refused(BAD_ROWS(path=str(archive), count=len(bad), rows=_listed([b.render() for b in bad])),
                           hint=BAD_ROWS_HINT)

        copy.load(db, rows_of, set(expected), evidence_rows(), refuse=refuse)
        if files is not None:
            for entry in evidence:
                files.put(str(PurePosixPath(entry.path[len(EVIDENCE_DIR):])), zf.read(entry.path))
                progress.step()
    found = copy.table_counts(db)
    for name, n in expected.items():
        if found.get(name) != n:
            raise UserFacingError(RESTORED_DIFFERS(detail=f"{name}: {found.get(name)} ≠ {n}"))
    office = None if files is not None else DbEvidence(db, clock=clock, cache_dir=Path(tempfile.gettempdir()))
    for entry in evidence:
        path = entry.path[len(EVIDENCE_DIR):]
        data = files.get(path) if files is not None else office.get(path)  # type: ignore[union-attr]
        if sha256_hex(data) != entry.sha256:
            raise UserFacingError(RESTORED_DIFFERS(detail=path))
