"""The backup format: names, messages, the manifest, and verification of an archive before use."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from ..errors import UserFacingError
from ..i18n import Text, t
from ..progress import Progress
from ..store.db import schema_version

FORMAT = "eplatnik-workspace-backup"
FORMAT_VERSION = 1
#: the office layout (issue 16): tables/<name>.jsonl + evidence/<path> instead of the SQLite file
TABLES_FORMAT_VERSION = 2
LAYOUT_SQLITE = "sqlite"
LAYOUT_TABLES = "tables"
TABLES_DIR = "tables/"
EVIDENCE_DIR = "evidence/"
MANIFEST_NAME = "MANIFEST.json"
DB_NAME = "eplatnik.db"
#: not workspace data: logs, earlier backups, and cache/ (checked copies of what the database holds, made
#: again on the next use)
EXCLUDED_TOP_DIRS = frozenset({"logs", "backups", "cache"})
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
    #: LAYOUT_SQLITE (eplatnik.db + documents/ …) or LAYOUT_TABLES (an office: rows as JSON lines)
    layout: str = LAYOUT_SQLITE
    #: LAYOUT_TABLES: rows per table, in the order they are restored
    tables: tuple[tuple[str, int], ...] = ()

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
            **({"layout": self.layout, "tables": dict(self.tables)} if self.layout == LAYOUT_TABLES else {}),
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



# -- size: checked before anything is read out or written ------------------------------------------
#: above this many bytes in all, a backup must not expand more than MAX_RATIO times its archive size
RATIO_CHECK_FROM = 64 * 1024 * 1024
#: a workspace compresses 3–20× (SQLite pages, XML, PDFs); 3.4 MB expanding to 3.1 GB (≈900×) is a bomb
MAX_RATIO = 200
#: room left over on the disk after the restore (the database's journal, the program's own files)
SPARE_BYTES = 32 * 1024 * 1024

TOO_BIG = t("Kopia zapasowa {path} rozpakowałaby się do {size} MB z {archive} MB (ponad {ratio}-krotnie) — tak "
            "bardzo nie kompresuje się żaden obszar roboczy.",
            "The backup {path} would expand to {size} MB from {archive} MB (more than {ratio} times) — no "
            "workspace compresses that much.")
TOO_BIG_HINT = t("To nie jest kopia zapasowa z programu eplatnik albo została spreparowana. Niczego nie zapisano.",
                 "This is not a backup made by eplatnik, or it was crafted. Nothing was written.")
NO_ROOM = t("Za mało miejsca na dysku: przywrócenie potrzebuje {need} MB, a wolne jest {free} MB ({where}).",
            "Not enough space on the disk: the restore needs {need} MB, while {free} MB are free ({where}).")
NO_ROOM_HINT = t("Zwolnij miejsce albo przywróć w inne miejsce. Niczego nie zapisano.",
                 "Free some space or restore elsewhere. Nothing was written.")


def _mb(size: int) -> int:
    return max(1, round(size / (1024 * 1024)))


def check_capacity(zf: zipfile.ZipFile, manifest: Manifest, archive: Path, target: Path) -> None:
    """Refuse a backup whose manifest total is not what the archive holds, that expands beyond any
    real workspace (a ZIP bomb with an honest manifest), or that does not fit on the target's disk —
    all before a single byte is read out or written."""
    import shutil

    check_sizes(zf, manifest, archive)
    total = manifest.total_size
    where = target if target.exists() else next((p for p in target.parents if p.exists()), target)
    free = shutil.disk_usage(where).free
    if total + SPARE_BYTES > free:
        raise UserFacingError(NO_ROOM(need=_mb(total + SPARE_BYTES), free=_mb(free), where=str(where)),
                              hint=NO_ROOM_HINT)


def check_sizes(zf: zipfile.ZipFile, manifest: Manifest, archive: Path) -> None:
    """The manifest's sizes are the archive's, and their total is one a workspace can have."""
    for entry in manifest.files:
        if zf.getinfo(entry.path).file_size != entry.size:
            raise _corrupted(archive, D_SIZE(name=entry.path))
    total = manifest.total_size
    packed = max(archive.stat().st_size, 1)
    if total > RATIO_CHECK_FROM and total > MAX_RATIO * packed:
        raise UserFacingError(TOO_BIG(path=str(archive), size=_mb(total), archive=_mb(packed), ratio=MAX_RATIO),
                              hint=TOO_BIG_HINT)


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
        if found_format > TABLES_FORMAT_VERSION:
            raise UserFacingError(FORMAT_TOO_NEW(path=str(archive), found=found_format,
                                                 supported=TABLES_FORMAT_VERSION), hint=UPDATE_HINT)
        files = tuple(FileEntry(str(f["path"]), int(f["size"]), str(f["sha256"]).lower()) for f in data["files"])
        layout = str(data.get("layout", LAYOUT_SQLITE))
        if layout not in (LAYOUT_SQLITE, LAYOUT_TABLES):
            raise ValueError("layout")
        tables = tuple((str(k), int(v)) for k, v in dict(data.get("tables") or {}).items())
        return Manifest(found_format, str(data["eplatnik_version"]), str(data["created_at"]),
                        int(data["schema_version"]), str(data.get("source_workspace", "")), files, layout, tables)
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
        check_sizes(zf, manifest, archive)  # a bomb is refused before it is decompressed
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
    if manifest.layout == LAYOUT_TABLES:
        for name, _rows in manifest.tables:
            if f"{TABLES_DIR}{name}.jsonl" not in listed:
                raise _corrupted(archive, D_MISSING(name=f"{TABLES_DIR}{name}.jsonl"))
    elif DB_NAME not in listed:
        raise _corrupted(archive, D_NO_DB(name=DB_NAME))
    supported = schema_version()
    if manifest.schema_version > supported:
        raise UserFacingError(SCHEMA_TOO_NEW(found=manifest.schema_version, supported=supported), hint=UPDATE_HINT)
    return manifest

