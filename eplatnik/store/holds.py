"""The SQL of holds (table ``holds``, migration 0012): who at which desk is editing or signing what.

The rules (take, renew, stale after 120 s, the text other seats see) live in ``forms/holds.py``; the
statement that takes a hold is decided by the database::

    INSERT INTO holds (…) VALUES (…) ON CONFLICT (entity, entity_id) DO UPDATE SET …
     WHERE holds.until < :now OR holds.holder = :me RETURNING …

so two seats asking at once get one winner, and the other reads who holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..clock import WARSAW
from ..i18n import t
from .conn import Conn
from .database import Database

_COLUMNS = "entity, entity_id, holder, seat, actor, purpose, since, until"
_HELD = {"edit": t("Edytuje: {who} ({computer}) od {time}", "Being edited by {who} ({computer}) since {time}"),
         "sign": t("Podpisuje: {who} ({computer}) od {time}", "Being signed by {who} ({computer}) since {time}")}


def stamp(moment: dt.datetime) -> str:
    """UTC, milliseconds: comparable as text (as the outbox's stamps)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class HoldInfo:
    entity: str
    entity_id: int
    holder: str
    seat: str
    actor: str
    purpose: str
    since: str
    until: str

    @property
    def computer(self) -> str:
        """The desk's computer name (``seat`` is "computer:user")."""
        return self.seat.rsplit(":", 1)[0] if ":" in self.seat else self.seat

    def text(self, lang: str | None = None) -> str:
        """"Edytuje: A. Nowak (biuro-3) od 10:42" (local time of ``since``)."""
        since = dt.datetime.fromisoformat(self.since).astimezone(WARSAW)
        template = _HELD.get(self.purpose, _HELD["edit"])
        return template(who=self.actor or self.seat, computer=self.computer, time=f"{since:%H:%M}").render(lang)


def _info(row: Any) -> HoldInfo:
    return HoldInfo(row["entity"], int(row["entity_id"]), row["holder"], row["seat"], row["actor"], row["purpose"],
                    row["since"], row["until"])


class HoldStore:
    """The SQL of holds (times passed in as stamps)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def acquire(self, entity: str, entity_id: int, *, holder: str, seat: str, actor: str, purpose: str,
                now: str, until: str) -> HoldInfo:
        """Take (or renew) the hold unless another holder's is still live; returns the hold as it now is."""
        def do(c: Conn) -> HoldInfo:
            row = c.execute(
                f"INSERT INTO holds ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (entity, entity_id) DO UPDATE SET holder = excluded.holder, seat = excluded.seat, "
                "actor = excluded.actor, purpose = excluded.purpose, until = excluded.until, "
                "since = CASE WHEN holds.holder = excluded.holder THEN holds.since ELSE excluded.since END "
                f"WHERE holds.until < ? OR holds.holder = ? RETURNING {_COLUMNS}",
                (entity, entity_id, holder, seat, actor, purpose, now, until, now, holder)).fetchone()
            if row is None:  # a live hold of someone else: who
                row = c.execute(f"SELECT {_COLUMNS} FROM holds WHERE entity = ? AND entity_id = ?",
                                (entity, entity_id)).fetchone()
            return _info(row)
        return self.db.transaction(do)

    def renew(self, entity: str, entity_id: int, holder: str, until: str) -> bool:
        return self.db.transaction(lambda c: c.execute(
            "UPDATE holds SET until = ? WHERE entity = ? AND entity_id = ? AND holder = ?",
            (until, entity, entity_id, holder)).rowcount > 0)

    def release(self, entity: str, entity_id: int, holder: str) -> None:
        self.db.transaction(lambda c: c.execute("DELETE FROM holds WHERE entity = ? AND entity_id = ? AND holder = ?",
                                                (entity, entity_id, holder)))

    def live(self, entity: str, ids: Iterable[int] | None, now: str) -> dict[int, HoldInfo]:
        """The live holds of ``entity`` (of the given ids, or all)."""
        sql = f"SELECT {_COLUMNS} FROM holds WHERE entity = ? AND until >= ?"
        params: list[object] = [entity, now]
        if ids is not None:
            wanted = [int(i) for i in ids]
            if not wanted:
                return {}
            sql += f" AND entity_id IN ({','.join('?' for _ in wanted)})"
            params += wanted
        rows = self.db.run(lambda c: c.execute(sql, tuple(params)).fetchall())
        return {int(r["entity_id"]): _info(r) for r in rows}
