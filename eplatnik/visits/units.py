"""The unit table (``resources/data/zus_units.json``) and postal-code suggestions from it.

No official public postal code → ZUS unit mapping exists (relief-and-evisits.md §4.4): the coverage
prefixes are our own sample data, so a suggestion is only a suggestion — the person may pick any unit,
and the choice is remembered per client. The same rules serve the sandbox and the offline fallback.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..i18n import t

NOT_OFFICIAL = t("Przyporządkowanie kodu pocztowego do jednostki to dane przykładowe eplatnik, nie decyzja ZUS "
                 "(ZUS nie publikuje takiej listy). Sprawdź właściwą jednostkę na e-wizyta.zus.pl lub w PUE "
                 "i w razie potrzeby wybierz inną.",
                 "The postal code to unit mapping is eplatnik's sample data, not ZUS's decision (ZUS publishes "
                 "no such list). Check the competent unit on e-wizyta.zus.pl or in PUE and pick another if needed.")


def units_path() -> Path:
    return Path(str(resources.files("eplatnik") / "resources" / "data" / "zus_units.json"))


def load_units(path: Path | None = None) -> dict[str, Any]:
    return json.loads((path or units_path()).read_text(encoding="utf-8"))


def suggest(units: list[dict[str, Any]], postal_code: str) -> list[dict[str, Any]]:
    """Units whose coverage prefixes match the code, the most specific (longest prefix) first."""
    digits = postal_code.replace("-", "").strip()

    def best(unit: dict[str, Any]) -> int:
        return max((len(p) for p in unit.get("postal_prefixes", []) if digits.startswith(p)), default=0)

    return sorted((u for u in units if best(u) > 0), key=lambda u: -best(u))
