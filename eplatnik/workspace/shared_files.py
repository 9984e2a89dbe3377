"""The official KEDU schema and the trusted CA bundle in force for a workspace (issue 16).

Choosing one (Ustawienia, ``eplatnik-cli kedu schema set FILE``, ``eplatnik-cli signing ca set FILE``)
checks the file completely — as it will be used — and stores its CONTENT in the workspace's database
(``store/workspace_files.py``): on an office's PostgreSQL database every desk validates and verifies with
those bytes from the next read on, and a path on one desk's disk plays no part. What uses them (the
documents service, the signing service, the CLI) asks :meth:`SharedFiles.path`, which gives a checked
copy in this seat's cache folder.

A one-seat workspace set up before this kept the settings ``kedu.official_schema`` / ``signing.ca_bundle``
as paths: they are still honoured there while nothing is stored (a stored file wins; choosing or removing
one clears the old path). On an office such a path is ignored: it would make desks differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UserFacingError
from ..i18n import t
from ..settings import KEDU_SCHEMA as KEDU_SETTING
from ..settings import TRUST_BUNDLE
from ..store.workspace_files import CA_BUNDLE, KEDU_SCHEMA, KIND_NAMES, StoredFile, WorkspaceFileStore

__all__ = ["CA_BUNDLE", "KEDU_SCHEMA", "KIND_NAMES", "InForce", "SharedFiles", "adopt_legacy_files", "check",
           "read_file"]

if TYPE_CHECKING:
    from ..settings import ConfigVar, Settings

#: the settings an older one-seat workspace kept the paths in
LEGACY_SETTING: dict[str, ConfigVar[Any]] = {KEDU_SCHEMA: KEDU_SETTING, CA_BUNDLE: TRUST_BUNDLE}
SUFFIX = {KEDU_SCHEMA: ".xsd", CA_BUNDLE: ".pem"}
#: no schema or bundle is larger (the whole EU trusted list in PEM is a few MB)
MAX_BYTES = 16 << 20

UNREADABLE = t("Nie można odczytać pliku {path}: {err}", "Cannot read the file {path}: {err}")
TOO_LARGE = t("Plik {path} jest za duży ({size} B) — to nie jest {what}.",
              "The file {path} is too large ({size} B) — it is not a {what}.")


class BadFile(UserFacingError):
    exit_code = 2


@dataclass(frozen=True)
class InForce:
    """What the workspace uses now: a stored file (with who stored it and when) or an older path setting."""

    kind: str
    name: str
    stored: StoredFile | None = None
    legacy_path: str = ""
    office: bool = False


def check(kind: str, data: bytes, name: str) -> None:
    """The full check of a file of ``kind`` before it is stored (a clear Polish error, exit 2, otherwise)."""
    if kind == KEDU_SCHEMA:
        from ..forms.kedu_schema import check_official_schema

        check_official_schema(data, name)
    elif kind == CA_BUNDLE:
        from ..signing.certs import check_trust_bundle

        check_trust_bundle(data, name)
    else:
        raise ValueError(kind)


def read_file(path: Path | str, kind: str) -> bytes:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadFile(TOO_LARGE(path=str(path), size=size, what=KIND_NAMES[kind].render()))
        return path.read_bytes()
    except OSError as exc:
        raise BadFile(UNREADABLE(path=str(path), err=exc.strerror or str(exc))) from None


class SharedFiles:
    def __init__(self, store: WorkspaceFileStore, settings: Settings, cache_dir: Path, *,
                 changed_by: Callable[[], str]) -> None:
        self.store = store
        self.settings = settings
        self.cache_dir = Path(cache_dir)
        self.changed_by = changed_by

    def path(self, kind: str) -> str | None:
        """The file of ``kind`` to use now: a checked copy of the stored one, else (one seat) the older path
        setting, else None."""
        found = self.store.local_copy(self.cache_dir, kind, suffix=SUFFIX[kind])
        if found is not None:
            return str(found[1])
        if self.store.office:
            return None
        return self.settings.get(LEGACY_SETTING[kind]) or None

    def kedu_schema_path(self) -> str | None:
        return self.path(KEDU_SCHEMA)

    def ca_bundle_path(self) -> str:
        return self.path(CA_BUNDLE) or ""

    def in_force(self, kind: str) -> InForce | None:
        stored = self.store.about(kind)
        if stored is not None:
            return InForce(kind, stored.name, stored=stored, office=self.store.office)
        legacy = "" if self.store.office else self.settings.get(LEGACY_SETTING[kind])
        return InForce(kind, Path(legacy).name, legacy_path=legacy) if legacy else None

    def choose(self, kind: str, path: Path | str) -> StoredFile:
        """Check the file at ``path`` completely, then store its bytes as the workspace's file of ``kind``."""
        data = read_file(path, kind)
        check(kind, data, Path(path).name)
        stored = self.store.put(kind, data, name=Path(path).name, changed_by=self.changed_by())
        self._clear_legacy(kind)
        return stored

    def remove(self, kind: str) -> bool:
        """Stop using a file of ``kind`` (the stored one and an older path setting); True when one was in force."""
        removed = self.store.remove(kind)
        return self._clear_legacy(kind) or removed

    def _clear_legacy(self, kind: str) -> bool:
        var = LEGACY_SETTING[kind]
        if self.settings.get(var):
            self.settings.set(var, "")
            return True
        return False



def adopt_legacy_files(db: Any, basedir: Path, *, clock: Any, changed_by: str) -> list[str]:
    """Store in ``db`` (the staging copy ``workspace migrate`` takes) the files an older one-seat workspace
    kept outside its database: ``<basedir>/params/<year>.json`` and the files the settings
    ``kedu.official_schema`` / ``signing.ca_bundle`` point at — each only when the database has none of
    that kind and year, each after the same checks as when it is chosen now. Returns warnings for the
    files that could not be carried (missing, refused); nothing of them is stored."""
    from ..i18n import t as tt
    from ..params.store import folder_years
    from ..settings import Settings
    from ..store.workspace_files import PARAMS, adopt

    warnings: list[str] = []
    skipped = tt("Nie przeniesiono pliku {path}: {error}", "The file {path} was not carried over: {error}")
    settings = Settings(basedir)
    rows: list[tuple[str, str, str, bytes]] = []
    for year, path, data, error in folder_years(settings.params_dir):
        if error is not None:
            warnings.append(skipped(path=str(path), error=error.render()).render())
        else:
            rows.append((PARAMS, str(year), path.name, data))
    for kind, var in LEGACY_SETTING.items():
        legacy = settings.workspace_values_in_file().get(var.key) or ""
        if not legacy:
            continue
        try:
            data = read_file(legacy, kind)
            check(kind, data, Path(legacy).name)
        except UserFacingError as exc:
            warnings.append(skipped(path=legacy, error=exc.render()).render())
            continue
        rows.append((kind, "", Path(legacy).name, data))
    adopt(db, clock, rows, changed_by=changed_by)
    return warnings
