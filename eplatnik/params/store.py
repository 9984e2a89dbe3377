"""Where the year files come from: packaged with the program, or installed into the workspace.

``ParamsStore(installed_dir)`` finds every year (an installed file wins over the packaged one for the
same year), loads and checks a year's file on first use (cached until the file changes), lists the years
with their status and sources, and installs a new file: it is checked completely first (schema, months,
derivations, statuses) and only then written atomically as ``<installed_dir>/<year>.json`` — a refused
file leaves nothing behind. ``packaged_store()`` is the program's own files only (no workspace).
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
from .model import INSTALLED, PACKAGED, Entry, Status, YearData, YearFile
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
    def __init__(self, installed_dir: Path | str | None = None) -> None:
        self.installed_dir = Path(installed_dir) if installed_dir else None

    # -- finding files -------------------------------------------------------------------------
    @staticmethod
    def _years_in(folder: Path | None) -> dict[int, Path]:
        if folder is None or not folder.is_dir():
            return {}
        return {int(p.stem): p for p in folder.glob("*.json") if p.stem.isdigit() and len(p.stem) == 4}

    def files(self) -> dict[int, tuple[str, Path]]:
        """Year → (origin, path) of the file in effect (installed wins)."""
        out = {y: (PACKAGED, p) for y, p in self._years_in(PACKAGED_DIR).items()}
        out.update({y: (INSTALLED, p) for y, p in self._years_in(self.installed_dir).items()})
        return dict(sorted(out.items()))

    def years(self) -> list[int]:
        return list(self.files())

    # -- loading ---------------------------------------------------------------------------------
    def year_data(self, year: int, period: Period | None = None) -> YearData:
        """The checked data of ``year``; ``NoParameters`` when there is no file for it."""
        found = self.files().get(int(year))
        if found is None:
            raise NoParameters(int(year), period, self.years())
        origin, path = found
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
            found = self.files().get(period.year)
            if found is None:
                raise NoParameters(period.year, period, self.years())
            origin, path = found
            return self._load(path, origin, period.year, depth + 1).entry(figure, period)
        return resolve

    def entry(self, figure: str, period: Period) -> Entry:
        return self.year_data(period.year, period).entry(figure, period)

    # -- listing -----------------------------------------------------------------------------------
    def list(self) -> list[YearFile]:
        packaged = self._years_in(PACKAGED_DIR)
        out = []
        for year, (origin, path) in self.files().items():
            shadowed = packaged.get(year) if origin == INSTALLED else None
            try:
                data = self._load(path, origin, year)
            except UserFacingError as exc:
                out.append(YearFile(year, origin, path, sha256_hex(path.read_bytes()), "", Status.FORECAST, (),
                                    shadowed, problem=exc.text))
                continue
            sources = tuple(dict.fromkeys(e.source for e in data.entries() if e.source and e.derived is None))
            out.append(YearFile(year, origin, path, data.sha256, data.prepared, data.status,
                                tuple(data.provisional()), shadowed, sources=sources))
        return out

    def next_year_problem(self, year: int) -> tuple[str, builtins.list[Entry]] | None:
        """("missing", []) / ("provisional", entries) / None for the figures of ``year``."""
        if year not in self.files():
            return "missing", []
        try:
            data = self.year_data(year)
        except UserFacingError:
            return "missing", []
        provisional = data.provisional()
        return ("provisional", provisional) if provisional else None

    # -- installing ------------------------------------------------------------------------------
    def check_file(self, path: Path | str) -> YearData:
        """Everything ``install`` checks, without writing."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError:
            raise ParamsFileError(NO_FILE(path=str(path)), hint=BAD_FILE_HINT) from None
        parsed = read_year(data, name=path.name, resolve=self._resolver(0))
        parsed.path, parsed.origin, parsed.sha256 = path, INSTALLED, sha256_hex(data)
        return parsed

    def install(self, path: Path | str) -> YearFile:
        """Check ``path`` completely, then store it as the workspace's file for its year."""
        if self.installed_dir is None:
            raise ParamsFileError(NO_WORKSPACE)
        parsed = self.check_file(path)
        target = self.installed_dir / f"{parsed.year}.json"
        atomic_write_bytes(target, Path(path).read_bytes())
        with _cache_lock:  # other years' derivations may read this one
            _cache.clear()
        return next(f for f in self.list() if f.year == parsed.year)


def packaged_store() -> ParamsStore:
    return ParamsStore(None)
