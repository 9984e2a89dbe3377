"""The legacy SQL path on PostgreSQL (issue 15's shim, until step A8 converts the last store to Core).

Stores still hand ``Conn.execute_legacy`` SQL strings written for sqlite3: ``?`` or ``:name``
parameters, rows read as ``row["name"]`` and ``row[0]``, ``cursor.rowcount``, ``executemany``. The SQL
itself is portable (the ``sqlite_specific`` ratchet keeps SQLite-only forms out of the stores), so on
PostgreSQL only the driver's conventions differ:

- parameters: ``?`` → ``%s`` and ``:name`` → ``%(name)s``; a literal ``%`` → ``%%``; nothing inside
  string literals ('…'), quoted names ("…") or comments is touched, nor a ``::`` cast;
- ``a IS ?`` / ``a IS NOT ?`` (NULL-safe comparison) → ``IS [NOT] DISTINCT FROM``;
- ``LIKE`` → ``ILIKE``: SQLite's LIKE ignores the case of A–Z (``lower(…) LIKE lower(…)`` stays
  the same either way);
- values as sqlite3 stores them: ``True``/``False`` → 1/0 (SQLite has no booleans; the columns are
  integers), ``date``/``datetime`` → ISO text (sqlite3's default adapters);
- rows: :class:`LegacyRow`, a tuple that also answers ``row["name"]`` and ``keys()``, like
  ``sqlite3.Row``.

The statement runs through SQLAlchemy's ``exec_driver_sql`` on the Database's connection, so it is in
the same transaction as the Core statements of the call, and a lost connection is noticed as for them.

``lastrowid`` and ``total_changes`` do not exist here (no store uses them any more): ids come from
``RETURNING id``, counts from ``rowcount``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, CursorResult


#: after IS: an optional NOT, then a parameter (not NULL, TRUE, …)
_IS_OPERAND = re.compile(r"\s+(NOT\s+)?(?=\?|:[A-Za-z_])", re.I)


@functools.lru_cache(maxsize=2048)
def to_psycopg(sql: str) -> tuple[str, str]:
    """``sql`` with psycopg's placeholders, and its parameter style: "qmark", "named" or "none"."""
    out: list[str] = []
    style = "none"
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):  # a literal or a quoted name, '' / "" doubled inside
            end = i + 1
            while end < n:
                if sql[end] == ch:
                    if end + 1 < n and sql[end + 1] == ch:
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i:end + 1].replace("%", "%%"))
            i = end + 1
        elif ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "/" and sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "?":
            if style == "named":
                raise ValueError(f"SQL mixes ? and :name parameters: {sql}")
            style = "qmark"
            out.append("%s")
            i += 1
        elif ch == ":" and sql.startswith("::", i):  # a PostgreSQL cast
            out.append("::")
            i += 2
        elif ch == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_"):
            end = i + 1
            while end < n and (sql[end].isalnum() or sql[end] == "_"):
                end += 1
            if style == "qmark":
                raise ValueError(f"SQL mixes ? and :name parameters: {sql}")
            style = "named"
            out.append(f"%({sql[i + 1:end]})s")
            i = end
        elif ch == "%":
            out.append("%%")
            i += 1
        elif ch.isalpha() or ch == "_":  # a word: SQLite's LIKE ignores the case of A–Z, PostgreSQL's does not
            end = i + 1
            while end < n and (sql[end].isalnum() or sql[end] in "_$"):
                end += 1
            word = sql[i:end]
            if word.upper() == "IS":  # SQLite's "a IS ?" (NULL-safe equality) is PostgreSQL's IS NOT DISTINCT FROM
                rest = _IS_OPERAND.match(sql, end)
                if rest is not None:
                    out.append("IS DISTINCT FROM " if rest.group(1) else "IS NOT DISTINCT FROM ")
                    i = rest.end()
                    continue
            out.append("ILIKE" if word.upper() == "LIKE" else word)
            i = end
        else:
            out.append(ch)
            i += 1
    return "".join(out), style


def _value(value: Any) -> Any:
    if value is True or value is False:
        return int(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _params(style: str, params: Any) -> tuple[Any, ...] | dict[str, Any]:
    if style == "named":
        if not isinstance(params, Mapping):
            raise TypeError("SQL with :name parameters needs a mapping of values")
        return {k: _value(v) for k, v in params.items()}
    if isinstance(params, Mapping):
        if style == "qmark":
            raise TypeError("SQL with ? parameters needs a sequence of values")
        return ()
    return tuple(_value(v) for v in (params or ()))


class LegacyRow(tuple):
    """A row readable by position and by column name, as ``sqlite3.Row``."""

    __slots__ = ()
    _index: dict[str, int]
    _keys: tuple[str, ...]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                raise IndexError(f"No item with that key: {key}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._keys)


def _row_class(keys: tuple[str, ...]) -> type[LegacyRow]:
    index: dict[str, int] = {}
    for position, key in enumerate(keys):
        index.setdefault(key, position)  # sqlite3.Row: the first column of that name
    return type("LegacyRow", (LegacyRow,), {"__slots__": (), "_index": index, "_keys": keys})


class LegacyCursor:
    """What ``Conn.execute_legacy`` returns on PostgreSQL: the part of ``sqlite3.Cursor`` stores use."""

    def __init__(self, result: CursorResult[Any]) -> None:
        self._result = result
        self.rowcount: int = result.rowcount
        self._row: type[LegacyRow] | None = None
        if result.returns_rows:
            self._row = _row_class(tuple(result.keys()))
        self.description = None if self._row is None else [(k, None, None, None, None, None, None)
                                                               for k in self._row._keys]

    def _wrap(self, row: Any) -> LegacyRow:
        assert self._row is not None
        return self._row(tuple(row))

    def fetchone(self) -> LegacyRow | None:
        if self._row is None:
            return None
        row = self._result.fetchone()
        return None if row is None else self._wrap(row)

    def fetchall(self) -> list[LegacyRow]:
        if self._row is None:
            return []
        return [self._wrap(row) for row in self._result.fetchall()]

    def fetchmany(self, size: int = 1) -> list[LegacyRow]:
        if self._row is None:
            return []
        return [self._wrap(row) for row in self._result.fetchmany(size)]

    def __iter__(self) -> Iterator[LegacyRow]:
        return iter(self.fetchall())

    @property
    def lastrowid(self) -> int:
        raise RuntimeError("lastrowid does not exist on PostgreSQL: use INSERT … RETURNING id")

    def close(self) -> None:
        self._result.close()


class LegacyConnection:
    """``execute``/``executemany`` of legacy SQL strings on the Database's SQLAlchemy connection."""

    def __init__(self, sa: Connection) -> None:
        self._sa = sa

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> LegacyCursor:
        statement, style = to_psycopg(sql)
        return LegacyCursor(self._sa.exec_driver_sql(statement, _params(style, params)))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any] | Mapping[str, Any]]) -> LegacyCursor:
        statement, style = to_psycopg(sql)
        values = [_params(style, row) for row in rows]
        if not values:  # sqlite3 runs nothing for no rows
            return LegacyCursor(self._sa.exec_driver_sql("SELECT 1 WHERE false"))
        return LegacyCursor(self._sa.exec_driver_sql(statement, values))

    @property
    def total_changes(self) -> int:
        raise RuntimeError("total_changes does not exist on PostgreSQL: use the cursor's rowcount or RETURNING")
