"""Copying a workspace's tables between databases, generically from ``store/schema.py`` (issue 16, 16.7).

One code path serves ``workspace migrate --to URL`` (a SQLite workspace into an empty office database)
and the office backup (``tables/<name>.jsonl`` in a ZIP, restored into an empty PostgreSQL database or
a new SQLite workspace): tables in foreign-key order (``metadata.sorted_tables``), rows in primary-key
order (a correction's original comes before it), inserted in batches of ``BATCH`` rows.

Before anything is written, :func:`check_rows` finds what PostgreSQL would refuse in data SQLite took
(SQLite keeps any value in any column): text in an integer column (``''`` for "none"), a number in a
text column, a NUL character in text, a number beyond PostgreSQL's ``integer``, a missing NOT NULL
value. Each one is reported with its table, row and column, never as a driver traceback.

After the rows, :func:`set_identities` moves each identity sequence past the largest copied id, so the
next row a seat inserts does not collide with a copied one (PostgreSQL; SQLite's rowids need nothing).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..i18n import Text, t

if TYPE_CHECKING:
    from sqlalchemy import Table

    from .conn import Conn
    from .database import Database

BATCH = 1000
INT4 = (-(2 ** 31), 2 ** 31 - 1)
#: the table of evidence bytes: copied from the evidence store, not as rows (see workspace/migrate.py)
EVIDENCE_TABLE = "evidence_files"

R_NOT_INTEGER = t("wartość {value} nie jest liczbą całkowitą", "the value {value} is not an integer")
R_TOO_BIG = t("liczba {value} nie mieści się w kolumnie typu integer",
              "the number {value} does not fit an integer column")
R_NOT_TEXT = t("wartość {value} nie jest tekstem", "the value {value} is not text")
R_NUL = t("tekst zawiera znak NUL (\\x00), którego PostgreSQL nie przyjmuje",
          "the text holds a NUL character (\\x00), which PostgreSQL refuses")
R_NULL = t("brak wartości w kolumnie wymaganej (NOT NULL)", "no value in a required (NOT NULL) column")
R_NOT_BYTES = t("wartość {value} nie jest ciągiem bajtów", "the value {value} is not a byte string")


@dataclass(frozen=True)
class BadValue:
    """One value the target database would refuse."""

    table: str
    key: str          # the row's primary key, e.g. "id=17" or "run_id=2, payer_id=5"
    column: str
    reason: Text

    def render(self, lang: str | None = None) -> str:
        return f"{self.table} [{self.key}] {self.column}: {self.reason.render(lang)}"


def tables() -> list[Table]:
    """The workspace's tables in foreign-key order (a referenced table before the tables referring to it)."""
    from .schema import metadata

    return list(metadata.sorted_tables)


def row_tables() -> list[Table]:
    """:func:`tables` without ``evidence_files`` (evidence bytes travel through the evidence store)."""
    return [table for table in tables() if table.name != EVIDENCE_TABLE]


def _key_of(table: Table, row: Mapping[str, Any]) -> str:
    return ", ".join(f"{c.name}={row.get(c.name)!r}" for c in table.primary_key.columns)


def _kind(column: Any) -> str:
    from sqlalchemy import Integer, LargeBinary, SmallInteger

    kind = column.type
    if isinstance(kind, (Integer, SmallInteger)):  # BigInteger is an Integer
        return "bigint" if kind.__class__.__name__ == "BigInteger" else "int"
    if isinstance(kind, LargeBinary):
        return "bytes"
    return "text"


def check_rows(table: Table, rows: Iterable[Mapping[str, Any]], *, limit: int = 200) -> list[BadValue]:
    """What PostgreSQL would refuse in ``rows`` of ``table`` (at most ``limit`` findings)."""
    kinds = {c.name: (_kind(c), bool(c.nullable) and not c.primary_key) for c in table.columns}
    found: list[BadValue] = []
    for row in rows:
        for name, value in row.items():
            if name not in kinds:
                continue
            kind, nullable = kinds[name]
            reason = _problem(kind, nullable, value)
            if reason is not None:
                found.append(BadValue(table.name, _key_of(table, row), name, reason))
                if len(found) >= limit:
                    return found
    return found


def _problem(kind: str, nullable: bool, value: Any) -> Text | None:
    if value is None:
        return None if nullable else R_NULL
    shown = repr(value)[:40]
    if kind in ("int", "bigint"):
        if isinstance(value, bool) or not isinstance(value, int):
            return R_NOT_INTEGER(value=shown)
        if kind == "int" and not INT4[0] <= value <= INT4[1]:
            return R_TOO_BIG(value=shown)
        return None
    if kind == "bytes":
        return None if isinstance(value, (bytes, bytearray, memoryview)) else R_NOT_BYTES(value=shown)
    if not isinstance(value, str):
        return R_NOT_TEXT(value=shown)
    return R_NUL if "\x00" in value else None


def foreign_key_problems(conn: Conn) -> list[str]:
    """SQLite's ``PRAGMA foreign_key_check``: rows whose reference points nowhere (as "table [rowid] → parent")."""
    if conn.dialect != "sqlite":
        return []
    rows = conn.sa.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [f"{r[0]} [rowid={r[1]}] → {r[2]}" for r in rows]


def read_batches(conn: Conn, table: Table, batch: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    """The rows of ``table`` in primary-key order, ``batch`` at a time, as plain dicts."""
    from sqlalchemy import select

    result = conn.execute(select(table).order_by(*table.primary_key.columns))
    while rows := result.fetchmany(batch):
        yield [_plain(dict(r._mapping)) for r in rows]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()}


def insert_batch(conn: Conn, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        from sqlalchemy import insert

        conn.execute(insert(table), rows)


def counts(conn: Conn, only: Iterable[Table] | None = None) -> dict[str, int]:
    """Rows per table."""
    from sqlalchemy import func, select

    return {table.name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
            for table in (only if only is not None else tables())}


def is_empty(conn: Conn) -> bool:
    """No table of the workspace holds a row (a database just created, or one eplatnik never used)."""
    from sqlalchemy import select

    return all(conn.execute(select(table).limit(1)).first() is None for table in tables())


def set_identities(conn: Conn) -> None:
    """PostgreSQL: every identity sequence continues after the largest id copied (``setval``)."""
    if conn.dialect != "postgresql":
        return
    from sqlalchemy import text

    for table in tables():
        column = table.c.get("id")
        if column is None or column.identity is None:
            continue
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                          f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"), {"t": table.name})


# -- rows as JSON lines (the office backup) ----------------------------------------------------------------
def encode_row(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as JSON-ready values: byte strings as base64 text, everything else as it is."""
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        if isinstance(value, (bytes, bytearray, memoryview)):
            value = base64.b64encode(bytes(value)).decode("ascii")
        out[column.name] = value
    return out


def decode_row(table: Table, data: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`encode_row` (columns the backup does not have keep their defaults)."""
    out = {}
    for column in table.columns:
        if column.name not in data:
            continue
        value = data[column.name]
        if value is not None and _kind(column) == "bytes":
            value = base64.b64decode(value)
        out[column.name] = value
    return out


# -- whole databases (workspace/migrate.py, workspace/office_backup.py) ------------------------------------
def find_problems(source: Database, batch: int = BATCH) -> tuple[list[str], list[BadValue]]:
    """In one snapshot of ``source``: broken references, and every value PostgreSQL would refuse."""
    def check(conn: Conn) -> tuple[list[str], list[BadValue]]:
        bad: list[BadValue] = []
        for table in row_tables():
            for rows in read_batches(conn, table, batch):
                bad += check_rows(table, rows)
        return foreign_key_problems(conn), bad

    return source.snapshot(check)


def first_occupied(db: Database) -> tuple[str, int] | None:
    """None for a database without rows; else the first table holding some, and how many."""
    def occupied(conn: Conn) -> tuple[str, int] | None:
        if is_empty(conn):
            return None
        return next((name, n) for name, n in counts(conn).items() if n)

    return db.snapshot(occupied)


def table_counts(db: Database) -> dict[str, int]:
    """Rows per table (evidence_files aside), in one snapshot."""
    return db.snapshot(lambda conn: counts(conn, row_tables()))


def copy_into(source: Database, target: Database, evidence: Callable[[], Iterable[list[dict[str, Any]]]], *,
              batch: int = BATCH, on_table: Callable[[str, int], None] = lambda name, n: None) -> None:
    """One write transaction on ``target``: every table of one snapshot of ``source`` (in FK order, in
    batches), then the ``evidence`` rows (batches of evidence_files rows), then the identity sequences."""
    from .evidence import store_rows

    def write(dc: Conn) -> None:
        def rows(sc: Conn) -> None:  # on the source's thread, writing through the target's connection
            for table in row_tables():
                n = 0
                for chunk in read_batches(sc, table, batch):
                    insert_batch(dc, table, chunk)
                    n += len(chunk)
                on_table(table.name, n)

        source.snapshot(rows)
        for chunk in evidence():
            store_rows(dc, chunk)
        set_identities(dc)

    target.transaction(write)


def named_evidence(db: Database) -> set[str]:
    """The evidence paths the rows name (outbox, receipts, letters, UPDs), '/'-separated."""
    from sqlalchemy import select

    from . import schema as s

    def named(conn: Conn) -> set[str]:
        found: set[str] = set()
        for column in (s.submissions.c.document_path, s.submissions.c.package_path, s.receipts.c.path,
                       s.letters.c.content_path, s.letters.c.pdf_path, s.letter_upds.c.path):
            found |= {str(v).replace("\\", "/") for v in conn.execute(select(column)).scalars() if v}
        return found

    return db.snapshot(named)


def dump(db: Database, on_table: Callable[[Table, Iterator[list[dict[str, Any]]]], None],
         on_evidence: Callable[[str, str, bytes], None]) -> None:
    """Everything of ``db`` as of one moment (PostgreSQL: REPEATABLE READ): each table's rows handed to
    ``on_table`` in FK order, then each evidence row as (path, recorded SHA-256, bytes)."""
    from sqlalchemy import select

    from .schema import evidence_files as ef

    def read(conn: Conn) -> None:
        for table in row_tables():
            on_table(table, read_batches(conn, table))
        result = conn.execute(select(ef.c.path, ef.c.sha256, ef.c.data).order_by(ef.c.path))
        while rows := result.fetchmany(50):
            for row in rows:
                on_evidence(row.path, row.sha256, bytes(row.data))

    db.snapshot(read)


def load(db: Database, rows_of: Callable[[Table], Iterable[list[dict[str, Any]]]], names: set[str],
         evidence: Iterable[list[dict[str, Any]]], *, refuse: Callable[[list[BadValue]], Exception]) -> None:
    """Into an empty ``db``, in one write transaction: the tables in ``names`` (rows from ``rows_of``,
    checked as PostgreSQL takes them: ``refuse`` makes the error), evidence rows, identity sequences."""
    from .evidence import store_rows

    def write(dc: Conn) -> None:
        for table in row_tables():
            if table.name not in names:
                continue
            for chunk in rows_of(table):
                bad = check_rows(table, chunk) if dc.dialect == "postgresql" else []
                if bad:
                    raise refuse(bad)
                insert_batch(dc, table, chunk)
        for chunk in evidence:
            store_rows(dc, chunk)
        set_identities(dc)

    db.transaction(write)
