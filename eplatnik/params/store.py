"""Where the year files come from: packaged with the program, or installed into the workspace.

``ParamsStore(installed_dir, shared=…)`` finds every year (an installed file wins over the packaged one for
the same year), loads and checks a year's file on first use (cached until the file changes), lists the
years with their status and sources, and installs a new file: it is checked completely first (schema,
months, derivations, statuses) and only then stored — a refused file leaves nothing behind.

Where an installed file is stored: with ``shared`` (every App: ``SharedParams`` over the workspace's
table ``workspace_files``, issue 16) in the workspace's database — on an office's PostgreSQL database every
desk computes with the file one desk installed, at once; a file ``<installed_dir>/<year>.json`` that an
older version wrote into a one-seat workspace is still read there (a stored one wins), never on an office
(a file on one desk's disk would make two desks compute different dues). Without ``shared`` (a bare
``ParamsStore(folder)``) the folder is the store. ``packaged_store()`` is the program's own files only.
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Callable
from pathlib import Path

from ..errors import UserFacingError
from ..fsutil import atomic_write_bytes, sha256_hex
from ..i18n import t
from ..period import Period
from ..store.workspace_files import PARAMS as PARAMS_KIND
from ..store.workspace_files import StoredFile, WorkspaceFileStore
from .model import INSTALLED, OFFICE, PACKAGED, Entry, Status, YearData, YearFile
from .validate import BAD_FILE_HINT, ParamsFileError, read_year

PACKAGED_DIR = Path(__file__).resolve().parent.parent / "resources" / "params"

NO_YEAR = t("Brak parametrów składek na {year} r. — nie można policzyć składek za {period} "
            "(program ma parametry na lata: {years}).",
            "No contribution parameters for {year} — the contributions for {period} cannot be computed "
            "(the program has parameters for: {years}).")
NO_YEAR_HINT = t("Zainstaluj plik parametrów na {year} r.: Ustawienia → Parametry składek → „Zainstaluj plik…” "
                 "albo eplatnik-cli params install PLIK; możesz też zaktualizować program.",
                 "Install the {year} parameter file: Settings → Contribution parameters → 'Install file…' or "
                 "eplatnik-cli params install FILE; or update the program.")
DAMAGED_HINT = t("Plik pochodzi z instalacji programu — zainstaluj program ponownie albo zainstaluj poprawny plik "
                 "na ten rok (eplatnik-cli params install PLIK).",
                 "The file comes with the program — reinstall the program or install a correct file for that year "
                 "(eplatnik-cli params install FILE).")
NO_FILE = t("Nie ma pliku {path}.", "There is no file {path}.")
NO_WORKSPACE = t("Parametry instaluje się do obszaru roboczego — podaj --basedir.",
                 "Parameters are installed into a workspace — give --basedir.")


class NoParameters(UserFacingError):
    """No parameter file for the year a computation needs."""

    def __init__(self, year: int, period: Period | None, years: list[int]) -> None:
        super().__init__(NO_YEAR(year=year, period=str(period or Period(year, 1)),
                                 years=", ".join(map(str, years)) or "—"), hint=NO_YEAR_HINT(year=year))
        self.year = year


_cache: dict[tuple[str, int, int], YearData] = {}
_cache_lock = threading.RLock()


class ParamsStore:
    def __init__(self, installed_dir: Path | str | None = None, shared: SharedParams | None = None) -> None:
        self.shared = shared
        # an office never reads a folder of one desk (see the module docstring)
        self.installed_dir = Path(installed_dir) if installed_dir and not (shared and shared.office) else None

    # -- finding files -------------------------------------------------------------------------
    @staticmethod
    def _years_in(folder: Path | None) -> dict[int, Path]:
        if folder is None or not folder.is_dir():
            return {}
        return {int(p.stem): p for p in folder.glob("*.json") if p.stem.isdigit() and len(p.stem) == 4}

    def _origins(self) -> dict[int, tuple[str, Path | None]]:
        """Year → (origin, path) of the file in effect (installed wins; a stored one over a folder's); the
        path of a year stored in the database is None until asked for (:meth:`_file`), so one damaged row
        never stops the other years."""
        out: dict[int, tuple[str, Path | None]] = {
            y: (PACKAGED, p) for y, p in self._years_in(PACKAGED_DIR).items()}
        out.update({y: (INSTALLED, p) for y, p in self._years_in(self.installed_dir).items()})
        if self.shared is not None:
            origin = OFFICE if self.shared.office else INSTALLED
            out.update(dict.fromkeys(self.shared.years(), (origin, None)))
        return dict(sorted(out.items()))

    def _file(self, year: int, found: tuple[str, Path | None]) -> tuple[str, Path]:
        origin, path = found
        if path is None:
            assert self.shared is not None
            path = self.shared.path(year)  # a checked copy; WorkspaceFileDamaged when the row was altered
        return origin, path

    def files(self) -> dict[int, tuple[str, Path]]:
        """Year → (origin, path) of the file in effect (installed wins; a stored one over a folder's)."""
        return {year: self._file(year, found) for year, found in self._origins().items()}

    def forget(self) -> None:
        """Another desk installed a file: read the stored years again on the next use."""
        if self.shared is not None:
            self.shared.forget()

    def years(self) -> list[int]:
        return list(self._origins())

    # -- loading ---------------------------------------------------------------------------------
    def year_data(self, year: int, period: Period | None = None) -> YearData:
        """The checked data of ``year``; ``NoParameters`` when there is no file for it."""
        found = self._origins().get(int(year))
        if found is None:
            raise NoParameters(int(year), period, self.years())
        origin, path = self._file(int(year), found)
        return self._load(path, origin, int(year))

    def _load(self, path: Path, origin: str, year: int, _depth: int = 0) -> YearData:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        with _cache_lock:
            cached = _cache.get(key)
            if cached is not None:
                return cached
            data = path.read_bytes()
            try:
                parsed = read_year(data, name=path.name, resolve=self._resolver(_depth), expect_year=year)
            except ParamsFileError as exc:
                if origin == PACKAGED:
                    raise ParamsFileError(exc.text, hint=DAMAGED_HINT) from None
                raise
            parsed.path, parsed.origin, parsed.sha256 = path, origin, sha256_hex(data)
            _cache[key] = parsed
            return parsed

    def _resolver(self, depth: int) -> Callable[[str, Period], Entry]:
        def resolve(figure: str, period: Period) -> Entry:
            if depth > 5:
                raise UserFacingError(t("zbyt długi łańcuch wyliczeń między latami",
                                        "derivations chain too many years"))
            found = self._origins().get(period.year)
            if found is None:
                raise NoParameters(period.year, period, self.years())
            origin, path = self._file(period.year, found)
            return self._load(path, origin, period.year, depth + 1).entry(figure, period)
        return resolve

    def entry(self, figure: str, period: Period) -> Entry:
        return self.year_data(period.year, period).entry(figure, period)

    # -- listing -----------------------------------------------------------------------------------
    def list(self) -> list[YearFile]:
        packaged = self._years_in(PACKAGED_DIR)
        out = []
        for year, (origin, where) in self._origins().items():
            shadowed = packaged.get(year) if origin != PACKAGED else None
            stored = self.shared.stored(year) if self.shared is not None and where is None else None
            path = where or Path(f"{year}.json")
            try:
                path = self._file(year, (origin, where))[1]
                data = self._load(path, origin, year)
            except UserFacingError as exc:
                out.append(YearFile(year, origin, path, stored.sha256 if stored else sha256_hex(path.read_bytes()), "",
                                    Status.FORECAST, (), shadowed, problem=exc.text,
                                    changed_by=stored.changed_by if stored else "",
                                    changed_at=stored.changed_at if stored else ""))
                continue
            sources = tuple(dict.fromkeys(e.source for e in data.entries() if e.source and e.derived is None))
            out.append(YearFile(year, origin, path, data.sha256, data.prepared, data.status,
                                tuple(data.provisional()), shadowed, sources=sources,
                                changed_by=stored.changed_by if stored else "",
                                changed_at=stored.changed_at if stored else ""))
        return out

    def next_year_problem(self, year: int) -> tuple[str, builtins.list[Entry]] | None:
        """("missing", []) / ("provisional", entries) / None for the figures of ``year``."""
        if year not in self._origins():
            return "missing", []
        try:
            data = self.year_data(year)
        except UserFacingError:
            return "missing", []
        provisional = data.provisional()
        return ("provisional", provisional) if provisional else None

    # -- installing ------------------------------------------------------------------------------
    def check_file(self, path: Path | str, data: bytes | None = None) -> YearData:
        """Everything ``install`` checks, without writing (``data``: the file's bytes, already read)."""
        path = Path(path)
        data = _read(path) if data is None else data
        parsed = read_year(data, name=path.name, resolve=self._resolver(0))
        parsed.path, parsed.origin, parsed.sha256 = path, INSTALLED, sha256_hex(data)
        return parsed

    def remove(self, year: int) -> bool:
        """Stop using the file installed for ``year`` (the packaged one, if any, applies again; on an office
        at every desk); True when there was one."""
        removed = False
        if self.shared is not None:
            removed = self.shared.files.remove(PARAMS_KIND, str(int(year)))
            self.shared.forget()
        if self.installed_dir is not None:  # an older one-seat workspace's file
            removed = _unlink(self.installed_dir / f"{int(year)}.json") or removed
        with _cache_lock:
            _cache.clear()
        return removed

    def install(self, path: Path | str) -> YearFile:
        """Check ``path`` completely, then store it as the workspace's file for its year (in the workspace's
        database with ``shared``; else ``<installed_dir>/<year>.json``)."""
        if self.shared is None and self.installed_dir is None:
            raise ParamsFileError(NO_WORKSPACE)
        data = _read(Path(path))
        parsed = self.check_file(path, data)
        if self.shared is not None:
            self.shared.install(parsed.year, Path(path).name, data)
        else:
            assert self.installed_dir is not None
            atomic_write_bytes(self.installed_dir / f"{parsed.year}.json", data)
        with _cache_lock:  # other years' derivations may read this one
            _cache.clear()
        return next(f for f in self.list() if f.year == parsed.year)


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def packaged_store() -> ParamsStore:
    return ParamsStore(None)


def folder_years(folder: Path) -> builtins.list[tuple[int, Path, bytes, UserFacingError | None]]:
    """Every year file in ``folder`` (an older workspace's ``params``), each with its bytes and, when it does
    not pass ``install``'s checks, why (``workspace migrate`` carries the good ones into the database)."""
    store = ParamsStore(folder)
    found: builtins.list[tuple[int, Path, bytes, UserFacingError | None]] = []
    for year, path in sorted(store._years_in(folder).items()):
        try:
            data = _read(path)
            store.check_file(path, data)
        except UserFacingError as exc:
            found.append((year, path, b"", exc))
            continue
        found.append((year, path, data, None))
    return found


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise ParamsFileError(NO_FILE(path=str(path)), hint=BAD_FILE_HINT) from None




class SharedParams:
    """The parameter years stored in the workspace's database (``workspace_files``, kind ``params``).

    The list of stored years (digests, no bytes) is kept in memory and read again when older than
    ``refresh_s`` or when :meth:`forget` is called (another desk installed one: the change feed); the
    bytes of a year are read once per digest into a checked copy in this seat's cache folder."""

    def __init__(self, files: WorkspaceFileStore, cache_dir: Path, *, changed_by: Callable[[], str],
                 refresh_s: float = 2.0) -> None:
        self.files = files
        self.cache_dir = Path(cache_dir)
        self.changed_by = changed_by
        self.refresh_s = refresh_s
        self._lock = threading.Lock()
        self._years: dict[int, StoredFile] = {}
        self._read_at: float | None = None
        self._copies: dict[str, Path] = {}

    @property
    def office(self) -> bool:
        return self.files.office

    def _listing(self) -> dict[int, StoredFile]:
        from ..clock import Clock

        with self._lock:
            fresh = self._read_at is not None and Clock.monotonic() - self._read_at <= self.refresh_s
            if fresh:
                return self._years
        years = {int(f.key): f for f in self.files.list(PARAMS_KIND) if f.key.isdigit()}
        with self._lock:
            self._years, self._read_at = years, Clock.monotonic()
        return years

    def years(self) -> builtins.list[int]:
        return sorted(self._listing())

    def stored(self, year: int) -> StoredFile | None:
        return self._listing().get(int(year))

    def path(self, year: int) -> Path:
        """A checked copy of the stored file of ``year`` on this seat's disk."""
        stored = self.stored(year)
        known = self._copies.get(stored.sha256) if stored is not None else None
        if known is not None and known.is_file():
            return known
        found = self.files.local_copy(self.cache_dir, PARAMS_KIND, str(year), ".json")
        if found is None:  # removed meanwhile: the next listing will not name it
            self.forget()
            raise NoParameters(int(year), None, [])
        about, copy = found
        with self._lock:
            self._copies[about.sha256] = copy
        return copy

    def install(self, year: int, name: str, data: bytes) -> None:
        self.files.put(PARAMS_KIND, data, name=name, key=str(year), changed_by=self.changed_by())
        self.forget()

    def forget(self) -> None:
        with self._lock:
            self._read_at = None
