"""``workspace migrate --to URL``: a one-seat SQLite workspace into an empty office database (issue 16, 16.7).

1. The source is never written: a consistent copy of its database file (SQLite's backup API) is taken
   into a temporary folder and brought to the newest schema there, so the workspace stays byte for
   byte as it was (an older workspace is migrated in the copy only).
2. Pre-checks, before the target is touched: ``PRAGMA foreign_key_check``, and every value PostgreSQL
   would refuse (``store/copy.py check_rows``), reported row by row.
3. The target must be an eplatnik database with no rows (a new, empty database; opening creates the
   schema). Anything else is refused and left as it is.
   The parameter files of ``<workspace>/params`` and the KEDU schema and CA bundle the settings name by
   path (an older workspace's) are checked and stored into the copy's ``workspace_files`` first.
4. One write transaction on the target: the tables in foreign-key order in batches, then every file of
   ``documents/`` into ``evidence_files`` (its SHA-256 computed from the file), then the identity
   sequences (``setval``). Then the counts of every table and the digest of every evidence file are
   read back from the target and compared; a difference is reported (the copy stays for inspection).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserFacingError
from ..i18n import t
from ..progress import Progress
from ..store import copy
from ..store.database import Database
from ..store.evidence import FileEvidence
from ..store.files import copy_leaving_no_trace, held_by_another_process
from .info import require_workspace
from .manifest import DB_NAME, IN_USE
from .shared_files import adopt_legacy_files

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..clock import Clock

NOT_OFFICE = t("Adres {url} nie wskazuje bazy PostgreSQL.", "The address {url} does not name a PostgreSQL database.")
NOT_OFFICE_HINT = t("Podaj adres w postaci postgresql://użytkownik@serwer:5432/baza.",
                    "Give an address of the form postgresql://user@host:5432/database.")
TARGET_NOT_EMPTY = t("Baza docelowa {url} nie jest pusta (tabela {table}: {rows} wierszy). Niczego nie skopiowano.",
                     "The target database {url} is not empty (table {table}: {rows} rows). Nothing was copied.")
TARGET_NOT_EMPTY_HINT = t("Przenieść obszar roboczy można tylko do nowej, pustej bazy: utwórz ją "
                          "(createdb -O użytkownik nazwa) i podaj jej adres.",
                          "A workspace can only be moved into a new, empty database: create one "
                          "(createdb -O user name) and give its address.")
BAD_ROWS = t("Baza {path} zawiera dane, których PostgreSQL nie przyjmie ({count}); niczego nie skopiowano:\n{rows}",
             "The database {path} holds data PostgreSQL would refuse ({count}); nothing was copied:\n{rows}")
BAD_ROWS_HINT = t("Popraw lub usuń te wiersze w programie (albo narzędziem sqlite3 na kopii) i spróbuj ponownie.",
                  "Correct or remove these rows in the program (or with sqlite3 on a copy) and try again.")
BROKEN_REFS = t("Baza {path} ma odwołania do nieistniejących wierszy ({count}); niczego nie skopiowano:\n{rows}",
                "The database {path} has references to rows that do not exist ({count}); nothing was copied:\n{rows}")
MISMATCH = t("Po skopiowaniu baza docelowa różni się od źródła: {detail}.",
             "After the copy the target database differs from the source: {detail}.")
MISMATCH_HINT = t("Nie pracuj na tej bazie; zgłoś błąd. Źródłowy obszar roboczy jest nienaruszony.",
                  "Do not work on that database; report the problem. The source workspace is untouched.")
IN_USE_MIGRATE_HINT = t("Zamknij eplatnik na tym stanowisku (to, co zapisałby po kopii, nie trafiłoby do bazy biura) "
                        "i spróbuj ponownie. Niczego nie skopiowano.",
                        "Close eplatnik at this seat (what it wrote after the copy would not reach the office "
                        "database) and try again. Nothing was copied.")
SHOWN = 20


class Refused(UserFacingError):
    """Invalid input (a target that is not an empty office database, data PostgreSQL would refuse):
    nothing was written (exit status 2)."""

    exit_code = 2


@dataclass
class MigrateResult:
    url: str
    counts: dict[str, int]
    evidence_files: int
    evidence_bytes: int
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def migrate_workspace(basedir: Path, url: str, *, clock: Clock, progress: Progress | None = None,
                      batch: int = copy.BATCH) -> MigrateResult:
    """Copy the workspace in ``basedir`` into the empty PostgreSQL database at ``url`` (see the module)."""
    from ..store.urls import parse_database_url

    progress = progress or Progress()
    basedir = Path(basedir).absolute()
    require_workspace(basedir)
    target_url = parse_database_url(url)
    if target_url.dialect != "postgresql":
        raise Refused(NOT_OFFICE(url=str(target_url)), hint=NOT_OFFICE_HINT)
    if held_by_another_process(basedir / DB_NAME):  # what it writes after the copy would be lost
        raise Refused(IN_USE(path=str(basedir)), hint=IN_USE_MIGRATE_HINT)
    staging = Path(tempfile.mkdtemp(prefix="eplatnik-migrate-"))
    try:
        progress.note(t("Kopiowanie bazy obszaru roboczego…", "Copying the workspace database…").render())
        snapshot = staging / DB_NAME
        copy_leaving_no_trace(basedir / DB_NAME, snapshot)
        with Database(snapshot, clock=clock) as source:  # migrated to the newest schema: the copy only
            # parameter years, KEDU schema and CA bundle an older workspace kept as files: into the copy's
            # workspace_files, so the office database gets them with the rows
            carried = adopt_legacy_files(source, basedir, clock=clock, changed_by="workspace migrate")
            _precheck(source, basedir / DB_NAME, batch)
            evidence = FileEvidence(basedir / "documents")
            with Database(target_url, clock=clock) as target:
                _require_empty(target, str(target_url))
                result = MigrateResult(str(target_url), {}, 0, 0)
                _copy(source, target, evidence, clock, batch, result, progress)
                _verify(source, target, evidence, result, clock)
        result.warnings = carried + result.warnings
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _precheck(source: Database, path: Path, batch: int) -> None:
    refs, bad = copy.find_problems(source, batch)
    if refs:
        raise Refused(BROKEN_REFS(path=str(path), count=len(refs), rows=_listed(refs)), hint=BAD_ROWS_HINT)
    if bad:
        raise Refused(BAD_ROWS(path=str(path), count=len(bad), rows=_listed([b.render() for b in bad])),
                      hint=BAD_ROWS_HINT)


def _listed(lines: list[str]) -> str:
    shown = [f"  • {line}" for line in lines[:SHOWN]]
    if len(lines) > SHOWN:
        shown.append(f"  … (+{len(lines) - SHOWN})")
    return "\n".join(shown)


def _require_empty(target: Database, url: str) -> None:
    found = copy.first_occupied(target)
    if found is not None:
        raise Refused(TARGET_NOT_EMPTY(url=url, table=found[0], rows=found[1]), hint=TARGET_NOT_EMPTY_HINT)


def _copy(source: Database, target: Database, evidence: FileEvidence, clock: Clock, batch: int,
          result: MigrateResult, progress: Progress) -> None:
    """The rows of one snapshot of the source, every file of documents/, the sequences: one transaction."""
    from ..fsutil import sha256_hex

    tables = copy.row_tables()
    progress.set_total(len(tables), t("Kopiowanie tabel…", "Copying the tables…").render())
    stored_at = clock.now_iso()

    def counted(name: str, n: int) -> None:
        result.counts[name] = n
        progress.step()

    def files() -> Iterator[list[dict[str, Any]]]:
        paths = evidence.paths()
        progress.set_total(len(paths), t("Kopiowanie plików dowodowych…", "Copying the evidence files…").render())
        pending: list[dict[str, Any]] = []
        size = 0
        for path in paths:
            data = evidence.get(path)
            pending.append({"path": path, "sha256": sha256_hex(data), "size": len(data), "data": data,
                            "stored_at": stored_at})
            result.evidence_files += 1
            result.evidence_bytes += len(data)
            size += len(data)
            if len(pending) >= 100 or size > 64 << 20:
                yield pending
                pending, size = [], 0
            progress.step()
        yield pending

    copy.copy_into(source, target, files, batch=batch, on_table=counted)
    have = set(evidence.paths())
    result.warnings += [
        t("Brak pliku {path} wskazanego w bazie (skopiowano tylko wiersz).",
          "The file {path} named in the database is missing (only the row was copied).")(path=p).render()
        for p in sorted(copy.named_evidence(source)) if p not in have]


def _verify(source: Database, target: Database, evidence: FileEvidence, result: MigrateResult,
            clock: Clock) -> None:
    """Counts of every table and the digest of every evidence file, read back from the target."""
    from ..fsutil import sha256_hex
    from ..store.evidence import DbEvidence

    expected, found = copy.table_counts(source), copy.table_counts(target)
    for name, n in expected.items():
        if found.get(name) != n:
            raise UserFacingError(MISMATCH(detail=f"{name}: {found.get(name)} ≠ {n}"), hint=MISMATCH_HINT)
    stored = DbEvidence(target, clock=clock, cache_dir=Path(tempfile.gettempdir()))  # cache unused here
    digests = stored.digests()
    if len(digests) != result.evidence_files:
        raise UserFacingError(MISMATCH(detail=f"evidence_files: {len(digests)} ≠ {result.evidence_files}"),
                              hint=MISMATCH_HINT)
    for path in evidence.paths():
        want = sha256_hex(evidence.get(path))
        if digests.get(path) != want or sha256_hex(stored.get(path)) != want:
            raise UserFacingError(MISMATCH(detail=path), hint=MISMATCH_HINT)
