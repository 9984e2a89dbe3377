"""The parsed parameter file of one year: figures as dated entries with status and source.

A figure (``"minimum_wage"``, ``"health.minimum_base"``, ``"rates.FP"`` …) is a list of entries; an
entry applies from its month until the next entry. So the health contribution year (February–January)
is two entries in a year's file (January still at the previous health year's minimum, February the new
one), the accident contribution year (April–March) likewise, and a figure published mid-year is one
more entry. ``YearData.entry(name, period)`` answers "which value applies in this settlement month".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import Text
from ..period import Period

#: where a year file comes from: packaged with the program, installed into the workspace (one seat), or
#: installed into the office's shared database (every desk of the office uses it)
PACKAGED, INSTALLED, OFFICE = "packaged", "installed", "office"


class Status(enum.StrEnum):
    """How settled a figure is; ``weakest`` of several is what a computation using them can claim."""

    FINAL = "final"        # published in the act, notice or ZUS communication that fixes it
    DRAFT = "draft"        # from a draft act, or reported but not confirmed against the act
    FORECAST = "forecast"  # an estimate until the figure is published

    @property
    def rank(self) -> int:
        return {Status.FINAL: 2, Status.DRAFT: 1, Status.FORECAST: 0}[self]

    @staticmethod
    def weakest(statuses: Any) -> Status:
        return min((Status(s) for s in statuses), key=lambda s: s.rank, default=Status.FINAL)


@dataclass(frozen=True)
class Derivation:
    """``value = round(of@at × factor / 100)`` (percent) or ``of@at × factor`` (times)."""

    op: str
    of: str
    factor: str
    at: Period | None = None

    def describe(self) -> str:
        where = f" ({self.at})" if self.at else ""
        return f"{self.factor} % × {self.of}{where}" if self.op == "percent" else f"{self.factor} × {self.of}{where}"


@dataclass(frozen=True)
class Entry:
    figure: str
    applies_from: Period
    value: Any
    status: Status
    source: str
    final_when: str = ""
    note: str = ""
    derived: Derivation | None = None

    @property
    def final(self) -> bool:
        return self.status is Status.FINAL

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"figure": self.figure, "from": str(self.applies_from), "value": self.value,
                               "status": str(self.status), "source": self.source}
        if self.final_when:
            out["final_when"] = self.final_when
        if self.note:
            out["note"] = self.note
        if self.derived is not None:
            out["derived_from"] = {"op": self.derived.op, "of": self.derived.of, "factor": self.derived.factor,
                                   "at": str(self.derived.at) if self.derived.at else None}
        return out


@dataclass
class YearData:
    """Every figure of one year, as read from its file (validated)."""

    year: int
    figures: dict[str, tuple[Entry, ...]]
    path: Path | None = None
    origin: str = "packaged"      # packaged | installed | office
    prepared: str = ""
    about: str = ""
    sha256: str = ""

    def entry(self, name: str, period: Period) -> Entry:
        """The entry of figure ``name`` that applies in ``period`` (a month of this year)."""
        found = None
        for item in self.figures[name]:
            if item.applies_from <= period:
                found = item
        if found is None:  # never for a validated file: every figure starts in January
            raise KeyError(f"{name} has no entry for {period}")
        return found

    def entries(self) -> list[Entry]:
        return [e for name in sorted(self.figures) for e in self.figures[name]]

    @property
    def status(self) -> Status:
        """The weakest status of any entry in the file."""
        return Status.weakest(e.status for e in self.entries())

    def provisional(self) -> list[Entry]:
        """Entries that are not final yet (draft or forecast)."""
        return [e for e in self.entries() if not e.final]


def entry_from_json(name: str, raw: dict[str, Any], status: Status) -> Entry:
    derived = raw.get("derived")
    return Entry(
        figure=name, applies_from=Period.parse(raw["from"]), value=raw["value"], status=status,
        source=raw.get("source", ""), final_when=raw.get("final_when", ""), note=raw.get("note", ""),
        derived=None if derived is None else Derivation(
            derived["op"], derived["of"], derived["factor"],
            Period.parse(derived["at"]) if derived.get("at") else None))


@dataclass(frozen=True)
class YearFile:
    """One year as listed: the effective file and what it holds."""

    year: int
    origin: str                      # packaged | installed | office
    path: Path
    sha256: str
    prepared: str
    status: Status                   # the weakest status of its figures
    provisional: tuple[Entry, ...]   # the entries not final yet
    packaged_path: Path | None = None  # the packaged file an installed one overrides
    problem: Text | None = None        # the file exists but cannot be used
    sources: tuple[str, ...] = field(default_factory=tuple)
    changed_by: str = ""               # who installed it (a file stored in the workspace's database)
    changed_at: str = ""               # when (ISO UTC)

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "origin": self.origin, "path": str(self.path), "sha256": self.sha256,
                "prepared": self.prepared, "status": str(self.status),
                "overrides_packaged": str(self.packaged_path) if self.packaged_path else None,
                "provisional": [e.as_dict() for e in self.provisional],
                "sources": list(self.sources),
                "problem": self.problem.render() if self.problem else None,
                "installed_by": self.changed_by or None, "installed_at": self.changed_at or None}
