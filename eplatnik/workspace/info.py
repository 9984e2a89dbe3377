"""What a workspace is and where it keeps its data (for `eplatnik-cli about` and the About dialog)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from .. import __version__
from ..errors import UserFacingError
from ..i18n import Text, t
from .manifest import DB_NAME, NO_WORKSPACE

LICENCE = "GPL-3.0-or-later"


class GatewayProfile(Protocol):
    """The active gateway profile as About shows it (``gateway.locator.ActiveProfile``)."""

    @property
    def name(self) -> str: ...

    @property
    def url(self) -> str | None: ...

    @property
    def label(self) -> Text: ...

    @property
    def production(self) -> bool: ...


def describe_workspace(basedir: Path, office: str | None = None) -> dict[str, Any]:
    """Where a workspace keeps its data (for ``about`` and the About dialog); ``office``: the address
    (without its password) of the office database that holds the data and the evidence instead."""
    basedir = Path(basedir).absolute()
    return {
        "workspace": str(basedir),
        "database": office or str(basedir / DB_NAME),
        "documents": t("{url} (tabela evidence_files)", "{url} (table evidence_files)")(url=office).render()
        if office else str(basedir / "documents"),
        "logs": str(basedir / "logs"),
        "backups": str(basedir / "backups"),
    }


def require_workspace(basedir: Path) -> None:
    if not (Path(basedir) / DB_NAME).is_file():
        raise UserFacingError(NO_WORKSPACE(path=str(basedir), db=DB_NAME))


def about_info(*, basedir: Path, schema_version: int, profile: GatewayProfile,
               office: str | None = None) -> dict[str, Any]:
    """Version, licence, the active gateway profile and where this workspace keeps its data
    (``App.about_info`` gathers the arguments)."""
    import platform
    import sys

    return {
        "name": "eplatnik",
        "version": __version__,
        "licence": LICENCE,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "frozen": bool(getattr(sys, "frozen", False)),
        "schema_version": schema_version,
        "gateway": {"profile": profile.name, "label": profile.label.render(), "url": profile.url,
                    "production": profile.production},
        "paths": describe_workspace(basedir, office),
    }


