"""Known PKCS#11 modules of Polish qualified-certificate providers, per operating system.

The data (``providers.json``) marks each path as confirmed by a public source or as a typical
name to be confirmed; the settings accept any module path, so the list is only a convenience.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("providers.json")


@dataclass(frozen=True)
class ModuleCandidate:
    provider_id: str
    provider: str
    path: str
    confirmed: bool

    @property
    def installed(self) -> bool:
        return Path(self.path).exists()


def current_os() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


@cache
def _load() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def module_candidates(os_name: str | None = None) -> list[ModuleCandidate]:
    """Every known module path for ``os_name`` (default: this computer), in provider order."""
    os_name = os_name or current_os()
    out = []
    for provider in _load()["providers"]:
        for module in provider["modules"].get(os_name, []):
            out.append(ModuleCandidate(provider["id"], provider["name"], module["path"],
                                       bool(module.get("confirmed"))))
    return out


def installed_modules(os_name: str | None = None) -> list[ModuleCandidate]:
    """The known modules actually present on this computer (to pre-fill the settings)."""
    return [m for m in module_candidates(os_name) if m.installed]
