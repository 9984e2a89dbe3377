"""The seat's password file for the office database (issue 16, step 16.10), in libpq's own format.

The address of the office database (``database.url``) is a seat setting and never holds the password.
When the person ticks "Zapamiętaj hasło", the password goes into ``<basedir>/pgpass`` — one line
``host:port:database:user:password`` per database, ``:`` and ``\\`` escaped with ``\\``, readable by its
owner only (mode 0600; libpq ignores a file others may read) — and ``PGPASSFILE`` points libpq at it for
this process and the job children it starts (they inherit the environment). Without it the password is
asked when the program starts (and kept in memory only). The person's own ``~/.pgpass`` works as
always when this seat has no file of its own.

Also here: :func:`check_connection`, what "Sprawdź połączenie" runs (in the background): it opens the
database read-only, so nothing is written, and tells whether it is eplatnik's, empty (eplatnik will set
it up at the next start), or what is wrong (the messages of ``store/errors.py``).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from .urls import DatabaseUrl

FILENAME = "pgpass"
ENV = "PGPASSFILE"


def seat_pgpass(basedir: Path) -> Path:
    """This seat's password file (it may not exist)."""
    return Path(basedir) / FILENAME


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def _split(line: str) -> list[str]:
    """A pgpass line's five fields (``\\`` escapes the next character)."""
    fields, current, escaped = [], [], False
    for ch in line:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields.append("".join(current))
    return fields


def _key(url: DatabaseUrl) -> list[str]:
    return [url.host or "localhost", str(url.port), url.database, url.username]


def stored_password(path: Path, url: DatabaseUrl) -> str | None:
    """The password stored for exactly this server, port, database and user (None: none stored)."""
    with contextlib.suppress(OSError):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = _split(line)
            if len(fields) == 5 and fields[:4] == _key(url):
                return fields[4]
    return None


def remember_password(path: Path, url: DatabaseUrl, password: str) -> None:
    """Store ``password`` for ``url``'s database (replacing an older one), file mode 0600."""
    _rewrite(path, url, ":".join(_escape(f) for f in [*_key(url), password]))


def forget_password(path: Path, url: DatabaseUrl) -> None:
    """Remove the password stored for ``url``'s database (nothing happens when there is none)."""
    if path.exists():
        _rewrite(path, url, None)


def _rewrite(path: Path, url: DatabaseUrl, line: str | None) -> None:
    kept: list[str] = []
    with contextlib.suppress(OSError):
        kept = [ln for ln in path.read_text(encoding="utf-8").splitlines()
                if ln.strip() and _split(ln)[:4] != _key(url)]
    if line is not None:
        kept.append(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    # created readable by the owner only, before anything is written into it
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("".join(f"{ln}\n" for ln in kept))
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def use_seat_pgpass(basedir: Path) -> Path | None:
    """Point libpq at this seat's password file (this process and its children), when there is one."""
    path = seat_pgpass(basedir)
    if path.exists():
        os.environ[ENV] = str(path)
        return path
    return None


@dataclass(frozen=True)
class ConnectionCheck:
    """What "Sprawdź połączenie" found: the database is eplatnik's (``revision``), or empty."""

    url: DatabaseUrl
    revision: str

    @property
    def empty(self) -> bool:
        return not self.revision


def check_connection(url: DatabaseUrl) -> ConnectionCheck:
    """Open ``url`` read-only (nothing is written) and close it again; a StorageError says what is wrong."""
    from .database import Database

    with Database(url, readonly=True, migrate=False) as db:
        return ConnectionCheck(url, db.schema_revision())
